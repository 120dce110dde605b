import { ref } from 'vue';
import { useI18n } from 'vue-i18n';
import { ImportPlanWorkbookDocument, type ImportPlanWorkbookMutation } from '../gql/generated.js';
import { newCommandId } from '../lib/format.js';
import { usePlanStore } from '../stores/plan.js';
import { useSessionStore } from '../stores/session.js';
import { useApiError } from './useApiError.js';

export const PLAN_WORKBOOK_URL = '/plan/workbook.xlsx';
const PREVIEW_URL = '/plan/workbook/preview';

export interface PreviewChange {
  level: string;
  change: string;
  /** 「実施項目の名称変更」 */
  kind: string;
  id: string;
  text: string;
}

export interface WorkbookProblem {
  sheet: string;
  row: number | null;
  column: string | null;
  message: string;
}

/** POST /plan/workbook/preview's answer: the changes with a previewId, or the located errors. */
export type PlanPreview =
  | {
      ok: true;
      previewId: string;
      digest: string;
      fileName: string;
      changes: PreviewChange[];
      unrecordable: string[];
      retiresItems: boolean;
      period: { from: number; to: number };
      /** what confirming records: a revision of the changes, the next plan period, or the store's first plan */
      mode: 'revision' | 'newPeriod' | 'firstPlan';
      workbookPeriod: { from: number; to: number };
      /** a whole plan's counts (「部 5・推進会議 2・…」); null for a revision */
      summary: string | null;
    }
  | { ok: false; digest: string; fileName: string; problems: WorkbookProblem[] };

export type ImportResult = ImportPlanWorkbookMutation['importPlanWorkbook'];

/** The changes grouped by kind, in the order the preview lists them. */
export function groupByKind(changes: readonly PreviewChange[]): { kind: string; changes: PreviewChange[] }[] {
  const groups = new Map<string, PreviewChange[]>();
  for (const c of changes) groups.set(c.kind, [...(groups.get(c.kind) ?? []), c]);
  return [...groups].map(([kind, list]) => ({ kind, changes: list }));
}

/**
 * The admin's workbook import: the upload goes over REST (a file), the confirmation is the importPlanWorkbook
 * mutation naming the preview. Errors are the API's Japanese messages.
 */
export function usePlanImport() {
  const { t } = useI18n();
  const session = useSessionStore();
  const { handle } = useApiError();
  const preview = ref<PlanPreview | null>(null);
  const result = ref<ImportResult | null>(null);
  const problem = ref<string | null>(null);
  const busy = ref(false);

  async function upload(file: File): Promise<void> {
    busy.value = true;
    problem.value = null;
    preview.value = null;
    result.value = null;
    try {
      const form = new FormData();
      form.append('file', file, file.name);
      // a cross-site form cannot set this header: the API refuses uploads without it (CSRF)
      const response = await fetch(PREVIEW_URL, { method: 'POST', body: form, credentials: 'same-origin', headers: { 'x-hyoka-csrf': '1' } });
      const answer = (await response.json().catch(() => null)) as (PlanPreview & { message?: string }) | null;
      if (response.ok && answer && 'ok' in answer) preview.value = answer;
      else problem.value = answer?.message ?? t('errors.INTERNAL');
    } catch {
      problem.value = t('errors.NETWORK');
    } finally {
      busy.value = false;
    }
  }

  async function confirm(input: { reason: string; approvedBy: string; retireFrom: number | null }): Promise<{ field?: string } | null> {
    const current = preview.value;
    if (!current?.ok) return null;
    busy.value = true;
    problem.value = null;
    const answer = await session
      .client()
      .mutation(ImportPlanWorkbookDocument, { input: { previewId: current.previewId, ...input, commandId: newCommandId() } })
      .toPromise();
    busy.value = false;
    if (answer.error) {
      const mapped = await handle(answer.error);
      problem.value = mapped.code === 'CONFLICT' ? t('planImport.stale') : mapped.message;
      return mapped.field ? { field: mapped.field } : {};
    }
    result.value = answer.data?.importPlanWorkbook ?? null;
    preview.value = null;
    // the plan page and the evaluation pages read the revised plan, not the one this session read before
    usePlanStore().invalidate();
    return null;
  }

  return { preview, result, problem, busy, upload, confirm };
}
