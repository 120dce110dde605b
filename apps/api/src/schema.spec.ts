import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApi, type TestApi } from './testing/test-api.js';

const COMMITTED = fileURLToPath(new URL('../schema.graphql', import.meta.url));

/**
 * The committed apps/api/schema.graphql is what the code generates (the web client's types are generated from it).
 * After changing the schema: `npm run schema -w @hyoka/api` rewrites the file; commit it with the change.
 */
describe('the committed GraphQL schema', () => {
  let api: TestApi;
  let generated: string;
  beforeAll(async () => {
    const dir = mkdtempSync(join(tmpdir(), 'hyoka-schema-'));
    const file = join(dir, 'schema.graphql');
    api = await startTestApi({ HYOKA_SCHEMA_FILE: file }, dir);
    generated = readFileSync(file, 'utf8');
    if (process.env['HYOKA_UPDATE_SCHEMA'] === '1') writeFileSync(COMMITTED, generated);
  });
  afterAll(async () => {
    await api?.dispose();
  });

  it('equals the schema the code generates', () => {
    expect(existsSync(COMMITTED)).toBe(true);
    expect(readFileSync(COMMITTED, 'utf8')).toBe(generated);
  });

  it('has the contract operations', () => {
    for (const field of [
      'viewer', 'plan(', 'board(', 'evaluation(', 'inbox(', 'auditLog(',
      'login(', 'logout:', 'saveAnnualPlan(', 'submitAnnualPlan(', 'approveAnnualPlan(', 'returnAnnualPlan(', 'changeAnnualPlan(', 'saveSelfEvaluation(', 'submitEvaluation(', 'recallEvaluation(',
      'commentOnEvaluation(', 'approveEvaluation(', 'approveEvaluations(', 'returnEvaluation(', 'forwardToCommittee(',
      'finalizeEvaluation(', 'reopenEvaluation(', 'boardChanged(',
    ]) {
      expect(generated).toContain(`  ${field}`);
    }
  });
});
