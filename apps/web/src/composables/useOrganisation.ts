import type { TypedDocumentNode } from '@urql/core';
import { ref } from 'vue';
import {
  AddDepartmentDocument,
  AddReviewBodyDocument,
  ChangeReviewBodyDocument,
  OrganisationDocument,
  RemapDivisionDocument,
  RenameDepartmentDocument,
  RetireDepartmentDocument,
  RetireReviewBodyDocument,
  type OrganisationFieldsFragment,
} from '../gql/generated.js';
import { newCommandId } from '../lib/format.js';
import { usePlanStore } from '../stores/plan.js';
import { useSessionStore } from '../stores/session.js';
import { useApiError, type ApiProblem } from './useApiError.js';

/** Each change of the organisation the page offers, with the mutation that records it. */
const MUTATIONS = {
  addDepartment: AddDepartmentDocument,
  renameDepartment: RenameDepartmentDocument,
  retireDepartment: RetireDepartmentDocument,
  addReviewBody: AddReviewBodyDocument,
  changeReviewBody: ChangeReviewBodyDocument,
  retireReviewBody: RetireReviewBodyDocument,
  remapDivision: RemapDivisionDocument,
} as const;
export type OrganisationChange = keyof typeof MUTATIONS;

/**
 * 組織 (部, 会議体, 部門→推進会議): read once, changed one approved revision at a time at the plan revision shown. A
 * refusal keeps what was typed (the caller clears its form only on success) and says why in Japanese.
 */
export function useOrganisation() {
  const session = useSessionStore();
  const planStore = usePlanStore();
  const { handle } = useApiError();
  const organisation = ref<OrganisationFieldsFragment | null>(null);
  const loading = ref(true);
  const loadError = ref<string | null>(null);
  const busy = ref(false);

  async function load() {
    loading.value = true;
    const result = await session.client().query(OrganisationDocument, {}, { requestPolicy: 'network-only' }).toPromise();
    loading.value = false;
    if (result.error) loadError.value = (await handle(result.error)).message;
    organisation.value = result.data?.organisation ?? null;
  }

  /** Records one change with the revision's reason and approver; null when recorded, the problem otherwise. */
  async function revise(change: OrganisationChange, input: Record<string, unknown>, revision: { reason: string; approvedBy: string }): Promise<ApiProblem | null> {
    if (!organisation.value || organisation.value.planRevision === null) return null;
    busy.value = true;
    const document = MUTATIONS[change] as TypedDocumentNode<Record<string, OrganisationFieldsFragment>, { input: Record<string, unknown> }>;
    const result = await session
      .client()
      .mutation(document, { input: { ...input, ...revision, expectedPlanRevision: organisation.value.planRevision, commandId: newCommandId() } })
      .toPromise();
    busy.value = false;
    if (result.error) return handle(result.error);
    organisation.value = Object.values(result.data ?? {})[0] ?? organisation.value;
    // the plan's 部 are read elsewhere (labels, pickers): read them again next time
    planStore.invalidate();
    return null;
  }

  return { organisation, loading, loadError, busy, load, revise };
}
