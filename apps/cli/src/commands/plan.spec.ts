import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { catalogueStream, currentPlan, foldCatalogue } from '@hyoka/domain';
import { openSqliteEventStore } from '@hyoka/event-store-sqlite';
import { hyoka, tempDir } from '../testing/cli.js';

describe('hyoka plan', () => {
  const tmp = tempDir('plan');
  const data = ['--data-dir', tmp.dir];
  const revision = ['--reason', '理事会で決定', '--approved-by', '理事会 2026-03-20', '--as', 'admin1'];
  const catalogue = async () => {
    const store = await openSqliteEventStore({ file: join(tmp.dir, 'events.sqlite') });
    try {
      return await store.readStream(catalogueStream());
    } finally {
      await store.close();
    }
  };

  beforeAll(async () => {
    expect((await hyoka([...data, 'plan', 'import'])).code).toBe(0);
    expect((await hyoka([...data, 'users', 'create', 'admin1', '--name', '管理者', '--role', 'Admin'], { input: 'admin-password\n' })).code).toBe(0);
  });
  afterAll(() => tmp.remove());

  it('imports the shipped catalogue once', async () => {
    const again = await hyoka([...data, 'plan', 'import']);
    expect(again.code).toBe(1);
    expect(again.stderr).toContain('ILLEGAL_TRANSITION');
    const events = await catalogue();
    expect(events.map((e) => e.type)).toEqual(['PlanCatalogueImported']);
    expect(events[0]!.metadata.actor).toBe('system:cli');
  });

  it('records each revision with its reason and approver, as the administrator named by --as', async () => {
    expect((await hyoka([...data, 'plan', 'revise', 'schedule', 'I-001', '2026', '導入', ...revision])).code).toBe(0);
    expect((await hyoka([...data, 'plan', 'revise', 'rename', 'I-002', '広報紙と QR コードによる計画の周知', ...revision])).code).toBe(0);
    expect((await hyoka([...data, 'plan', 'revise', 'retire', 'I-003', '--from', '2027', ...revision])).code).toBe(0);
    const added = await hyoka([
      ...data, 'plan', 'revise', 'add', 'I-901', '--name', '新しい取組', '--division', 'corporate-management',
      '--theme', 'corporate-management/1/1', '--schedule', '2026=検討,2027=実施', ...revision,
    ]);
    expect(added.stderr).not.toContain('hyoka:');
    expect(added.code).toBe(0);

    const events = await catalogue();
    expect(events.map((e) => e.type)).toEqual(['PlanCatalogueImported', 'PlanItemScheduleChanged', 'PlanItemRenamed', 'PlanItemRetired', 'PlanItemAdded']);
    const state = foldCatalogue(events);
    if (state.status !== 'Imported') throw new Error('not imported');
    const plan = currentPlan(state);
    const item = (id: string) => plan.items.find((i) => i.id === id)!;
    expect(item('I-001').schedule[2026]).toEqual({ stage: '導入', continued: false });
    expect(item('I-002').name).toBe('広報紙と QR コードによる計画の周知');
    expect(state.retired['I-003']).toMatchObject({ fromFiscalYear: 2027, reason: '理事会で決定', approvedBy: '理事会 2026-03-20' });
    expect(item('I-901')).toMatchObject({ name: '新しい取組', schedule: { 2025: { stage: null }, 2026: { stage: '検討' }, 2027: { stage: '実施' } } });
    expect(state.revisions.every((r) => r.reason === '理事会で決定' && r.approvedBy === '理事会 2026-03-20')).toBe(true);
    expect(events.slice(1).every((e) => e.metadata.actingAs === 'Admin' && e.metadata.actor !== 'system:cli')).toBe(true);

    const listed = await hyoka([...data, 'plan', 'items', '--division', 'corporate-management']);
    expect(listed.stdout).toMatch(/I-003 .*\(廃止\)/);
    expect(listed.stdout).toContain('I-901');
  });

  it('refuses a revision without --as, without a reason, or that changes nothing; nothing is recorded', async () => {
    const count = (await catalogue()).length;
    const noAdmin = await hyoka([...data, 'plan', 'revise', 'rename', 'I-004', '別名', '--reason', 'r', '--approved-by', 'a']);
    expect(noAdmin.code).toBe(1);
    expect(noAdmin.stderr).toMatch(/FORBIDDEN.*--as/);
    const noReason = await hyoka([...data, 'plan', 'revise', 'rename', 'I-004', '別名', '--approved-by', 'a', '--as', 'admin1']);
    expect(noReason.code).toBe(2);
    expect(noReason.stderr).toContain("required option '--reason <text>' not specified");
    const same = await hyoka([...data, 'plan', 'revise', 'schedule', 'I-001', '2026', '導入', ...revision]);
    expect(same.code).toBe(1);
    expect(same.stderr).toContain('ILLEGAL_TRANSITION');
    const badYear = await hyoka([...data, 'plan', 'revise', 'schedule', 'I-001', '2031', '導入', ...revision]);
    expect(badYear.code).toBe(1);
    expect(badYear.stderr).toContain('計画期間(2025〜2027年度)の中で指定してください');
    const notAYear = await hyoka([...data, 'plan', 'revise', 'schedule', 'I-001', '31', '導入', ...revision]);
    expect(notAYear.code).toBe(2);
    const unknownItem = await hyoka([...data, 'plan', 'revise', 'rename', 'I-999', '別名', ...revision]);
    expect(unknownItem.code).toBe(1);
    expect(unknownItem.stderr).toContain('NOT_FOUND');
    expect((await catalogue()).length).toBe(count);
  });

  it('revises every level: a topic and a theme added, a theme renamed and its texts changed, an item moved, a 【再掲】 added', async () => {
    const before = (await catalogue()).length;
    const steps = [
      ['topic', 'add', 'corporate-management/7', '--division', 'corporate-management', '--name', 'デジタル化の推進'],
      ['theme', 'add', 'corporate-management/7/1', '--topic', 'corporate-management/7', '--name', '業務のデジタル化', '--situation', '紙の帳票が多い', '--goal', '電子申請'],
      ['theme', 'rename', 'corporate-management/1/2', '法令遵守とガバナンスの強化'],
      ['theme', 'texts', 'corporate-management/1/1', '--goal', '理念を全職員が語れる'],
      ['move', 'I-004', '--theme', 'corporate-management/7/1'],
      ['listing', 'add', 'corporate-management/7/1', 'I-005'],
    ];
    for (const step of steps) {
      const result = await hyoka([...data, 'plan', 'revise', ...step, ...revision]);
      expect(result.stderr, step.join(' ')).toBe('');
      expect(result.code).toBe(0);
    }
    const events = await catalogue();
    expect(events.slice(before).map((e) => e.type)).toEqual(['TopicAdded', 'ThemeAdded', 'ThemeRenamed', 'ThemeTextsChanged', 'PlanItemMoved', 'ListingAdded']);
    const state = foldCatalogue(events);
    if (state.status !== 'Imported') throw new Error('not imported');
    const themes = currentPlan(state).divisions[0]!.topics.flatMap((t) => t.themes);
    expect(themes.find((th) => th.id === 'corporate-management/7/1')).toMatchObject({
      name: '業務のデジタル化',
      currentSituation: '紙の帳票が多い',
      goal: '電子申請',
      listings: [
        { itemId: 'I-004', relisting: false },
        { itemId: 'I-005', relisting: true },
      ],
    });
    expect(themes.find((th) => th.id === 'corporate-management/1/2')!.name).toBe('法令遵守とガバナンスの強化');
    expect(themes.find((th) => th.id === 'corporate-management/1/1')!.goal).toBe('理念を全職員が語れる');

    // a theme that still holds items in force is not retired; the message says what to do
    const busy = await hyoka([...data, 'plan', 'revise', 'theme', 'retire', 'corporate-management/7/1', '--from', '2026', ...revision]);
    expect(busy.code).toBe(1);
    expect(busy.stderr).toMatch(/ILLEGAL_TRANSITION.*I-004、I-005.*先に移動するか廃止してください/);
    expect((await catalogue()).length).toBe(events.length);
  });
});
