import type { DepartmentNames, EvaluationHistory, HistoryEntry as ProjectedEntry } from '@hyoka/projections';
import {
  describeEvaluation,
  isStarted,
  EVALUATION_COMMAND_TYPES,
  GRADE_LABELS,
  STAGE_LABELS,
  MEETING_BODY_LABELS,
  type SessionRecord as DomainSessionRecord,
  authorize,
  type Actor,
  type AnnualTarget as DomainTarget,
  type AnnualPlan as DomainPlan,
  type ApprovedPlan as DomainApprovedPlan,
  type PlanDraft as DomainPlanDraft,
  type EvaluationContent as DomainContent,
  type EvaluationItem,
  type EvaluationState,
  type EvaluationEdition as DomainEdition,
  type Grade as DomainGrade,
  type RouteStep as DomainRouteStep,
  type SelfEvaluation as DomainSelfEvaluation,
  type EvidenceFile as DomainEvidenceFile,
  type EvaluationComment as DomainComment,
  type CommentReply as DomainReply,
  type EvaluationOpinion as DomainOpinion,
} from '@hyoka/domain';
import type { PersonModel } from '../common/models/person.model.js';
import { actingAsLabel } from '../common/labels.js';
import { Direction, EvaluationAction, EvaluationStage, Grade, RouteAction, TargetKind, EditionKind, MeetingBody } from '../graphql/enums.js';
import type {
  AnnualTargetModel,
  ApprovedPlanModel,
  EvaluationCommentModel,
  EvaluationOpinionModel,
  PlanDraftModel,
  EvaluationModel,
  EvaluationContentModel,
  EvidenceFileModel,
  EvaluationEditionModel,
  GradeViewModel,
  HistoryEntryModel,
  ItemSummaryModel,
  RouteStepModel,
  SelfEvaluationModel,
} from './models/evaluation.model.js';

/** user id → display name */
export type NameOf = (userId: string) => string;

/** An evaluation's history, a page at a time (newest first). */
export interface HistorySource {
  totalCount(): number;
  /** the entries before `beforeRevision` (the newest when null), at most `first` */
  page(first: number, beforeRevision: number | null): Promise<{ entries: ProjectedEntry[]; hasNextPage: boolean }>;
}

/**
 * An Evaluation model plus what its paged and bounded fields are resolved from (not GraphQL fields): the domain state
 * (route, comments, opinions, editions, plans), who is called what, and the history a page at a time.
 */
export type EvaluationView = EvaluationModel & {
  state: EvaluationState;
  nameOf: NameOf;
  departmentNames: DepartmentNames;
  historySource: HistorySource;
  domainEditions: readonly DomainEdition[];
  /** the approved plans and the pending draft, kept for `planDifferences` */
  domainPlans: readonly DomainApprovedPlan[];
  domainPlanDraft: DomainPlanDraft | null;
};

const person = (nameOf: NameOf, userId: string): PersonModel => ({ userId, displayName: nameOf(userId) });
const grade = (g: DomainGrade | null | undefined): Grade | null => (g ? (g as Grade) : null);
const gradeView = (g: { grade: DomainGrade; label: string } | null): GradeViewModel | null =>
  g ? { grade: g.grade as Grade, label: g.label } : null;

function target(t: DomainTarget | null): AnnualTargetModel | null {
  if (!t) return null;
  return t.kind === 'quantitative'
    ? { kind: TargetKind.quantitative, target: t.target, unit: t.unit, direction: t.direction as Direction }
    : { kind: TargetKind.qualitative, target: null, unit: null, direction: null };
}

export function approvedPlan(p: DomainApprovedPlan, nameOf: NameOf): ApprovedPlanModel {
  return {
    planEdition: p.planEdition,
    target: target(p.target)!,
    actions: p.actions,
    approvedBy: p.approvedBy ? person(nameOf, p.approvedBy) : null,
    approvedAt: p.approvedAt,
    reason: p.reason,
    legacy: p.legacy,
  };
}

function planDraft(p: DomainPlanDraft | null, nameOf: NameOf): PlanDraftModel | null {
  return p ? { target: target(p.target)!, actions: p.actions, reason: p.reason, by: person(nameOf, p.by), at: p.at } : null;
}

function selfEvaluation(s: DomainSelfEvaluation | null): SelfEvaluationModel | null {
  if (!s) return null;
  return {
    planEdition: s.planEdition ?? null,
    actual: s.actual,
    quantitativeGrade: grade(s.quantitativeGrade),
    achievementPercent: s.achievementPercent,
    thresholds: s.thresholds ? { ...s.thresholds } : null,
    qualitativeGrade: grade(s.qualitativeGrade),
    plannedStage: s.plannedStage,
    actualStage: s.actualStage,
    plannedStageReached: s.plannedStageReached,
    stageLag: s.stageLag,
    narrative: { ...s.narrative },
    evidenceLinks: [...s.evidenceLinks],
  };
}

/** Where a person downloads an evidence file (the evidence controller's GET). */
export const evidenceUrl = (itemId: string, fiscalYear: number, fileId: string): string =>
  `/evidence/${encodeURIComponent(itemId)}/${fiscalYear}/${fileId}`;

function evidenceFile(f: DomainEvidenceFile, itemId: string, fiscalYear: number, nameOf: NameOf): EvidenceFileModel {
  return { ...f, by: person(nameOf, f.by), url: evidenceUrl(itemId, fiscalYear, f.fileId) };
}

function content(c: DomainContent): EvaluationContentModel {
  return {
    target: target(c.target),
    selfEvaluation: selfEvaluation(c.selfEvaluation),
    proposedGrade: grade(c.proposed?.grade),
    proposedReason: c.proposed?.reason ?? null,
    overallGrade: grade(c.final?.grade),
    rationale: c.final?.rationale ?? null,
    finalReason: c.final?.reason ?? null,
  };
}

export function routeStep(step: DomainRouteStep, nameOf: NameOf, departments: DepartmentNames): RouteStepModel {
  return {
    action: step.action as RouteAction,
    from: step.from as EvaluationStage,
    to: step.to as EvaluationStage,
    by: person(nameOf, step.by),
    actingAs: step.actingAs,
    actingAsLabel: actingAsLabel(step.actingAs, departments) ?? step.actingAs,
    at: step.at,
    reason: step.reason,
    batchId: step.batchId,
    meeting: step.meeting
      ? { meetingId: step.meeting.meetingId, body: step.meeting.body as MeetingBody, attendees: step.meeting.attendees.map((id) => person(nameOf, id)) }
      : null,
  };
}

const planText = (plan: DomainPlan): string =>
  plan.target.kind === 'quantitative'
    ? `目標 ${plan.target.target}${plan.target.unit}(${plan.target.direction === 'higherIsBetter' ? '高いほど良い' : '低いほど良い'})`
    : '定性のみ';

/** What happened, in Japanese, for one history entry. */
export function summarize(entry: Pick<ProjectedEntry, 'type' | 'data'>, departments: DepartmentNames): string {
  const data = entry.data;
  const str = (key: string) => (typeof data[key] === 'string' ? (data[key] as string) : null);
  const stageName = (key: string) => {
    const s = str(key);
    return s && s in STAGE_LABELS ? STAGE_LABELS[s as keyof typeof STAGE_LABELS] : (s ?? '');
  };
  // a decision taken in a session names it with the number present (出席n名)
  const inSession = () => {
    const meeting = data['meeting'] as DomainSessionRecord | undefined;
    return meeting ? ` — ${MEETING_BODY_LABELS[meeting.body] ?? meeting.body}の会議 ${meeting.meetingId}(出席${meeting.attendees.length}名)` : '';
  };
  const gradeText = (key: string) => {
    const g = str(key);
    return g && g in GRADE_LABELS ? `${g}(${GRADE_LABELS[g as DomainGrade]})` : (g ?? '');
  };
  switch (entry.type) {
    case 'AnnualTargetSet': {
      const t = data['target'] as DomainTarget;
      return t.kind === 'quantitative'
        ? `単年度計画を設定: 目標 ${t.target}${t.unit}(${t.direction === 'higherIsBetter' ? '高いほど良い' : '低いほど良い'})`
        : '単年度計画を設定: 定性のみ';
    }
    case 'AnnualPlanSaved':
      return `単年度計画を保存: ${planText(data['plan'] as DomainPlan)}`;
    case 'AnnualPlanSubmitted':
      return '単年度計画を提出';
    case 'AnnualPlanApproved':
      return `単年度計画を承認(計画第${String(data['planEdition'])}版)`;
    case 'AnnualPlanChangeRequested':
      return `単年度計画の変更を申請: ${planText(data['plan'] as DomainPlan)}`;
    case 'SelfEvaluationSaved': {
      const s = data['selfEvaluation'] as DomainSelfEvaluation;
      const parts = [
        s.actual !== null ? `実績 ${s.actual}` : null,
        s.quantitativeGrade ? `定量評価 ${s.quantitativeGrade}` : null,
        s.qualitativeGrade ? `定性評価 ${s.qualitativeGrade}` : null,
      ].filter(Boolean);
      return `自己評価を保存${parts.length ? `: ${parts.join('、')}` : ''}`;
    }
    case 'EvaluationSubmitted':
      return `提出(第${String(data['edition'])}版)`;
    case 'EvaluationRecalled':
      return `引き戻し: ${stageName('from')} → ${stageName('to')}`;
    case 'EvaluationCommented':
      return `コメント(${stageName('stage')})`;
    case 'OpinionAdded':
      return `意見(${stageName('stage')})`;
    case 'CommentReplied':
      return `コメント${String(data['commentNumber'])}への返信`;
    case 'EvaluationApproved':
      return (data['batchId'] ? '承認(一括承認)' : '承認') + inSession();
    case 'EvaluationReturned':
      return `差し戻し: ${stageName('from')} → ${stageName('to')}${inSession()}`;
    case 'EvaluationForwardedToCommittee':
      return `総合評価(案) ${gradeText('proposedGrade')} で評価検証委員会へ送付(第${String(data['edition'])}版)${inSession()}`;
    case 'EvaluationFinalized':
      return `総合評価 ${gradeText('overallGrade')} で確定(第${String(data['edition'])}版)${inSession()}`;
    case 'EvaluationReopened':
      return `再開${inSession()}`;
    case 'HearingRecorded': {
      const people = Array.isArray(data['people']) ? (data['people'] as string[]).join('、') : '';
      const department = departments.get(str('departmentId') ?? '') ?? str('departmentId') ?? '';
      return `聞き取り(${str('heardOn') ?? ''} ${department} ${people})${data['meetingId'] ? ` — 会議 ${String(data['meetingId'])}` : ''}`;
    }
    case 'EvidenceAttached':
      return `根拠資料ファイルを添付(${data['phase'] === 'plan' ? '単年度計画' : '自己評価'}): ${str('name') ?? ''}`;
    case 'EvidenceRemoved':
      return `根拠資料ファイルを削除(${data['phase'] === 'plan' ? '単年度計画' : '自己評価'})`;
    default:
      return entry.type;
  }
}

export function historyEntry(entry: ProjectedEntry, departments: DepartmentNames): HistoryEntryModel {
  return {
    revision: entry.revision,
    position: String(entry.position),
    type: entry.type,
    summary: summarize(entry, departments),
    by: { userId: entry.actor, displayName: entry.actorName },
    actingAs: entry.actingAs,
    actingAsLabel: actingAsLabel(entry.actingAs, departments),
    at: entry.occurredAt,
    recordedAt: entry.recordedAt,
    stageBefore: entry.stageBefore as EvaluationStage,
    stageAfter: entry.stageAfter as EvaluationStage,
    reason: entry.reason,
    comment: entry.comment,
    editionNumber: entry.editionNumber,
  };
}

/** The actions the viewer may take now, by the domain's permission table (the decide call checks again). */
export function allowedActions(viewer: Actor, state: EvaluationState, item: EvaluationItem): EvaluationAction[] {
  return EVALUATION_COMMAND_TYPES.filter((type) => authorize(viewer, type, state, item).allowed).map(
    (type) => type as EvaluationAction,
  );
}

export interface EvaluationViewInput {
  itemId: string;
  fiscalYear: number;
  /** the evaluation's state: the domain's fold of its recorded events (live from the read models, or as of a moment) */
  state: EvaluationState;
  /** revision of the last event (null when not started) */
  version: number | null;
  /** the names people were last recorded under in this evaluation's history */
  recordedNames: ReadonlyMap<string, string>;
  historySource: HistorySource;
  item: ItemSummaryModel;
  domainItem: EvaluationItem;
  viewer: Actor;
  /** names of people the history does not name (fallback: the users read model) */
  nameOf: NameOf;
  /** the plan's 部 (as of then, for a replay), id → name */
  departmentNames: DepartmentNames;
  asOf: string | null;
}

/** The view's input from a whole history held in memory (the as-of replay). */
export function fromHistory(history: EvaluationHistory): Pick<EvaluationViewInput, 'itemId' | 'fiscalYear' | 'state' | 'version' | 'recordedNames' | 'historySource'> {
  const recordedNames = new Map<string, string>();
  for (const e of history.entries) recordedNames.set(e.actor, e.actorName);
  for (const e of history.editions) recordedNames.set(e.by, e.byName);
  const entries = history.entries;
  return {
    itemId: history.itemId,
    fiscalYear: history.fiscalYear,
    state: history.state,
    version: history.version,
    recordedNames,
    historySource: {
      totalCount: () => entries.length,
      async page(first, beforeRevision) {
        // entries are in revision order, revision = index
        const end = beforeRevision === null ? entries.length : Math.min(entries.length, Math.max(0, beforeRevision));
        const start = Math.max(0, end - first);
        return { entries: entries.slice(start, end).reverse(), hasNextPage: start > 0 };
      },
    },
  };
}

export function toEvaluationView(input: EvaluationViewInput): EvaluationView {
  const state = input.state;
  const summary = describeEvaluation(state);
  // Name people as the history recorded them; fall back to the directory.
  const nameOf: NameOf = (userId) => input.recordedNames.get(userId) ?? input.nameOf(userId);
  const started = isStarted(state) ? state : null;
  return {
    itemId: input.itemId,
    fiscalYear: input.fiscalYear,
    item: input.item,
    version: input.version,
    stage: state.status as EvaluationStage,
    stageLabel: summary.stageLabel,
    // the handler fills these from the year's calendar
    dueDate: null,
    overdueDays: null,
    target: target(summary.target),
    plan: started?.plan ? approvedPlan(started.plan, nameOf) : null,
    planDraft: planDraft(started?.planDraft ?? null, nameOf),
    planEditionCount: started?.planHistory.length ?? 0,
    gradedPlanEdition: summary.gradedPlanEdition,
    selfEvaluation: selfEvaluation(started?.selfEvaluation ?? null),
    evidence: {
      plan: (started?.evidence?.plan ?? []).map((f) => evidenceFile(f, input.itemId, input.fiscalYear, nameOf)),
      selfEvaluation: (started?.evidence?.selfEvaluation ?? []).map((f) => evidenceFile(f, input.itemId, input.fiscalYear, nameOf)),
    },
    selfGrade: gradeView(summary.selfGrade),
    proposedGrade: gradeView(summary.proposedGrade),
    proposedReason: summary.proposedReason,
    finalGrade: gradeView(summary.finalGrade),
    finalRationale: summary.finalRationale,
    finalReason: summary.finalReason,
    stageLag: summary.stageLag,
    recallable: summary.recallable,
    openReturn: summary.openReturn ? routeStep(summary.openReturn, nameOf, input.departmentNames) : null,
    routeCount: started?.history.length ?? 0,
    opinionCount: started?.opinions?.length ?? 0,
    editionCount: started?.editions.length ?? 0,
    hearings: (started?.hearings ?? []).map((h) => ({
      number: h.number,
      departmentId: h.departmentId,
      departmentName: input.departmentNames.get(h.departmentId) ?? h.departmentId,
      people: h.people,
      heardOn: h.heardOn,
      summary: h.summary,
      meetingId: h.meetingId,
      by: person(nameOf, h.by),
      at: h.at,
    })),
    // A replay of the past is read-only.
    allowedActions: input.asOf ? [] : allowedActions(input.viewer, state, input.domainItem),
    asOf: input.asOf,
    state,
    nameOf,
    departmentNames: input.departmentNames,
    historySource: input.historySource,
    domainEditions: started?.editions ?? [],
    domainPlans: started?.planHistory ?? [],
    domainPlanDraft: started?.planDraft ?? null,
  };
}

export function editionModel(e: DomainEdition, nameOf: NameOf): EvaluationEditionModel {
  return { edition: e.edition, kind: e.kind as EditionKind, by: person(nameOf, e.by), at: e.at, content: content(e.content) };
}

export function opinionModel(o: DomainOpinion, nameOf: NameOf, departments: DepartmentNames): EvaluationOpinionModel {
  return {
    number: o.number,
    stage: o.stage as EvaluationStage,
    text: o.text,
    by: person(nameOf, o.by),
    actingAs: o.actingAs,
    actingAsLabel: actingAsLabel(o.actingAs, departments) ?? o.actingAs,
    at: o.at,
  };
}

export function commentModel(c: DomainComment, replies: readonly DomainReply[], nameOf: NameOf, departments: DepartmentNames): EvaluationCommentModel {
  return {
    number: c.number,
    stage: c.stage as EvaluationStage,
    text: c.text,
    by: person(nameOf, c.by),
    actingAs: c.actingAs,
    actingAsLabel: actingAsLabel(c.actingAs, departments) ?? c.actingAs,
    at: c.at,
    replies: replies.map((r) => ({
      commentNumber: r.commentNumber,
      text: r.text,
      by: person(nameOf, r.by),
      actingAs: r.actingAs,
      actingAsLabel: actingAsLabel(r.actingAs, departments) ?? r.actingAs,
      at: r.at,
    })),
  };
}
