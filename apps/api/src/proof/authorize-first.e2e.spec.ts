import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { EventStore } from '@hyoka/event-store';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SecurityLogLine } from '../auth/security-log.js';
import type { Browser } from '../testing/graphql-client.js';
import { APPROVE, APPROVE_ANNUAL_PLAN, APPROVE_MANY, CHANGE_ANNUAL_PLAN, COMMENT, SUBMIT, commentsOf, newCommandId } from '../testing/operations.js';
import { QUANTITATIVE_PLAN, act, approvedPlan, draft, submitted } from '../testing/route-helpers.js';
import { startTestApi, type TestApi } from '../testing/test-api.js';
import { EVENT_STORE } from '../tokens.js';

const FY = 2025;
const JAPANESE = /[ぁ-んァ-ヶ一-龠]/;

/**
 * docs/design.md (authorization): a person whose roles or 部 never allow a command is refused with FORBIDDEN before
 * anything of the evaluation's stream is compared, so the refusal tells them nothing of it — not its version, not
 * whether it was started, not which command ids it holds — and every refusal is an authz.denied line.
 */
describe('authorize first: FORBIDDEN before the version and the command id are compared', () => {
  let api: TestApi;
  let store: EventStore;
  let logFile: string;
  let staff: Browser;
  let otherStaff: Browser;
  let chair: Browser;
  let otherChair: Browser;

  const logLines = (): SecurityLogLine[] =>
    readFileSync(logFile, 'utf8')
      .split('\n')
      .filter(Boolean)
      .map((line) => JSON.parse(line) as SecurityLogLine);

  beforeAll(async () => {
    const dir = mkdtempSync(join(tmpdir(), 'hyoka-authz-first-'));
    logFile = join(dir, 'security.log');
    api = await startTestApi({ HYOKA_SECURITY_LOG: `file:${logFile}` }, dir);
    store = api.app.get<EventStore>(EVENT_STORE);
    [staff, otherStaff, chair, otherChair] = await api.signInAll('staff-general', 'staff-community', 'head-general', 'head-community');
  });
  afterAll(async () => {
    await api?.dispose();
  });

  const submitInput = (itemId: string, expectedVersion: number | null, commandId = newCommandId()) => ({
    input: { itemId, fiscalYear: FY, expectedVersion, commandId },
  });

  it("another 部's staff get FORBIDDEN without details whatever version they name, not CONFLICT with the stream's version", async () => {
    // I-001 and I-002 belong to 総務部; the 地域福祉部 staff member may never submit them
    const started = await draft(staff, 'I-001', FY);
    const head = await store.headPosition();
    const refusals = [
      await otherStaff.errorOf(SUBMIT, submitInput('I-001', started.version + 5)),
      await otherStaff.errorOf(SUBMIT, submitInput('I-001', null)),
      // not started: a CONFLICT would have said actualVersion null, i.e. "nobody began this one"
      await otherStaff.errorOf(SUBMIT, submitInput('I-002', 3)),
    ];
    for (const error of refusals) {
      expect(error.extensions?.code).toBe('FORBIDDEN');
      expect(error.extensions?.['details']).toBeUndefined();
      expect(error.message).toMatch(JAPANESE);
      expect(error.message).not.toMatch(/\d/);
    }
    expect(await store.headPosition()).toBe(head);

    // the owner's staff keep getting CONFLICT with both versions for a stale version
    const stale = await staff.errorOf(SUBMIT, submitInput('I-001', started.version + 5));
    expect(stale.extensions).toMatchObject({ code: 'CONFLICT', details: { expectedVersion: started.version + 5, actualVersion: started.version } });
  });

  it("reusing someone's command id on an evaluation they may not act on is FORBIDDEN, not 'used by another person'", async () => {
    const commandId = newCommandId('victim');
    const started = await draft(staff, 'I-003', FY);
    await staff.run(SUBMIT, submitInput('I-003', started.version, commandId));
    const stolen = await otherStaff.errorOf(SUBMIT, submitInput('I-003', started.version, commandId));
    expect(stolen.extensions).toEqual({ code: 'FORBIDDEN' });
    // a person who may act on it still hears that the id is someone else's
    const reused = await chair.errorOf(APPROVE, submitInput('I-003', started.version + 1, commandId));
    expect(reused.extensions).toMatchObject({ code: 'VALIDATION', details: { field: 'commandId' } });
  });

  it('every denial is an authz.denied line naming the person, the operation and the evaluation (bulk items too)', async () => {
    const mark = logLines().length;
    await otherStaff.errorOf(SUBMIT, submitInput('I-004', 7));
    const e = await submitted(staff, 'I-005', FY);
    const bulk = await otherChair.run(APPROVE_MANY, {
      input: { items: [{ itemId: 'I-005', fiscalYear: FY, expectedVersion: e.version }], commandId: newCommandId('bulk') },
    });
    expect(bulk['approveEvaluations']).toEqual([expect.objectContaining({ itemId: 'I-005', ok: false, errorCode: 'FORBIDDEN', version: null })]);
    expect(logLines().slice(mark)).toEqual([
      expect.objectContaining({
        event: 'authz.denied',
        user: 'demo-staff-community',
        loginName: 'staff-community',
        operation: 'submitEvaluation',
        target: 'evaluation-I-004-2025',
        reason: 'FORBIDDEN',
      }),
      expect.objectContaining({
        event: 'authz.denied',
        user: 'demo-head-community',
        operation: 'approveEvaluations',
        target: 'evaluation-I-005-2025',
        reason: 'FORBIDDEN',
      }),
    ]);
  });

  it('input is validated before the version: a stale version with bad input is VALIDATION, not CONFLICT', async () => {
    const e = await submitted(staff, 'I-007', FY);
    const head = await store.headPosition();
    const input = { itemId: 'I-007', fiscalYear: FY, expectedVersion: e.version - 1, commandId: newCommandId('stale') };
    const empty = await chair.errorOf(COMMENT, { input: { ...input, text: '   ' } });
    expect(empty.extensions).toMatchObject({ code: 'VALIDATION', details: { field: 'text' } });
    // good input at a stale version stays CONFLICT
    const stale = await chair.errorOf(COMMENT, { input: { ...input, commandId: newCommandId('stale'), text: '確認しました' } });
    expect(stale.extensions?.code).toBe('CONFLICT');
    expect(await store.headPosition()).toBe(head);
  });

  it('input is judged against the version the client saw: a change another person already recorded is CONFLICT, not "nothing changed"', async () => {
    const seen = await approvedPlan(staff, 'I-008', FY);
    const change = { ...QUANTITATIVE_PLAN, target: '5', reason: '目標を見直す' };
    // someone else (another tab, or a colleague through the other API process) makes the same change and has it approved
    const changed = await act(staff, CHANGE_ANNUAL_PLAN, 'I-008', FY, { expectedVersion: seen.version, ...change });
    await act(chair, APPROVE_ANNUAL_PLAN, 'I-008', FY, { expectedVersion: changed.version });
    const head = await store.headPosition();
    const input = { itemId: 'I-008', fiscalYear: FY, commandId: newCommandId('stale-change'), ...change };
    const stale = await staff.errorOf(CHANGE_ANNUAL_PLAN, { input: { ...input, expectedVersion: seen.version } });
    expect(stale.extensions).toMatchObject({ code: 'CONFLICT', details: { expectedVersion: seen.version, actualVersion: changed.version + 1 } });
    // at the current version the same change is indeed no change
    const current = await staff.errorOf(CHANGE_ANNUAL_PLAN, { input: { ...input, commandId: newCommandId('current'), expectedVersion: changed.version + 1 } });
    expect(current.extensions).toMatchObject({ code: 'VALIDATION' });
    expect(await store.headPosition()).toBe(head);
  });

  it('a command id sent again with other content is refused; with the same content it is answered as the first time', async () => {
    const started = await submitted(staff, 'I-006', FY);
    const input = { itemId: 'I-006', fiscalYear: FY, expectedVersion: started.version, commandId: newCommandId('comment'), text: '最初のコメント' };
    const first = (await chair.run(COMMENT, { input }))['commentOnEvaluation'];
    const head = await store.headPosition();
    const retry = (await chair.run(COMMENT, { input }))['commentOnEvaluation'];
    expect(retry.version).toBe(first.version);
    const changed = await chair.errorOf(COMMENT, { input: { ...input, text: '別の内容のコメント' } });
    expect(changed.extensions).toMatchObject({ code: 'VALIDATION', details: { field: 'commandId' } });
    expect(changed.message).toMatch(/内容の異なる操作/);
    expect(await store.headPosition()).toBe(head);
    expect(commentsOf(retry).map((c: { text: string }) => c.text)).toEqual(['最初のコメント']);
  });
});
