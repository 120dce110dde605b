import { catalogueStream } from '@hyoka/domain';
import type { EventStore } from '@hyoka/event-store';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from '../testing/graphql-client.js';
import { EVALUATION, historyOf, newCommandId, SAVE_ANNUAL_PLAN } from '../testing/operations.js';
import { downloadPlanWorkbook, editWorkbook, IMPORT_PLAN_WORKBOOK, previewPlanWorkbook, rowOf } from '../testing/plan-workbook-client.js';
import { startTestApi, type TestApi } from '../testing/test-api.js';
import { EVENT_STORE } from '../tokens.js';

const REVISE_PLAN = `mutation($input: RevisePlanInput!) { revisePlan(input: $input) { recordedChanges planRevision } }`;
const PLAN = `query($asOf: DateTime) { plan(asOf: $asOf) {
  revision
  divisions { id topics { id name themes { id name currentSituation goal listings { itemId relisting } } } }
  items { id divisionId themeId }
  revisions { type label level id itemId reason approvedBy }
} }`;
const REVISION = { reason: '理事会で計画の体系を見直した', approvedBy: '理事会 2026-03-20' };
type Plan = {
  revision: number;
  divisions: { id: string; topics: { id: string; name: string; themes: { id: string; name: string; currentSituation: string; goal: string }[] }[] }[];
  items: { id: string; divisionId: string; themeId: string }[];
  revisions: { type: string; label: string; level: string; id: string; itemId: string | null }[];
};
const themeOf = (plan: Plan, id: string) => plan.divisions.flatMap((d) => d.topics.flatMap((t) => t.themes)).find((th) => th.id === id)!;

describe('revisePlan: every level of the plan, one approved revision', () => {
  let api: TestApi;
  let store: EventStore;
  let admin: Browser;
  let staffGeneral: Browser;
  let staffCommunity: Browser;
  let beforeRevision: string;
  let revisionBefore: number;
  let evaluationVersion: number;

  const revise = (who: Browser, input: Record<string, unknown>) =>
    who.send<{ revisePlan: { recordedChanges: number; planRevision: number } }>(REVISE_PLAN, { input: { ...REVISION, commandId: newCommandId('revise'), ...input } });
  const planOf = async (who: Browser, asOf: string | null = null) => (await who.run<{ plan: Plan }>(PLAN, { asOf })).plan;

  beforeAll(async () => {
    api = await startTestApi();
    store = api.app.get<EventStore>(EVENT_STORE);
    [admin, staffGeneral, staffCommunity] = await api.signInAll('admin', 'staff-general', 'staff-community');
    // an evaluation in progress of the item that will move: drafted by the 総務部
    const saved = await staffGeneral.run(SAVE_ANNUAL_PLAN, {
      input: { itemId: 'I-013', fiscalYear: 2025, commandId: newCommandId(), expectedVersion: null, method: 'qualitative', actions: '採用説明会を開く' },
    });
    evaluationVersion = (saved['saveAnnualPlan'] as { version: number }).version;
  });
  afterAll(() => api?.dispose());

  it('records a new 推進項目 and theme, a renamed theme, a changed 現状と課題 and a moved item as one append', async () => {
    const plan = await planOf(admin);
    revisionBefore = plan.revision;
    beforeRevision = (await store.readStream(catalogueStream())).at(-1)!.metadata.occurredAt;
    const head = (await store.readStream(catalogueStream())).length;
    const response = await revise(admin, {
      expectedRevision: revisionBefore,
      changes: [
        { kind: 'AddTopic', topicId: 'corporate-management/7', divisionId: 'corporate-management', name: 'デジタル化の推進' },
        { kind: 'AddTheme', themeId: 'corporate-management/7/1', topicId: 'corporate-management/7', name: '業務のデジタル化', currentSituation: '紙の帳票が多い', goal: '電子申請' },
        { kind: 'RenameTheme', themeId: 'corporate-management/1/2', name: '法令遵守とガバナンスの強化' },
        { kind: 'ChangeThemeTexts', themeId: 'corporate-management/1/1', currentSituation: '理念の周知が十分でない' },
        { kind: 'MoveItem', itemId: 'I-013', themeId: 'community-welfare/1/1' },
      ],
    });
    expect(response.errors, JSON.stringify(response.errors)).toBeUndefined();
    expect(response.data!.revisePlan).toEqual({ recordedChanges: 5, planRevision: revisionBefore + 5 });
    const added = (await store.readStream(catalogueStream())).slice(head);
    expect(added.map((e) => e.type)).toEqual(['TopicAdded', 'ThemeAdded', 'ThemeRenamed', 'ThemeTextsChanged', 'PlanItemMoved']);
    expect(new Set(added.map((e) => e.metadata.commandId)).size).toBe(1);

    const now = await planOf(staffGeneral);
    expect(now.revision).toBe(revisionBefore + 5);
    expect(themeOf(now, 'corporate-management/1/2').name).toBe('法令遵守とガバナンスの強化');
    expect(themeOf(now, 'corporate-management/1/1').currentSituation).toBe('理念の周知が十分でない');
    expect(themeOf(now, 'corporate-management/7/1')).toMatchObject({ name: '業務のデジタル化', currentSituation: '紙の帳票が多い', goal: '電子申請' });
    expect(now.items.find((i) => i.id === 'I-013')).toEqual({ id: 'I-013', divisionId: 'community-welfare', themeId: 'community-welfare/1/1' });
    expect(now.revisions.slice(-5).map((r) => [r.label, r.level, r.id, r.itemId])).toEqual([
      ['推進項目の追加', 'topic', 'corporate-management/7', null],
      ['取組テーマの追加', 'theme', 'corporate-management/7/1', null],
      ['取組テーマの名称変更', 'theme', 'corporate-management/1/2', null],
      ['現状と課題・推進目標の変更', 'theme', 'corporate-management/1/1', null],
      ['実施項目の移動', 'item', 'I-013', 'I-013'],
    ]);
  });

  it('the plan as of a time before the revision shows the old words and places', async () => {
    const then = await planOf(staffGeneral, beforeRevision);
    expect(themeOf(then, 'corporate-management/1/2').name).toBe('法令遵守の徹底');
    expect(themeOf(then, 'corporate-management/7/1')).toBeUndefined();
    expect(then.items.find((i) => i.id === 'I-013')).toMatchObject({ divisionId: 'corporate-management' });
  });

  it('the moved item keeps its id and its evaluation: the 部 of its new 部門 opens it with its history and carries on', async () => {
    const { evaluation } = await staffCommunity.run(EVALUATION, { itemId: 'I-013', fiscalYear: 2025 });
    expect(evaluation.item).toMatchObject({ id: 'I-013', owningDepartmentId: 'community-welfare', promotionMeetingId: 'community-welfare-meeting' });
    expect(evaluation.version).toBe(evaluationVersion);
    expect(historyOf(evaluation).map((h: { type: string }) => h.type)).toContain('AnnualPlanSaved');
    const input = { itemId: 'I-013', fiscalYear: 2025, expectedVersion: evaluationVersion, method: 'qualitative', actions: '採用説明会を地域で開く' };
    expect((await staffGeneral.errorOf(SAVE_ANNUAL_PLAN, { input: { ...input, commandId: newCommandId() } })).extensions?.code).toBe('FORBIDDEN');
    const saved = await staffCommunity.run(SAVE_ANNUAL_PLAN, { input: { ...input, commandId: newCommandId() } });
    expect(saved['saveAnnualPlan']).toMatchObject({ version: evaluationVersion + 1, planDraft: { actions: '採用説明会を地域で開く' } });
  });

  it('a stale expected revision is a conflict; a refused change, a field the kind does not take or a non-administrator records nothing', async () => {
    const head = await store.headPosition();
    const stale = await revise(admin, { expectedRevision: revisionBefore, changes: [{ kind: 'RenameTopic', topicId: 'corporate-management/1', name: '新しい名称' }] });
    expect(stale.errors?.[0]?.extensions?.code).toBe('CONFLICT');
    const { revision } = await planOf(admin);
    const busy = await revise(admin, { expectedRevision: revision, changes: [{ kind: 'RetireTheme', themeId: 'corporate-management/1/1', fromFiscalYear: 2026 }] });
    expect(busy.errors?.[0]).toMatchObject({ extensions: { code: 'ILLEGAL_TRANSITION' }, message: expect.stringMatching(/^取組テーマ corporate-management\/1\/1 には令和8年度\(2026年度\)以降も計画にある実施項目/) });
    const wrongField = await revise(admin, { expectedRevision: revision, changes: [{ kind: 'RenameTheme', themeId: 'corporate-management/1/1', name: 'x', goal: 'y' }] });
    expect(wrongField.errors?.[0]).toMatchObject({ extensions: { code: 'VALIDATION' }, message: expect.stringMatching(/項目 goal はこの種類の変更には指定できません/) });
    const noReason = await revise(admin, { expectedRevision: revision, reason: ' ', changes: [{ kind: 'RenameTheme', themeId: 'corporate-management/1/1', name: 'x' }] });
    expect(noReason.errors?.[0]).toMatchObject({ extensions: { code: 'VALIDATION' }, message: expect.stringMatching(/理由/) });
    const staff = await revise(staffGeneral, { expectedRevision: revision, changes: [{ kind: 'RenameTheme', themeId: 'corporate-management/1/1', name: 'x' }] });
    expect(staff.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    expect(await store.headPosition()).toBe(head);
  });

  it('importPlanWorkbook records the level changes a workbook makes (now recordable in the preview)', async () => {
    const exported = (await downloadPlanWorkbook(api.url, admin)).body;
    const edited = await editWorkbook(exported, (wb) => {
      const themes = wb.getWorksheet('取組テーマ')!;
      themes.getCell(rowOf(themes, 'corporate-management/2/2'), 4).value = '人事労務管理の見直し';
      themes.getCell(rowOf(themes, 'corporate-management/2/2'), 7).value = '新しい人事制度の運用';
      wb.getWorksheet('推進項目')!.addRow(['corporate-management/8', 'corporate-management', 8, '地域との協働', '']);
      const items = wb.getWorksheet('実施項目')!;
      items.getCell(rowOf(items, 'I-020'), 3).value = 'corporate-management/7/1';
    });
    const preview = (await previewPlanWorkbook(api.url, admin, edited)).json();
    expect(preview.ok).toBe(true);
    expect(preview.unrecordable).toEqual([]);
    expect(preview.changes.map((c: { kind: string; id: string }) => [c.kind, c.id])).toEqual([
      ['推進項目の追加', 'corporate-management/8'],
      ['取組テーマの名称変更', 'corporate-management/2/2'],
      ['取組テーマの記載の変更', 'corporate-management/2/2'],
      ['実施項目の移動', 'I-020'],
    ]);
    const response = await admin.send<{ importPlanWorkbook: { recordedChanges: number } }>(IMPORT_PLAN_WORKBOOK, {
      input: { ...REVISION, previewId: preview.previewId, commandId: newCommandId('import') },
    });
    expect(response.errors, JSON.stringify(response.errors)).toBeUndefined();
    expect(response.data!.importPlanWorkbook.recordedChanges).toBe(4);
    const plan = await planOf(staffGeneral);
    expect(themeOf(plan, 'corporate-management/2/2')).toMatchObject({ name: '人事労務管理の見直し', goal: '新しい人事制度の運用' });
    expect(plan.items.find((i) => i.id === 'I-020')).toMatchObject({ themeId: 'corporate-management/7/1' });
    expect(plan.revisions.slice(-4).map((r) => r.type)).toEqual(['TopicAdded', 'ThemeRenamed', 'ThemeTextsChanged', 'PlanItemMoved']);
  });
});
