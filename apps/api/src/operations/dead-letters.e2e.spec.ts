import type { EventStore } from '@hyoka/event-store';
import type { ProjectionRunner } from '@hyoka/projections';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from '../testing/graphql-client.js';
import { BOARD, EVALUATION, newCommandId } from '../testing/operations.js';
import { draft } from '../testing/route-helpers.js';
import { startTestApi, type TestApi } from '../testing/test-api.js';
import { EVENT_STORE, PROJECTION_RUNNER } from '../tokens.js';

const FY = 2025;
const DEAD_LETTERS = `query($projection: String) {
  deadLetters(projection: $projection) { projection position eventId stream type error failedAt }
}`;

describe('dead letters: a poison event is set aside with its error, shown to the admin and the auditor, and the rest goes on', () => {
  let api: TestApi;
  let poisonPosition: bigint;

  beforeAll(async () => {
    api = await startTestApi();
    // an evaluation stream that starts with a submission: no read model of evaluations can apply it
    const store = api.app.get<EventStore>(EVENT_STORE);
    const commandId = newCommandId('poison');
    const { position } = await store.appendToStream(
      'evaluation-I-090-2025',
      [
        {
          id: '6f1c0d2e-0000-4000-8000-000000000090',
          type: 'EvaluationSubmitted',
          data: { itemId: 'I-090', fiscalYear: FY, by: 'demo-staff-livelihood', actingAs: 'Staff@livelihood-support', at: new Date().toISOString(), version: 1 },
          metadata: {
            actor: 'demo-staff-livelihood',
            actingAs: 'Staff@livelihood-support',
            commandId,
            correlationId: commandId,
            causationId: commandId,
            occurredAt: new Date().toISOString(),
            schemaVersion: 1,
          },
        },
      ],
      { expectedRevision: 'no_stream' },
    );
    poisonPosition = position;
    await api.app.get<ProjectionRunner>(PROJECTION_RUNNER).waitForPosition(position);
  });
  afterAll(async () => {
    await api?.dispose();
  });

  it('the admin and the auditor see which read models could not apply it, where, and why', async () => {
    for (const loginName of ['admin', 'auditor']) {
      const reader = await api.signIn(loginName);
      const letters = (await reader.run(DEAD_LETTERS)).deadLetters as Record<string, string>[];
      expect(letters.length, loginName).toBeGreaterThan(0);
      for (const letter of letters) {
        expect(letter).toMatchObject({ position: String(poisonPosition), stream: 'evaluation-I-090-2025', type: 'EvaluationSubmitted' });
        expect(letter.error).toMatch(/EvaluationSubmitted/);
        expect(Date.parse(letter.failedAt!)).not.toBeNaN();
      }
      expect(letters.map((l) => l.projection)).toContain('board');
      expect(letters.map((l) => l.projection)).not.toContain('audit-log');
      const board = (await reader.run(DEAD_LETTERS, { projection: 'board' })).deadLetters as Record<string, string>[];
      expect(board.map((l) => l.projection)).toEqual(['board']);
      const unknown = await reader.errorOf(DEAD_LETTERS, { projection: 'nonsense' });
      expect(unknown.extensions?.code).toBe('VALIDATION');
      expect(unknown.message).toMatch(/読み取りモデル「nonsense」はありません/);
    }
  });

  it('nobody else sees them', async () => {
    for (const loginName of ['staff-general', 'head-general', 'manager', 'secretary-general', 'committee-1']) {
      const person = await api.signIn(loginName);
      const error = await person.errorOf(DEAD_LETTERS);
      expect(error.extensions?.code, loginName).toBe('FORBIDDEN');
      expect(error.message).toMatch(/管理者と監査のみ/);
    }
    const anonymous = await api.signIn('staff-general');
    await anonymous.run(`mutation { logout }`);
    expect((await anonymous.errorOf(DEAD_LETTERS)).extensions?.code).toBe('UNAUTHENTICATED');
  });

  it('every other stream goes on: commands after the poison are recorded and shown', async () => {
    const staff = await api.signIn('staff-livelihood');
    const e = await draft(staff, 'I-091', FY);
    expect(e.version).toBe(3);
    const row = ((await staff.run(BOARD, { fiscalYear: FY })).board.entries as { itemId: string; stage: string; version: number | null }[]).find(
      (r) => r.itemId === 'I-091',
    );
    expect(row).toMatchObject({ stage: 'Draft', version: 3 });
    // the poisoned evaluation itself shows as not started on the board, and nothing else was set aside
    const poisoned = ((await staff.run(BOARD, { fiscalYear: FY })).board.entries as { itemId: string; stage: string }[]).find(
      (r) => r.itemId === 'I-090',
    );
    expect(poisoned?.stage).toBe('NotStarted');
    expect((await staff.run(EVALUATION, { itemId: 'I-091', fiscalYear: FY })).evaluation.stage).toBe('Draft');
    const admin = await api.signIn('admin');
    const letters = (await admin.run(DEAD_LETTERS)).deadLetters as Record<string, string>[];
    expect(new Set(letters.map((l) => l.position))).toEqual(new Set([String(poisonPosition)]));
  });
});
