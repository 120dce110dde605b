import type { EventEmitter } from 'node:events';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { catalogueFold, handleCommand } from '@hyoka/command-handling';
import {
  canRead,
  CATALOGUE_COMMAND_TYPES,
  SHARE_FINALIZED,
  catalogueStream,
  decideCatalogue,
  EVALUATION_STATUSES,
  PERMISSIONS,
  type Actor,
  type EvaluationStatus,
  type PermittedCommandType,
  type Role,
} from '@hyoka/domain';
import type { EventStore } from '@hyoka/event-store';
import type { ProjectionRunner } from '@hyoka/projections';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BOARD_CHANGED } from '../board/board-events.js';
import { DEMO_ACCOUNTS, demoUserId } from '../bootstrap/demo-accounts.js';
import type { Browser, GraphQLResponse } from '../testing/graphql-client.js';
import { APPROVE, newCommandId } from '../testing/operations.js';
import { act, committeeSession, draft, finalized, QUANTITATIVE_PLAN, submitted, type People } from '../testing/route-helpers.js';
import { downloadPlanWorkbook, editWorkbook, IMPORT_PLAN_WORKBOOK, previewPlanWorkbook, rowOf } from '../testing/plan-workbook-client.js';
import { startTestApi, type TestApi } from '../testing/test-api.js';
import { wsSession, type WsSession } from '../testing/ws-client.js';
import { EVENT_STORE, PROJECTION_RUNNER, PUB_SUB } from '../tokens.js';

/**
 * Every mutation of the committed schema and the policy that guards it. A mutation missing here fails the first
 * test: add it, naming the domain command whose PERMISSIONS row decides who may run it (or why it needs none).
 */
const MUTATION_POLICIES: Record<
  string,
  { command: PermittedCommandType } | { yearCommand: PermittedCommandType } | { meetingCommand: PermittedCommandType } | { planCommands: readonly PermittedCommandType[] } | { open: string }
> = {
  saveAnnualPlan: { command: 'SaveAnnualPlan' },
  submitAnnualPlan: { command: 'SubmitAnnualPlan' },
  approveAnnualPlan: { command: 'ApproveAnnualPlan' },
  returnAnnualPlan: { command: 'ReturnEvaluation' },
  changeAnnualPlan: { command: 'ChangeAnnualPlan' },
  saveSelfEvaluation: { command: 'SaveSelfEvaluation' },
  submitEvaluation: { command: 'SubmitEvaluation' },
  recallEvaluation: { command: 'RecallEvaluation' },
  commentOnEvaluation: { command: 'CommentOnEvaluation' },
  addOpinion: { command: 'AddOpinion' },
  replyToComment: { command: 'ReplyToComment' },
  approveEvaluation: { command: 'ApproveEvaluation' },
  approveEvaluations: { command: 'ApproveEvaluation' },
  returnEvaluation: { command: 'ReturnEvaluation' },
  forwardToCommittee: { command: 'ForwardToCommittee' },
  forwardEvaluations: { command: 'ForwardToCommittee' },
  finalizeEvaluation: { command: 'FinalizeEvaluation' },
  reopenEvaluation: { command: 'ReopenEvaluation' },
  recordHearing: { command: 'RecordHearing' },
  // 会議: commands of a session's stream (no stage), probed for every account below
  scheduleMeeting: { meetingCommand: 'ScheduleMeeting' },
  changeAgenda: { meetingCommand: 'ChangeAgenda' },
  openMeeting: { meetingCommand: 'OpenMeeting' },
  recordAttendance: { meetingCommand: 'RecordAttendance' },
  recordMinutes: { meetingCommand: 'RecordMinutes' },
  closeMeeting: { meetingCommand: 'CloseMeeting' },
  setCommitteeOffice: { open: 'SetCommitteeOffice decided by the domain (Admin only; the matrix of the domain covers every role)' },
  // a command of the fiscal-year stream (no stage): probed for every account below
  setDueDates: { yearCommand: 'SetDueDates' },
  openFiscalYear: { yearCommand: 'OpenFiscalYear' },
  // records a previewed workbook as these catalogue commands: whoever may give all of them (with the REST routes below)
  importPlanWorkbook: { planCommands: CATALOGUE_COMMAND_TYPES.filter((type) => type !== 'ImportPlanCatalogue') },
  // records its typed changes as these catalogue commands: whoever may give all of them (probed with the workbook below)
  revisePlan: { planCommands: CATALOGUE_COMMAND_TYPES.filter((type) => type !== 'ImportPlanCatalogue') },
  // 組織: catalogue commands (Admin only in the domain's table; a 部長 refused in organisation.e2e.spec.ts)
  addDepartment: { open: 'AddDepartment decided by the domain (Admin only; refusals in organisation.e2e.spec.ts)' },
  renameDepartment: { open: 'RenameDepartment decided by the domain (Admin only)' },
  retireDepartment: { open: 'RetireDepartment decided by the domain (Admin only)' },
  addReviewBody: { open: 'AddReviewBody decided by the domain (Admin only)' },
  changeReviewBody: { open: 'ChangeReviewBody decided by the domain (Admin only)' },
  retireReviewBody: { open: 'RetireReviewBody decided by the domain (Admin only)' },
  remapDivision: { open: 'RemapDivision decided by the domain (Admin only)' },
  grantRole: { open: 'GrantRole decided by the domain (Admin only; a 部長 refused in organisation.e2e.spec.ts)' },
  revokeRole: { open: 'RevokeRole decided by the domain (Admin only)' },
  login: { open: 'signing in is what makes a session (throttled per address and login name)' },
  changeOwnPassword: { open: 'the caller’s own password only (ChangePassword as Self), with the current password; needs a session' },
  logout: { open: 'ends only the caller’s own session' },
  markNotificationsRead: { open: 'marks only the caller’s own notifications (another person’s ids mark nothing)' },
  changeNotificationSettings: { open: 'the caller’s own address and settings only (ChangeUserEmail, ChangeNotificationPreferences as Self)' },
  assignItems: { open: 'AssignItem decided by the domain per item (the owning 部の部長 only; staff, another 部の部長 and outsiders refused in assignments.e2e.spec.ts)' },
  setUserEmail: { open: 'ChangeUserEmail decided by the domain (Admin; staff refused in notifications.e2e.spec.ts)' },
};

const FY = 2025;
const OWNER = 'general-affairs';
type Verdict = 'allowed' | 'FORBIDDEN' | 'ILLEGAL_TRANSITION';

function schemaFields(typeName: string): string[] {
  const schema = readFileSync(fileURLToPath(new URL('../../schema.graphql', import.meta.url)), 'utf8');
  const body = new RegExp(`^type ${typeName} \\{\\n([\\s\\S]*?)^\\}`, 'm').exec(schema)?.[1] ?? '';
  return [...body.matchAll(/^ {2}([A-Za-z_]\w*)\s*[(:]/gm)].map((m) => m[1]!);
}

/** The table's verdict for one role (own or other 部), read off PERMISSIONS' rows. */
function tableSays(command: string, role: Role, ownDepartment: boolean, stage: EvaluationStatus): Verdict {
  const rules = Object.hasOwn(PERMISSIONS, command) ? PERMISSIONS[command as PermittedCommandType] : [];
  const mine = rules.filter((rule) => rule.principal === role && (!('department' in rule) || ownDepartment));
  if (mine.length === 0) return 'FORBIDDEN';
  return mine.some((rule) => !('stages' in rule) || (rule.stages as readonly string[]).includes(stage)) ? 'allowed' : 'ILLEGAL_TRANSITION';
}

/** A person holding several roles may do what any of them may; refused at this stage beats refused altogether. */
function verdictFor(loginName: string, command: string, stage: EvaluationStatus): Verdict {
  const account = DEMO_ACCOUNTS.find((a) => a.loginName === loginName)!;
  const verdicts = account.roles.map((r) => tableSays(command, r.role, r.departmentId === OWNER, stage));
  if (verdicts.includes('allowed')) return 'allowed';
  return verdicts.includes('ILLEGAL_TRANSITION') ? 'ILLEGAL_TRANSITION' : 'FORBIDDEN';
}

const light = (name: string, input: string) => `mutation($input: ${input}!) { ${name}(input: $input) { version stage } }`;
const BULK = (name: string, input: string) =>
  `mutation($input: ${input}!) { ${name}(input: $input) { itemId ok version errorCode errorMessage } }`;

interface Probe {
  mutation: string;
  document: string;
  bulk: boolean;
  /** the stages it is probed at (all when left out) */
  stages?: readonly EvaluationStatus[];
  /** a valid input at this stage, so that only authorization can refuse it */
  input(itemId: string, version: number | null, stage: EvaluationStatus): Record<string, unknown>;
  /** what an allowed cell's evaluation needs first (a reply: a comment to answer); returns the new version */
  prepare?(itemId: string, version: number | null, stage: EvaluationStatus): Promise<number | null>;
}

/** An evaluation of the matrix as `item/year`: 総務部's 43 items over one year are fewer than the matrix's cells. */
const evaluationAt = (key: string) => {
  const [itemId, year] = key.split('/');
  return { itemId: itemId!, fiscalYear: Number(year) };
};
const single = (key: string, version: number | null) => ({ ...evaluationAt(key), expectedVersion: version, commandId: newCommandId('authz') });
const PROBES: Probe[] = [
  {
    mutation: 'saveAnnualPlan',
    document: light('saveAnnualPlan', 'SaveAnnualPlanInput'),
    bulk: false,
    input: (i, v) => ({ ...single(i, v), method: 'quantitative', target: '6', unit: '回', direction: 'higherIsBetter', actions: '研修会を開催する' }),
  },
  { mutation: 'submitAnnualPlan', document: light('submitAnnualPlan', 'EvaluationActionInput'), bulk: false, input: (i, v) => single(i, v) },
  { mutation: 'approveAnnualPlan', document: light('approveAnnualPlan', 'EvaluationActionInput'), bulk: false, input: (i, v) => single(i, v) },
  {
    mutation: 'returnAnnualPlan',
    document: light('returnAnnualPlan', 'ReturnAnnualPlanInput'),
    bulk: false,
    // the plan's return names no target: it is probed where the plan waits for approval
    stages: ['NotStarted', 'PlanDraft', 'PlanReview', 'Draft', 'PlanChangeReview'],
    input: (i, v) => ({ ...single(i, v), reason: '目標値を見直してください' }),
  },
  {
    mutation: 'changeAnnualPlan',
    document: light('changeAnnualPlan', 'ChangeAnnualPlanInput'),
    bulk: false,
    input: (i, v) => ({ ...single(i, v), method: 'quantitative', target: '6', unit: '回', direction: 'higherIsBetter', actions: '研修会を開催する', reason: '回数を見直す' }),
  },
  {
    mutation: 'saveSelfEvaluation',
    document: light('saveSelfEvaluation', 'SaveSelfEvaluationInput'),
    bulk: false,
    input: (i, v) => ({ ...single(i, v), actual: '5', qualitativeGrade: 'B', actualStage: '実施', plannedStageReached: true, narrative: { achievements: '5回開催した' } }),
  },
  { mutation: 'submitEvaluation', document: light('submitEvaluation', 'EvaluationActionInput'), bulk: false, input: (i, v) => single(i, v) },
  { mutation: 'recallEvaluation', document: light('recallEvaluation', 'EvaluationActionInput'), bulk: false, input: (i, v) => single(i, v) },
  { mutation: 'commentOnEvaluation', document: light('commentOnEvaluation', 'CommentOnEvaluationInput'), bulk: false, input: (i, v) => ({ ...single(i, v), text: '確認しました' }) },
  { mutation: 'addOpinion', document: light('addOpinion', 'AddOpinionInput'), bulk: false, input: (i, v) => ({ ...single(i, v), opinion: '広報の方法を見直してはどうか' }) },
  {
    mutation: 'replyToComment',
    document: light('replyToComment', 'ReplyToCommentInput'),
    bulk: false,
    // an allowed reply needs a comment, which only a reviewing stage gets (自己評価作成中 and 計画作成中: the domain's table spec)
    stages: ['NotStarted', 'PlanReview', 'PlanChangeReview', 'PromotionMeetingReview', 'ManagersMeetingReview', 'CommitteeReview', 'Finalized'],
    input: (i, v) => ({ ...single(i, v), commentNumber: 1, reply: '根拠資料を追加しました' }),
    prepare: (i, v, stage) => commentAt(i, v, stage),
  },
  { mutation: 'approveEvaluation', document: light('approveEvaluation', 'EvaluationActionInput'), bulk: false, input: (i, v) => single(i, v) },
  {
    mutation: 'returnEvaluation',
    document: light('returnEvaluation', 'ReturnEvaluationInput'),
    bulk: false,
    input: (i, v, stage) => ({
      ...single(i, v),
      toStage: stage === 'CommitteeReview' ? 'ManagersMeetingReview' : stage === 'PlanReview' ? 'PlanDraft' : 'Draft',
      reason: '再確認をお願いします',
    }),
  },
  { mutation: 'forwardToCommittee', document: light('forwardToCommittee', 'ForwardToCommitteeInput'), bulk: false, input: (i, v) => ({ ...single(i, v), proposedGrade: 'A' }) },
  {
    mutation: 'finalizeEvaluation',
    document: light('finalizeEvaluation', 'FinalizeEvaluationInput'),
    bulk: false,
    // an allowed cell decides in a committee session opened for its evaluation; a refused one is refused before its session is read
    input: (i, v) => ({ ...single(i, v), overallGrade: 'A', rationale: '聞き取りで確認した', meetingId: sessionOf.get(i) ?? 'm-no-session' }),
    prepare: (i, v) => inSession(i, v),
  },
  {
    mutation: 'reopenEvaluation',
    document: light('reopenEvaluation', 'ReopenEvaluationInput'),
    bulk: false,
    input: (i, v) => ({ ...single(i, v), reason: '再審査', meetingId: sessionOf.get(i) ?? 'm-no-session' }),
    prepare: (i, v) => inSession(i, v),
  },
  {
    mutation: 'recordHearing',
    document: light('recordHearing', 'RecordHearingInput'),
    bulk: false,
    input: (i, v) => ({ ...single(i, v), departmentId: OWNER, people: ['総務部 担当職員'], heardOn: '2026-05-20', summary: '実施状況を聞き取った' }),
  },
  {
    mutation: 'approveEvaluations',
    document: BULK('approveEvaluations', 'ApproveEvaluationsInput'),
    bulk: true,
    input: (i, v) => ({ items: [{ ...evaluationAt(i), expectedVersion: v }], commandId: newCommandId('authz-bulk') }),
  },
  {
    mutation: 'forwardEvaluations',
    document: BULK('forwardEvaluations', 'ForwardEvaluationsInput'),
    bulk: true,
    input: (i, v) => ({ items: [{ ...evaluationAt(i), expectedVersion: v }], commandId: newCommandId('authz-bulk') }),
  },
];

/** The committee session opened for an evaluation (`item/year`) of an allowed cell. */
const sessionOf = new Map<string, string>();
/** Set by the suite: opens a committee session (every member present) with the evaluation on its agenda. */
let inSession: (key: string, version: number | null) => Promise<number | null> = async () => {
  throw new Error('the suite has not started');
};

/** Set by the suite: a reviewer of `stage` comments on the evaluation (what a reply answers); the new version. */
let commentAt: (key: string, version: number | null, stage: EvaluationStatus) => Promise<number | null> = async () => {
  throw new Error('the suite has not started');
};

const LOGINS = DEMO_ACCOUNTS.map((a) => a.loginName);
// 総務部's items (法人経営部門 and 施設・介護サービス部門): one per allowed cell, one shared per stage for the refusals
const GENERAL_ITEMS = Array.from({ length: 43 }, (_, i) => `I-${String(i + 1).padStart(3, '0')}`);
// the evaluations the matrix brings to its stages: FY2026's first, so the last taken (the board subscription's) is FY2025's
const GENERAL_EVALUATIONS = [...GENERAL_ITEMS.map((i) => `${i}/2026`), ...GENERAL_ITEMS.map((i) => `${i}/${FY}`)];

describe('authorization over HTTP: the policy table, every mutation, every demo account, every stage', () => {
  let api: TestApi;
  let store: EventStore;
  let people: People;
  const browsers = new Map<string, Browser>();
  const spare = [...GENERAL_EVALUATIONS];

  beforeAll(async () => {
    api = await startTestApi();
    store = api.app.get<EventStore>(EVENT_STORE);
    for (const loginName of LOGINS) browsers.set(loginName, await api.signIn(loginName));
    people = {
      staff: browsers.get('staff-general')!,
      chair: browsers.get('head-general')!,
      secretaryGeneral: browsers.get('secretary-general')!,
      committee: browsers.get('committee-1')!,
    };
    inSession = async (key, version) => {
      const { itemId, fiscalYear } = evaluationAt(key);
      sessionOf.set(key, (await committeeSession(people.committee, [itemId], fiscalYear)).meetingId);
      return version;
    };
    commentAt = async (key, version, stage) => {
      const reviewer = stage === 'ManagersMeetingReview' ? people.secretaryGeneral : stage === 'CommitteeReview' ? people.committee : people.chair;
      const { itemId, fiscalYear } = evaluationAt(key);
      const e = await act(reviewer, light('commentOnEvaluation', 'CommentOnEvaluationInput'), itemId, fiscalYear, { expectedVersion: version, text: '確認してください' });
      return e.version as number;
    };
  });
  afterAll(async () => {
    await api?.dispose();
  });

  /** An evaluation of 総務部 brought to `stage`, and its version. */
  async function itemAt(stage: EvaluationStatus): Promise<{ itemId: string; version: number | null }> {
    const key = spare.shift();
    if (!key) throw new Error('every 総務部 item is in use: the matrix needs fewer fresh items or another 部');
    const { itemId, fiscalYear } = evaluationAt(key);
    const { staff, chair, secretaryGeneral } = people;
    let e: Record<string, any> | undefined;
    switch (stage) {
      case 'NotStarted':
        return { itemId: key, version: null };
      case 'PlanDraft':
        e = await act(staff, light('saveAnnualPlan', 'SaveAnnualPlanInput'), itemId, fiscalYear, { expectedVersion: null, ...QUANTITATIVE_PLAN });
        break;
      case 'PlanReview': {
        const saved = await act(staff, light('saveAnnualPlan', 'SaveAnnualPlanInput'), itemId, fiscalYear, { expectedVersion: null, ...QUANTITATIVE_PLAN });
        e = await act(staff, light('submitAnnualPlan', 'EvaluationActionInput'), itemId, fiscalYear, { expectedVersion: saved.version });
        break;
      }
      case 'PlanChangeReview':
        e = await act(staff, light('changeAnnualPlan', 'ChangeAnnualPlanInput'), itemId, fiscalYear, {
          expectedVersion: (await draft(staff, itemId, fiscalYear)).version,
          ...QUANTITATIVE_PLAN,
          target: '5',
          reason: '回数を見直す',
        });
        break;
      case 'Draft':
        e = await draft(staff, itemId, fiscalYear);
        break;
      case 'PromotionMeetingReview':
        e = await submitted(staff, itemId, fiscalYear);
        break;
      case 'ManagersMeetingReview':
        e = await act(chair, APPROVE, itemId, fiscalYear, { expectedVersion: (await submitted(staff, itemId, fiscalYear)).version });
        break;
      case 'CommitteeReview': {
        const approved = await act(chair, APPROVE, itemId, fiscalYear, { expectedVersion: (await submitted(staff, itemId, fiscalYear)).version });
        e = await act(secretaryGeneral, light('forwardToCommittee', 'ForwardToCommitteeInput'), itemId, fiscalYear, { expectedVersion: approved.version, proposedGrade: 'A' });
        break;
      }
      case 'Finalized':
        e = await finalized(people, itemId, fiscalYear);
        break;
    }
    return { itemId: key, version: e!.version as number };
  }

  const outcome = (probe: Probe, response: GraphQLResponse<Record<string, unknown>>): string => {
    if (response.errors?.length) return response.errors[0]!.extensions?.code ?? '?';
    if (!probe.bulk) return 'allowed';
    const [result] = response.data![probe.mutation] as { ok: boolean; errorCode: string | null }[];
    return result!.ok ? 'allowed' : (result!.errorCode ?? '?');
  };

  it('every mutation of the schema has a policy, and every policy names a command of the table', () => {
    const mutations = schemaFields('Mutation');
    expect(mutations.length).toBeGreaterThan(10);
    expect(mutations.filter((m) => !MUTATION_POLICIES[m]), 'mutations without a policy').toEqual([]);
    expect(Object.keys(MUTATION_POLICIES).filter((m) => !mutations.includes(m)), 'policies of mutations that are gone').toEqual([]);
    for (const policy of Object.values(MUTATION_POLICIES)) {
      if ('command' in policy) expect(Object.hasOwn(PERMISSIONS, policy.command)).toBe(true);
      if ('yearCommand' in policy) expect(Object.hasOwn(PERMISSIONS, policy.yearCommand)).toBe(true);
      if ('meetingCommand' in policy) expect(Object.hasOwn(PERMISSIONS, policy.meetingCommand)).toBe(true);
      if ('planCommands' in policy) for (const command of policy.planCommands) expect(Object.hasOwn(PERMISSIONS, command)).toBe(true);
    }
    // each evaluation mutation is probed below
    expect(PROBES.map((p) => p.mutation).sort()).toEqual(Object.keys(MUTATION_POLICIES).filter((m) => 'command' in MUTATION_POLICIES[m]!).sort());
  });

  it('openFiscalYear: only whom the table allows gets past the permission (the open year then refuses as a transition), a refusal records nothing', async () => {
    const OPEN_YEAR = `mutation($input: OpenFiscalYearInput!) { openFiscalYear(input: $input) { fiscalYear } }`;
    const verdicts = LOGINS.map((loginName) => ({ loginName, expected: verdictFor(loginName, 'OpenFiscalYear', 'NotStarted') }));
    expect(verdicts.filter((v) => v.expected === 'allowed').map((v) => v.loginName)).toEqual(['admin']);
    for (const { loginName, expected } of verdicts) {
      const head = await store.headPosition();
      const response = await browsers.get(loginName)!.send(OPEN_YEAR, { input: { fiscalYear: FY, commandId: `open-${loginName}` } });
      // FY is open since the first start: the one allowed is refused by the year itself, not by the table
      expect(response.errors?.[0]?.extensions?.code, `${loginName} openFiscalYear`).toBe(expected === 'allowed' ? 'ILLEGAL_TRANSITION' : expected);
      expect(await store.headPosition()).toBe(head);
    }
  });

  it('会議: each account schedules and runs a committee session exactly as the table and the chair rule allow, and a refusal records nothing', async () => {
    const MEETING_DOC = (name: string, input: string) => `mutation($input: ${input}!) { ${name}(input: $input) { meetingId version status } }`;
    // the table admits 管理者, 事務局長, 部長 and 評価検証委員 to sessions at all; a committee session is run by its members
    // (before a chair exists), then by its chair, the 事務局長 and the administrator
    const holds = (loginName: string, ...roles: Role[]) => DEMO_ACCOUNTS.find((a) => a.loginName === loginName)!.roles.some((r) => roles.includes(r.role));
    for (const loginName of LOGINS) {
      const head = await store.headPosition();
      const response = await browsers.get(loginName)!.send(MEETING_DOC('scheduleMeeting', 'ScheduleMeetingInput'), {
        input: { body: 'committee', fiscalYear: FY, date: '2026-05-20', place: '本会', agenda: [], commandId: newCommandId('authz-mtg') },
      });
      const expected = holds(loginName, 'Admin', 'SecretaryGeneral', 'CommitteeMember') ? 'allowed' : 'FORBIDDEN';
      expect(response.errors?.[0]?.extensions?.code ?? 'allowed', `${loginName} scheduleMeeting`).toBe(expected);
      if (expected === 'FORBIDDEN') expect(await store.headPosition()).toBe(head);
    }
    // a session chaired by committee-1: each running operation by every account
    const runs: [string, string, (m: { meetingId: string; version: number }) => Record<string, unknown>][] = [
      ['changeAgenda', 'ChangeAgendaInput', (m) => ({ meetingId: m.meetingId, expectedVersion: m.version, agenda: ['I-001'] })],
      ['openMeeting', 'MeetingActionInput', (m) => ({ meetingId: m.meetingId, expectedVersion: m.version })],
      ['recordAttendance', 'RecordAttendanceInput', (m) => ({ meetingId: m.meetingId, expectedVersion: m.version, present: [demoUserId('committee-1')] })],
      ['recordMinutes', 'RecordMinutesInput', (m) => ({ meetingId: m.meetingId, expectedVersion: m.version, minutes: '議事録' })],
      ['closeMeeting', 'MeetingActionInput', (m) => ({ meetingId: m.meetingId, expectedVersion: m.version })],
    ];
    const chairOf = browsers.get('committee-1')!;
    const schedule = async () =>
      (await chairOf.run(MEETING_DOC('scheduleMeeting', 'ScheduleMeetingInput'), {
        input: { body: 'committee', fiscalYear: FY, date: '2026-05-21', place: '本会', agenda: [], commandId: newCommandId('authz-mtg') },
      })).scheduleMeeting as { meetingId: string; version: number; status: string };
    const step = async (m: { meetingId: string; version: number }, index: number) => {
      let current = m;
      for (const [name, input, vars] of runs.slice(0, index)) {
        current = (await chairOf.run(MEETING_DOC(name, input), { input: { ...vars({ meetingId: current.meetingId, version: current.version }), commandId: newCommandId('authz-mtg') } }))[name];
      }
      return current;
    };
    for (const [index, [name, input, vars]] of runs.entries()) {
      for (const loginName of LOGINS) {
        const m = await step(await schedule(), index);
        const head = await store.headPosition();
        const { meetingId, version } = m;
        const response = await browsers.get(loginName)!.send(MEETING_DOC(name, input), { input: { ...vars({ meetingId, version }), commandId: newCommandId('authz-mtg') } });
        const expected = loginName === 'committee-1' || holds(loginName, 'Admin', 'SecretaryGeneral') ? 'allowed' : 'FORBIDDEN';
        expect(response.errors?.[0]?.extensions?.code ?? 'allowed', `${loginName} ${name}`).toBe(expected);
        if (expected === 'FORBIDDEN') expect(await store.headPosition()).toBe(head);
      }
    }
  });

  it('the plan workbook (GET /plan/workbook.xlsx, POST /plan/workbook/preview, importPlanWorkbook) and revisePlan: exactly whom the table allows, and a refusal records nothing', async () => {
    const { planCommands } = MUTATION_POLICIES['importPlanWorkbook'] as { planCommands: readonly PermittedCommandType[] };
    const verdicts = LOGINS.map((loginName) => ({
      loginName,
      expected: planCommands.every((command) => verdictFor(loginName, command, 'NotStarted') === 'allowed') ? 'allowed' : 'FORBIDDEN',
    }));
    expect(verdicts.filter((v) => v.expected === 'allowed').map((v) => v.loginName)).toEqual(['admin']);
    const admin = browsers.get('admin')!;
    const exported = (await downloadPlanWorkbook(api.url, admin)).body;
    const edited = await editWorkbook(exported, (wb) => {
      const ws = wb.getWorksheet('実施項目')!;
      ws.getCell(rowOf(ws, 'I-090'), 2).value = '名称の見直し(権限の確認)';
    });
    const adminPreview = (await previewPlanWorkbook(api.url, admin, edited)).json();
    for (const { loginName, expected } of verdicts) {
      const who = browsers.get(loginName)!;
      const head = await store.headPosition();
      const download = await downloadPlanWorkbook(api.url, who);
      const preview = await previewPlanWorkbook(api.url, who, edited);
      const previewId = expected === 'allowed' ? adminPreview.previewId : 'not-theirs';
      const confirm = await who.send(IMPORT_PLAN_WORKBOOK, { input: { previewId, reason: '見直し', approvedBy: '理事会', commandId: newCommandId('authz-plan') } });
      const got = [download.status, preview.status, confirm.errors?.length ? confirm.errors[0]!.extensions?.code : 'allowed'];
      expect(got, `${loginName} plan workbook: ${JSON.stringify(confirm.errors)}`).toEqual(expected === 'allowed' ? [200, 200, 'allowed'] : [403, 403, 'FORBIDDEN']);
      if (expected === 'allowed') expect(await store.headPosition()).toBeGreaterThan(head);
      else expect(await store.headPosition()).toBe(head);
    }
    for (const { loginName, expected } of verdicts) {
      const who = browsers.get(loginName)!;
      const head = await store.headPosition();
      const { plan } = await admin.run(`query { plan { revision } }`);
      const changes = [{ kind: 'RenameTopic', topicId: 'corporate-management/6', name: `広報活動と情報の発信(${loginName})` }];
      const input = { reason: '見直し', approvedBy: '理事会', expectedRevision: plan.revision, changes, commandId: newCommandId('authz-revise') };
      const response = await who.send(`mutation($input: RevisePlanInput!) { revisePlan(input: $input) { recordedChanges } }`, { input });
      expect(response.errors?.length ? response.errors[0]!.extensions?.code : 'allowed', `${loginName} revisePlan`).toBe(expected);
      if (expected === 'allowed') expect(await store.headPosition()).toBeGreaterThan(head);
      else expect(await store.headPosition()).toBe(head);
    }
  });

  let cellsChecked = 0;
  it.each(EVALUATION_STATUSES)('at %s: each account may run exactly what the table allows, and a refusal records nothing', async (stage) => {
    const refusals: { probe: Probe; loginName: string; expected: Verdict }[] = [];
    const allowed: { probe: Probe; loginName: string }[] = [];
    for (const probe of PROBES) {
      // a bulk item names the version it saw as an Int: it cannot name a stream not started yet
      if (probe.bulk && stage === 'NotStarted') continue;
      if (probe.stages && !probe.stages.includes(stage)) continue;
      const command = (MUTATION_POLICIES[probe.mutation] as { command: string }).command;
      for (const loginName of LOGINS) {
        const expected = verdictFor(loginName, command, stage);
        if (expected === 'allowed') allowed.push({ probe, loginName });
        else refusals.push({ probe, loginName, expected });
      }
    }
    expect(allowed.length).toBeLessThan(refusals.length);

    // the refusals, all at once, on one evaluation at this stage: exactly the table's code, nothing recorded
    const shared = await itemAt(stage);
    const before = await store.headPosition();
    const answers = await Promise.all(
      refusals.map(async (cell) => {
        const response = await browsers.get(cell.loginName)!.send(cell.probe.document, { input: cell.probe.input(shared.itemId, shared.version, stage) });
        return { ...cell, got: outcome(cell.probe, response) };
      }),
    );
    expect(answers.filter((a) => a.got !== a.expected).map((a) => `${a.loginName} ${a.probe.mutation}: table ${a.expected}, API ${a.got}`)).toEqual([]);
    expect(await store.headPosition()).toBe(before);

    // each allowed cell on its own evaluation at this stage: it succeeds and records
    for (const cell of allowed) {
      const target = await itemAt(stage);
      if (cell.probe.prepare) target.version = await cell.probe.prepare(target.itemId, target.version, stage);
      const head = await store.headPosition();
      const response = await browsers.get(cell.loginName)!.send(cell.probe.document, { input: cell.probe.input(target.itemId, target.version, stage) });
      expect(outcome(cell.probe, response), `${cell.loginName} ${cell.probe.mutation} at ${stage}: ${JSON.stringify(response.errors ?? response.data)}`).toBe('allowed');
      expect(await store.headPosition(), `${cell.loginName} ${cell.probe.mutation}`).toBeGreaterThan(head);
    }
    cellsChecked += refusals.length + allowed.length;
  });

  it('boardChanged delivers to each subscriber exactly the changes of the items they may read', async () => {
    const sessions = new Map<string, WsSession>();
    const received = new Map<string, { itemId: string | null; type: string }[]>();
    const sentinelSeen = new Map<string, Promise<void>>();
    const SUBSCRIPTION = `subscription($fiscalYear: Int!) { boardChanged(fiscalYear: $fiscalYear) { itemId type } }`;
    // a dozen people watching the board is ordinary: no "possible memory leak" warning for it
    const warnings: Error[] = [];
    const onWarning = (warning: Error) => void warnings.push(warning);
    process.on('warning', onWarning);
    for (const loginName of LOGINS) {
      const session = wsSession(api.url, browsers.get(loginName)!.cookieHeader());
      sessions.set(loginName, session);
      received.set(loginName, []);
      sentinelSeen.set(
        loginName,
        new Promise((resolve, reject) => {
          session.client.subscribe<{ boardChanged: { itemId: string | null; type: string } }>(
            { query: SUBSCRIPTION, variables: { fiscalYear: FY } },
            {
              next: ({ data }) => {
                received.get(loginName)!.push(data!.boardChanged);
                if (data!.boardChanged.type === 'PlanItemRenamed') resolve();
              },
              error: reject,
              complete: () => undefined,
            },
          );
        }),
      );
    }
    try {
      const pubSub = api.app.get<{ ee: EventEmitter }>(PUB_SUB);
      while (pubSub.ee.listenerCount(BOARD_CHANGED) < LOGINS.length) await new Promise((resolve) => setTimeout(resolve, 5));

      // one change in each 部
      const changes = [
        { itemId: evaluationAt(spare.pop() ?? 'none left/0').itemId, department: 'general-affairs', staff: 'staff-general' },
        { itemId: 'I-060', department: 'community-welfare', staff: 'staff-community' },
        { itemId: 'I-085', department: 'livelihood-support', staff: 'staff-livelihood' },
      ];
      for (const change of changes) {
        await act(browsers.get(change.staff)!, light('saveAnnualPlan', 'SaveAnnualPlanInput'), change.itemId, FY, { expectedVersion: null, method: 'qualitative' });
      }
      // then a plan revision, which every subscriber hears of: once it arrives, everything before it has too
      const admin: Actor = { userId: demoUserId('admin'), displayName: '管理者', roles: [{ role: 'Admin', departmentId: null }] };
      const now = new Date().toISOString();
      const rename = { type: 'RenameItem', data: { itemId: 'I-094', name: '名称の整理(テスト)', reason: '購読の確認', approvedBy: '理事会' } } as const;
      const { position } = await handleCommand(store, catalogueStream(), (state) => decideCatalogue(rename, state, { actor: admin, now }), {
        fold: catalogueFold,
        provenance: { actor: admin.userId, commandId: newCommandId('revision'), occurredAt: now },
      });
      if (position === null) throw new Error('nothing recorded');
      await api.app.get<ProjectionRunner>(PROJECTION_RUNNER).waitForPosition(position);
      await Promise.all(sentinelSeen.values());
      expect(warnings.map((w) => `${w.name}: ${w.message}`)).toEqual([]);

      for (const loginName of LOGINS) {
        const account = DEMO_ACCOUNTS.find((a) => a.loginName === loginName)!;
        const viewer: Actor = { userId: demoUserId(loginName), roles: account.roles };
        const expected = changes.filter((c) => canRead(viewer, { owningDepartmentId: c.department, status: 'PlanDraft' }, SHARE_FINALIZED)).map((c) => c.itemId);
        const heard = received.get(loginName)!.filter((c) => c.itemId !== null).map((c) => c.itemId);
        expect(heard, loginName).toEqual(expected);
      }
      // and the table is not vacuous: someone heard everything, someone only their own 部, someone nothing of it
      expect(received.get('auditor')!.filter((c) => c.itemId)).toHaveLength(3);
      expect(received.get('staff-community')!.filter((c) => c.itemId).map((c) => c.itemId)).toEqual(['I-060']);
      expect(received.get('admin')!.filter((c) => c.itemId)).toEqual([]);
      console.log(`authorization over HTTP: ${cellsChecked} mutation × account × stage cells, ${LOGINS.length} subscribers`);
    } finally {
      process.off('warning', onWarning);
      await Promise.all([...sessions.values()].map((s) => s.dispose()));
    }
  });

  // Last: the dates it sets lie in FY2025, past today, so the reminder scheduler's next tick records a reminder for every
  // item not started — the probes above count the store's head and must not see those appends.
  it('setDueDates: each account may set the year calendar exactly when the table allows, and a refusal records nothing', async () => {
    const SET_DUE_DATES = `mutation($input: SetDueDatesInput!) { setDueDates(input: $input) { fiscalYear } }`;
    const verdicts = LOGINS.map((loginName) => ({ loginName, expected: verdictFor(loginName, 'SetDueDates', 'NotStarted') }));
    expect(verdicts.filter((v) => v.expected === 'allowed').map((v) => v.loginName)).toEqual(['admin']);
    let day = 1;
    for (const { loginName, expected } of verdicts) {
      const head = await store.headPosition();
      const date = `${FY}-05-${String(day++).padStart(2, '0')}`;
      const response = await browsers.get(loginName)!.send(SET_DUE_DATES, { input: { fiscalYear: FY, planSubmission: date } });
      const got = response.errors?.length ? response.errors[0]!.extensions?.code : 'allowed';
      expect(got, `${loginName} setDueDates`).toBe(expected);
      if (expected === 'allowed') expect(await store.headPosition()).toBeGreaterThan(head);
      else expect(await store.headPosition()).toBe(head);
    }
  });
});
