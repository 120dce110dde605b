import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { startHarness, type Harness } from '../test-support/harness.js';
import { PASSWORD_HASH } from '../test-support/scenario.js';
import { realisticSequence } from '../test-support/sequence.js';
import { EVENT_TYPE_LABELS } from './audit-csv.js';
import { auditLog, exportAuditLogCsv } from './audit-log.queries.js';

describe('the global audit log', () => {
  let h: Harness;
  beforeAll(async () => {
    h = startHarness();
    await realisticSequence(h.scenario);
    await h.settle();
  });
  afterAll(() => h.close());

  const all = async () => (await auditLog(h.readModels, {}, { limit: 1000 })).entries;

  it('holds every event of every stream once, in position order, with who, as what and when', async () => {
    const recorded = await h.store.readAll();
    const entries = (await all());
    expect(entries.map((e) => [e.position, e.stream, e.type])).toEqual(recorded.map((e) => [e.position, e.stream, e.type]));
    const approval = entries.find((e) => e.type === 'EvaluationApproved')!;
    expect(approval).toMatchObject({ actor: 'u-head', actorName: '鈴木 部長', actingAs: 'DepartmentHead@general-affairs' });
    expect(entries[0]).toMatchObject({ type: 'PlanCatalogueImported', actor: 'system', actorName: 'システム' });
  });

  it('never repeats a password hash', async () => {
    const text = JSON.stringify((await all()).map((e) => e.data));
    expect(text).not.toContain(PASSWORD_HASH);
    expect((await all()).find((e) => e.type === 'UserRegistered')!.data.passwordHash).toBe('[redacted]');
    expect(await exportAuditLogCsv(h.readModels)).not.toContain(PASSWORD_HASH);
  });

  it('hides the login names of UserRegistered as auditPeople does; the store keeps them, the log hides them when it answers', async () => {
    const registered = (await all()).filter((e) => e.type === 'UserRegistered');
    expect(registered.map((e) => e.data.loginName)).toEqual(registered.map(() => '[redacted]'));
    expect(registered.find((e) => e.data.userId === 'u-head')!.data.displayName).toBe('鈴木 部長');
    expect(await exportAuditLogCsv(h.readModels)).not.toMatch(/"loginName":"(?!\[redacted\])/);
    const [stored] = await h.store.readPositions([registered[0]!.position]);
    expect(stored!.data.loginName).toEqual(expect.any(String));
    expect(stored!.data.loginName).not.toBe('[redacted]');
  });

  it('keeps a reference to each event, not a copy of its data: the entries are read from the store', async () => {
    const { audit_log: rows } = h.dump();
    const recorded = await h.store.readAll();
    expect(rows).toHaveLength(recorded.length);
    // no text of any event's data (a return's reason, a comment) is in the read model's rows
    const text = JSON.stringify(rows);
    const reason = recorded.find((e) => e.type === 'EvaluationReturned')!.data.reason as string;
    expect(reason.length).toBeGreaterThan(5);
    expect(text).not.toContain(reason);
    expect(text).not.toContain(String(recorded[0]!.metadata.commandId));
  });

  it('filters by person, body, type, stream and time', async () => {
    const byCommittee = (await auditLog(h.readModels, { actor: 'u-committee' })).entries;
    // the committee decides in session: its member runs each session, then records the decision in it
    const session = ['MeetingScheduled', 'MeetingOpened', 'AttendanceRecorded', 'EvaluationFinalized'];
    expect(byCommittee.map((e) => e.type)).toEqual([...session, ...session]);
    expect((await auditLog(h.readModels, { actingAs: 'SecretaryGeneral' })).entries.map((e) => e.type)).toEqual([
      'EvaluationForwardedToCommittee',
      'EvaluationCommented',
      'EvaluationForwardedToCommittee',
    ]);
    expect((await auditLog(h.readModels, { type: ['PlanItemRenamed', 'PlanItemRetired'] })).entries.map((e) => e.data.itemId)).toEqual([
      'I-004',
      'I-005',
    ]);
    expect((await auditLog(h.readModels, { type: [] })).entries).toEqual([]);
    expect((await auditLog(h.readModels, { stream: 'evaluation-I-003-2025' })).entries.map((e) => e.type)).toEqual([
      'AnnualPlanSaved',
      'AnnualPlanSubmitted',
      'AnnualPlanApproved',
      'SelfEvaluationSaved',
      'EvaluationSubmitted',
      'EvaluationRecalled',
    ]);

    const entries = (await all());
    const middle = entries[20]!;
    const from = (await auditLog(h.readModels, { from: middle.recordedAt }, { limit: 1000 })).entries;
    expect(from[0]!.position).toBe(middle.position);
    const to = (await auditLog(h.readModels, { to: middle.recordedAt }, { limit: 1000 })).entries;
    expect(to.at(-1)!.position).toBe(middle.position);
    // a date alone includes the whole (UTC) day
    const day = middle.recordedAt.slice(0, 10);
    expect((await auditLog(h.readModels, { to: day }, { limit: 1000 })).entries.length).toBe(
      entries.filter((e) => e.recordedAt.slice(0, 10) <= day).length,
    );
    await expect(auditLog(h.readModels, { from: 'yesterday' })).rejects.toThrow(/not an ISO-8601 time/);
  });

  it('prepares one statement for type filters of any length (each length was a statement cached for good)', async () => {
    const types = [...new Set((await all()).map((e) => e.type))];
    const entries = await all();
    const expected = (wanted: string[]) => entries.filter((e) => wanted.includes(e.type)).map((e) => e.position);
    await auditLog(h.readModels, { type: types.slice(0, 1) }, { limit: 1000 });
    const prepare = vi.spyOn(h.readModels.db, 'prepare');
    try {
      for (let n = 0; n <= types.length; n += 1) {
        const wanted = types.slice(0, n);
        expect((await auditLog(h.readModels, { type: wanted }, { limit: 1000 })).entries.map((e) => e.position)).toEqual(expected(wanted));
      }
      expect(prepare).not.toHaveBeenCalled();
    } finally {
      prepare.mockRestore();
    }
  });

  it('pages by position without losing or repeating an entry', async () => {
    const seen: bigint[] = [];
    let after: bigint | null = 0n;
    let pages = 0;
    while (after !== null) {
      const page = await auditLog(h.readModels, {}, { after, limit: 7 });
      expect(page.entries.length).toBeLessThanOrEqual(7);
      seen.push(...page.entries.map((e) => e.position));
      after = page.nextAfter;
      pages += 1;
    }
    expect(seen).toEqual((await all()).map((e) => e.position));
    expect(pages).toBe(Math.ceil(seen.length / 7));
    await expect(auditLog(h.readModels, {}, { limit: 0 })).rejects.toThrow(RangeError);
    await expect(auditLog(h.readModels, {}, { limit: 1001 })).rejects.toThrow(RangeError);
  });

  it('exports the filtered log as CSV with Japanese headers, Japan time and the content in words', async () => {
    const csv = await exportAuditLogCsv(h.readModels, { type: 'EvaluationReturned' });
    const lines = csv.trimEnd().split('\r\n');
    expect(lines[0]).toBe(
      '位置,記録日時(日本時間),操作,実施項目ID,年度,操作した人,立場,内容,ストリーム,リビジョン,イベント型,操作者ID,立場コード,記録日時(UTC),発生日時(UTC),コマンドID,相関ID,原因ID,イベントID',
    );
    expect(lines).toHaveLength(2);
    const entry = (await auditLog(h.readModels, { type: 'EvaluationReturned' })).entries[0]!;
    const cells = lines[1]!.split(',');
    const jst = new Date(Date.parse(entry.recordedAt) + 9 * 3_600_000).toISOString().replace(/^(\d{4})-(\d{2})-(\d{2})T(\d{2}:\d{2}:\d{2}).*$/, '$1/$2/$3 $4');
    expect(cells.slice(0, 7)).toEqual([String(entry.position), jst, '差し戻し', 'I-002', '2025年度', '鈴木 部長', '部長(総務部)']);
    expect(cells[7]).toMatch(/^移動元: .+ \/ 移動先: .+ \/ 理由: 実績の根拠を追記してください$/);
    expect(cells.slice(8, 13)).toEqual([entry.stream, String(entry.revision), 'EvaluationReturned', 'u-head', 'DepartmentHead@general-affairs']);
    expect(lines[1]).not.toContain('{');
  });

  it('gives back every event\'s metadata as recorded, with its own correlation and causation and any other key', async () => {
    const commandId = randomUUID();
    const metadata = {
      actor: 'u-head',
      commandId,
      correlationId: randomUUID(),
      causationId: commandId,
      occurredAt: h.scenario.now(),
      schemaVersion: 1,
      tool: 'hyoka-cli',
    };
    await h.store.appendToStream('tool-check', [{ id: randomUUID(), type: 'ToolChecked', data: { ok: true }, metadata }], {
      expectedRevision: 'any',
    });
    await h.settle();
    const recorded = await h.store.readAll();
    expect((await all()).map((e) => e.metadata)).toStrictEqual(recorded.map((e) => ({ ...e.metadata })));
    const entry = (await auditLog(h.readModels, { stream: 'tool-check' })).entries[0]!;
    expect(entry).toMatchObject({ commandId, correlationId: metadata.correlationId, causationId: commandId, actingAs: null });
    expect(entry.metadata).toStrictEqual(metadata);
  });

});

describe('the audit log’s words for the plan’s level revisions', () => {
  it('names each as a 計画の見直し of its kind', () => {
    expect([EVENT_TYPE_LABELS['ThemeRenamed'], EVENT_TYPE_LABELS['PlanItemMoved'], EVENT_TYPE_LABELS['DivisionRetired']]).toEqual([
      '計画の見直し（取組テーマの名称変更）',
      '計画の見直し（実施項目の移動）',
      '計画の見直し（部門の廃止）',
    ]);
  });
});
