import { ROLE_LABELS, type Role } from '../shared/roles.js';
import type { EvaluationCommandType, EvaluationEventType } from './types.js';
import type { CalendarKey } from '../fiscal-year/calendar.js';
import { MEETING_BODY_LABELS, type MeetingBody } from '../meeting/bodies.js';

/**
 * THE route of an evaluation (docs/design.md "The route"): one row per stage, in order. Everything else that knows the
 * route — the stage lists and labels, the return and recall targets, the evaluation half of `PERMISSIONS`, the forward
 * move per stage (the inbox), the GraphQL enums and the web's stepper — is derived from this table.
 *
 * Per stage:
 * - `actor`: who acts here (the role; `owning`: only for the 部 that owns the item). The actor makes the stage's
 *   `forward` move, its `edits` and its returns.
 * - `forward`: the command that moves the evaluation on, the event it records and the stage it enters. `decides` names
 *   the grade this move records (a move back before this stage drops it again).
 * - `sideOf`: a side stage of another (計画変更承認待ち beside 自己評価作成中): not a step of its own in the stepper.
 * - `side`: a move off the main route the actor may make here (計画変更), into a side stage that moves back on.
 * - `returns`: 差し戻し — the stages the actor may return the evaluation to (reason required).
 * - `recall`: 引き戻し — who sent the work here and may pull it back to `to`, as long as the evaluation entered this
 *   stage `via` that forward move (once the stage has acted, or the work came back by a return, it is too late).
 * - `reopen`: 再開 of a final evaluation — who, and the stage it re-enters (reason required).
 * - `comment`: who may comment at this stage (in this order: the first matching role is the one acted as).
 * - `opinion`: who adds 意見 here (課題整理・意見出し: the members of the 推進会議 while it reviews the item).
 * - `reply`: who answers the reviewers' comments here (the comment and its replies form a thread).
 * - `hearing`: who records the hearing (聞き取り) of the 部 here.
 * - `session`: the body whose session (会議) decides here, and per move (`forward`, `return`, `reopen`) whether the
 *   decision may name a session (`optional`: recorded when given; a deployment may require it, HYOKA_SESSION_REQUIRED) or
 *   must (`required`); `quorum`: a decision in its session needs the quorum present (定足数).
 * - `due`: the key of the year's calendar (期限, fiscal-year/calendar.ts) that applies while the work waits here.
 */
export const ROUTE = [
  {
    stage: 'NotStarted',
    label: '未着手',
    sideOf: null,
    actor: { principal: 'Staff', department: 'owning' },
    edits: [],
    forward: { command: 'SaveAnnualPlan', event: 'AnnualPlanSaved', action: null, to: 'PlanDraft', decides: null },
    side: null,
    returns: [],
    recall: null,
    reopen: null,
    comment: [],
    opinion: [],
    reply: [],
    hearing: [],
    session: null,
    due: 'planSubmission',
  },
  {
    stage: 'PlanDraft',
    label: '計画作成中',
    sideOf: null,
    actor: { principal: 'Staff', department: 'owning' },
    edits: ['SaveAnnualPlan', 'AttachEvidence', 'RemoveEvidence'],
    forward: { command: 'SubmitAnnualPlan', event: 'AnnualPlanSubmitted', action: 'PlanSubmitted', to: 'PlanReview', decides: null },
    side: null,
    returns: [],
    recall: null,
    reopen: null,
    comment: [],
    opinion: [],
    reply: [{ principal: 'Staff', department: 'owning' }],
    hearing: [],
    session: null,
    due: 'planSubmission',
  },
  {
    stage: 'PlanReview',
    label: '計画承認待ち',
    sideOf: null,
    actor: { principal: 'DepartmentHead', department: 'owning' },
    edits: [],
    forward: { command: 'ApproveAnnualPlan', event: 'AnnualPlanApproved', action: 'PlanApproved', to: 'Draft', decides: null },
    side: null,
    returns: ['PlanDraft'],
    recall: { by: { principal: 'Staff', department: 'owning' }, to: 'PlanDraft', via: 'PlanSubmitted' },
    reopen: null,
    comment: [{ principal: 'DepartmentHead', department: 'owning' }],
    opinion: [],
    reply: [{ principal: 'Staff', department: 'owning' }],
    hearing: [],
    session: null,
    due: 'planApproval',
  },
  {
    stage: 'Draft',
    label: '自己評価作成中',
    sideOf: null,
    actor: { principal: 'Staff', department: 'owning' },
    edits: ['SaveSelfEvaluation', 'AttachEvidence', 'RemoveEvidence'],
    forward: { command: 'SubmitEvaluation', event: 'EvaluationSubmitted', action: 'Submitted', to: 'PromotionMeetingReview', decides: null },
    side: { command: 'ChangeAnnualPlan', event: 'AnnualPlanChangeRequested', action: 'PlanChangeRequested', to: 'PlanChangeReview' },
    returns: [],
    recall: null,
    reopen: null,
    comment: [],
    opinion: [],
    reply: [{ principal: 'Staff', department: 'owning' }],
    hearing: [],
    session: null,
    due: 'selfEvaluation',
  },
  {
    stage: 'PlanChangeReview',
    label: '計画変更承認待ち',
    sideOf: 'Draft',
    actor: { principal: 'DepartmentHead', department: 'owning' },
    edits: [],
    forward: { command: 'ApproveAnnualPlan', event: 'AnnualPlanApproved', action: 'PlanApproved', to: 'Draft', decides: null },
    side: null,
    returns: ['Draft'],
    recall: { by: { principal: 'Staff', department: 'owning' }, to: 'Draft', via: 'PlanChangeRequested' },
    reopen: null,
    comment: [{ principal: 'DepartmentHead', department: 'owning' }],
    opinion: [],
    reply: [{ principal: 'Staff', department: 'owning' }],
    hearing: [],
    session: null,
    due: 'planApproval',
  },
  {
    stage: 'PromotionMeetingReview',
    label: '推進会議審査',
    sideOf: null,
    actor: { principal: 'DepartmentHead', department: 'owning' },
    edits: [],
    forward: { command: 'ApproveEvaluation', event: 'EvaluationApproved', action: 'Approved', to: 'ManagersMeetingReview', decides: null },
    side: null,
    returns: ['Draft'],
    recall: { by: { principal: 'Staff', department: 'owning' }, to: 'Draft', via: 'Submitted' },
    reopen: null,
    comment: [{ principal: 'DepartmentHead', department: 'owning' }],
    opinion: [{ principal: 'Staff', department: 'owning' }],
    reply: [{ principal: 'Staff', department: 'owning' }],
    hearing: [],
    session: { body: 'promotionMeeting', forward: 'optional', return: 'optional', reopen: null, quorum: false },
    due: 'promotionMeeting',
  },
  {
    stage: 'ManagersMeetingReview',
    label: '管理職会議審査',
    sideOf: null,
    actor: { principal: 'SecretaryGeneral' },
    edits: [],
    forward: {
      command: 'ForwardToCommittee',
      event: 'EvaluationForwardedToCommittee',
      action: 'ForwardedToCommittee',
      to: 'CommitteeReview',
      decides: 'proposed',
    },
    side: null,
    returns: ['PromotionMeetingReview', 'Draft'],
    recall: { by: { principal: 'DepartmentHead', department: 'owning' }, to: 'PromotionMeetingReview', via: 'Approved' },
    reopen: null,
    comment: [{ principal: 'SecretaryGeneral' }, { principal: 'Manager' }],
    opinion: [],
    reply: [{ principal: 'Staff', department: 'owning' }],
    hearing: [],
    session: { body: 'managersMeeting', forward: 'optional', return: 'optional', reopen: null, quorum: false },
    due: 'managersMeeting',
  },
  {
    stage: 'CommitteeReview',
    label: '評価検証委員会審査',
    sideOf: null,
    actor: { principal: 'CommitteeMember' },
    edits: [],
    forward: { command: 'FinalizeEvaluation', event: 'EvaluationFinalized', action: 'Finalized', to: 'Finalized', decides: 'final' },
    side: null,
    returns: ['ManagersMeetingReview'],
    recall: { by: { principal: 'SecretaryGeneral' }, to: 'ManagersMeetingReview', via: 'ForwardedToCommittee' },
    reopen: null,
    comment: [{ principal: 'CommitteeMember' }],
    opinion: [],
    reply: [{ principal: 'Staff', department: 'owning' }],
    hearing: [{ principal: 'CommitteeMember' }],
    session: { body: 'committee', forward: 'required', return: 'optional', reopen: null, quorum: true },
    due: 'committee',
  },
  {
    stage: 'Finalized',
    label: '確定',
    sideOf: null,
    actor: null,
    edits: [],
    forward: null,
    side: null,
    returns: [],
    recall: null,
    reopen: { by: { principal: 'CommitteeMember' }, to: 'CommitteeReview' },
    comment: [],
    opinion: [],
    reply: [],
    hearing: [],
    session: { body: 'committee', forward: null, return: null, reopen: 'required', quorum: true },
    due: null,
  },
] as const satisfies readonly RouteRow[];

/** Who a route rule admits: a role, for any 部 or (`owning`) only for the 部 that owns the item. */
export type RouteActor = Readonly<{ principal: Role; department?: 'owning' }>;

/** The moves recorded in an evaluation's route history (`RouteStep.action`). */
export const ROUTE_ACTIONS = ['PlanSubmitted', 'PlanApproved', 'PlanChangeRequested', 'Submitted', 'Recalled', 'Approved', 'Returned', 'ForwardedToCommittee', 'Finalized', 'Reopened'] as const;
export type RouteAction = (typeof ROUTE_ACTIONS)[number];

/** Japanese names of the moves (the history view). */
export const ROUTE_ACTION_LABELS: Readonly<Record<RouteAction, string>> = {
  PlanSubmitted: '計画提出',
  PlanApproved: '計画承認',
  PlanChangeRequested: '計画変更申請',
  Submitted: '提出',
  Recalled: '引き戻し',
  Approved: '承認',
  Returned: '差し戻し',
  ForwardedToCommittee: '委員会へ送付',
  Finalized: '確定',
  Reopened: '再開',
};

/**
 * The shape of one row, over the names its stages may take: `string` while the table is being written (the stages are
 * what the table itself lists; the check below and `route.spec.ts` hold the references to them), the stages once it is.
 */
type RouteRowShape<Stage extends string, Target extends string> = Readonly<{
  stage: Stage;
  label: string;
  sideOf: Target | null;
  actor: RouteActor | null;
  edits: readonly EvaluationCommandType[];
  forward: Readonly<{
    command: EvaluationCommandType;
    event: EvaluationEventType;
    action: RouteAction | null;
    to: Target;
    decides: 'proposed' | 'final' | null;
  }> | null;
  side: Readonly<{ command: EvaluationCommandType; event: EvaluationEventType; action: RouteAction; to: Target }> | null;
  returns: readonly Target[];
  recall: Readonly<{ by: RouteActor; to: Target; via: RouteAction }> | null;
  reopen: Readonly<{ by: RouteActor; to: Target }> | null;
  comment: readonly RouteActor[];
  opinion: readonly RouteActor[];
  reply: readonly RouteActor[];
  hearing: readonly RouteActor[];
  session: RouteSession | null;
  due: CalendarKey | null;
}>;

/** Whether a decision names its session (会議): not at all, when given, or always. */
export type SessionRule = 'optional' | 'required';
export type RouteSession = Readonly<{
  body: MeetingBody;
  forward: SessionRule | null;
  return: SessionRule | null;
  reopen: SessionRule | null;
  quorum: boolean;
}>;
/** The decisions a session may record. */
export type SessionMove = 'forward' | 'return' | 'reopen';
type RouteRow = RouteRowShape<string, string>;

type Row = (typeof ROUTE)[number];

/** Every state of an evaluation, in route order; 'NotStarted' is the state of a stream with no events. */
export type EvaluationStatus = Row['stage'];
/** A stage an evaluation can be in once started. */
export type RouteStage = Exclude<EvaluationStatus, 'NotStarted'>;

// A table that names a stage it does not have fails to compile here.
type Targets = Extract<Row['returns'][number] | NonNullable<Row['forward']>['to'] | NonNullable<Row['side']>['to'] | NonNullable<Row['sideOf']> | NonNullable<Row['recall']>['to'] | NonNullable<Row['reopen']>['to'], string>;
const _targetsAreStages: readonly RouteStage[] = [] as readonly Targets[];
void _targetsAreStages;

export const EVALUATION_STATUSES: readonly EvaluationStatus[] = ROUTE.map((row) => row.stage);
export const ROUTE_STAGES: readonly RouteStage[] = EVALUATION_STATUSES.filter((s): s is RouteStage => s !== 'NotStarted');
export const isRouteStage = (value: unknown): value is RouteStage =>
  typeof value === 'string' && (ROUTE_STAGES as readonly string[]).includes(value);

/** The table's row for a stage. */
export const routeRow = (stage: EvaluationStatus): RouteRowOf => ROUTE.find((row) => row.stage === stage)! as RouteRowOf;
/** A row with its stage names typed as stages (for code that reads rows generically). */
export type RouteRowOf = RouteRowShape<EvaluationStatus, RouteStage>;
const rows = ROUTE as readonly RouteRowOf[];

/** The position of a stage along the route (0 = NotStarted). */
export const stageIndex = (stage: EvaluationStatus): number => EVALUATION_STATUSES.indexOf(stage);

/** 作成中 → 推進会議審査 → …: the Japanese name of each state. */
export const STAGE_LABELS: Readonly<Record<EvaluationStatus, string>> = Object.fromEntries(rows.map((r) => [r.stage, r.label])) as Record<
  EvaluationStatus,
  string
>;

/** 差し戻し: where each stage may be returned to. */
export const RETURN_TARGETS: Readonly<Partial<Record<RouteStage, readonly RouteStage[]>>> = Object.fromEntries(
  rows.filter((r) => r.returns.length > 0).map((r) => [r.stage, r.returns]),
);

/** 引き戻し: per stage, where the sender may pull the work back to, and the move that must have brought it here. */
export const RECALLS: Readonly<Partial<Record<RouteStage, { to: RouteStage; via: RouteAction }>>> = Object.fromEntries(
  rows.filter((r) => r.recall !== null).map((r) => [r.stage, { to: r.recall!.to, via: r.recall!.via }]),
);

/** 再開: per stage, the stage a reopened evaluation re-enters. */
export const REOPENS: Readonly<Partial<Record<RouteStage, RouteStage>>> = Object.fromEntries(
  rows.filter((r) => r.reopen !== null).map((r) => [r.stage, r.reopen!.to]),
);

/** The command that takes an evaluation on from each state (null at the end of the route): what the inbox offers. */
export const FORWARD_COMMANDS: Readonly<Record<EvaluationStatus, EvaluationCommandType | null>> = Object.fromEntries(
  rows.map((r) => [r.stage, r.forward?.command ?? null]),
) as Record<EvaluationStatus, EvaluationCommandType | null>;

/** The forward move out of a stage; throws for a stage the table gives none (a programming error). */
export function forwardMove(stage: EvaluationStatus): NonNullable<RouteRowOf['forward']> & { from: EvaluationStatus } {
  const forward = routeRow(stage).forward;
  if (!forward) throw new Error(`the route has no forward move out of ${stage}`);
  return { ...forward, from: stage };
}

/** The stages shown as steps (the stepper): every stage but the side stages, which show as the stage they are beside. */
export const MAIN_STAGES: readonly EvaluationStatus[] = rows.filter((r) => r.sideOf === null).map((r) => r.stage);
/** The step a stage shows as: itself, or the stage it is a side stage of. */
export const stepOf = (stage: EvaluationStatus): EvaluationStatus => routeRow(stage).sideOf ?? stage;

/** The stage whose forward move records a grade ('proposed' 総合評価(案), 'final' 総合評価). */
export function stageDeciding(grade: 'proposed' | 'final'): EvaluationStatus {
  return rows.find((r) => r.forward?.decides === grade)!.stage;
}

/** One evaluation permission derived from the table: a role (of the owning 部, or any) at some stages. */
export type RoutePermission = Readonly<{ principal: Role; department?: 'owning'; stages: readonly EvaluationStatus[] }>;

/**
 * The evaluation commands' permission rows, read off the table: the actor makes the forward move, the edits and the
 * returns; the sender recalls; the reopener reopens; the listed roles comment, give 意見 and reply. Rules for the same role (and 部 scope)
 * are merged into one row listing its stages, in route order.
 */
export function routePermissions(): Record<EvaluationCommandType, RoutePermission[]> {
  const table = {} as Record<EvaluationCommandType, RoutePermission[]>;
  const add = (command: EvaluationCommandType, who: RouteActor, stage: EvaluationStatus) => {
    const list = (table[command] ??= []);
    const same = list.find((r) => r.principal === who.principal && r.department === who.department);
    if (same) (same.stages as EvaluationStatus[]).push(stage);
    else list.push({ principal: who.principal, ...(who.department ? { department: who.department } : {}), stages: [stage] });
  };
  for (const row of rows) {
    if (row.actor) {
      for (const command of row.edits) add(command, row.actor, row.stage);
      if (row.forward) add(row.forward.command, row.actor, row.stage);
      if (row.side) add(row.side.command, row.actor, row.stage);
      if (row.returns.length > 0) add('ReturnEvaluation', row.actor, row.stage);
    }
    if (row.recall) add('RecallEvaluation', row.recall.by, row.stage);
    if (row.reopen) add('ReopenEvaluation', row.reopen.by, row.stage);
    for (const who of row.comment) add('CommentOnEvaluation', who, row.stage);
    for (const who of row.opinion) add('AddOpinion', who, row.stage);
    for (const who of row.reply) add('ReplyToComment', who, row.stage);
    for (const who of row.hearing) add('RecordHearing', who, row.stage);
  }
  return table;
}

/** The state of an evaluation nobody has started (no event yet), and the end of the route (確定). */
export const NOT_STARTED = ROUTE[0].stage;
type LastRow = typeof ROUTE extends readonly [...unknown[], infer L extends Row] ? L : never;
export const FINAL_STAGE: LastRow['stage'] = (ROUTE[ROUTE.length - 1] as LastRow).stage;
/** Whether an evaluation in this state has reached the end of the route (its 総合評価 is final). */
export const isFinal = (status: EvaluationStatus): boolean => routeRow(status).forward === null;

const who = (actor: RouteActor): string => `${ROLE_LABELS[actor.principal]}${actor.department === 'owning' ? '(担当部)' : ''}`;
const stageName = (stage: EvaluationStatus): string => `${STAGE_LABELS[stage]} (${stage})`;

const sessionText = (session: RouteSession | null): string => {
  if (!session) return '—';
  const moves = (['forward', 'return', 'reopen'] as const).filter((m) => session[m] !== null).map((m) => `${m} ${session[m]}`);
  return `${MEETING_BODY_LABELS[session.body]} (${session.body}): ${moves.join(', ')}${session.quorum ? '; quorum (定足数)' : ''}`;
};

/**
 * The route table as Markdown, one line per stage: what `docs/design.md` shows between its route-table markers (a spec
 * fails when the two differ, so the design document never drifts from the code).
 */
export function routeTableMarkdown(): string {
  const lines = [
    '| stage | who acts | forward (command → event → next stage) | return to (差し戻し) | recall (引き戻し) | reopen (再開) | comment | opinion (意見) | reply (返信) | hearing (聞き取り) | session (会議) | due (期限) |',
    '|---|---|---|---|---|---|---|---|---|---|---|---|',
  ];
  for (const row of rows) {
    const forward = row.forward ? `${row.forward.command} → ${row.forward.event} → ${stageName(row.forward.to)}` : '—';
    const recall = row.recall ? `${who(row.recall.by)} → ${stageName(row.recall.to)} (while entered by ${row.recall.via})` : '—';
    const reopen = row.reopen ? `${who(row.reopen.by)} → ${stageName(row.reopen.to)}` : '—';
    const side = row.side ? `; side move ${row.side.command} → ${row.side.event} → ${stageName(row.side.to)}` : '';
    const edits = (row.edits.length ? `; also ${row.edits.join(', ')}` : '') + side;
    lines.push(
      `| ${stageName(row.stage)}${row.sideOf ? ` (side stage of ${row.sideOf})` : ''} | ${row.actor ? who(row.actor) + edits : '—'} | ${forward} | ${row.returns.map(stageName).join(', ') || '—'} | ${recall} | ${reopen} | ${row.comment.map(who).join(', ') || '—'} | ${row.opinion.map(who).join(', ') || '—'} | ${row.reply.map(who).join(', ') || '—'} | ${row.hearing.map(who).join(', ') || '—'} | ${sessionText(row.session)} | ${row.due ?? '—'} |`,
    );
  }
  return lines.join('\n');
}

/** The four phases of an evaluation's year (the progress view groups the stages under them), in order. */
export const ROUTE_PHASES = ['Plan', 'SelfEvaluation', 'Review', 'Final'] as const;
export type RoutePhase = (typeof ROUTE_PHASES)[number];
export const ROUTE_PHASE_LABELS: Readonly<Record<RoutePhase, string>> = {
  Plan: '計画',
  SelfEvaluation: '自己評価',
  Review: '審査',
  Final: '確定',
};

/**
 * The phase of each stage, read off a route table: 自己評価 is the stage where staff save the self-evaluation; 計画 every
 * other stage whose forward moves lead there (the 単年度計画 and its changes); 確定 the end of the route; 審査 the rest.
 */
export function routePhases(table: readonly RouteRowOf[]): Record<EvaluationStatus, RoutePhase> {
  const byStage = new Map(table.map((r) => [r.stage, r]));
  const selfEvaluation = table.find((r) => (r.edits as readonly string[]).includes('SaveSelfEvaluation'))?.stage;
  const leadsToSelfEvaluation = (stage: EvaluationStatus): boolean => {
    const seen = new Set<EvaluationStatus>();
    for (let at: EvaluationStatus | undefined = stage; at !== undefined && !seen.has(at); at = byStage.get(at)?.forward?.to) {
      if (at === selfEvaluation) return true;
      seen.add(at);
    }
    return false;
  };
  const phaseOf = (row: RouteRowOf): RoutePhase => {
    if (row.stage === selfEvaluation) return 'SelfEvaluation';
    if (row.forward === null) return 'Final';
    return leadsToSelfEvaluation(row.stage) ? 'Plan' : 'Review';
  };
  return Object.fromEntries(table.map((r) => [r.stage, phaseOf(r)])) as Record<EvaluationStatus, RoutePhase>;
}

/** 計画 / 自己評価 / 審査 / 確定 of each stage of THE route. */
export const STAGE_PHASES: Readonly<Record<EvaluationStatus, RoutePhase>> = routePhases(rows);
