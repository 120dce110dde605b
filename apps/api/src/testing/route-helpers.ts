import { Browser } from './graphql-client.js';
import {
  APPROVE,
  APPROVE_ANNUAL_PLAN,
  FINALIZE,
  OPEN_MEETING,
  RECORD_ATTENDANCE,
  SCHEDULE_MEETING,
  FORWARD,
  SAVE_ANNUAL_PLAN,
  SAVE_SELF_EVALUATION,
  SUBMIT,
  SUBMIT_ANNUAL_PLAN,
  newCommandId,
} from './operations.js';
import { DEMO_PASSWORD } from './test-api.js';

export interface People {
  staff: Browser;
  chair: Browser;
  secretaryGeneral: Browser;
  committee: Browser;
}

type Evaluation = Record<string, any>;

export async function act(
  who: Browser,
  operation: string,
  itemId: string,
  fiscalYear: number,
  input: Record<string, unknown>,
): Promise<Evaluation> {
  const data = await who.run(operation, { input: { itemId, fiscalYear, commandId: newCommandId(), ...input } });
  return Object.values(data)[0] as Evaluation;
}

/** 定量: 4回, higher is better, with its 取組内容. */
export const QUANTITATIVE_PLAN = { method: 'quantitative', target: '4', unit: '回', direction: 'higherIsBetter', actions: '研修会を年4回開催する' };
export const QUALITATIVE_PLAN = { method: 'qualitative', actions: '手引きを見直す' };

const heads = new WeakMap<Browser, Promise<Browser>>();
/**
 * The 部長 of a demo staff member's 部 (the demo pairs staff-<部> with head-<部>), signed in once per staff browser, so
 * a test that names only staff can still have their plan approved.
 */
export function headOf(staff: Browser): Promise<Browser> {
  let head = heads.get(staff);
  if (!head) {
    const login = staff.loginName?.replace(/^staff-/, 'head-');
    if (!login || login === staff.loginName) throw new Error(`no 部長 known for ${staff.loginName ?? 'an anonymous browser'}`);
    head = (async () => {
      const browser = new Browser(staff.baseUrl);
      await browser.run(`mutation($input: LoginInput!) { login(input: $input) { userId } }`, { input: { loginName: login, password: DEMO_PASSWORD } });
      browser.loginName = login;
      return browser;
    })();
    heads.set(staff, head);
  }
  return head;
}

/** 単年度計画 drafted and submitted by staff, approved by their 部長 (計画第1版): 自己評価作成中, nothing saved yet. */
export async function approvedPlan(
  staff: Browser,
  itemId: string,
  fiscalYear: number,
  plan: Record<string, unknown> = QUANTITATIVE_PLAN,
  head?: Browser,
): Promise<Evaluation> {
  let e = await act(staff, SAVE_ANNUAL_PLAN, itemId, fiscalYear, { expectedVersion: null, ...plan });
  e = await act(staff, SUBMIT_ANNUAL_PLAN, itemId, fiscalYear, { expectedVersion: e.version });
  return act(head ?? (await headOf(staff)), APPROVE_ANNUAL_PLAN, itemId, fiscalYear, { expectedVersion: e.version });
}

/** 自己評価作成中 with an approved 定量 plan and a complete self-evaluation (actual 4 of 4 → A), not submitted. */
export async function draft(staff: Browser, itemId: string, fiscalYear: number): Promise<Evaluation> {
  const e = await approvedPlan(staff, itemId, fiscalYear);
  return act(staff, SAVE_SELF_EVALUATION, itemId, fiscalYear, {
    expectedVersion: e.version,
    actual: '4',
    qualitativeGrade: 'A',
    actualStage: '実施',
    plannedStageReached: true,
    narrative: { achievements: '計画どおり実施した' },
  });
}

export async function submitted(staff: Browser, itemId: string, fiscalYear: number): Promise<Evaluation> {
  const e = await draft(staff, itemId, fiscalYear);
  return act(staff, SUBMIT, itemId, fiscalYear, { expectedVersion: e.version });
}

type Meeting = Record<string, any>;

async function meetingAct(who: Browser, operation: string, input: Record<string, unknown>): Promise<Meeting> {
  const data = await who.run(operation, { input: { commandId: newCommandId(), ...input } });
  return Object.values(data)[0] as Meeting;
}

/**
 * 評価検証委員会の会議: scheduled by `member` with `itemIds` on its agenda, opened, and every member invited recorded
 * present (`present` names fewer, by user id, for a session without quorum). The committee decides only in one.
 */
export async function committeeSession(
  member: Browser,
  itemIds: readonly string[],
  fiscalYear: number,
  present?: (invited: string[]) => string[],
): Promise<Meeting> {
  let m = await meetingAct(member, SCHEDULE_MEETING, { body: 'committee', fiscalYear, date: '2026-05-20', place: '本会 会議室', agenda: [...itemIds] });
  m = await meetingAct(member, OPEN_MEETING, { meetingId: m.meetingId, expectedVersion: m.version });
  const invited = (m.invited as { userId: string }[]).map((p) => p.userId);
  return meetingAct(member, RECORD_ATTENDANCE, { meetingId: m.meetingId, expectedVersion: m.version, present: present ? present(invited) : invited });
}

/** 確定 by `member` in a committee session opened for the item, with quorum (every member present). */
export async function finalizedInSession(
  member: Browser,
  itemId: string,
  fiscalYear: number,
  input: { expectedVersion: number; overallGrade: string; rationale: string; reason?: string | null },
): Promise<Evaluation> {
  const session = await committeeSession(member, [itemId], fiscalYear);
  return act(member, FINALIZE, itemId, fiscalYear, { ...input, meetingId: session.meetingId });
}

/** Takes an item through the whole route to 確定 (final grade A), decided in a committee session. */
export async function finalized(people: People, itemId: string, fiscalYear: number): Promise<Evaluation> {
  let e = await submitted(people.staff, itemId, fiscalYear);
  e = await act(people.chair, APPROVE, itemId, fiscalYear, { expectedVersion: e.version });
  e = await act(people.secretaryGeneral, FORWARD, itemId, fiscalYear, { expectedVersion: e.version, proposedGrade: 'A' });
  return finalizedInSession(people.committee, itemId, fiscalYear, { expectedVersion: e.version, overallGrade: 'A', rationale: '聞き取りで確認した' });
}
