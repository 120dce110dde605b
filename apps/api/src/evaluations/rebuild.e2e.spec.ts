import { existsSync, rmSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from '../testing/graphql-client.js';
import { AUDIT_LOG, BOARD, COMMENT, EVALUATION, INBOX, RETURN } from '../testing/operations.js';
import { act, finalized, submitted, type People } from '../testing/route-helpers.js';
import { startTestApi, type TestApi } from '../testing/test-api.js';

const FY = 2025;

/** Everything a person can see, as seen by several people. */
async function snapshot(browsers: Record<string, Browser>) {
  const seen: Record<string, unknown> = {};
  for (const [name, browser] of Object.entries(browsers)) {
    seen[`${name}/board`] = await browser.send(BOARD, { fiscalYear: FY });
    seen[`${name}/inbox`] = await browser.send(INBOX, {});
    for (const itemId of ['I-040', 'I-041', 'I-042']) {
      seen[`${name}/${itemId}`] = await browser.send(EVALUATION, { itemId, fiscalYear: FY });
    }
  }
  seen['auditor/auditLog'] = await browsers['auditor']!.send(AUDIT_LOG, { paging: { limit: 1000 } });
  return seen;
}

describe('a rebuild equals live', () => {
  let api: TestApi;
  let dataDir: string;
  let live: Record<string, unknown>;

  beforeAll(async () => {
    api = await startTestApi();
    dataDir = api.dataDir;
    const [staff, chair, secretaryGeneral, committee] = await api.signInAll(
      'staff-general',
      'head-general',
      'secretary-general',
      'committee-1',
    );
    const people: People = { staff, chair, secretaryGeneral, committee };
    await finalized(people, 'I-040', FY);
    const returned = await submitted(people.staff, 'I-041', FY);
    await act(people.chair, COMMENT, 'I-041', FY, { expectedVersion: returned.version, text: '根拠を追記してください' });
    await act(people.chair, RETURN, 'I-041', FY, { expectedVersion: returned.version + 1, toStage: 'Draft', reason: '根拠が不足' });
    await submitted(people.staff, 'I-042', FY);
  });
  afterAll(async () => {
    await api?.dispose();
  });

  it('deleting the read models and starting again shows every person exactly what they saw', async () => {
    const names = ['staff-general', 'head-general', 'secretary-general', 'auditor', 'staff-community'];
    const browsers = Object.fromEntries(
      await Promise.all(names.map(async (n) => [n === 'auditor' ? 'auditor' : n, await api.signIn(n)] as const)),
    );
    live = await snapshot(browsers);
    // only the other 部's staff is refused, and only the unfinished work: I-040 is final, shared with all staff (全職員で共有)
    const refused = Object.entries(live).filter(([, r]) => (r as { errors?: unknown }).errors).map(([k]) => k);
    expect(refused).toEqual(['staff-community/I-041', 'staff-community/I-042']);

    await api.close();
    rmSync(api.config.readModelFile);
    for (const suffix of ['-wal', '-shm']) rmSync(api.config.readModelFile + suffix, { force: true });
    expect(existsSync(api.config.readModelFile)).toBe(false);
    // same data folder: same event store and sessions, new read models rebuilt from position 0
    api = await startTestApi({}, dataDir);
    expect(api.firstStart).toEqual({ catalogueImported: false, divisionRemapped: null, fiscalYearsOpened: [], accounts: [], demo: false });

    for (const browser of Object.values(browsers)) (browser as { baseUrl: string }).baseUrl = api.url;
    const rebuilt = await snapshot(browsers);
    expect(rebuilt).toEqual(live);
  });
});
