import ExcelJS from 'exceljs';
import { checkDigest, logDigest, type EventStore } from '@hyoka/event-store';
import { AUDIT_CSV_HEADER, boardAsOf } from '@hyoka/projections';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { SecurityLog } from '../auth/security-log.js';
import type { Browser } from '../testing/graphql-client.js';
import { APPROVE, FORWARD, SAVE_SELF_EVALUATION, SUBMIT } from '../testing/operations.js';
import { act, approvedPlan, finalized, QUANTITATIVE_PLAN, submitted, type People } from '../testing/route-helpers.js';
import { startTestApi, type TestApi } from '../testing/test-api.js';
import { EVENT_STORE } from '../tokens.js';

const FY = 2025;
const DIVISION_SHEETS = ['法人経営部門', '施設・介護サービス部門', '地域福祉推進部門', '生活支援推進部門'];

const REPORT = `query($fiscalYear: Int!, $divisionId: ID, $position: String) {
  annualReport(fiscalYear: $fiscalYear, divisionId: $divisionId, position: $position) {
    title scopeLabel fiscalYear divisionId xlsxUrl
    stamp { fiscalYear generatedAt position digest verifyCommand }
    total { items notStarted inProgress finalized finalGrades { A B C D } }
    divisions {
      summary { divisionId divisionName owningDepartmentId items finalized finalGrades { A B C D } selfGrades { A B C D } }
      rows { itemId itemName promotionTopic theme plannedStage targetKind target actual achievementPercent
        quantitativeGrade qualitativeGrade stageLag selfGrade proposedGrade finalGrade finalRationale stage stageLabel }
    }
  }
}`;

interface Download {
  status: number;
  headers: Headers;
  body: Buffer;
}

async function download(api: TestApi, who: Browser | null, path: string): Promise<Download> {
  const response = await fetch(`${api.url}${path}`, { headers: who ? { cookie: who.cookieHeader() } : {} });
  return { status: response.status, headers: response.headers, body: Buffer.from(await response.arrayBuffer()) };
}

const errorOf = (d: Download): { code: string; message: string } => JSON.parse(d.body.toString('utf8'));

async function openWorkbook(body: Buffer): Promise<ExcelJS.Workbook> {
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.load(body as unknown as ArrayBuffer);
  return workbook;
}

/** The cells of a sheet's rows, keyed by the header row's text. */
function rowsOf(sheet: ExcelJS.Worksheet): Record<string, unknown>[] {
  const headers = (sheet.getRow(1).values as unknown[]).slice(1).map(String);
  const rows: Record<string, unknown>[] = [];
  sheet.eachRow((row, number) => {
    if (number === 1) return;
    const values = (row.values as unknown[]).slice(1);
    rows.push(Object.fromEntries(headers.map((h, i) => [h, values[i] ?? null])));
  });
  return rows;
}

/** RFC 4180 as the CSV export writes it (quoted fields may hold commas, quotes and line breaks). */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < text.length; i += 1) {
    const c = text[i]!;
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        field += '"';
        i += 1;
      } else if (c === '"') quoted = false;
      else field += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') {
      row.push(field);
      field = '';
    } else if (c === '\r' && text[i + 1] === '\n') {
      row.push(field);
      rows.push(row);
      row = [];
      field = '';
      i += 1;
    } else field += c;
  }
  return rows;
}

describe('年度評価報告書 (.xlsx over HTTP, GraphQL for the print page) and the audit log exports', () => {
  let api: TestApi;
  let store: EventStore;
  let people: People;
  let auditor: Browser;
  let staffCommunity: Browser;
  let admin: Browser;
  /** the head once I-001 was finalised and I-002 submitted, before I-003 was started */
  let earlier: bigint;

  beforeAll(async () => {
    api = await startTestApi();
    store = api.app.get<EventStore>(EVENT_STORE);
    const [staff, chair, secretaryGeneral, committee] = await api.signInAll('staff-general', 'head-general', 'secretary-general', 'committee-1');
    people = { staff, chair, secretaryGeneral, committee };
    [auditor, staffCommunity, admin] = await api.signInAll('auditor', 'staff-community', 'admin');

    await finalized(people, 'I-001', FY);
    // I-002: 3 of 4 (75% → C), 定性 B, approved, and proposed B by the 管理職会議
    let e = await approvedPlan(staff, 'I-002', FY, QUANTITATIVE_PLAN, chair);
    e = await act(staff, SAVE_SELF_EVALUATION, 'I-002', FY, {
      expectedVersion: e.version,
      actual: '3',
      qualitativeGrade: 'B',
      actualStage: '実施',
      plannedStageReached: true,
      narrative: { achievements: '3回実施した' },
    });
    e = await act(staff, SUBMIT, 'I-002', FY, { expectedVersion: e.version });
    e = await act(chair, APPROVE, 'I-002', FY, { expectedVersion: e.version });
    await act(secretaryGeneral, FORWARD, 'I-002', FY, { expectedVersion: e.version, proposedGrade: 'B', reason: '定量は C だが定性は計画通り' });
    earlier = await store.headPosition();
    await submitted(staff, 'I-003', FY);
  });
  afterAll(async () => {
    await api?.dispose();
  });

  it('the whole plan as .xlsx: 表紙, 総括 and one sheet per 部門; the rows and the stamp are those of the log head at generation', async () => {
    const headBefore = await store.headPosition();
    const response = await download(api, auditor, `/exports/annual-report/${FY}.xlsx`);
    expect(response.status, response.body.toString()).toBe(200);
    expect(await store.headPosition()).toBe(headBefore);
    expect(response.headers.get('content-type')).toBe('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
    expect(response.headers.get('content-disposition')).toContain(
      `filename*=UTF-8''${encodeURIComponent(`年度評価報告書_${FY}_全部門_p${headBefore}.xlsx`)}`,
    );
    expect(response.headers.get('x-hyoka-log-position')).toBe(String(headBefore));
    const digest = response.headers.get('x-hyoka-log-digest')!;
    expect(digest).toBe((await logDigest(store, { position: headBefore })).text);
    expect(await checkDigest(store, digest)).toMatchObject({ ok: true });

    const workbook = await openWorkbook(response.body);
    expect(workbook.worksheets.map((s) => s.name)).toEqual(['表紙', '総括', ...DIVISION_SHEETS]);

    const cover = workbook.getWorksheet('表紙')!;
    expect(cover.getCell('A1').value).toBe('令和7年度(2025年度) 中期経営計画 年度評価報告書');
    const stamp = Object.fromEntries(
      [3, 4, 5, 6, 7, 8].map((r) => [String(cover.getRow(r).getCell(1).value), cover.getRow(r).getCell(2).value]),
    );
    expect(stamp['対象']).toBe('全部門');
    expect(stamp['年度']).toBe('令和7年度(2025年度)');
    expect(stamp['ログ位置']).toBe(String(headBefore));
    expect(stamp['ログ・ダイジェスト']).toBe(digest);
    expect(stamp['検証方法']).toBe(`npx hyoka check-digest ${digest}`);
    expect(String(stamp['作成日時 (日本時間)'])).toMatch(/^\d{4}\/\d{2}\/\d{2} \d{2}:\d{2}:\d{2}$/);

    const corporate = workbook.getWorksheet('法人経営部門')!;
    expect(corporate.views[0]).toMatchObject({ state: 'frozen', ySplit: 1 });
    expect(corporate.pageSetup).toMatchObject({ paperSize: 9, orientation: 'landscape', printTitlesRow: '1:1' });
    expect(corporate.headerFooter.oddFooter).toContain(`ログ位置 ${headBefore} / ${digest}`);
    const rows = rowsOf(corporate);
    expect(rows).toHaveLength(41);
    expect(rows[0]).toMatchObject({
      部門: '法人経営部門',
      推進項目: '(1) 理念に基づく計画的な経営',
      取組テーマ: '① 使命、理念、基本方針の明文化と周知',
      実施項目ID: 'I-001',
      実施項目: '共有フォルダや掲示板機能を活用した評価・進捗状況の周知',
      計画段階: '検討',
      評価方法: '定量',
      目標: '4 回',
      実績: 4,
      定量評価: 'A',
      定性評価: 'A',
      自己評価: 'A',
      '総合評価(案)': 'A',
      総合評価: 'A',
      総合評価の根拠: '聞き取りで確認した',
      状況: '確定',
    });
    expect(rows[1]).toMatchObject({ 実施項目ID: 'I-002', 実績: 3, 定量評価: 'C', 定性評価: 'B', 自己評価: 'C', '総合評価(案)': 'B', 総合評価: null, 状況: '評価検証委員会審査' });
    expect(rows[1]!['達成率(%)']).toBe(75);
    expect(rows[2]).toMatchObject({ 実施項目ID: 'I-003', 状況: '推進会議審査', 総合評価: null });
    expect(rows[3]).toMatchObject({ 実施項目ID: 'I-004', 状況: '未着手', 自己評価: null });

    const summary = rowsOf(workbook.getWorksheet('総括')!);
    expect(summary.map((r) => r['部門'])).toEqual([...DIVISION_SHEETS, '合計']);
    expect(summary[0]).toMatchObject({ 担当部: '総務部', 実施項目数: 41, 未着手: 38, 審査中: 2, 確定: 1, '総合評価 A': 1, '総合評価 B': 0, '自己評価 A': 2, '自己評価 C': 1 });
    expect(summary[4]).toMatchObject({ 実施項目数: 94, 確定: 1, '総合評価 A': 1 });
  });

  it('as of an earlier log position: the report shows the data then, stamped with that position', async () => {
    const response = await download(api, auditor, `/exports/annual-report/${FY}.xlsx?division=corporate-management&position=${earlier}`);
    expect(response.status, response.body.toString()).toBe(200);
    expect(response.headers.get('x-hyoka-log-position')).toBe(String(earlier));
    // the digest of the log up to that position, not up to the head: it still checks although the log grew since
    const digest = response.headers.get('x-hyoka-log-digest')!;
    expect(digest).toMatch(new RegExp(`^hyoka-log:v1:${earlier}:\\d+:[0-9a-f]{64}$`));
    expect(digest).not.toBe((await logDigest(store)).text);
    expect(await checkDigest(store, digest)).toMatchObject({ ok: true });
    const workbook = await openWorkbook(response.body);
    expect(workbook.worksheets.map((s) => s.name)).toEqual(['表紙', '総括', '法人経営部門']);
    const rows = rowsOf(workbook.getWorksheet('法人経営部門')!);
    expect(rows[2]).toMatchObject({ 実施項目ID: 'I-003', 状況: '未着手' });

    const { annualReport } = await auditor.run(REPORT, { fiscalYear: FY, divisionId: 'corporate-management', position: String(earlier) });
    expect(annualReport.stamp).toMatchObject({ position: String(earlier), digest });
    expect(annualReport.divisions[0].rows[2]).toMatchObject({ itemId: 'I-003', stage: 'NotStarted' });
    // the same as the reference replay of the whole log up to that position (the report reads through the replay index)
    const reference = (await boardAsOf(store, FY, earlier)).filter((r) => r.divisionId === 'corporate-management');
    expect(annualReport.divisions[0].rows.map((r: any) => [r.itemId, r.stage, r.selfGrade, r.proposedGrade, r.finalGrade])).toEqual(
      reference.map((r) => [r.itemId, r.status, r.selfGrade, r.proposedGrade, r.finalGrade]),
    );
  });

  it('while others write, the stamp names exactly the data shown: the report regenerated at its position is the same', async () => {
    const [during] = await Promise.all([
      download(api, auditor, `/exports/annual-report/${FY}.xlsx?division=corporate-management`),
      (async () => {
        for (const item of ['I-005', 'I-006', 'I-007']) await submitted(people.staff, item, FY);
      })(),
    ]);
    expect(during.status).toBe(200);
    const position = during.headers.get('x-hyoka-log-position')!;
    const again = await download(api, auditor, `/exports/annual-report/${FY}.xlsx?division=corporate-management&position=${position}`);
    expect(again.headers.get('x-hyoka-log-digest')).toBe(during.headers.get('x-hyoka-log-digest'));
    const sheet = async (d: Download) => rowsOf((await openWorkbook(d.body)).getWorksheet('法人経営部門')!);
    expect(await sheet(again)).toEqual(await sheet(during));
    expect(await checkDigest(store, during.headers.get('x-hyoka-log-digest')!)).toMatchObject({ ok: true });
  });

  it('GraphQL (the print page) gives the same rows and stamp, and the URL of the same report as .xlsx', async () => {
    const head = await store.headPosition();
    const { annualReport: report } = await people.staff.run(REPORT, { fiscalYear: FY, divisionId: 'corporate-management' });
    expect(report).toMatchObject({
      title: '令和7年度(2025年度) 中期経営計画 年度評価報告書',
      scopeLabel: '法人経営部門',
      divisionId: 'corporate-management',
      stamp: { fiscalYear: FY, position: String(head) },
      xlsxUrl: `/exports/annual-report/${FY}.xlsx?position=${head}&division=corporate-management`,
    });
    // the digest kept up to date between reports is the one of the whole log up to the position
    expect(report.stamp.digest).toBe((await logDigest(store, { position: head })).text);
    expect(report.divisions).toHaveLength(1);
    expect(report.divisions[0].summary).toMatchObject({
      divisionName: '法人経営部門',
      owningDepartmentId: 'general-affairs',
      items: 41,
      finalized: 1,
      finalGrades: { A: 1, B: 0, C: 0, D: 0 },
      selfGrades: { A: 5, B: 0, C: 1, D: 0 }, // I-001, I-003, I-005..I-007 and I-002
    });
    expect(report.divisions[0].rows[1]).toMatchObject({
      itemId: 'I-002',
      targetKind: 'quantitative',
      target: '4 回',
      actual: '3',
      quantitativeGrade: 'C',
      qualitativeGrade: 'B',
      // 定量 items take the computed 定量評価 as their self grade
      selfGrade: 'C',
      proposedGrade: 'B',
      finalGrade: null,
      stage: 'CommitteeReview',
    });

    const xlsx = await download(api, people.staff, report.xlsxUrl);
    expect(xlsx.status).toBe(200);
    expect(xlsx.headers.get('x-hyoka-log-position')).toBe(report.stamp.position);
  });

  it('access follows canRead: staff read their own 部門 only; the whole plan needs someone who reads every 部', async () => {
    const own = await download(api, people.staff, `/exports/annual-report/${FY}.xlsx?division=corporate-management`);
    expect(own.status).toBe(200);
    // 施設・介護サービス部門 is reviewed by 総務推進会議 by default, so 総務部 staff read it too
    expect((await download(api, people.staff, `/exports/annual-report/${FY}.xlsx?division=facility-care`)).status).toBe(200);

    const other = await download(api, people.staff, `/exports/annual-report/${FY}.xlsx?division=community-welfare`);
    expect(other.status).toBe(403);
    expect(errorOf(other)).toMatchObject({ code: 'FORBIDDEN', message: expect.stringContaining('地域福祉推進部門') });
    const whole = await download(api, people.staff, `/exports/annual-report/${FY}.xlsx`);
    expect(whole.status).toBe(403);
    expect(errorOf(whole).code).toBe('FORBIDDEN');
    expect((await download(api, staffCommunity, `/exports/annual-report/${FY}.xlsx?division=community-welfare`)).status).toBe(200);
    expect((await download(api, admin, `/exports/annual-report/${FY}.xlsx?division=corporate-management`)).status).toBe(403);
    expect((await people.chair.send(REPORT, { fiscalYear: FY })).errors).toBeUndefined();

    const gql = await people.staff.errorOf(REPORT, { fiscalYear: FY });
    expect(gql.extensions?.code).toBe('FORBIDDEN');
    const nobody = await download(api, null, `/exports/annual-report/${FY}.xlsx?division=corporate-management`);
    expect(nobody.status).toBe(401);
    expect(errorOf(nobody).code).toBe('UNAUTHENTICATED');
  });

  it('refused downloads go to the security log, as refused GraphQL operations do', async () => {
    const write = vi.spyOn(api.app.get(SecurityLog), 'write');
    try {
      await download(api, people.staff, `/exports/annual-report/${FY}.xlsx`);
      await download(api, null, '/exports/audit-log.json');
      expect(write.mock.calls.map(([entry]) => entry)).toEqual([
        expect.objectContaining({ event: 'authz.denied', user: 'demo-staff-general', operation: 'exports/annual-report', reason: 'FORBIDDEN' }),
        expect.objectContaining({ event: 'authz.denied', user: null, operation: 'exports/audit-log.json', reason: 'UNAUTHENTICATED' }),
      ]);
    } finally {
      write.mockRestore();
    }
  });

  it('bad requests get a clear error and no file', async () => {
    const head = await store.headPosition();
    const cases: [string, number, string][] = [
      [`/exports/annual-report/abc.xlsx`, 400, 'VALIDATION'],
      [`/exports/annual-report/2031.xlsx`, 400, 'VALIDATION'],
      [`/exports/annual-report/${FY}.xlsx?division=no-such-division`, 404, 'NOT_FOUND'],
      [`/exports/annual-report/${FY}.xlsx?position=${head + 1000n}`, 400, 'VALIDATION'],
      [`/exports/annual-report/${FY}.xlsx?position=-1`, 400, 'VALIDATION'],
      [`/exports/annual-report/${FY}.xlsx?division=a&division=b`, 400, 'VALIDATION'],
      [`/exports/audit-log.json?from=yesterday`, 400, 'VALIDATION'],
    ];
    for (const [path, status, code] of cases) {
      const response = await download(api, auditor, path);
      expect(response.status, path).toBe(status);
      expect(response.headers.get('content-disposition'), path).toBeNull();
      expect(errorOf(response).code, path).toBe(code);
    }
  });

  it('the audit log exports as JSON too: the same rows and fields as the CSV; auditors only', async () => {
    const json = await download(api, auditor, '/exports/audit-log.json');
    expect(json.status).toBe(200);
    expect(json.headers.get('content-type')).toBe('application/json; charset=utf-8');
    const entries = JSON.parse(json.body.toString('utf8')) as Record<string, unknown>[];
    const csv = await download(api, auditor, '/exports/audit-log.csv');
    expect(csv.status).toBe(200);
    const text = csv.body.toString('utf8');
    expect(text.startsWith('\uFEFF')).toBe(true);
    const [header, ...lines] = parseCsv(text.slice(1));
    expect(entries.length).toBe(lines.length);
    expect(entries.length).toBeGreaterThan(20);
    // the CSV is for people (Japanese headers, Japan time, the content in words); its identifier columns are the JSON's fields
    expect(header).toEqual([...AUDIT_CSV_HEADER]);
    const column = (name: (typeof AUDIT_CSV_HEADER)[number]) => AUDIT_CSV_HEADER.indexOf(name);
    const machine = { 位置: 'position', ストリーム: 'stream', リビジョン: 'revision', イベント型: 'type', 操作者ID: 'actor', 操作した人: 'actorName', 立場コード: 'actingAs', '記録日時(UTC)': 'recordedAt', '発生日時(UTC)': 'occurredAt', コマンドID: 'commandId', 相関ID: 'correlationId', 原因ID: 'causationId', イベントID: 'eventId' } as const;
    lines.forEach((line, i) => {
      const entry = entries[i]!;
      for (const [name, field] of Object.entries(machine)) {
        expect(line[column(name as keyof typeof machine)], `${i} ${name}`).toBe(entry[field] === null ? '' : String(entry[field]));
      }
    });
    expect(entries.at(-1)!['position']).toBe(String(await store.headPosition()));

    // filtered the same way as the audit log page, and the GraphQL query gives the same text
    const stream = `evaluation-I-002-${FY}`;
    const filtered = await download(api, auditor, `/exports/audit-log.json?stream=${stream}&type=EvaluationSubmitted,EvaluationApproved`);
    const picked = JSON.parse(filtered.body.toString('utf8')) as { type: string; stream: string }[];
    expect(picked.map((e) => [e.stream, e.type])).toEqual([
      [stream, 'EvaluationSubmitted'],
      [stream, 'EvaluationApproved'],
    ]);
    const { auditLogJson } = await auditor.run(`query($filter: AuditLogFilterInput) { auditLogJson(filter: $filter) }`, {
      filter: { stream, types: ['EvaluationSubmitted', 'EvaluationApproved'] },
    });
    expect(auditLogJson).toBe(filtered.body.toString('utf8'));

    const refused = await download(api, people.staff, '/exports/audit-log.json');
    expect(refused.status).toBe(403);
    expect((await download(api, people.staff, '/exports/audit-log.csv')).status).toBe(403);
    const gql = await people.staff.errorOf(`query { auditLogJson }`);
    expect(gql.extensions?.code).toBe('FORBIDDEN');
  });
});

describe("年度評価報告書: the year's calendar (期限) and late items, in JST", () => {
  const SET_DUE_DATES = `mutation($input: SetDueDatesInput!) { setDueDates(input: $input) { fiscalYear } }`;
  const LATE = `query($fiscalYear: Int!, $divisionId: ID, $position: String) {
    annualReport(fiscalYear: $fiscalYear, divisionId: $divisionId, position: $position) {
      lateAsOf stamp { generatedAt position }
      calendar { key label date }
      total { late }
      divisions { summary { divisionId late } rows { itemId stage dueDate finalizedAt lateDays } }
    }
  }`;
  let api: TestApi;
  let auditor: Browser;
  /** the head before the 評価検証委員会's due date moved */
  let beforeMove: bigint;
  // Every `new Date()` of the app (events, the Clock) reads this time; timers stay real. Sessions expire across the
  // jumps: everyone signs in afresh at each time.
  const at = async (iso: string) => {
    vi.setSystemTime(new Date(iso));
    const names = ['staff-general', 'head-general', 'secretary-general', 'committee-1', 'admin', 'auditor'] as const;
    const [staff, chair, secretaryGeneral, committee, admin, auditor] = await api.signInAll(...names);
    return { people: { staff, chair, secretaryGeneral, committee } as People, admin, auditor };
  };
  type LateRow = { itemId: string; stage: string; dueDate: string | null; finalizedAt: string | null; lateDays: number | null };
  const byItem = (report: { divisions: { rows: LateRow[] }[] }) => new Map(report.divisions.flatMap((d) => d.rows).map((r) => [r.itemId, r]));

  beforeAll(async () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(new Date('2025-04-01T00:00:00.000Z'));
    api = await startTestApi();
    await (await at('2025-04-01T00:00:00.000Z')).admin.run(SET_DUE_DATES, {
      input: {
        fiscalYear: FY,
        planSubmission: '2025-04-30',
        planApproval: '2025-05-15',
        selfEvaluation: '2025-06-15',
        promotionMeeting: '2025-06-30',
        managersMeeting: '2025-07-15',
        committee: '2025-07-31',
      },
    });
    // finalisation is the last move of `finalized`: the time set for it is the time of the decision
    await finalized((await at('2025-07-31T14:59:59.000Z')).people, 'I-001', FY); // 7/31 23:59:59 JST: on the due day
    await finalized((await at('2025-07-31T15:30:00.000Z')).people, 'I-002', FY); // 8/1 00:30 JST: a day late, 7/31 in UTC
    await submitted((await at('2025-08-01T02:00:00.000Z')).people.staff, 'I-003', FY);
    beforeMove = await api.app.get<EventStore>(EVENT_STORE).headPosition();
    await (await at('2025-08-02T02:00:00.000Z')).admin.run(SET_DUE_DATES, { input: { fiscalYear: FY, committee: '2025-08-31' } });
    ({ auditor } = await at('2025-08-04T00:00:00.000Z')); // 8/4 09:00 JST
  }, 90_000);
  afterAll(async () => {
    await api?.dispose();
    vi.useRealTimers();
  });

  it('GraphQL: the calendar with its Japanese labels; each row late by JST days against the due date that applies', async () => {
    const { annualReport: report } = await auditor.run(LATE, { fiscalYear: FY, divisionId: 'corporate-management' });
    expect(report.calendar).toEqual([
      { key: 'planSubmission', label: '単年度計画の提出', date: '2025-04-30' },
      { key: 'planApproval', label: '単年度計画の承認', date: '2025-05-15' },
      { key: 'selfEvaluation', label: '自己評価の提出', date: '2025-06-15' },
      { key: 'promotionMeeting', label: '推進会議の審査', date: '2025-06-30' },
      { key: 'managersMeeting', label: '管理職会議の審査', date: '2025-07-15' },
      { key: 'committee', label: '評価検証委員会の審査', date: '2025-08-31' },
    ]);
    expect(report.stamp.generatedAt).toBe('2025-08-04T00:00:00.000Z');
    expect(report.lateAsOf).toBe(report.stamp.generatedAt);
    const rows = byItem(report);
    // finalised before the (moved) 評価検証委員会 due date: not late
    expect(rows.get('I-001')).toMatchObject({ dueDate: '2025-08-31', finalizedAt: '2025-07-31T14:59:59.000Z', lateDays: null });
    expect(rows.get('I-002')).toMatchObject({ dueDate: '2025-08-31', finalizedAt: '2025-07-31T15:30:00.000Z', lateDays: null });
    // waiting at the 推進会議 since 8/1; its due date was 6/30: 35 JST days by 8/4
    expect(rows.get('I-003')).toMatchObject({ stage: 'PromotionMeetingReview', dueDate: '2025-06-30', finalizedAt: null, lateDays: 35 });
    // not started: the 単年度計画's submission (4/30) has passed
    expect(rows.get('I-004')).toMatchObject({ stage: 'NotStarted', dueDate: '2025-04-30', lateDays: 96 });
    const late = [...rows.values()].filter((r) => r.lateDays !== null).length;
    expect(report.divisions[0].summary.late).toBe(late);
    expect(report.total.late).toBe(late);
  });

  it("as of an earlier position: the calendar then, open rows measured at that event's time", async () => {
    const { annualReport: report } = await auditor.run(LATE, { fiscalYear: FY, divisionId: 'corporate-management', position: String(beforeMove) });
    expect(report.calendar.find((d: { key: string }) => d.key === 'committee').date).toBe('2025-07-31');
    expect(report.lateAsOf).toBe('2025-08-01T02:00:00.000Z');
    const rows = byItem(report);
    // 23:59:59 JST on the due day is on time; 00:30 JST the next day is a day late, whatever the UTC date says
    expect(rows.get('I-001')).toMatchObject({ dueDate: '2025-07-31', lateDays: null });
    expect(rows.get('I-002')).toMatchObject({ dueDate: '2025-07-31', lateDays: 1 });
    expect(rows.get('I-003')).toMatchObject({ dueDate: '2025-06-30', lateDays: 32 });
  });

  it('.xlsx: the calendar on the 表紙, the due date, the finalisation time and the days late per row, all in JST', async () => {
    const response = await download(api, auditor, `/exports/annual-report/${FY}.xlsx?division=corporate-management&position=${beforeMove}`);
    expect(response.status, response.body.toString()).toBe(200);
    const workbook = await openWorkbook(response.body);
    const cover = workbook.getWorksheet('表紙')!;
    const lines = new Map<string, unknown>();
    cover.eachRow((row) => lines.set(String(row.getCell(1).value), row.getCell(2).value));
    expect(lines.has('年度の期限 (日本時間)')).toBe(true);
    expect(lines.get('単年度計画の提出')).toBe('2025/04/30');
    expect(lines.get('評価検証委員会の審査')).toBe('2025/07/31');
    expect(lines.get('期限超過の基準日時 (日本時間)')).toBe('2025/08/01 11:00:00');
    expect(lines.get('作成日時 (日本時間)')).toBe('2025/08/04 09:00:00');
    const rows = new Map(rowsOf(workbook.getWorksheet('法人経営部門')!).map((r) => [r['実施項目ID'], r]));
    expect(rows.get('I-001')).toMatchObject({ 期限: '2025/07/31', '確定日時 (日本時間)': '2025/07/31 23:59:59', '期限超過(日)': null });
    expect(rows.get('I-002')).toMatchObject({ 期限: '2025/07/31', '確定日時 (日本時間)': '2025/08/01 00:30:00', '期限超過(日)': 1 });
    expect(rows.get('I-003')).toMatchObject({ 期限: '2025/06/30', '確定日時 (日本時間)': null, '期限超過(日)': 32 });
    const summary = rowsOf(workbook.getWorksheet('総括')!);
    const late = [...rows.values()].filter((r) => r['期限超過(日)'] !== null).length;
    expect(summary.find((s) => s['部門'] === '法人経営部門')).toMatchObject({ 期限超過: late });
  });
});
