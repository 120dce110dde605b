import { ForbiddenError, IllegalTransitionError, NotFoundError, ValidationError } from '../shared/errors.js';
import { DIRECTIONS, evaluateQuantitative, isGrade, zeroTargetError, type Direction, type Grade } from '../shared/grading.js';
import { isZero, parseDecimal, rational } from '../shared/decimal.js';
import { GRADE_LABELS, STAGE_LABELS } from '../shared/labels.js';
import { authorize } from '../shared/permissions.js';
import {
  invalid,
  label,
  LIMITS,
  optionalBoolean,
  optionalText,
  requireId,
  requireLinks,
  requireObject,
  requireText,
  requireTimestamp,
  type FieldKey,
} from '../shared/validation.js';
import { gradeNeedsReason, selfGradeOf, selfGradesOf } from './grades.js';
import { RECALLS, REOPENS, RETURN_TARGETS, ROUTE_STAGES, forwardMove, routeRow, type RouteStage, type SessionMove } from './route.js';
import { requireDepartmentInForce } from '../shared/context.js';
import { MEETING_BODY_LABELS, MEETING_STATUS_LABELS, quorumOf } from '../meeting/bodies.js';
import {
  EVALUATION_COMMAND_TYPES,
  EVIDENCE_MEDIA_TYPES,
  EVIDENCE_PHASES,
  type EvidencePhase,
  isRouteStage,
  type AnnualPlan,
  type AnnualTarget,
  type CommitteeReviewEvaluation,
  type DraftEvaluation,
  type EvaluationCommand,
  type EvaluationCommandType,
  type EvaluationContext,
  type EvaluationEvent,
  type EvaluationEventBase,
  type EvaluationState,
  type EvaluationStatus,
  type ManagersMeetingReviewEvaluation,
  type SelfEvaluation,
  type SessionRecord,
  type StartedEvaluation,
} from './types.js';

type StateOf<S extends EvaluationStatus> = Extract<EvaluationState, { status: S }>;

/** Narrows the state for one command; the permission table has already refused other stages. */
function inStage<S extends EvaluationStatus>(state: EvaluationState, ...stages: S[]): StateOf<S> {
  if (!(stages as EvaluationStatus[]).includes(state.status)) {
    throw new IllegalTransitionError(`この評価は「${STAGE_LABELS[state.status]}」の段階のため、この操作はできません`);
  }
  return state as StateOf<S>;
}

function requireGrade(value: unknown, field: FieldKey): Grade {
  if (value === undefined || value === null || value === '') throw invalid(field, `「${label(field)}」を選んでください`);
  if (!isGrade(value)) throw invalid(field, `「${label(field)}」は A・B・C・D のいずれかを選んでください`);
  return value;
}

const optionalMeetingId = (value: unknown): string | null =>
  value === undefined || value === null || value === '' ? null : requireId(value, 'meetingId');

const SESSION_VERBS: Readonly<Record<string, string>> = {
  ApproveEvaluation: '承認できません',
  ForwardToCommittee: '委員会へ送付できません',
  ReturnEvaluation: '差し戻せません',
  FinalizeEvaluation: '確定できません',
  ReopenEvaluation: '再開できません',
};

/**
 * 会議で決める (docs/design.md "Meetings"): the session a decision names, checked against the route table's `session`
 * column — the body deciding at this stage, open, this item on its agenda, and for the committee its quorum present.
 * Returns what the event records (null: not decided in a session, where the table and the deployment allow that).
 */
function sessionOf(move: SessionMove, commandType: string, data: Record<string, unknown>, current: StartedEvaluation, ctx: EvaluationContext): SessionRecord | null {
  const rule = routeRow(current.status).session;
  const named = optionalMeetingId(data.meetingId);
  const kind = rule?.[move] ?? null;
  if (rule === null || kind === null) {
    if (named !== null) throw invalid('meetingId', `「${STAGE_LABELS[current.status]}」のこの決定は会議に結び付けられません`);
    return null;
  }
  const bodyLabel = MEETING_BODY_LABELS[rule.body];
  if (named === null) {
    if (kind === 'required' || (ctx.session?.requiredBodies ?? []).includes(rule.body)) {
      throw new IllegalTransitionError(`${bodyLabel}の会議中でなければ${SESSION_VERBS[commandType] ?? 'この操作はできません'}。開催中の会議を選んでください`, { field: 'meetingId' });
    }
    return null;
  }
  const meeting = ctx.session?.meeting ?? null;
  if (meeting === null || meeting.meetingId !== named) throw new NotFoundError(`会議「${named}」は登録されていません`, { field: 'meetingId' });
  if (meeting.body !== rule.body) {
    throw new IllegalTransitionError(`この決定は${bodyLabel}の会議で行います(指定された会議は${MEETING_BODY_LABELS[meeting.body]}です)`, { field: 'meetingId' });
  }
  if (meeting.body === 'promotionMeeting' && meeting.departmentId !== ctx.item.owningDepartmentId) {
    const owner = ctx.item.owningDepartmentName ?? ctx.item.owningDepartmentId;
    throw new IllegalTransitionError(`この実施項目は${owner}の推進会議で審査します。指定された会議は別の部の推進会議です`, { field: 'meetingId' });
  }
  if (meeting.status !== 'Open') {
    throw new IllegalTransitionError(`この会議(${meeting.date})は「${MEETING_STATUS_LABELS[meeting.status]}」のため、決定を記録できません。開催中の会議を選んでください`, { field: 'meetingId' });
  }
  if (meeting.fiscalYear !== current.fiscalYear || !meeting.agenda.includes(current.itemId)) {
    throw new IllegalTransitionError('この評価はこの会議の議題に含まれていません', { field: 'meetingId' });
  }
  if (rule.quorum) {
    const needed = quorumOf(meeting, ctx.session?.committeeQuorum ?? null);
    if (meeting.present.length < needed) {
      throw new IllegalTransitionError(`定足数に達していません（出席${meeting.present.length}名／必要${needed}名）`, { field: 'meetingId' });
    }
    if (!meeting.present.includes(ctx.actor.userId)) {
      throw new IllegalTransitionError('この会議の出席者として記録されていないため、会議の決定を記録できません', { field: 'meetingId' });
    }
  }
  return { meetingId: meeting.meetingId, body: meeting.body, attendees: [...meeting.present] };
}

const recorded = (meeting: SessionRecord | null): { meeting?: SessionRecord } => (meeting ? { meeting } : {});

const optionalBatchId = (value: unknown): string | null =>
  value === undefined || value === null ? null : requireId(value, 'batchId');

// ---- one function per command ----

/** 単年度計画 as entered: 評価の方法 with the target (定量: number, unit, direction), and 取組内容. */
function planOf(data: Record<string, unknown>): AnnualPlan {
  let target: AnnualTarget;
  if (data.method === 'quantitative') {
    if (!(DIRECTIONS as readonly unknown[]).includes(data.direction)) {
      throw invalid('direction', '「評価の向き」は「高いほど良い」か「低いほど良い」を選んでください');
    }
    const direction = data.direction as Direction;
    const value = parseDecimal(data.target, 'target');
    // Zero-target rule: see achievementRatio. Higher-is-better with target 0 cannot be graded.
    if (direction === 'higherIsBetter' && isZero(rational(value))) throw zeroTargetError();
    target = { kind: 'quantitative', target: value, unit: requireText(data.unit, 'unit', { max: LIMITS.unit }), direction };
  } else if (data.method === 'qualitative') {
    for (const field of ['target', 'unit', 'direction'] as const) {
      if (data[field] !== undefined && data[field] !== null) {
        throw invalid(field, `定性のみの項目には「${label(field)}」を指定できません`);
      }
    }
    target = { kind: 'qualitative' };
  } else {
    throw invalid('method', '「評価の方法」は定量(quantitative)か定性のみ(qualitative)を選んでください');
  }
  return { target, actions: optionalText(data.actions, 'actions', { max: LIMITS.narrative, multiline: true }) };
}

const samePlan = (a: AnnualPlan, b: AnnualPlan): boolean => sameJson(a.target, b.target) && a.actions === b.actions;

function saveAnnualPlan(data: Record<string, unknown>, state: EvaluationState, base: EvaluationEventBase): EvaluationEvent[] {
  const current = inStage(state, 'NotStarted', 'PlanDraft');
  const plan = planOf(data);
  if (current.status === 'PlanDraft' && samePlan(current.planDraft, plan)) return [];
  return [{ type: 'AnnualPlanSaved', data: { ...base, plan } }];
}

function submitAnnualPlan(state: EvaluationState, base: EvaluationEventBase): EvaluationEvent[] {
  const current = inStage(state, 'PlanDraft');
  if (current.planDraft.actions === null) {
    throw new ValidationError(`提出する前に次の項目を入力してください: ${label('actions')}`, { field: 'actions', fields: ['actions'] });
  }
  const { to } = forwardMove(current.status);
  return [{ type: 'AnnualPlanSubmitted', data: { ...base, from: current.status, to } }];
}

/**
 * 計画の承認 (first plan, or a change): the plan gets its next edition (計画第n版) and is locked; a self-evaluation
 * already saved is graded again against the newly approved target (recorded, as grades are never recomputed on replay).
 */
function approveAnnualPlan(state: EvaluationState, base: EvaluationEventBase, ctx: EvaluationContext): EvaluationEvent[] {
  const current = inStage(state, 'PlanReview', 'PlanChangeReview');
  const { to } = forwardMove(current.status);
  const planEdition = (current.plan?.planEdition ?? 0) + 1;
  const events: EvaluationEvent[] = [{ type: 'AnnualPlanApproved', data: { ...base, from: current.status, to, planEdition } }];
  if (current.selfEvaluation) {
    const selfEvaluation = regrade(current.selfEvaluation, current.planDraft.target, planEdition, ctx);
    if (!sameJson(selfEvaluation, current.selfEvaluation)) events.push({ type: 'SelfEvaluationSaved', data: { ...base, selfEvaluation } });
  }
  return events;
}

function changeAnnualPlan(data: Record<string, unknown>, state: EvaluationState, base: EvaluationEventBase): EvaluationEvent[] {
  const current: DraftEvaluation = inStage(state, 'Draft');
  const plan = planOf(data);
  const reason = requireText(data.reason, 'reason', { max: LIMITS.reason, multiline: true });
  if (samePlan(current.plan, plan)) {
    throw new ValidationError('承認済みの単年度計画から変更された項目がありません', { field: 'method' });
  }
  const { to } = routeRow(current.status).side!;
  return [{ type: 'AnnualPlanChangeRequested', data: { ...base, from: current.status, to, plan, reason } }];
}

function regrade(saved: SelfEvaluation, target: AnnualTarget, planEdition: number, ctx: EvaluationContext): SelfEvaluation {
  const actual = target.kind === 'quantitative' ? saved.actual : null;
  return { ...saved, planEdition, actual, ...quantitativePart(actual, target, ctx) };
}

function quantitativePart(
  actual: string | null,
  target: AnnualTarget,
  ctx: EvaluationContext,
): Pick<SelfEvaluation, 'quantitativeGrade' | 'achievementPercent' | 'thresholds'> {
  if (actual === null || target.kind !== 'quantitative') return { quantitativeGrade: null, achievementPercent: null, thresholds: null };
  const thresholds = ctx.fiscalYear.thresholds;
  const result = evaluateQuantitative(actual, target.target, target.direction, thresholds);
  return { quantitativeGrade: result.grade, achievementPercent: result.achievementPercent, thresholds: { ...thresholds } };
}

function saveSelfEvaluation(data: Record<string, unknown>, state: EvaluationState, base: EvaluationEventBase, ctx: EvaluationContext): EvaluationEvent[] {
  const draft: DraftEvaluation = inStage(state, 'Draft');
  let actual: string | null = null;
  // an empty or blank 実績値 is one not entered yet (a draft may be saved without it), as blank text is elsewhere
  const notEntered = data.actual === undefined || data.actual === null || (typeof data.actual === 'string' && data.actual.trim() === '');
  if (!notEntered) {
    if (draft.plan.target.kind !== 'quantitative') throw invalid('actual', '定性のみの項目には「実績値」を入力できません');
    actual = parseDecimal(data.actual, 'actual');
  }
  const qualitativeGrade = data.qualitativeGrade === undefined || data.qualitativeGrade === null ? null : requireGrade(data.qualitativeGrade, 'qualitativeGrade');
  const narrativeInput = data.narrative === undefined || data.narrative === null ? {} : requireObject(data.narrative, 'narrative.achievements');
  const plannedStage = ctx.item.plannedStage;
  const plannedStageReached = optionalBoolean(data.plannedStageReached, 'plannedStageReached');
  // judged against the approved plan only (a proposed change counts once approved)
  const selfEvaluation: SelfEvaluation = {
    planEdition: draft.plan.legacy ? null : draft.plan.planEdition,
    actual,
    ...quantitativePart(actual, draft.plan.target, ctx),
    qualitativeGrade,
    plannedStage,
    actualStage: optionalText(data.actualStage, 'actualStage', { max: LIMITS.stage }),
    plannedStageReached,
    // 定性評価 vs 計画段階: stage names have no order (検討, 実施, 継続, 拡充…), so the person states whether
    // the planned stage was reached; a planned stage reported as not reached is flagged.
    stageLag: plannedStage !== null && plannedStageReached === false,
    narrative: {
      achievements: optionalText(narrativeInput.achievements, 'narrative.achievements', { max: LIMITS.narrative, multiline: true }),
      issues: optionalText(narrativeInput.issues, 'narrative.issues', { max: LIMITS.narrative, multiline: true }),
      nextYear: optionalText(narrativeInput.nextYear, 'narrative.nextYear', { max: LIMITS.narrative, multiline: true }),
    },
    evidenceLinks: requireLinks(data.evidenceLinks, 'evidenceLinks'),
  };
  if (draft.selfEvaluation && sameJson(draft.selfEvaluation, selfEvaluation)) return [];
  return [{ type: 'SelfEvaluationSaved', data: { ...base, selfEvaluation } }];
}

function submit(state: EvaluationState, base: EvaluationEventBase, ctx: EvaluationContext): EvaluationEvent[] {
  const draft = inStage(state, 'Draft');
  const self = draft.selfEvaluation;
  const missing: FieldKey[] = [];
  if (draft.plan.target.kind === 'quantitative' && !self?.actual) missing.push('actual');
  if (!self?.qualitativeGrade) missing.push('qualitativeGrade');
  if (ctx.item.plannedStage !== null && (self?.plannedStageReached ?? null) === null) missing.push('plannedStageReached');
  if (!self?.narrative.achievements) missing.push('narrative.achievements');
  if (missing.length > 0) {
    throw new ValidationError(`提出する前に次の項目を入力してください: ${missing.map(label).join('、')}`, {
      field: missing[0],
      fields: missing,
    });
  }
  if (self && self.plannedStage !== ctx.item.plannedStage) {
    throw new ValidationError(
      `計画の見直しにより今年度の計画段階が「${self.plannedStage ?? 'なし'}」から「${ctx.item.plannedStage ?? 'なし'}」に変わりました。自己評価を保存し直してから提出してください`,
      { field: 'plannedStageReached' },
    );
  }
  const { from, to } = forwardMove(draft.status);
  return [{ type: 'EvaluationSubmitted', data: { ...base, from: draft.status, to, edition: draft.editions.length + 1 } }];
}

/** The stages at which the route table gives a rule (recall, comment, return); the permission table refused the rest. */
const stagesWith = (has: (stage: RouteStage) => boolean): RouteStage[] => ROUTE_STAGES.filter(has);
const RECALL_STAGES = stagesWith((s) => RECALLS[s] !== undefined);
const COMMENT_STAGES = stagesWith((s) => routeRow(s).comment.length > 0);
const RETURN_STAGES = stagesWith((s) => (RETURN_TARGETS[s] ?? []).length > 0);
/** 承認: any stage whose forward move is an approval (a review body passing the work on as it is). */
const APPROVAL_STAGES = stagesWith((s) => routeRow(s).forward?.command === 'ApproveEvaluation');
/** 根拠資料: the stages where staff edit (the plan's or the self-evaluation's files; `evidencePhase` narrows to one). */
const EVIDENCE_STAGES = stagesWith((s) => (routeRow(s).edits as readonly string[]).includes('AttachEvidence'));

function recall(state: EvaluationState, base: EvaluationEventBase): EvaluationEvent[] {
  const current = inStage(state, ...RECALL_STAGES);
  const rule = RECALLS[current.status]!;
  if (current.enteredVia !== rule.via) {
    throw new IllegalTransitionError(
      `この評価は差し戻し・引き戻し・再開によって「${STAGE_LABELS[current.status]}」に戻されたものです。次の段階がすでに対応したため引き戻しできません`,
    );
  }
  return [{ type: 'EvaluationRecalled', data: { ...base, from: current.status, to: rule.to } }];
}

function comment(data: Record<string, unknown>, state: EvaluationState, base: EvaluationEventBase): EvaluationEvent[] {
  const current = inStage(state, ...COMMENT_STAGES);
  const text = requireText(data.text, 'text', { max: LIMITS.comment, multiline: true });
  return [{ type: 'EvaluationCommented', data: { ...base, stage: current.status, text } }];
}

const OPINION_STAGES = stagesWith((s) => routeRow(s).opinion.length > 0);
const REPLY_STAGES = stagesWith((s) => routeRow(s).reply.length > 0);

function addOpinion(data: Record<string, unknown>, state: EvaluationState, base: EvaluationEventBase): EvaluationEvent[] {
  const current = inStage(state, ...OPINION_STAGES);
  const text = requireText(data.opinion, 'opinion', { max: LIMITS.comment, multiline: true });
  return [{ type: 'OpinionAdded', data: { ...base, stage: current.status, text } }];
}

function replyToComment(data: Record<string, unknown>, state: EvaluationState, base: EvaluationEventBase): EvaluationEvent[] {
  const current = inStage(state, ...REPLY_STAGES);
  const commentNumber = data.commentNumber;
  if (typeof commentNumber !== 'number' || !Number.isSafeInteger(commentNumber) || commentNumber < 1) {
    throw invalid('commentNumber', '「返信先のコメント」はコメントの番号(1以上の整数)で指定してください');
  }
  if (commentNumber > current.comments.length) {
    throw new NotFoundError(`この評価にコメント${commentNumber}はありません`, { field: 'commentNumber' });
  }
  const text = requireText(data.reply, 'reply', { max: LIMITS.comment, multiline: true });
  return [{ type: 'CommentReplied', data: { ...base, commentNumber, commentBy: current.comments[commentNumber - 1]!.by, text } }];
}

function approve(data: Record<string, unknown>, state: EvaluationState, base: EvaluationEventBase, ctx: EvaluationContext): EvaluationEvent[] {
  const current = inStage(state, ...APPROVAL_STAGES);
  const { to } = forwardMove(current.status);
  const batchId = optionalBatchId(data.batchId);
  const meeting = sessionOf('forward', 'ApproveEvaluation', data, current, ctx);
  return [{ type: 'EvaluationApproved', data: { ...base, from: current.status, to, batchId, ...recorded(meeting) } }];
}

function returnEvaluation(data: Record<string, unknown>, state: EvaluationState, base: EvaluationEventBase, ctx: EvaluationContext): EvaluationEvent[] {
  const current = inStage(state, ...RETURN_STAGES);
  const allowed = RETURN_TARGETS[current.status] ?? [];
  // where the route allows one return only (計画承認待ち, 計画変更承認待ち, 推進会議審査), it need not be named
  const toStage = (data.toStage === undefined || data.toStage === null) && allowed.length === 1 ? allowed[0] : data.toStage;
  if (!isRouteStage(toStage)) throw invalid('toStage', '「差し戻し先」には評価の段階を指定してください');
  if (!allowed.includes(toStage)) {
    throw new IllegalTransitionError(
      `「${STAGE_LABELS[current.status]}」からは${allowed.map((s) => `「${STAGE_LABELS[s]}」`).join('または')}にのみ差し戻せます`,
      { field: 'toStage' },
    );
  }
  const reason = requireText(data.reason, 'reason', { max: LIMITS.reason, multiline: true });
  const meeting = sessionOf('return', 'ReturnEvaluation', data, current, ctx);
  return [{ type: 'EvaluationReturned', data: { ...base, from: current.status, to: toStage, reason, ...recorded(meeting) } }];
}

/** 定量A・定性B, or 定性A for a 定性-only item: the self grades a reason is asked against. */
function selfGradesText(state: ManagersMeetingReviewEvaluation | CommitteeReviewEvaluation): string {
  const self = state.selfEvaluation;
  const qualitative = `定性${self.qualitativeGrade ?? 'なし'}`;
  return state.plan.target.kind === 'quantitative' ? `定量${self.quantitativeGrade ?? 'なし'}・${qualitative}` : qualitative;
}

function forwardToCommittee(data: Record<string, unknown>, state: EvaluationState, base: EvaluationEventBase, ctx: EvaluationContext): EvaluationEvent[] {
  const current: ManagersMeetingReviewEvaluation = inStage(state, 'ManagersMeetingReview');
  const proposedGrade = requireGrade(data.proposedGrade, 'proposedGrade');
  const selfGrade = selfGradeOf(current.plan.target, current.selfEvaluation);
  const reason = optionalText(data.reason, 'reason', { max: LIMITS.reason, multiline: true });
  const selfGrades = selfGradesOf(current.plan.target, current.selfEvaluation);
  if (gradeNeedsReason(proposedGrade, selfGrades) && reason === null) {
    throw invalid(
      'reason',
      `総合評価(案)を自己評価(${selfGradesText(current)})と異なる${proposedGrade}(${GRADE_LABELS[proposedGrade]})にする場合は「理由」を入力してください`,
    );
  }
  const { to } = forwardMove(current.status);
  const batchId = optionalBatchId(data.batchId);
  const meeting = sessionOf('forward', 'ForwardToCommittee', data, current, ctx);
  return [
    {
      type: 'EvaluationForwardedToCommittee',
      data: {
        ...base,
        from: current.status,
        to,
        selfGrade,
        proposedGrade,
        reason,
        batchId,
        edition: current.editions.length + 1,
        ...recorded(meeting),
      },
    },
  ];
}

function finalize(data: Record<string, unknown>, state: EvaluationState, base: EvaluationEventBase, ctx: EvaluationContext): EvaluationEvent[] {
  const current: CommitteeReviewEvaluation = inStage(state, 'CommitteeReview');
  const overallGrade = requireGrade(data.overallGrade, 'overallGrade');
  const rationale = requireText(data.rationale, 'rationale', { max: LIMITS.rationale, multiline: true });
  const reason = optionalText(data.reason, 'reason', { max: LIMITS.reason, multiline: true });
  const proposedGrade = current.proposed.grade;
  if (gradeNeedsReason(overallGrade, [...selfGradesOf(current.plan.target, current.selfEvaluation), proposedGrade]) && reason === null) {
    throw invalid(
      'reason',
      `総合評価を総合評価(案)の${proposedGrade}・自己評価(${selfGradesText(current)})と異なる${overallGrade}(${GRADE_LABELS[overallGrade]})にする場合は「理由」を入力してください`,
    );
  }
  const { to } = forwardMove(current.status);
  const meeting = sessionOf('forward', 'FinalizeEvaluation', data, current, ctx);
  return [
    {
      type: 'EvaluationFinalized',
      data: {
        ...base,
        from: current.status,
        to,
        selfGrade: selfGradeOf(current.plan.target, current.selfEvaluation),
        proposedGrade,
        overallGrade,
        rationale,
        reason,
        edition: current.editions.length + 1,
        ...recorded(meeting),
      },
    },
  ];
}

function reopen(data: Record<string, unknown>, state: EvaluationState, base: EvaluationEventBase, ctx: EvaluationContext): EvaluationEvent[] {
  const current = inStage(state, 'Finalized');
  const reason = requireText(data.reason, 'reason', { max: LIMITS.reason, multiline: true });
  const meeting = sessionOf('reopen', 'ReopenEvaluation', data, current, ctx);
  return [{ type: 'EvaluationReopened', data: { ...base, from: current.status, to: REOPENS[current.status]!, reason, ...recorded(meeting) } }];
}

const HEARING_STAGES = stagesWith((s) => routeRow(s).hearing.length > 0);
const JST_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** 聞き取り: the 部 heard (its name and the people who spoke), the day, a summary; within an open committee session when named. */
function recordHearing(data: Record<string, unknown>, state: EvaluationState, base: EvaluationEventBase, ctx: EvaluationContext): EvaluationEvent[] {
  const current = inStage(state, ...HEARING_STAGES);
  const departments = ctx.departments ?? [{ id: ctx.item.owningDepartmentId, name: ctx.item.owningDepartmentName ?? ctx.item.owningDepartmentId }];
  const departmentId = requireDepartmentInForce(departments, data.departmentId, 'heardDepartment', '「聞き取りの相手(部)」を選んでください').id;
  if (!Array.isArray(data.people)) throw invalid('heardPeople', '「聞き取りの相手(氏名)」を1人以上入力してください');
  const people = [...new Set(data.people.map((p) => requireText(p, 'heardPeople', { max: LIMITS.displayName })))];
  if (people.length === 0 || people.length > LIMITS.assignees) throw invalid('heardPeople', `「聞き取りの相手(氏名)」は1〜${LIMITS.assignees}人で入力してください`);
  const day = typeof data.heardOn === 'string' ? JST_DATE.exec(data.heardOn) : null;
  if (!day || Number.isNaN(Date.parse(`${data.heardOn as string}T00:00:00+09:00`))) throw invalid('heardOn', '「聞き取りの日」は YYYY-MM-DD の形の日付で指定してください');
  const heardOn = data.heardOn as string;
  const summary = requireText(data.summary, 'summary', { max: LIMITS.narrative, multiline: true });
  const meetingId = optionalMeetingId(data.meetingId);
  if (meetingId !== null) {
    const meeting = ctx.session?.meeting ?? null;
    if (meeting === null || meeting.meetingId !== meetingId) throw new NotFoundError(`会議「${meetingId}」は登録されていません`, { field: 'meetingId' });
    if (meeting.body !== 'committee' || meeting.status !== 'Open' || meeting.fiscalYear !== current.fiscalYear) {
      throw new IllegalTransitionError('聞き取りを記録できるのは開催中の評価検証委員会の会議だけです', { field: 'meetingId' });
    }
  }
  return [{ type: 'HearingRecorded', data: { ...base, departmentId, people, heardOn, summary, meetingId } }];
}

/**
 * Which stages may attach to a phase, read off the route table: the plan's files while the plan is an edit of the stage
 * (its saving command among the row's `edits`), the self-evaluation's while the self-evaluation is.
 */
export const EVIDENCE_PHASE_EDIT: Readonly<Record<EvidencePhase, EvaluationCommandType>> = {
  plan: 'SaveAnnualPlan',
  selfEvaluation: 'SaveSelfEvaluation',
};
const PHASE_LABELS: Readonly<Record<EvidencePhase, string>> = { plan: '単年度計画', selfEvaluation: '自己評価' };
const SHA256 = /^[0-9a-f]{64}$/;

function evidencePhase(value: unknown, state: StartedEvaluation): EvidencePhase {
  if (!(EVIDENCE_PHASES as readonly unknown[]).includes(value)) {
    throw invalid('evidence.phase', '「根拠資料の区分」は単年度計画(plan)か自己評価(selfEvaluation)を指定してください');
  }
  const phase = value as EvidencePhase;
  if (!(routeRow(state.status).edits as readonly string[]).includes(EVIDENCE_PHASE_EDIT[phase])) {
    throw new IllegalTransitionError(
      `この評価は「${STAGE_LABELS[state.status]}」の段階のため、${PHASE_LABELS[phase]}の根拠資料は添付・削除できません`,
      { field: 'evidence.phase' },
    );
  }
  return phase;
}

function evidenceFileId(value: unknown): string {
  if (typeof value !== 'string' || !SHA256.test(value)) {
    throw invalid('evidence.fileId', '「根拠資料ファイルのID」はファイルの SHA-256(16進数64桁、小文字)で指定してください');
  }
  return value;
}

function attachEvidence(data: Record<string, unknown>, state: EvaluationState, base: EvaluationEventBase): EvaluationEvent[] {
  const current = inStage(state, ...EVIDENCE_STAGES);
  const phase = evidencePhase(data.phase, current);
  const fileId = evidenceFileId(data.fileId);
  const name = requireText(data.name, 'evidence.name', { max: LIMITS.fileName });
  if (/[\\/]/.test(name)) throw invalid('evidence.name', '「ファイル名」にフォルダの区切り(/ や \\)は使用できません');
  if (!(EVIDENCE_MEDIA_TYPES as readonly unknown[]).includes(data.mediaType)) {
    throw invalid('evidence.mediaType', '根拠資料として添付できるのは PDF、Word・Excel・PowerPoint のファイル、画像(PNG・JPEG・GIF・WebP)です');
  }
  const size = data.size;
  if (typeof size !== 'number' || !Number.isSafeInteger(size) || size <= 0) {
    throw invalid('evidence.size', '「ファイルの大きさ」は1バイト以上の整数で指定してください');
  }
  const files = (current.evidence ?? { plan: [], selfEvaluation: [] })[phase];
  if (files.some((f) => f.fileId === fileId)) return [];
  if (files.length >= LIMITS.evidenceFiles) {
    throw invalid('evidence.fileId', `${PHASE_LABELS[phase]}の根拠資料ファイルは${LIMITS.evidenceFiles}件までです。不要なファイルを削除してから添付してください`);
  }
  return [{ type: 'EvidenceAttached', data: { ...base, phase, fileId, name, mediaType: data.mediaType as string, size } }];
}

function removeEvidence(data: Record<string, unknown>, state: EvaluationState, base: EvaluationEventBase): EvaluationEvent[] {
  const current = inStage(state, ...EVIDENCE_STAGES);
  const phase = evidencePhase(data.phase, current);
  const fileId = evidenceFileId(data.fileId);
  const files = (current.evidence ?? { plan: [], selfEvaluation: [] })[phase];
  if (!files.some((f) => f.fileId === fileId)) {
    throw new NotFoundError(`${PHASE_LABELS[phase]}にこの根拠資料ファイルは添付されていません`, { field: 'evidence.fileId' });
  }
  return [{ type: 'EvidenceRemoved', data: { ...base, phase, fileId } }];
}

function sameJson(a: unknown, b: unknown): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

/** The command and the context must name the same evaluation the state holds. */
function checkContext(state: EvaluationState, ctx: EvaluationContext): void {
  requireId(ctx.item?.id, 'itemId');
  if (!Number.isInteger(ctx.fiscalYear?.fiscalYear)) throw invalid('fiscalYear', '「年度」が指定されていません');
  if (state.status !== 'NotStarted') {
    const started: StartedEvaluation = state;
    if (started.itemId !== ctx.item.id || started.fiscalYear !== ctx.fiscalYear.fiscalYear) {
      throw new ValidationError('コマンドの対象(実施項目・年度)がこの評価と一致しません', { field: 'itemId' });
    }
  }
}

/**
 * decide for one evaluation (実施項目 × 年度): checks the permission table, then the command's own rules,
 * and returns the events to append (an empty list when the command changes nothing) or throws a DomainError.
 */
export function decideEvaluation(command: EvaluationCommand, state: EvaluationState, ctx: EvaluationContext): EvaluationEvent[] {
  if (!(EVALUATION_COMMAND_TYPES as readonly string[]).includes(command?.type)) {
    throw new ValidationError(`不明な評価コマンドです: ${String(command?.type).slice(0, 50)}`);
  }
  const at = requireTimestamp(ctx.now);
  checkContext(state, ctx);
  const authorization = authorize(ctx.actor, command.type, state, ctx.item);
  if (!authorization.allowed) {
    throw authorization.code === 'FORBIDDEN' ? new ForbiddenError(authorization.reason) : new IllegalTransitionError(authorization.reason);
  }
  const base: EvaluationEventBase = {
    itemId: ctx.item.id,
    fiscalYear: ctx.fiscalYear.fiscalYear,
    by: ctx.actor.userId,
    actingAs: authorization.actingAs,
    at,
  };
  const data = requireObject(command.data ?? {}, 'data');
  switch (command.type) {
    case 'SaveAnnualPlan':
      return saveAnnualPlan(data, state, base);
    case 'SubmitAnnualPlan':
      return submitAnnualPlan(state, base);
    case 'ApproveAnnualPlan':
      return approveAnnualPlan(state, base, ctx);
    case 'ChangeAnnualPlan':
      return changeAnnualPlan(data, state, base);
    case 'SaveSelfEvaluation':
      return saveSelfEvaluation(data, state, base, ctx);
    case 'SubmitEvaluation':
      return submit(state, base, ctx);
    case 'RecallEvaluation':
      return recall(state, base);
    case 'CommentOnEvaluation':
      return comment(data, state, base);
    case 'AddOpinion':
      return addOpinion(data, state, base);
    case 'ReplyToComment':
      return replyToComment(data, state, base);
    case 'ApproveEvaluation':
      return approve(data, state, base, ctx);
    case 'ReturnEvaluation':
      return returnEvaluation(data, state, base, ctx);
    case 'ForwardToCommittee':
      return forwardToCommittee(data, state, base, ctx);
    case 'FinalizeEvaluation':
      return finalize(data, state, base, ctx);
    case 'ReopenEvaluation':
      return reopen(data, state, base, ctx);
    case 'RecordHearing':
      return recordHearing(data, state, base, ctx);
    case 'AttachEvidence':
      return attachEvidence(data, state, base);
    case 'RemoveEvidence':
      return removeEvidence(data, state, base);
    default: {
      const unhandled: never = command;
      throw new ValidationError(`不明な評価コマンドです: ${JSON.stringify(unhandled).slice(0, 50)}`);
    }
  }
}

