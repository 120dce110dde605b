import type { Department } from '@hyoka/catalogue';
import type { Command, DomainEvent } from '../shared/json.js';
import type { Actor } from '../shared/roles.js';
import type { Direction, Grade, Thresholds } from '../shared/grading.js';

export type { Direction, Grade, Thresholds } from '../shared/grading.js';

import type { EvaluationStatus, RouteAction, RouteStage } from './route.js';
import type { Meeting, MeetingBody, MeetingStatus } from '../meeting/meeting.js';

export { EVALUATION_STATUSES, ROUTE_STAGES, ROUTE_ACTIONS, isRouteStage, type EvaluationStatus, type RouteStage, type RouteAction } from './route.js';

/** 単年度計画: 定量 (a numeric target with unit and direction) or 定性 only. Numbers are canonical decimal strings. */
export const TARGET_KINDS = ['quantitative', 'qualitative'] as const;
export type AnnualTarget =
  | { kind: 'quantitative'; target: string; unit: string; direction: Direction }
  | { kind: 'qualitative' };

/** 単年度計画: 評価の方法 with its target (`target.kind`), and the year's planned actions (取組内容). */
export type AnnualPlan = { target: AnnualTarget; actions: string | null };
/**
 * An approved 単年度計画 (計画第n版). `legacy`: a target set before plans were approved (the old AnnualTargetSet),
 * edition 0 with no approver.
 */
export type ApprovedPlan = AnnualPlan & {
  planEdition: number;
  approvedBy: string | null;
  approvedAt: string | null;
  /** why this edition changed the one before it (null for the first) */
  reason: string | null;
  legacy: boolean;
};
/** A plan being drafted (計画作成中, 計画承認待ち) or a proposed change (計画変更承認待ち, with its reason). */
export type PlanDraft = AnnualPlan & { reason: string | null; by: string; at: string };

/** 実績・成果, 課題, 次年度の方向性 */
export type Narrative = { achievements: string | null; issues: string | null; nextYear: string | null };

/** 自己評価 as last saved. Grades computed from the actual are stored, never recomputed on replay. */
export type SelfEvaluation = {
  /** 実績 (定量 only), canonical decimal string */
  actual: string | null;
  /** 定量評価, computed from actual, target and the year's thresholds */
  quantitativeGrade: Grade | null;
  /** achievement in percent rounded down to 2 decimals; null when not computed or unbounded */
  achievementPercent: string | null;
  /** the edition of the approved plan (計画第n版) whose target the grade used; null for a legacy target (set before plans were approved) */
  planEdition: number | null;
  /** the thresholds the quantitative grade was computed with */
  thresholds: Thresholds | null;
  /** 定性評価 chosen against the rubric */
  qualitativeGrade: Grade | null;
  /** the year's 計画段階 from the schedule when the self-evaluation was saved */
  plannedStage: string | null;
  /** the stage actually reached, in the person's words (e.g. 検討) */
  actualStage: string | null;
  /** whether the person reports the planned stage as reached */
  plannedStageReached: boolean | null;
  /** flagged when a planned stage exists and is reported as not reached */
  stageLag: boolean;
  narrative: Narrative;
  /** 根拠資料: http(s) links */
  evidenceLinks: string[];
};

/** 根拠資料ファイル: attached to the 単年度計画 (`plan`) or to the self-evaluation (`selfEvaluation`). */
export const EVIDENCE_PHASES = ['plan', 'selfEvaluation'] as const;
export type EvidencePhase = (typeof EVIDENCE_PHASES)[number];
/** The media types an evidence file may have: PDF, Office (OOXML and the old binary formats), images. */
export const EVIDENCE_MEDIA_TYPES = [
  'application/pdf',
  'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  'application/vnd.openxmlformats-officedocument.presentationml.presentation',
  'application/msword',
  'application/vnd.ms-excel',
  'image/png',
  'image/jpeg',
  'image/gif',
  'image/webp',
] as const;
/** One attached file; `fileId` is the SHA-256 (hex) of its bytes, so the event log's hash chain covers the content. */
export type EvidenceFile = { fileId: string; name: string; mediaType: string; size: number; by: string; at: string };
export type EvidenceLists = Record<EvidencePhase, EvidenceFile[]>;
/** The evidence files' folder inside the data folder, and a file's place in it: `ab/cdef…` (content-addressed, POSIX). */
export const EVIDENCE_FOLDER = 'evidence';
export const evidenceFilePath = (fileId: string): string => `${fileId.slice(0, 2)}/${fileId.slice(2)}`;
export const isEvidenceFileId = (value: unknown): value is string => typeof value === 'string' && /^[0-9a-f]{64}$/.test(value);
export const noEvidence = (): EvidenceLists => ({ plan: [], selfEvaluation: [] });

export type ProposedGrade = { grade: Grade; reason: string | null; by: string; at: string };
export type FinalGrade = { grade: Grade; rationale: string; reason: string | null; by: string; at: string };

export type EvaluationComment = { number: number; stage: RouteStage; text: string; by: string; actingAs: string; at: string };
/** An answer to a reviewer's comment (`commentNumber`): the comment and its replies form a thread. */
export type CommentReply = { commentNumber: number; text: string; by: string; actingAs: string; at: string };
/** 意見 of a 推進会議 member (課題整理・意見出し), numbered in the order given. */
export type EvaluationOpinion = { number: number; stage: RouteStage; text: string; by: string; actingAs: string; at: string };

/** The session (会議) a decision was taken in, with the members present when it was. */
export type SessionRecord = { meetingId: string; body: MeetingBody; attendees: string[] };

/** 聞き取り: the committee hears the 部 about the item before it decides. */
export type Hearing = {
  number: number;
  /** the 部 heard, and the people who spoke for it */
  departmentId: string;
  people: string[];
  /** JST date of the hearing, YYYY-MM-DD */
  heardOn: string;
  summary: string;
  /** the committee session it was held in, when it was */
  meetingId: string | null;
  by: string;
  actingAs: string;
  at: string;
};

/** One move along the route, kept in order for the history view and the recall rule. */
export type RouteStep = {
  action: RouteAction;
  from: RouteStage;
  to: RouteStage;
  by: string;
  actingAs: string;
  at: string;
  reason: string | null;
  batchId: string | null;
  /** the session it was decided in (absent: not in a session) */
  meeting?: SessionRecord;
};

/** What an edition (第n版) captures: the evaluation's content at a move up the route. */
export type EvaluationContent = {
  target: AnnualTarget | null;
  selfEvaluation: SelfEvaluation | null;
  proposed: { grade: Grade; reason: string | null } | null;
  final: { grade: Grade; rationale: string; reason: string | null } | null;
};

/** An edition (第n版): a snapshot taken at each submission (staff), proposal (管理職会議) and decision (委員会); kept across returns. */
export const EDITION_KINDS = ['submission', 'proposal', 'decision'] as const;
export type EvaluationEdition = {
  edition: number;
  kind: (typeof EDITION_KINDS)[number];
  by: string;
  at: string;
  content: EvaluationContent;
};

type Body = {
  itemId: string;
  fiscalYear: number;
  /** the approved 単年度計画 the self-evaluation is judged against (null until first approved) */
  plan: ApprovedPlan | null;
  /** the plan being drafted, or the proposed change awaiting approval */
  planDraft: PlanDraft | null;
  /** every approved edition of the plan, oldest first (for comparison) */
  planHistory: ApprovedPlan[];
  selfEvaluation: SelfEvaluation | null;
  proposed: ProposedGrade | null;
  final: FinalGrade | null;
  comments: EvaluationComment[];
  /** replies to the comments, in the order given (a state stored before replies existed has none) */
  replies?: CommentReply[];
  /** 意見 of the 推進会議's members, in the order given (a state stored before opinions existed has none) */
  opinions?: EvaluationOpinion[];
  /** 聞き取り of the 部 by the committee (a state stored before hearings existed has none) */
  hearings?: Hearing[];
  editions: EvaluationEdition[];
  history: RouteStep[];
  /** 根拠資料ファイル per phase, in the order attached */
  evidence: EvidenceLists;
  /** how the current stage was entered: 'Started' for a new plan (or a legacy target), else the route action */
  enteredVia: RouteAction | 'Started';
};

export type NotStartedEvaluation = { status: 'NotStarted' };
export type PlanDraftEvaluation = Body & { status: 'PlanDraft'; plan: null; planDraft: PlanDraft };
export type PlanReviewEvaluation = Body & { status: 'PlanReview'; plan: null; planDraft: PlanDraft };
export type DraftEvaluation = Body & { status: 'Draft'; plan: ApprovedPlan };
export type PlanChangeReviewEvaluation = Body & { status: 'PlanChangeReview'; plan: ApprovedPlan; planDraft: PlanDraft };
export type PromotionMeetingReviewEvaluation = Body & {
  status: 'PromotionMeetingReview';
  plan: ApprovedPlan;
  selfEvaluation: SelfEvaluation;
};
export type ManagersMeetingReviewEvaluation = Body & {
  status: 'ManagersMeetingReview';
  plan: ApprovedPlan;
  selfEvaluation: SelfEvaluation;
};
export type CommitteeReviewEvaluation = Body & {
  status: 'CommitteeReview';
  plan: ApprovedPlan;
  selfEvaluation: SelfEvaluation;
  proposed: ProposedGrade;
};
export type FinalizedEvaluation = Body & {
  status: 'Finalized';
  plan: ApprovedPlan;
  selfEvaluation: SelfEvaluation;
  proposed: ProposedGrade;
  final: FinalGrade;
};

/** State of one evaluation (実施項目 × fiscal year), a union keyed on `status`. */
export type EvaluationState =
  | NotStartedEvaluation
  | PlanDraftEvaluation
  | PlanReviewEvaluation
  | DraftEvaluation
  | PlanChangeReviewEvaluation
  | PromotionMeetingReviewEvaluation
  | ManagersMeetingReviewEvaluation
  | CommitteeReviewEvaluation
  | FinalizedEvaluation;
export type StartedEvaluation = Exclude<EvaluationState, NotStartedEvaluation>;
/** Whether the evaluation has any event (a started one carries its item, year, target and lists). */
export const isStarted = (state: EvaluationState): state is StartedEvaluation => state.status !== 'NotStarted';

// ---- commands (input as received; decide validates every field) ----

export type QuantitativeTargetInput = {
  kind: 'quantitative';
  target: number | string;
  unit: string;
  direction: Direction;
};
/** 単年度計画 as entered: 評価の方法 (`method`), the target with unit and direction (定量 only), 取組内容. */
export type AnnualPlanInput = {
  method: 'quantitative' | 'qualitative';
  target?: number | string | null;
  unit?: string | null;
  direction?: Direction | null;
  actions?: string | null;
};
export type SaveAnnualPlan = Command<'SaveAnnualPlan', AnnualPlanInput>;
export type SubmitAnnualPlan = Command<'SubmitAnnualPlan', Record<string, never>>;
export type ApproveAnnualPlan = Command<'ApproveAnnualPlan', Record<string, never>>;
/** 計画変更: a change to the approved plan, with its reason, for the 部長 to approve again. */
export type ChangeAnnualPlan = Command<'ChangeAnnualPlan', AnnualPlanInput & { reason: string }>;
export type SaveSelfEvaluation = Command<
  'SaveSelfEvaluation',
  {
    actual?: number | string | null;
    qualitativeGrade?: Grade | null;
    actualStage?: string | null;
    plannedStageReached?: boolean | null;
    narrative?: { achievements?: string | null; issues?: string | null; nextYear?: string | null } | null;
    evidenceLinks?: string[] | null;
  }
>;
export type SubmitEvaluation = Command<'SubmitEvaluation', Record<string, never>>;
export type RecallEvaluation = Command<'RecallEvaluation', Record<string, never>>;
export type CommentOnEvaluation = Command<'CommentOnEvaluation', { text: string }>;
/** 意見 (課題整理・意見出し) of a member of the 推進会議 reviewing the evaluation. */
export type AddOpinion = Command<'AddOpinion', { opinion: string }>;
/** An answer to comment number `commentNumber`. */
export type ReplyToComment = Command<'ReplyToComment', { commentNumber: number; reply: string }>;
/** The session (会議) a decision is taken in: optional or required per the route table's `session` column. */
type InSession = { meetingId?: string | null };
/** `batchId` ties the events of one 一括承認 together in the audit trail. */
export type ApproveEvaluation = Command<'ApproveEvaluation', { batchId?: string | null } & InSession>;
/** `toStage` may be left out where the route allows one return only. */
export type ReturnEvaluation = Command<'ReturnEvaluation', { toStage?: RouteStage | null; reason: string } & InSession>;
export type ForwardToCommittee = Command<
  'ForwardToCommittee',
  { proposedGrade: Grade; reason?: string | null; batchId?: string | null } & InSession
>;
export type FinalizeEvaluation = Command<
  'FinalizeEvaluation',
  { overallGrade: Grade; rationale: string; reason?: string | null } & InSession
>;
export type ReopenEvaluation = Command<'ReopenEvaluation', { reason: string } & InSession>;
/** 聞き取り: who of which 部 was heard, when (JST date), what was said; optionally within a committee session. */
export type RecordHearing = Command<
  'RecordHearing',
  { departmentId: string; people: string[]; heardOn: string; summary: string } & InSession
>;
/** The file is stored first (content-addressed by its SHA-256); the command records it on the evaluation. */
export type AttachEvidence = Command<'AttachEvidence', { phase: EvidencePhase; fileId: string; name: string; mediaType: string; size: number }>;
export type RemoveEvidence = Command<'RemoveEvidence', { phase: EvidencePhase; fileId: string }>;

export type EvaluationCommand =
  | SaveAnnualPlan
  | SubmitAnnualPlan
  | ApproveAnnualPlan
  | ChangeAnnualPlan
  | SaveSelfEvaluation
  | SubmitEvaluation
  | RecallEvaluation
  | CommentOnEvaluation
  | AddOpinion
  | ReplyToComment
  | ApproveEvaluation
  | ReturnEvaluation
  | ForwardToCommittee
  | FinalizeEvaluation
  | ReopenEvaluation
  | RecordHearing
  | AttachEvidence
  | RemoveEvidence;
export type EvaluationCommandType = EvaluationCommand['type'];
export const EVALUATION_COMMAND_TYPES: readonly EvaluationCommandType[] = [
  'SaveAnnualPlan',
  'SubmitAnnualPlan',
  'ApproveAnnualPlan',
  'ChangeAnnualPlan',
  'SaveSelfEvaluation',
  'SubmitEvaluation',
  'RecallEvaluation',
  'CommentOnEvaluation',
  'AddOpinion',
  'ReplyToComment',
  'ApproveEvaluation',
  'ReturnEvaluation',
  'ForwardToCommittee',
  'FinalizeEvaluation',
  'ReopenEvaluation',
  'RecordHearing',
  'AttachEvidence',
  'RemoveEvidence',
];

// ---- events ----

/** Every evaluation event names its item, year, actor, role acted as, and time (from the CommandContext). */
export type EvaluationEventBase = { itemId: string; fiscalYear: number; by: string; actingAs: string; at: string };

/** Legacy: the target set before plans were approved (no longer decided; still read from old stores). */
export type AnnualTargetSet = DomainEvent<'AnnualTargetSet', EvaluationEventBase & { target: AnnualTarget }>;
export type SelfEvaluationSaved = DomainEvent<'SelfEvaluationSaved', EvaluationEventBase & { selfEvaluation: SelfEvaluation }>;
/**
 * Every event that moves an evaluation names its move (`from`, `to`), so replay never depends on the route table of
 * the code doing the replay. EvaluationApproved has done so since its v2; EvaluationSubmitted, EvaluationForwardedToCommittee,
 * EvaluationFinalized and EvaluationReopened since their v2 (their v1 are read through upcasting/).
 */
type Move = { from: RouteStage; to: RouteStage };
/** A decision names its session when it was taken in one (the field is absent otherwise, as in events stored before sessions existed). */
type Decided = { meeting?: SessionRecord };

export type AnnualPlanSaved = DomainEvent<'AnnualPlanSaved', EvaluationEventBase & { plan: AnnualPlan }>;
export type AnnualPlanSubmitted = DomainEvent<'AnnualPlanSubmitted', EvaluationEventBase & Move>;
/** `planEdition`: the 計画第n版 this approval makes (the plan is the draft or proposed change it approves). */
export type AnnualPlanApproved = DomainEvent<'AnnualPlanApproved', EvaluationEventBase & Move & { planEdition: number }>;
export type AnnualPlanChangeRequested = DomainEvent<
  'AnnualPlanChangeRequested',
  EvaluationEventBase & Move & { plan: AnnualPlan; reason: string }
>;

/** `edition`: the 第n版 this submission makes (v1 called it `version`). */
export type EvaluationSubmitted = DomainEvent<'EvaluationSubmitted', EvaluationEventBase & Move & { edition: number }>;
export type EvaluationRecalled = DomainEvent<'EvaluationRecalled', EvaluationEventBase & Move>;
export type EvaluationCommented = DomainEvent<'EvaluationCommented', EvaluationEventBase & { stage: RouteStage; text: string }>;
export type OpinionAdded = DomainEvent<'OpinionAdded', EvaluationEventBase & { stage: RouteStage; text: string }>;
/** `commentBy`: who wrote the comment answered (the one to tell), so no reader needs the earlier event. */
export type CommentReplied = DomainEvent<'CommentReplied', EvaluationEventBase & { commentNumber: number; commentBy: string; text: string }>;
export type EvaluationApproved = DomainEvent<'EvaluationApproved', EvaluationEventBase & Move & Decided & { batchId: string | null }>;
export type EvaluationReturned = DomainEvent<
  'EvaluationReturned',
  EvaluationEventBase & Move & Decided & { reason: string }
>;
export type EvaluationForwardedToCommittee = DomainEvent<
  'EvaluationForwardedToCommittee',
  EvaluationEventBase &
    Move &
    Decided & {
    selfGrade: Grade | null;
    proposedGrade: Grade;
    reason: string | null;
    batchId: string | null;
    edition: number;
  }
>;
export type EvaluationFinalized = DomainEvent<
  'EvaluationFinalized',
  EvaluationEventBase &
    Move &
    Decided & {
    selfGrade: Grade | null;
    proposedGrade: Grade;
    overallGrade: Grade;
    rationale: string;
    reason: string | null;
    edition: number;
  }
>;
export type EvaluationReopened = DomainEvent<'EvaluationReopened', EvaluationEventBase & Move & Decided & { reason: string }>;
export type HearingRecorded = DomainEvent<
  'HearingRecorded',
  EvaluationEventBase & { departmentId: string; people: string[]; heardOn: string; summary: string; meetingId: string | null }
>;

export type EvidenceAttached = DomainEvent<
  'EvidenceAttached',
  EvaluationEventBase & { phase: EvidencePhase; fileId: string; name: string; mediaType: string; size: number }
>;
export type EvidenceRemoved = DomainEvent<'EvidenceRemoved', EvaluationEventBase & { phase: EvidencePhase; fileId: string }>;

export type EvaluationEvent =
  | AnnualTargetSet
  | AnnualPlanSaved
  | AnnualPlanSubmitted
  | AnnualPlanApproved
  | AnnualPlanChangeRequested
  | SelfEvaluationSaved
  | EvaluationSubmitted
  | EvaluationRecalled
  | EvaluationCommented
  | OpinionAdded
  | CommentReplied
  | EvaluationApproved
  | EvaluationReturned
  | EvaluationForwardedToCommittee
  | EvaluationFinalized
  | EvaluationReopened
  | HearingRecorded
  | EvidenceAttached
  | EvidenceRemoved;
export type EvaluationEventType = EvaluationEvent['type'];

// ---- context ----

/** The 実施項目 as the plan stands when the command is decided (see `itemContext`). */
export type EvaluationItem = {
  id: string;
  divisionId: string;
  /** the 部 whose staff own the item: the department of the division's PromotionMeeting */
  owningDepartmentId: string;
  /** that 部's name in the catalogue, for messages */
  owningDepartmentName?: string;
  promotionMeetingId: string;
  /** the year's planned stage from the schedule (null when the schedule gives none) */
  plannedStage: string | null;
};

/** The fiscal year's settings, read from its stream (`FiscalYearOpened`). */
export type FiscalYearSettings = { fiscalYear: number; thresholds: Thresholds };

/**
 * The session a decision names, as its stream stands, and the deployment's session rules. Absent from a context:
 * no session named, no body required beyond the route table, the committee's quorum by majority.
 */
export type SessionContext = {
  meeting: (Meeting & { status: MeetingStatus }) | null;
  /** bodies whose `optional` decisions this deployment requires in session (HYOKA_SESSION_REQUIRED) */
  requiredBodies?: readonly MeetingBody[];
  /** 定足数 of the committee (HYOKA_COMMITTEE_QUORUM); null: a majority of the members invited */
  committeeQuorum?: number | null;
};

/** What decide needs beyond the command and the state: who acts, when, on which item, under which year's rules. */
export type EvaluationContext = {
  actor: Actor;
  /** ISO-8601 UTC time of the command (the caller's clock) */
  now: string;
  item: EvaluationItem;
  fiscalYear: FiscalYearSettings;
  session?: SessionContext;
  /** the catalogue's 部, for a command that names one (the hearing); without it only the owning 部 may be named */
  departments?: readonly Department[];
};
