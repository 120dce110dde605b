/** GraphQL operations the API's tests send, written as a client would. */
export const EVALUATION_FIELDS = `
  itemId fiscalYear version stage stageLabel
  item { id name owningDepartmentId promotionMeetingId plannedStage }
  target { kind target unit direction }
  plan { planEdition target { kind target unit direction } actions approvedBy { userId displayName } approvedAt reason legacy }
  planDraft { target { kind target unit direction } actions reason by { displayName } at }
  planHistory { planEdition target { target unit } actions reason }
  gradedPlanEdition
  selfEvaluation { planEdition actual quantitativeGrade achievementPercent qualitativeGrade actualStage plannedStageReached stageLag
    narrative { achievements issues nextYear } evidenceLinks }
  selfGrade { grade label } proposedGrade { grade label } proposedReason finalGrade { grade label } finalRationale finalReason
  recallable openReturn { action reason by { displayName } }
  route { action from to by { userId displayName } actingAs actingAsLabel at reason batchId meeting { meetingId body attendees { userId displayName } } }
  comments { totalCount pageInfo { hasNextPage endCursor } nodes { number stage text by { displayName } actingAsLabel replies { commentNumber text by { displayName } actingAsLabel } } }
  opinions { number stage text by { displayName } actingAsLabel }
  hearings { number departmentId departmentName people heardOn summary meetingId by { displayName } at }
  editions { edition kind by { displayName } at content { target { target } selfEvaluation { actual quantitativeGrade } proposedGrade overallGrade } }
  history { totalCount pageInfo { hasNextPage endCursor } nodes { revision position type summary by { userId displayName } actingAs actingAsLabel at recordedAt stageBefore stageAfter reason comment editionNumber } }
  routeCount opinionCount editionCount planEditionCount
  allowedActions asOf
`;

/** The history and comments of an answer with EVALUATION_FIELDS (their first pages), oldest first as the tests read them. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export const historyOf = (evaluation: any): any[] => [...evaluation.history.nodes].reverse();
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export const commentsOf = (evaluation: any): any[] => [...evaluation.comments.nodes].reverse();

export const EVALUATION = `query($itemId: ID!, $fiscalYear: Int!, $asOf: DateTime) {
  evaluation(itemId: $itemId, fiscalYear: $fiscalYear, asOf: $asOf) { ${EVALUATION_FIELDS} }
}`;

const mutation = (name: string, input: string) =>
  `mutation($input: ${input}!) { ${name}(input: $input) { ${EVALUATION_FIELDS} } }`;

export const SAVE_ANNUAL_PLAN = mutation('saveAnnualPlan', 'SaveAnnualPlanInput');
export const SUBMIT_ANNUAL_PLAN = mutation('submitAnnualPlan', 'EvaluationActionInput');
export const APPROVE_ANNUAL_PLAN = mutation('approveAnnualPlan', 'EvaluationActionInput');
export const RETURN_ANNUAL_PLAN = mutation('returnAnnualPlan', 'ReturnAnnualPlanInput');
export const CHANGE_ANNUAL_PLAN = mutation('changeAnnualPlan', 'ChangeAnnualPlanInput');
export const SAVE_SELF_EVALUATION = mutation('saveSelfEvaluation', 'SaveSelfEvaluationInput');
export const SUBMIT = mutation('submitEvaluation', 'EvaluationActionInput');
export const RECALL = mutation('recallEvaluation', 'EvaluationActionInput');
export const COMMENT = mutation('commentOnEvaluation', 'CommentOnEvaluationInput');
export const ADD_OPINION = mutation('addOpinion', 'AddOpinionInput');
export const REPLY_TO_COMMENT = mutation('replyToComment', 'ReplyToCommentInput');
export const APPROVE = mutation('approveEvaluation', 'EvaluationActionInput');
export const RETURN = mutation('returnEvaluation', 'ReturnEvaluationInput');
export const FORWARD = mutation('forwardToCommittee', 'ForwardToCommitteeInput');
export const FINALIZE = mutation('finalizeEvaluation', 'FinalizeEvaluationInput');
export const REOPEN = mutation('reopenEvaluation', 'ReopenEvaluationInput');
export const RECORD_HEARING = mutation('recordHearing', 'RecordHearingInput');

/** 会議 */
export const MEETING_FIELDS = `
  meetingId body bodyLabel departmentId fiscalYear date place chair { userId displayName } invited { userId displayName }
  present { userId displayName } quorum agenda { itemId itemName stage version } minutes status statusLabel version
  decisions { itemId fiscalYear type summary by { displayName } at }
`;
const meetingMutation = (name: string, input: string) => `mutation($input: ${input}!) { ${name}(input: $input) { ${MEETING_FIELDS} } }`;
export const SCHEDULE_MEETING = meetingMutation('scheduleMeeting', 'ScheduleMeetingInput');
export const CHANGE_AGENDA = meetingMutation('changeAgenda', 'ChangeAgendaInput');
export const OPEN_MEETING = meetingMutation('openMeeting', 'MeetingActionInput');
export const RECORD_ATTENDANCE = meetingMutation('recordAttendance', 'RecordAttendanceInput');
export const RECORD_MINUTES = meetingMutation('recordMinutes', 'RecordMinutesInput');
export const CLOSE_MEETING = meetingMutation('closeMeeting', 'MeetingActionInput');
export const MEETING = `query($meetingId: ID!) { meeting(meetingId: $meetingId) { ${MEETING_FIELDS} } }`;
export const MEETINGS = `query($fiscalYear: Int!, $body: MeetingBody) { meetings(fiscalYear: $fiscalYear, body: $body) { ${MEETING_FIELDS} } }`;
export const APPROVE_MANY = `mutation($input: ApproveEvaluationsInput!) {
  approveEvaluations(input: $input) { itemId fiscalYear ok version errorCode errorMessage }
}`;

export const BOARD = `query($fiscalYear: Int!, $asOf: DateTime) {
  board(fiscalYear: $fiscalYear, asOf: $asOf) {
    fiscalYear asOf
    entries { itemId itemName owningDepartmentId stage stageLabel selfGrade proposedGrade finalGrade version
      lastActor { displayName } lastActingAs returnedReason recallable }
  }
}`;

export const INBOX = `query($fiscalYear: Int) {
  inbox(fiscalYear: $fiscalYear) { total groups { stage count items { itemId fiscalYear action actingAs version returnedReason } } }
}`;

export const AUDIT_LOG = `query($filter: AuditLogFilterInput, $paging: PagingInput) {
  auditLog(filter: $filter, paging: $paging) {
    nextAfter
    entries { position stream revision type actor { userId displayName } actingAs commandId correlationId causationId occurredAt recordedAt data }
  }
}`;

let counter = 0;
/** A fresh command id, as a client would make one per user action. */
export const newCommandId = (label = 'cmd'): string => `${label}-${process.pid}-${Date.now()}-${++counter}`;
