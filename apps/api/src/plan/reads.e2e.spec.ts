import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from '../testing/graphql-client.js';
import { AUDIT_LOG, BOARD, EVALUATION, INBOX, RECALL, newCommandId } from '../testing/operations.js';
import { act, finalized, submitted, type People } from '../testing/route-helpers.js';
import { startTestApi, type TestApi } from '../testing/test-api.js';

const FY = 2025;
const PLAN = `query($asOf: DateTime) {
  plan(asOf: $asOf) {
    title periodFrom periodTo asOf
    divisions { id name promotionMeetingId promotionMeetingConfigurable topics { themes { listings { itemId relisting } } } }
    items { id name divisionId schedule { fiscalYear stage continued } }
    evaluationRules { bands { grade label minPercent } }
    reviewBodies { id kind chair }
  }
}`;

describe('reading: plan, years, summary, audit log, the board as it stood, recall', () => {
  let api: TestApi;
  let people: People;
  let auditor: Browser;
  let admin: Browser;
  let startedAt: string;

  beforeAll(async () => {
    api = await startTestApi();
    const [staff, chair, secretaryGeneral, committee] = await api.signInAll(
      'staff-general',
      'head-general',
      'secretary-general',
      'committee-1',
    );
    people = { staff, chair, secretaryGeneral, committee };
    [auditor, admin] = await api.signInAll('auditor', 'admin');
    startedAt = new Date().toISOString();
  });
  afterAll(async () => {
    await api?.dispose();
  });

  it('plan: the shipped catalogue with its divisions, items and schedule; as of a time before the import there was none', async () => {
    const { plan } = await people.staff.run(PLAN);
    expect(plan).toMatchObject({ periodFrom: 2025, periodTo: 2027, asOf: null });
    expect(plan.divisions).toHaveLength(4);
    expect(plan.items).toHaveLength(94);
    expect(plan.items[1]).toMatchObject({
      id: 'I-002',
      schedule: [
        { fiscalYear: 2025, stage: '実施', continued: false },
        { fiscalYear: 2026, stage: '実施', continued: true },
        { fiscalYear: 2027, stage: '実施', continued: true },
      ],
    });
    const facilityCare = plan.divisions.find((d: any) => d.id === 'facility-care');
    expect(facilityCare).toMatchObject({ promotionMeetingId: 'general-affairs-meeting', promotionMeetingConfigurable: true });
    expect(plan.evaluationRules.bands.map((b: any) => [b.grade, b.minPercent])).toEqual([['A', 100], ['B', 80], ['C', 60], ['D', null]]);

    const { plan: now } = await people.staff.run(PLAN, { asOf: new Date().toISOString() });
    expect(now.items).toEqual(plan.items);
    const before = await people.staff.errorOf(PLAN, { asOf: '2020-01-01' });
    expect(before.extensions?.code).toBe('NOT_FOUND');
  });

  it('fiscalYears: the three plan years, opened with the 第3章 thresholds', async () => {
    const { fiscalYears } = await people.staff.run(`query { fiscalYears { fiscalYear label thresholds { A B C } } }`);
    expect(fiscalYears).toEqual([
      { fiscalYear: 2025, label: '令和7年度(2025年度)', thresholds: { A: 100, B: 80, C: 60 } },
      { fiscalYear: 2026, label: '令和8年度(2026年度)', thresholds: { A: 100, B: 80, C: 60 } },
      { fiscalYear: 2027, label: '令和9年度(2027年度)', thresholds: { A: 100, B: 80, C: 60 } },
    ]);
  });

  it('recall: the submitter pulls work back until the chair acts, not after', async () => {
    const e = await submitted(people.staff, 'I-006', FY);
    const recalled = await act(people.staff, RECALL, 'I-006', FY, { expectedVersion: e.version });
    expect(recalled).toMatchObject({
      stage: 'Draft',
      route: [{ action: 'PlanSubmitted' }, { action: 'PlanApproved' }, { action: 'Submitted' }, { action: 'Recalled' }],
    });

    const again = await act(people.staff, `mutation($input: EvaluationActionInput!) { submitEvaluation(input: $input) { version } }`, 'I-006', FY, {
      expectedVersion: recalled.version,
    });
    const approved = await act(people.chair, `mutation($input: EvaluationActionInput!) { approveEvaluation(input: $input) { version } }`, 'I-006', FY, {
      expectedVersion: again.version,
    });
    const late = await people.staff.errorOf(RECALL, {
      input: { itemId: 'I-006', fiscalYear: FY, expectedVersion: approved.version, commandId: newCommandId() },
    });
    expect(late.extensions?.code).toBe('ILLEGAL_TRANSITION');
  });

  it('gradeSummary counts finalised grades per 部門 and year', async () => {
    await finalized(people, 'I-007', FY);
    const { gradeSummary } = await auditor.run(
      `query { gradeSummary { divisionId fiscalYear evaluations finalized final { A B C D } } }`,
    );
    expect(gradeSummary.find((r: any) => r.divisionId === 'corporate-management' && r.fiscalYear === FY)).toMatchObject({
      finalized: 1,
      final: { A: 1, B: 0, C: 0, D: 0 },
    });
    expect((await admin.run(`query { gradeSummary { divisionId } }`)).gradeSummary).toEqual([]);
  });

  it('board as of a past time is the board as it stood then', async () => {
    const { board: then } = await auditor.run(BOARD, { fiscalYear: FY, asOf: startedAt });
    expect(then.asOf).toBe(startedAt);
    expect(then.entries.every((e: any) => e.stage === 'NotStarted')).toBe(true);
    const { board: now } = await auditor.run(BOARD, { fiscalYear: FY });
    expect(now.entries.find((e: any) => e.itemId === 'I-007').stage).toBe('Finalized');
    expect(then.entries.map((e: any) => e.itemId)).toEqual(now.entries.map((e: any) => e.itemId));
  });

  it('auditLog: pages in order, filters, hides password hashes, exports CSV; only for those who read everything', async () => {
    const first = (await auditor.run(AUDIT_LOG, { paging: { limit: 5 } })).auditLog;
    expect(first.entries).toHaveLength(5);
    expect(first.entries[0]).toMatchObject({ stream: 'plan-catalogue', type: 'PlanCatalogueImported', actor: { userId: 'system' } });
    const second = (await auditor.run(AUDIT_LOG, { paging: { after: first.nextAfter, limit: 5 } })).auditLog;
    expect(BigInt(second.entries[0].position)).toBeGreaterThan(BigInt(first.entries[4].position));

    const users = (await auditor.run(AUDIT_LOG, { filter: { types: ['UserRegistered'] }, paging: { limit: 100 } })).auditLog;
    expect(users.entries).toHaveLength(12);
    expect(JSON.stringify(users)).not.toContain('$argon2id');

    const byChair = (await auditor.run(AUDIT_LOG, { filter: { actingAs: 'DepartmentHead@general-affairs' } })).auditLog;
    expect(new Set(byChair.entries.map((e: any) => e.type))).toEqual(new Set(['AnnualPlanApproved', 'EvaluationApproved']));

    const { auditLogCsv } = await auditor.run(`query { auditLogCsv(filter: { types: ["EvaluationFinalized"] }) }`);
    const lines = auditLogCsv.trim().split('\r\n');
    expect(lines[0]).toMatch(/^位置,記録日時\(日本時間\),操作,実施項目ID,年度,操作した人,立場,内容,/);
    expect(lines).toHaveLength(2);

    for (const who of [people.staff, admin]) {
      expect((await who.errorOf(AUDIT_LOG, {})).extensions?.code).toBe('FORBIDDEN');
    }
  });

  it('an admin reads no evaluation and has nothing waiting in the inbox', async () => {
    expect((await admin.run(BOARD, { fiscalYear: FY })).board.entries).toEqual([]);
    expect((await admin.run(INBOX, {})).inbox).toEqual({ total: 0, groups: [] });
    expect((await admin.errorOf(EVALUATION, { itemId: 'I-007', fiscalYear: FY })).extensions?.code).toBe('FORBIDDEN');
  });
});
