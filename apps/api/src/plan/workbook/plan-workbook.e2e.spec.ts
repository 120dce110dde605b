import { readPlanWorkbook } from '@hyoka/plan-workbook';
import { catalogueStream } from '@hyoka/domain';
import type { EventStore } from '@hyoka/event-store';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from '../../testing/graphql-client.js';
import { demoUserId } from '../../bootstrap/demo-accounts.js';
import { newCommandId } from '../../testing/operations.js';
import { downloadPlanWorkbook, editWorkbook, IMPORT_PLAN_WORKBOOK, previewPlanWorkbook, rowOf } from '../../testing/plan-workbook-client.js';
import { startTestApi, type TestApi } from '../../testing/test-api.js';
import { EVENT_STORE } from '../../tokens.js';

const PLAN = `query { plan { items { id name schedule { fiscalYear stage } } revisions { type itemId reason approvedBy } } }`;
const REVISION = { reason: '理事会で名称と計画段階を見直した', approvedBy: '理事会 2026-03-20' };

describe('the plan workbook in the admin UI: GET /plan/workbook.xlsx, POST /plan/workbook/preview, importPlanWorkbook', () => {
  let api: TestApi;
  let store: EventStore;
  let admin: Browser;
  let staff: Browser;
  let chair: Browser;
  let exported: Buffer;

  const confirm = (who: Browser, input: Record<string, unknown>) =>
    who.send<{ importPlanWorkbook: { recordedChanges: number; planRevision: number; digest: string } }>(IMPORT_PLAN_WORKBOOK, {
      input: { ...REVISION, commandId: newCommandId('import'), ...input },
    });

  beforeAll(async () => {
    api = await startTestApi();
    store = api.app.get<EventStore>(EVENT_STORE);
    [admin, staff, chair] = await api.signInAll('admin', 'staff-general', 'head-general');
  });
  afterAll(() => api?.dispose());

  it('the administrator downloads the plan in force as an .xlsx attachment that reads back as the plan', async () => {
    const answer = await downloadPlanWorkbook(api.url, admin);
    expect(answer.status, answer.body.toString()).toBe(200);
    expect(answer.headers.get('content-type')).toBe('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
    expect(answer.headers.get('content-disposition')).toMatch(/^attachment; filename="plan-2025-2027\.xlsx"/);
    expect(answer.headers.get('cache-control')).toBe('no-store');
    const read = await readPlanWorkbook(answer.body);
    expect(read.ok && read.catalogue.items.length).toBeGreaterThan(90);
    exported = answer.body;
  });

  it('the same workbook uploaded unchanged: 変更はありません, and confirming it records nothing', async () => {
    const answer = await previewPlanWorkbook(api.url, admin, exported);
    expect(answer.status, answer.body.toString()).toBe(200);
    const preview = answer.json();
    expect(preview).toMatchObject({ ok: true, changes: [], unrecordable: [], retiresItems: false, fileName: 'plan.xlsx', period: { from: 2025, to: 2027 } });
    expect(preview.digest).toMatch(/^[0-9a-f]{64}$/);
    const head = await store.headPosition();
    const response = await confirm(admin, { previewId: preview.previewId });
    expect(response.errors?.[0]).toMatchObject({ message: 'このブックは現在の計画と同じです。記録する変更はありません。', extensions: { code: 'VALIDATION' } });
    expect(await store.headPosition()).toBe(head);
  });

  it('an edited workbook: the preview lists the changes; confirming records them as one revision and the plan answers the new name', async () => {
    const edited = await editWorkbook(exported, (wb) => {
      const ws = wb.getWorksheet('実施項目')!;
      ws.getCell(rowOf(ws, 'I-002'), 2).value = '職員研修の体系化（見直し後）';
      ws.getCell(rowOf(ws, 'I-001'), 4).value = '調査';
    });
    const preview = (await previewPlanWorkbook(api.url, admin, edited, '計画 2026.xlsx')).json();
    expect(preview.ok).toBe(true);
    expect(preview.fileName).toBe('計画 2026.xlsx');
    expect(preview.changes.map((c: { kind: string; id: string }) => [c.kind, c.id])).toEqual([
      ['実施項目の計画段階の変更', 'I-001'],
      ['実施項目の名称変更', 'I-002'],
    ]);
    expect(preview.changes[1].text).toMatch(/^実施項目 I-002 の名称を変更: 「.+」 → 「職員研修の体系化（見直し後）」$/);
    expect(preview.unrecordable).toEqual([]);

    const before = await store.readStream(catalogueStream());
    const commandId = newCommandId('import');
    const response = await confirm(admin, { previewId: preview.previewId, commandId });
    expect(response.errors, JSON.stringify(response.errors)).toBeUndefined();
    expect(response.data!.importPlanWorkbook).toEqual({ recordedChanges: 2, planRevision: before.length + 1, digest: preview.digest });

    // one append: both events share the command, the administrator and the workbook's digest
    const added = (await store.readStream(catalogueStream())).slice(before.length);
    expect(added.map((e) => e.type)).toEqual(['PlanItemScheduleChanged', 'PlanItemRenamed']);
    for (const e of added) expect(e.metadata).toMatchObject({ commandId, actor: demoUserId('admin'), workbookDigest: preview.digest });

    const { plan } = await staff.run(PLAN);
    expect(plan.items.find((i: { id: string }) => i.id === 'I-002').name).toBe('職員研修の体系化（見直し後）');
    expect(plan.items.find((i: { id: string }) => i.id === 'I-001').schedule[0]).toEqual({ fiscalYear: 2025, stage: '調査' });
    expect(plan.revisions.slice(-2)).toEqual([
      { type: 'PlanItemScheduleChanged', itemId: 'I-001', ...REVISION },
      { type: 'PlanItemRenamed', itemId: 'I-002', ...REVISION },
    ]);

    // a retry of the same command answers as the first time and records nothing
    const head = await store.headPosition();
    const retry = await confirm(admin, { previewId: preview.previewId, commandId });
    expect(retry.data!.importPlanWorkbook).toEqual(response.data!.importPlanWorkbook);
    expect(await store.headPosition()).toBe(head);
    // the same preview again as a new command: the plan has changed since it was previewed
    const again = await confirm(admin, { previewId: preview.previewId });
    expect(again.errors?.[0]?.extensions?.code).toBe('CONFLICT');
  });

  it('a stale preview: the plan changed after the upload, so confirming gives a conflict and records nothing', async () => {
    const current = (await downloadPlanWorkbook(api.url, admin)).body;
    const first = await editWorkbook(current, (wb) => {
      const ws = wb.getWorksheet('実施項目')!;
      ws.getCell(rowOf(ws, 'I-003'), 2).value = '一つ目のブックの名称';
    });
    const second = await editWorkbook(current, (wb) => {
      const ws = wb.getWorksheet('実施項目')!;
      ws.getCell(rowOf(ws, 'I-004'), 2).value = '二つ目のブックの名称';
    });
    const stale = (await previewPlanWorkbook(api.url, admin, first)).json();
    const fresh = (await previewPlanWorkbook(api.url, admin, second)).json();
    expect((await confirm(admin, { previewId: fresh.previewId })).errors).toBeUndefined();
    const head = await store.headPosition();
    const response = await confirm(admin, { previewId: stale.previewId });
    expect(response.errors?.[0]).toMatchObject({ extensions: { code: 'CONFLICT' } });
    expect(response.errors?.[0]?.message).toMatch(/^計画は、このブックをプレビューした後に変更されました。何も記録していません。/);
    expect(await store.headPosition()).toBe(head);
  });

  it('a bad workbook: each error located by sheet, row and column in Japanese, no preview, nothing recorded', async () => {
    const bad = await editWorkbook(exported, (wb) => {
      const ws = wb.getWorksheet('実施項目')!;
      ws.getCell(rowOf(ws, 'I-006'), 1).value = 'I-005';
      ws.getCell(rowOf(ws, 'I-007'), 2).value = '';
    });
    const head = await store.headPosition();
    const answer = await previewPlanWorkbook(api.url, admin, bad);
    expect(answer.status).toBe(200);
    const body = answer.json();
    expect(body.ok).toBe(false);
    expect(body.previewId).toBeUndefined();
    expect(body.problems).toContainEqual(expect.objectContaining({ sheet: '実施項目', column: 'A', message: expect.stringContaining('I-005') }));
    expect(body.problems).toContainEqual(expect.objectContaining({ sheet: '実施項目', column: 'B', row: expect.any(Number), text: expect.stringMatching(/^シート「実施項目」 \d+行 B列: /) }));
    expect(await store.headPosition()).toBe(head);
  });

  it('changes a revision cannot record yet are listed in the preview, and confirming them is refused like the CLI', async () => {
    const current = (await downloadPlanWorkbook(api.url, admin)).body;
    const edited = await editWorkbook(current, (wb) => {
      // the 評価基準 stay refused (a theme's 推進目標 is recorded since the level revisions)
      wb.getWorksheet('評価基準')!.getCell('B2').value = '計画どおり';
      const ws = wb.getWorksheet('実施項目')!;
      ws.getCell(rowOf(ws, 'I-010'), 2).value = '記録されない名称';
    });
    const preview = (await previewPlanWorkbook(api.url, admin, edited)).json();
    expect(preview.unrecordable).toEqual(['評価基準の記載の変更']);
    const head = await store.headPosition();
    const response = await confirm(admin, { previewId: preview.previewId });
    expect(response.errors?.[0]).toMatchObject({
      message: expect.stringMatching(/^まだ記録できない変更が含まれているため、何も記録していません: 評価基準の記載の変更。/),
      extensions: { code: 'VALIDATION' },
    });
    expect(await store.headPosition()).toBe(head);
  });

  it('refuses what is not an .xlsx, a workbook too large, an upload without the CSRF header, and empty reason or approver', async () => {
    const text = await previewPlanWorkbook(api.url, admin, Buffer.from('項目,名称\n'), 'plan.csv');
    expect([text.status, text.json()]).toEqual([400, { code: 'VALIDATION', message: 'Excel ブック (.xlsx) を選んでください。' }]);
    const renamed = await previewPlanWorkbook(api.url, admin, Buffer.from('not a zip'), 'plan.xlsx');
    expect(renamed.status).toBe(400);
    const large = await previewPlanWorkbook(api.url, admin, Buffer.alloc(5 * 1024 * 1024 + 1), 'plan.xlsx');
    expect([large.status, large.json().message]).toEqual([400, 'ブックが大きすぎます(上限 5 MB)。']);
    const noHeader = await previewPlanWorkbook(api.url, admin, exported, 'plan.xlsx', { csrf: false });
    expect([noHeader.status, noHeader.json().code]).toEqual([400, 'CSRF_REFUSED']);
    const preview = (await previewPlanWorkbook(api.url, admin, exported)).json();
    expect((await confirm(admin, { previewId: preview.previewId, reason: '  ' })).errors?.[0]).toMatchObject({
      message: '見直しの理由を入力してください。',
      extensions: { code: 'VALIDATION', details: { field: 'reason' } },
    });
    expect((await confirm(admin, { previewId: preview.previewId, approvedBy: '' })).errors?.[0]?.extensions?.details).toEqual({ field: 'approvedBy' });
    expect((await confirm(admin, { previewId: 'no-such-preview' })).errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
  });

  it('only the administrator: staff, a 部長 and nobody signed in are refused on every route, and nothing is recorded', async () => {
    const head = await store.headPosition();
    const preview = (await previewPlanWorkbook(api.url, admin, exported)).json();
    for (const who of [staff, chair]) {
      expect((await downloadPlanWorkbook(api.url, who)).status).toBe(403);
      expect((await previewPlanWorkbook(api.url, who, exported)).json().code).toBe('FORBIDDEN');
      // an administrator's preview id is no key for anyone else
      expect((await confirm(who, { previewId: preview.previewId })).errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    }
    expect((await downloadPlanWorkbook(api.url, null)).status).toBe(401);
    expect((await previewPlanWorkbook(api.url, null, exported)).status).toBe(401);
    expect(await store.headPosition()).toBe(head);
  });

  it('an edited copy — an item renamed, a schedule cell changed, a 部 added and mapped to a new 推進会議 — is one revision the API then answers', async () => {
    const current = (await downloadPlanWorkbook(api.url, admin)).body;
    const edited = await editWorkbook(current, (wb) => {
      const items = wb.getWorksheet('実施項目')!;
      items.getCell(rowOf(items, 'I-042'), 2).value = '施設部へ移る実施項目の新しい名称';
      items.getCell(rowOf(items, 'I-043'), 4).value = '調査';
      wb.getWorksheet('部')!.addRow(['facility', '施設部']);
      wb.getWorksheet('会議体')!.addRow(['facility-meeting', '推進会議', '施設推進会議', '施設部長', '施設部の職員', '課題整理・意見出し', 'facility']);
      const divisions = wb.getWorksheet('部門')!;
      divisions.getCell(rowOf(divisions, 'facility-care'), 4).value = 'facility-meeting';
    });
    const preview = (await previewPlanWorkbook(api.url, admin, edited)).json();
    expect(preview.unrecordable).toEqual([]);
    expect(preview.changes.map((c: { kind: string; id: string }) => [c.kind, c.id])).toEqual([
      ['部の追加', 'facility'],
      ['会議体の追加', 'facility-meeting'],
      ['部門の推進会議の変更', 'facility-care'],
      ['実施項目の名称変更', 'I-042'],
      ['実施項目の計画段階の変更', 'I-043'],
    ]);
    const before = (await store.readStream(catalogueStream())).length;
    const response = await confirm(admin, { previewId: preview.previewId });
    expect(response.errors, JSON.stringify(response.errors)).toBeUndefined();
    expect(response.data!.importPlanWorkbook.recordedChanges).toBe(5);
    const added = (await store.readStream(catalogueStream())).slice(before);
    expect(added.map((e) => e.type)).toEqual(['DepartmentAdded', 'ReviewBodyAdded', 'DivisionRemapped', 'PlanItemRenamed', 'PlanItemScheduleChanged']);
    expect(new Set(added.map((e) => e.metadata['commandId'])).size).toBe(1);

    const { organisation } = await staff.run(`query { organisation { departments { id name } divisions { divisionId promotionMeetingId departmentName } } }`);
    expect(organisation.departments.at(-1)).toEqual({ id: 'facility', name: '施設部' });
    expect(organisation.divisions).toContainEqual({ divisionId: 'facility-care', promotionMeetingId: 'facility-meeting', departmentName: '施設部' });
    const { plan } = await staff.run(PLAN);
    expect(plan.items.find((i: { id: string }) => i.id === 'I-042').name).toBe('施設部へ移る実施項目の新しい名称');
    expect(plan.revisions.slice(-5).map((r: { type: string }) => r.type)).toEqual(added.map((e) => e.type));
    // re-exported, the workbook is the plan now: nothing to change
    const again = (await previewPlanWorkbook(api.url, admin, (await downloadPlanWorkbook(api.url, admin)).body)).json();
    expect(again.changes).toEqual([]);
  });
});
