import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from '../testing/graphql-client.js';
import { BOARD, EVALUATION } from '../testing/operations.js';
import { draft, finalized, type People } from '../testing/route-helpers.js';
import { startTestApi, type TestApi } from '../testing/test-api.js';

const FY = 2025;
const FINAL = 'I-005'; // 法人経営部門 (総務部): taken to 確定
const DRAFT = 'I-006'; // 法人経営部門 (総務部): left in 自己評価作成中
const TREND = `query($itemId: ID!) { itemTrend(itemId: $itemId) { itemId years { fiscalYear stage } } }`;
const REPORT = `query($fiscalYear: Int!, $divisionId: ID) {
  annualReport(fiscalYear: $fiscalYear, divisionId: $divisionId) { divisions { rows { itemId stage } } }
}`;

/** 全職員で共有 (issue 13 point 7) under both settings of HYOKA_SHARE_FINALIZED, through the real store. */
describe.each([
  ['on (the default)', {}, true],
  ['off', { HYOKA_SHARE_FINALIZED: '0' }, false],
] as const)('read sharing %s', (_name, env, shared) => {
  let api: TestApi;
  let outsider: Browser;
  let thirdStaff: Browser;
  let people: People;

  beforeAll(async () => {
    api = await startTestApi(env);
    const [staff, chair, secretaryGeneral, committee] = await api.signInAll('staff-general', 'head-general', 'secretary-general', 'committee-1');
    people = { staff, chair, secretaryGeneral, committee };
    // staff of 地域福祉部 and 生活支援部 (every demo 部長 is also a 管理職, who reads every 部)
    [outsider, thirdStaff] = await api.signInAll('staff-community', 'staff-livelihood');
    await finalized(people, FINAL, FY);
    await draft(staff, DRAFT, FY);
  });
  afterAll(() => api?.dispose());

  it(`staff of another 部 ${shared ? 'read' : 'do not read'} a finalised item; never a draft`, async () => {
    const final = await outsider.send(EVALUATION, { itemId: FINAL, fiscalYear: FY });
    if (shared) {
      expect(final.errors).toBeUndefined();
      expect((final.data as any).evaluation).toMatchObject({ stage: 'Finalized', finalGrade: { grade: 'A' }, allowedActions: [] });
    } else {
      expect(final.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    }
    const unfinished = await outsider.errorOf(EVALUATION, { itemId: DRAFT, fiscalYear: FY });
    expect(unfinished.extensions?.code).toBe('FORBIDDEN');
    expect(unfinished.message).toContain('閲覧する権限がありません');
  });

  it(`the board of another 部's staff ${shared ? 'shows the finalised item only' : 'shows none of 総務部'}`, async () => {
    const entries = (await thirdStaff.run(BOARD, { fiscalYear: FY })).board.entries as { itemId: string; stage: string }[];
    const general = entries.filter((e) => e.itemId === FINAL || e.itemId === DRAFT);
    expect(general).toEqual(shared ? [expect.objectContaining({ itemId: FINAL, stage: 'Finalized' })] : []);
    // their own 部's unfinished work is still theirs alone: 総務部 staff see both of their items
    const own = (await people.staff.run(BOARD, { fiscalYear: FY })).board.entries.filter((e: { itemId: string }) => e.itemId === FINAL || e.itemId === DRAFT);
    expect(own.map((e: { itemId: string }) => e.itemId).sort()).toEqual([FINAL, DRAFT]);
  });

  it(`the item trend and the 部門's report follow the same rule`, async () => {
    const trend = await outsider.send(TREND, { itemId: FINAL });
    expect(trend.errors?.[0]?.extensions?.code ?? 'allowed').toBe(shared ? 'allowed' : 'FORBIDDEN');
    // only the finalised year of another 部's item
    if (shared) expect((trend.data as any).itemTrend.years).toEqual([{ fiscalYear: FY, stage: 'Finalized' }]);

    const report = await outsider.send(REPORT, { fiscalYear: FY, divisionId: 'corporate-management' });
    if (shared) {
      const rows = (report.data as any).annualReport.divisions.flatMap((d: any) => d.rows);
      expect(rows.map((r: { itemId: string; stage: string }) => [r.itemId, r.stage])).toEqual([[FINAL, 'Finalized']]);
    } else {
      expect(report.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    }
  });
});
