import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { LogDigester, type EventStore } from '@hyoka/event-store';
import { afterAll, describe, expect, it } from 'vitest';
import { finalized } from '../testing/route-helpers.js';
import { startTestApi, type TestApi } from '../testing/test-api.js';
import { EVENT_STORE } from '../tokens.js';
import { IntegrityMonitor } from './integrity-monitor.js';

const FY = 2025;
const STATUS = `{ integrityStatus { state verifiedUpTo failure { position stream reason } } }`;
const REPORT = `query { annualReport(fiscalYear: ${FY}) { stamp { position digest } } }`;
const CHECK = `query($digest: String!) { checkLogDigest(digest: $digest) { ok problem } }`;
/** The recorded hashes in log order: what the API chained into its stamp before it verified (nothing recomputed). */
const recordedHashes = (file: string) => {
  const db = new Database(file, { readonly: true });
  try {
    return db.prepare('SELECT position, hash FROM events ORDER BY position').all() as { position: number; hash: string }[];
  } finally {
    db.close();
  }
};

/** Edits the committee's final grade in the file, as someone with the file and a SQLite shell could while Hyoka is stopped. */
function forgeFinalGrade(file: string, itemStream: string): { position: number } {
  const db = new Database(file);
  try {
    db.exec('DROP TRIGGER events_no_update');
    const row = db
      .prepare(`SELECT position FROM events WHERE stream = ? AND type = 'EvaluationFinalized' ORDER BY position DESC LIMIT 1`)
      .get(itemStream) as { position: number };
    db.prepare(`UPDATE events SET data = json_set(data, '$.overallGrade', 'D') WHERE position = ?`).run(row.position);
    return row;
  } finally {
    db.close();
  }
}

async function finalize(api: TestApi, itemId: string): Promise<void> {
  const [staff, chair, secretaryGeneral, committee] = await api.signInAll('staff-general', 'head-general', 'secretary-general', 'committee-1');
  await finalized({ staff, chair, secretaryGeneral, committee }, itemId, FY);
}

describe('a store edited while Hyoka was stopped (SQLite file, restart)', () => {
  const dirs: string[] = [];
  const running: TestApi[] = [];
  const start = async (dataDir: string) => {
    const api = await startTestApi({}, dataDir);
    running.push(api);
    return api;
  };
  const stop = async (api: TestApi) => {
    running.splice(running.indexOf(api), 1);
    await api.close();
  };
  afterAll(async () => {
    for (const api of running) await api.close();
    for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
  });
  const dataDir = () => {
    const dir = mkdtempSync(join(tmpdir(), 'hyoka-tamper-at-rest-'));
    dirs.push(dir);
    return dir;
  };

  it('an event after the verified checkpoint: the start-up check raises the alarm and stamping is refused', async () => {
    const dir = dataDir();
    let api = await start(dir);
    await api.app.get(IntegrityMonitor).settled();
    await finalize(api, 'I-001');
    await stop(api);
    const file = join(dir, 'events.sqlite');
    const forged = forgeFinalGrade(file, `evaluation-I-001-${FY}`);

    api = await start(dir);
    const status = await api.app.get(IntegrityMonitor).settled();
    expect(status.state).toBe('BROKEN');
    const auditor = await api.signIn('auditor');
    const { integrityStatus } = await auditor.run(STATUS);
    expect(integrityStatus).toMatchObject({ state: 'BROKEN', failure: { position: String(forged.position), stream: `evaluation-I-001-${FY}` } });
    expect(integrityStatus.failure.reason).toContain('内容が記録されたハッシュと一致しません');
    expect(BigInt(integrityStatus.verifiedUpTo)).toBeLessThan(BigInt(forged.position));

    const refused = await auditor.errorOf(REPORT);
    expect(refused.extensions?.code).toBe('LOG_BROKEN');
    expect(refused.message).toMatch(/改ざんまたは破損が見つかったため、ダイジェストを付けた報告書は作成できません/);
    const xlsx = await fetch(`${api.url}/exports/annual-report/${FY}.xlsx`, { headers: { cookie: auditor.cookieHeader() } });
    expect(xlsx.status).toBe(409);
    expect(((await xlsx.json()) as { code: string }).code).toBe('LOG_BROKEN');

    // the digest the API used to stamp over the forged log (its recorded hashes chained) does not check
    const digester = new LogDigester();
    const rows = recordedHashes(file);
    for (const row of rows) digester.add(row.hash);
    const stale = digester.result(BigInt(rows.at(-1)!.position)).text;
    expect((await auditor.run(CHECK, { digest: stale })).checkLogDigest).toEqual({ ok: false, problem: 'logBroken' });
  });

  it('an event before the verified checkpoint (a report was stamped after it): the re-verification raises the alarm', async () => {
    const dir = dataDir();
    let api = await start(dir);
    await finalize(api, 'I-002');
    const auditor = await api.signIn('auditor');
    const { annualReport } = await auditor.run(REPORT);
    expect((await auditor.run(STATUS)).integrityStatus).toMatchObject({ state: 'OK', verifiedUpTo: annualReport.stamp.position, failure: null });
    await stop(api);
    forgeFinalGrade(join(dir, 'events.sqlite'), `evaluation-I-002-${FY}`);

    api = await start(dir);
    expect((await api.app.get(IntegrityMonitor).settled()).state).toBe('BROKEN');
    const admin = await api.signIn('admin');
    expect((await admin.run(STATUS)).integrityStatus.state).toBe('BROKEN');
    const again = await api.signIn('auditor');
    expect((await again.errorOf(REPORT)).extensions?.code).toBe('LOG_BROKEN');
    // the genuine digest stamped before the edit does not check either
    expect((await again.run(CHECK, { digest: annualReport.stamp.digest })).checkLogDigest).toEqual({ ok: false, problem: 'logBroken' });
  });

  it('an untouched store: OK after each restart, the checkpoint kept in the read-model file; staff may not read the status', async () => {
    const dir = dataDir();
    let api = await start(dir);
    expect((await api.app.get(IntegrityMonitor).settled()).state).toBe('OK');
    const head = String(await api.app.get<EventStore>(EVENT_STORE).headPosition());
    await stop(api);
    for (const _ of [1, 2]) {
      api = await start(dir);
      expect(await api.app.get(IntegrityMonitor).settled()).toMatchObject({ state: 'OK', verifiedUpTo: BigInt(head), failure: null });
      await stop(api);
      const readModels = new Database(join(dir, 'read-models.sqlite'), { readonly: true });
      expect(readModels.prepare('SELECT position FROM integrity_checkpoint').pluck().get()).toBe(Number(head));
      readModels.close();
    }
    api = await start(dir);
    const staff = await api.signIn('staff-general');
    expect((await staff.errorOf(STATUS)).extensions?.code).toBe('FORBIDDEN');
    const auditor = await api.signIn('auditor');
    expect((await auditor.run(REPORT)).annualReport.stamp.position).toBe(head);
  });
});
