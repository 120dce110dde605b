import type { TypedDocumentNode } from '@urql/core';
import { computed, nextTick, onMounted, reactive, ref, watch } from 'vue';
import { useI18n } from 'vue-i18n';
import { useRoute, useRouter } from 'vue-router';
import {
  ApproveEvaluationDocument,
  AddOpinionDocument,
  CommentOnEvaluationDocument,
  ReplyToCommentDocument,
  EvaluationDocument,
  FinalizeEvaluationDocument,
  ForwardToCommitteeDocument,
  RecallEvaluationDocument,
  ReopenEvaluationDocument,
  ReturnEvaluationDocument,
  ApproveAnnualPlanDocument,
  ChangeAnnualPlanDocument,
  SaveAnnualPlanDocument,
  SaveSelfEvaluationDocument,
  SubmitAnnualPlanDocument,
  SubmitEvaluationDocument,
  EditionDifferencesDocument,
  MeetingsDocument,
  RecordHearingDocument,
  type MeetingFieldsFragment,
  EvaluationPagesDocument,
  type CommentPageFieldsFragment,
  type HistoryPageFieldsFragment,
  type Direction,
  type EvaluationAction,
  type EvaluationFieldsFragment,
  type EvaluationStage,
  type Grade,
  type EditionDifferencesQuery,
} from '../gql/generated.js';
import { focusField, type FieldProblem } from '../lib/field-error.js';
import { newCommandId } from '../lib/format.js';
import { returnTargetsOf } from '../lib/route.js';
import { usePlanStore } from '../stores/plan.js';
import { useSessionStore } from '../stores/session.js';
import { useApiError, type ApiProblem } from './useApiError.js';
import { useBoardChanges } from './useBoardChanges.js';

/** 単年度計画 as typed: 評価の方法, the target (定量), 取組内容, and the reason of a change. */
export type PlanFormDraft = {
  method: 'quantitative' | 'qualitative';
  target: string;
  unit: string;
  direction: Direction;
  actions: string;
  reason: string;
};
export type SelfEvaluationDraft = {
  actual: string;
  qualitativeGrade: Grade | '';
  actualStage: string;
  plannedStageReached: boolean;
  achievements: string;
  issues: string;
  nextYear: string;
  /** 根拠資料, one link a line */
  evidence: string;
};
export type ReviewDraft = {
  comment: string;
  /** 意見 (推進会議の委員) */
  opinion: string;
  /** a reply being typed, per comment number */
  replies: Record<number, string>;
  returnTo: EvaluationStage | '';
  returnReason: string;
  proposedGrade: Grade | '';
  proposedReason: string;
  overallGrade: Grade | '';
  rationale: string;
  finalReason: string;
  reopenReason: string;
  /** the committee session the decision is taken in (確定・再開) */
  meetingId: string;
  /** 聞き取り: who of the 部 was heard (one name a line), when (YYYY-MM-DD), what was said */
  hearingPeople: string;
  hearingOn: string;
  hearingSummary: string;
};
export type EditionDifferences = EditionDifferencesQuery['evaluation']['editionDifferences'];
export type HistoryPage = HistoryPageFieldsFragment;
export type CommentPage = CommentPageFieldsFragment;

const optional = (text: string) => (text.trim() === '' ? null : text.trim());

/** The API's field names (extensions.details.field) → the element id of the input, per command: 「理由」 is a different box for each. */
type FieldIds = Readonly<Record<string, string>>;
const SELF_FIELDS: FieldIds = {
  actual: 'actual',
  qualitativeGrade: 'qualitative-grade',
  actualStage: 'actual-stage',
  plannedStageReached: 'planned-stage-reached',
  'narrative.achievements': 'achievements',
  'narrative.issues': 'issues',
  'narrative.nextYear': 'next-year',
  evidenceLinks: 'evidence',
};
const FIELD_IDS = {
  savePlan: { method: 'plan-method', target: 'target-value', unit: 'target-unit', direction: 'target-direction', actions: 'plan-actions' },
  changePlan: { method: 'plan-method', target: 'target-value', unit: 'target-unit', direction: 'target-direction', actions: 'plan-actions', reason: 'plan-change-reason' },
  saveSelf: SELF_FIELDS,
  submit: SELF_FIELDS,
  none: {},
  comment: { text: 'comment-text' },
  opinion: { opinion: 'opinion-text' },
  returnIt: { toStage: 'return-to', reason: 'return-reason' },
  forward: { proposedGrade: 'proposed-grade', reason: 'proposed-reason' },
  finalize: { overallGrade: 'overall-grade', rationale: 'rationale', reason: 'final-reason', meetingId: 'finalize-meeting' },
  reopen: { reason: 'reopen-reason', meetingId: 'reopen-meeting' },
  hearing: { heardPeople: 'hearing-people', heardOn: 'hearing-on', summary: 'hearing-summary', meetingId: 'hearing-meeting', heardDepartment: 'hearing-people' },
} satisfies Record<string, FieldIds>;

/**
 * One evaluation (実施項目 × 年度) as the page shows it: loading, what the person types, the commands, and what went
 * wrong. Every command names the version the person saw, so a change made meanwhile by somebody else comes back as a
 * CONFLICT instead of being overwritten; a reload never overwrites what the person has typed.
 */
export function useEvaluation() {
  const { t } = useI18n();
  const route = useRoute('evaluation');
  const router = useRouter();
  const session = useSessionStore();
  const planStore = usePlanStore();
  const { handle } = useApiError();

  const itemId = computed(() => route.params.itemId);
  const fiscalYear = computed(() => Number(route.params.fiscalYear));
  const asOf = computed(() => (typeof route.query['asOf'] === 'string' ? route.query['asOf'] : null));

  const evaluation = ref<EvaluationFieldsFragment | null>(null);
  const loading = ref(true);
  const loadError = ref<string | null>(null);
  const problem = ref<ApiProblem | null>(null);
  /** a validation problem shown at its input instead of at the top of the page */
  const fieldProblem = ref<FieldProblem | null>(null);
  const notice = ref<string | null>(null);
  const changedElsewhere = ref(false);
  const busy = ref(false);
  const differences = ref<EditionDifferences | null>(null);
  /** the history and the comments as far as the person has paged (newest first) */
  const history = ref<HistoryPage | null>(null);
  const comments = ref<CommentPage | null>(null);

  /** What the person types, one part per form. */
  const drafts = {
    plan: reactive<PlanFormDraft>({ method: 'quantitative', target: '', unit: '', direction: 'higherIsBetter', actions: '', reason: '' }),
    self: reactive<SelfEvaluationDraft>({
      actual: '',
      qualitativeGrade: '',
      actualStage: '',
      plannedStageReached: false,
      achievements: '',
      issues: '',
      nextYear: '',
      evidence: '',
    }),
    review: reactive<ReviewDraft>({
      comment: '',
      opinion: '',
      replies: {},
      returnTo: '',
      returnReason: '',
      proposedGrade: '',
      proposedReason: '',
      overallGrade: '',
      rationale: '',
      finalReason: '',
      reopenReason: '',
      meetingId: '',
      hearingPeople: '',
      hearingOn: '',
      hearingSummary: '',
    }),
  };
  let baseline = '';
  const dirty = () => JSON.stringify(drafts) !== baseline;

  function fillFrom(e: EvaluationFieldsFragment) {
    const s = e.selfEvaluation;
    // the plan being drafted (or the proposed change), else the approved plan as the start of a change
    const plan = e.planDraft ?? e.plan;
    Object.assign(drafts.plan, {
      method: plan?.target.kind ?? 'quantitative',
      target: plan?.target.target ?? '',
      unit: plan?.target.unit ?? '',
      direction: plan?.target.direction ?? 'higherIsBetter',
      actions: plan?.actions ?? '',
      reason: '',
    });
    Object.assign(drafts.self, {
      actual: s?.actual ?? '',
      qualitativeGrade: s?.qualitativeGrade ?? '',
      actualStage: s?.actualStage ?? '',
      plannedStageReached: s?.plannedStageReached ?? false,
      achievements: s?.narrative.achievements ?? '',
      issues: s?.narrative.issues ?? '',
      nextYear: s?.narrative.nextYear ?? '',
      evidence: (s?.evidenceLinks ?? []).join('\n'),
    });
    Object.assign(drafts.review, {
      comment: '',
      opinion: '',
      replies: {},
      returnTo: returnTargetsOf(e.stage)[0] ?? '',
      returnReason: '',
      proposedGrade: e.proposedGrade?.grade ?? e.selfGrade?.grade ?? '',
      proposedReason: '',
      overallGrade: e.finalGrade?.grade ?? e.proposedGrade?.grade ?? '',
      rationale: '',
      finalReason: '',
      reopenReason: '',
      meetingId: drafts.review.meetingId,
      hearingPeople: '',
      hearingOn: '',
      hearingSummary: '',
    });
    baseline = JSON.stringify(drafts);
  }

  async function load(options: { keepInput: boolean }) {
    const result = await session
      .client()
      .query(EvaluationDocument, { itemId: itemId.value, fiscalYear: fiscalYear.value, asOf: asOf.value })
      .toPromise();
    loading.value = false;
    if (result.error || !result.data) {
      if (result.error) loadError.value = (await handle(result.error)).message;
      return;
    }
    loadError.value = null;
    const { history: historyPage, comments: commentPage, ...fields } = result.data.evaluation;
    evaluation.value = fields;
    history.value = historyPage;
    comments.value = commentPage;
    if (!options.keepInput || !dirty()) fillFrom(fields);
    await loadSessions(fields);
  }

  /** 会議: the open committee sessions with this item on their agenda, where the committee may decide it. */
  const sessions = ref<MeetingFieldsFragment[]>([]);
  async function loadSessions(e: EvaluationFieldsFragment) {
    const decides = ['FinalizeEvaluation', 'ReopenEvaluation', 'RecordHearing'].some((a) => e.allowedActions.includes(a as EvaluationAction));
    if (!decides || asOf.value) {
      sessions.value = [];
      return;
    }
    const found = await session.client().query(MeetingsDocument, { fiscalYear: e.fiscalYear, body: 'committee' }, { requestPolicy: 'network-only' }).toPromise();
    sessions.value = (found.data?.meetings ?? []).filter((m) => m.status === 'Open' && m.agenda.some((a) => a.itemId === e.itemId));
    if (!sessions.value.some((m) => m.meetingId === drafts.review.meetingId)) {
      drafts.review.meetingId = sessions.value[0]?.meetingId ?? '';
      baseline = JSON.stringify(drafts);
    }
  }

  /**
   * A page of the history or the comments: the first ones again (after a change; what was paged further is dropped,
   * so nothing is shown twice) or the next one after what is shown (「さらに表示」).
   */
  async function loadPages(which: { history?: 'first' | 'next'; comments?: 'first' | 'next' }) {
    const historyAfter = which.history === 'next' ? history.value?.pageInfo.endCursor ?? null : null;
    const commentsAfter = which.comments === 'next' ? comments.value?.pageInfo.endCursor ?? null : null;
    const result = await session
      .client()
      .query(EvaluationPagesDocument, {
        itemId: itemId.value,
        fiscalYear: fiscalYear.value,
        asOf: asOf.value,
        historyAfter,
        commentsAfter,
        withHistory: which.history !== undefined,
        withComments: which.comments !== undefined,
      })
      .toPromise();
    if (result.error || !result.data) {
      if (result.error) problem.value = await handle(result.error);
      return;
    }
    const { history: nextHistory, comments: nextComments } = result.data.evaluation;
    if (nextHistory) history.value = which.history === 'next' && history.value ? appendPage(history.value, nextHistory) : nextHistory;
    if (nextComments) comments.value = which.comments === 'next' && comments.value ? appendPage(comments.value, nextComments) : nextComments;
  }
  const loadMoreHistory = () => loadPages({ history: 'next' });
  const loadMoreComments = () => loadPages({ comments: 'next' });

  async function reloadKeepingInput() {
    problem.value = null;
    fieldProblem.value = null;
    changedElsewhere.value = false;
    await load({ keepInput: true });
  }

  onMounted(async () => {
    const planError = await planStore.load(fiscalYear.value);
    if (planError) loadError.value = (await handle(planError)).message;
    await load({ keepInput: false });
  });
  watch([itemId, fiscalYear, asOf], () => void load({ keepInput: false }));
  // a year of another plan period: that period's plan (its items and words)
  watch(fiscalYear, (year) => void planStore.load(year));

  useBoardChanges(fiscalYear, (change) => {
    const current = evaluation.value;
    if (!current || asOf.value || change.itemId !== itemId.value || change.version === null) return;
    if (current.version !== null && change.version <= current.version) return;
    // Somebody else acted: show it at once unless it would disturb what this person is typing.
    if (!busy.value && !dirty()) void load({ keepInput: true });
    else changedElsewhere.value = true;
  });

  const allowed = computed(() => new Set<EvaluationAction>(evaluation.value?.allowedActions ?? []));
  const may = (action: EvaluationAction) => allowed.value.has(action);
  const readOnly = computed(() => asOf.value !== null);
  const thresholds = computed(() => {
    const stored = evaluation.value?.selfEvaluation?.thresholds;
    return stored ? { A: stored.A, B: stored.B, C: stored.C } : planStore.thresholdsOf(fiscalYear.value);
  });
  const bands = computed(() => planStore.plan?.evaluationRules.bands ?? []);

  /** Runs one command on the evaluation the person sees (its version), and shows the result or the problem. */
  async function run<V extends { input: object }>(
    label: string,
    document: TypedDocumentNode<Record<string, EvaluationFieldsFragment>, V>,
    fields: Omit<V['input'], 'itemId' | 'fiscalYear' | 'expectedVersion' | 'commandId'>,
    fieldIds: FieldIds = FIELD_IDS.none,
  ) {
    const current = evaluation.value;
    if (!current) return;
    busy.value = true;
    problem.value = null;
    fieldProblem.value = null;
    notice.value = null;
    const input = { itemId: current.itemId, fiscalYear: current.fiscalYear, expectedVersion: current.version, commandId: newCommandId(), ...fields };
    const result = await session.client().mutation(document, { input } as unknown as V).toPromise();
    busy.value = false;
    if (result.error) {
      await showProblem(await handle(result.error), fieldIds);
      return;
    }
    const updated = result.data ? Object.values(result.data)[0] : undefined;
    if (updated) {
      evaluation.value = updated;
      fillFrom(updated);
      changedElsewhere.value = false;
      // the answer carries no lists that grow: their first pages are read again
      await loadPages({ history: 'first', comments: 'first' });
    }
    notice.value = t('evaluation.done', { action: label });
  }

  /** Next to the input the API names, focused, when that input is on the page; otherwise at the top. */
  async function showProblem(found: ApiProblem, fieldIds: FieldIds) {
    const id = found.field ? fieldIds[found.field] : undefined;
    if (id) {
      fieldProblem.value = { id, message: found.message };
      await nextTick();
      if (focusField(id)) return;
      fieldProblem.value = null;
    }
    problem.value = found;
  }

  const { plan, self, review } = drafts;
  const planFields = () => ({
    method: plan.method,
    ...(plan.method === 'quantitative' ? { target: plan.target.trim(), unit: plan.unit.trim(), direction: plan.direction } : {}),
    actions: optional(plan.actions),
  });
  const commands = {
    savePlan: () => run(t('evaluation.savePlan'), SaveAnnualPlanDocument, planFields(), FIELD_IDS.savePlan),
    submitPlan: () => run(t('evaluation.submitPlan'), SubmitAnnualPlanDocument, {}, FIELD_IDS.savePlan),
    approvePlan: () => run(t('evaluation.approvePlan'), ApproveAnnualPlanDocument, {}),
    changePlan: () => run(t('evaluation.requestPlanChange'), ChangeAnnualPlanDocument, { ...planFields(), reason: plan.reason }, FIELD_IDS.changePlan),
    saveSelf: () =>
      run(t('evaluation.saveSelf'), SaveSelfEvaluationDocument, {
        actual: evaluation.value?.target?.kind === 'quantitative' ? optional(self.actual) : null,
        qualitativeGrade: self.qualitativeGrade || null,
        actualStage: optional(self.actualStage),
        plannedStageReached: self.plannedStageReached,
        narrative: { achievements: optional(self.achievements), issues: optional(self.issues), nextYear: optional(self.nextYear) },
        evidenceLinks: self.evidence.split('\n').map((l) => l.trim()).filter(Boolean),
      }, FIELD_IDS.saveSelf),
    submit: () => run(t('evaluation.submit'), SubmitEvaluationDocument, {}, FIELD_IDS.submit),
    recall: () => run(t('evaluation.recall'), RecallEvaluationDocument, {}),
    approve: () => run(t('evaluation.approve'), ApproveEvaluationDocument, {}),
    comment: () => run(t('evaluation.comment'), CommentOnEvaluationDocument, { text: review.comment }, FIELD_IDS.comment),
    addOpinion: () => run(t('evaluation.addOpinion'), AddOpinionDocument, { opinion: review.opinion }, FIELD_IDS.opinion),
    reply: (commentNumber: number) =>
      run(t('evaluation.reply'), ReplyToCommentDocument, { commentNumber, reply: review.replies[commentNumber] ?? '' }, { reply: `reply-text-${commentNumber}`, commentNumber: `reply-text-${commentNumber}` }),
    returnIt: () =>
      run(t('evaluation.return'), ReturnEvaluationDocument, { toStage: review.returnTo as EvaluationStage, reason: review.returnReason }, FIELD_IDS.returnIt),
    forward: () =>
      run(t('evaluation.forward'), ForwardToCommitteeDocument, {
        proposedGrade: review.proposedGrade as Grade,
        reason: optional(review.proposedReason),
      }, FIELD_IDS.forward),
    finalize: () =>
      run(t('evaluation.finalize'), FinalizeEvaluationDocument, {
        overallGrade: review.overallGrade as Grade,
        rationale: review.rationale,
        reason: optional(review.finalReason),
        meetingId: review.meetingId,
      }, FIELD_IDS.finalize),
    reopen: () => run(t('evaluation.reopen'), ReopenEvaluationDocument, { reason: review.reopenReason, meetingId: review.meetingId }, FIELD_IDS.reopen),
    recordHearing: () =>
      run(t('evaluation.recordHearing'), RecordHearingDocument, {
        departmentId: evaluation.value?.item.owningDepartmentId ?? '',
        people: review.hearingPeople.split('\n').map((p) => p.trim()).filter(Boolean),
        heardOn: review.hearingOn,
        summary: review.hearingSummary,
        meetingId: review.meetingId || null,
      }, FIELD_IDS.hearing),
  };

  /** 監査: the evaluation as it stood at a moment (null: as it stands now). */
  function showAsOf(iso: string | null) {
    const query = { ...route.query };
    if (iso) query['asOf'] = iso;
    else delete query['asOf'];
    void router.push({ query });
  }

  /** 版の比較: what changed between two editions. */
  async function compareEditions(from: number, to: number) {
    const result = await session
      .client()
      .query(EditionDifferencesDocument, { itemId: itemId.value, fiscalYear: fiscalYear.value, from, to })
      .toPromise();
    if (result.error) {
      problem.value = await handle(result.error);
      return;
    }
    differences.value = result.data?.evaluation.editionDifferences ?? [];
  }

  return {
    evaluation,
    loading,
    loadError,
    problem,
    fieldProblem,
    notice,
    changedElsewhere,
    busy,
    drafts,
    may,
    readOnly,
    thresholds,
    bands,
    differences,
    sessions,
    history,
    comments,
    loadMoreHistory,
    loadMoreComments,
    reloadKeepingInput,
    showAsOf,
    compareEditions,
    ...commands,
  };
}

/** The rows shown, then the next page's (the cursors name rows, so none comes twice). */
function appendPage<Page extends { totalCount: number; pageInfo: { hasNextPage: boolean; endCursor: string | null }; nodes: readonly object[] }>(
  shown: Page,
  next: Page,
): Page {
  return { ...next, nodes: [...shown.nodes, ...next.nodes] };
}
