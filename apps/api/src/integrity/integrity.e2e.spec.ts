import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApi, type TestApi } from '../testing/test-api.js';

const VERIFY = `query($upTo: String) { verifyLog(upTo: $upTo) {
  ok events streams head digest { position events digest } problem stream revision position expected found message } }`;
const DIGEST = `query($position: String) { logDigest(position: $position) { position events digest } }`;
const CHECK = `query($digest: String!) { checkLogDigest(digest: $digest) {
  ok problem message digest { position } found { digest } broken { problem position } } }`;

describe('verifyLog, logDigest, checkLogDigest over HTTP', () => {
  let api: TestApi;
  beforeAll(async () => {
    api = await startTestApi();
  });
  afterAll(async () => {
    await api?.dispose();
  });

  it("answers OK for the log the API wrote (catalogue import, demo accounts), with a digest that checks", async () => {
    const auditor = await api.signIn('auditor');
    const { verifyLog } = await auditor.run(VERIFY);
    expect(verifyLog).toMatchObject({ ok: true, problem: null, position: null });
    expect(verifyLog.events).toBeGreaterThan(10);
    expect(verifyLog.head).toBe(String(verifyLog.events));
    expect(verifyLog.digest.digest).toMatch(new RegExp(`^hyoka-log:v1:${verifyLog.head}:${verifyLog.events}:[0-9a-f]{64}$`));
    expect(verifyLog.message).toContain('改ざんは見つかりませんでした');

    const { logDigest } = await auditor.run(DIGEST);
    expect(logDigest).toEqual(verifyLog.digest);
    const { logDigest: earlier } = await auditor.run(DIGEST, { position: '5' });
    expect(earlier).toMatchObject({ position: '5', events: 5 });
    expect((await auditor.run(VERIFY, { upTo: '5' })).verifyLog.digest).toEqual(earlier);

    const { checkLogDigest } = await auditor.run(CHECK, { digest: earlier.digest });
    expect(checkLogDigest).toMatchObject({ ok: true, problem: null, digest: { position: '5' } });
  });

  it('is for auditors and the committee only: everyone else gets FORBIDDEN', async () => {
    const committee = await api.signIn('committee-1');
    expect((await committee.run(VERIFY)).verifyLog.ok).toBe(true);
    for (const other of ['staff-general', 'manager', 'secretary-general', 'admin']) {
      const browser = await api.signIn(other);
      for (const [query, variables] of [[VERIFY, {}], [DIGEST, {}], [CHECK, { digest: `hyoka-log:v1:1:1:${'0'.repeat(64)}` }]] as const) {
        const error = await browser.errorOf(query, variables);
        expect(error.extensions?.code).toBe('FORBIDDEN');
        expect(error.message).toMatch(/監査と評価検証委員のみ/);
      }
    }
  });

  it('refuses malformed positions and digests, and a position not yet written, as VALIDATION', async () => {
    const auditor = await api.signIn('auditor');
    expect((await auditor.errorOf(VERIFY, { upTo: '-3' })).extensions?.code).toBe('VALIDATION');
    const past = await auditor.errorOf(DIGEST, { position: '99999999' });
    expect(past.extensions?.code).toBe('VALIDATION');
    expect(past.message).toMatch(/まだ記録されていません/);
    const bad = await auditor.errorOf(CHECK, { digest: 'hyoka-log:v1:abc' });
    expect(bad.extensions?.code).toBe('VALIDATION');
    expect(bad.message).toMatch(/hyoka-log:v1:<位置>/);
  });

  it('reports the exact place of an edit made in the file while the API runs; the earlier digest no longer checks', async () => {
    const auditor = await api.signIn('auditor');
    const { logDigest: before } = await auditor.run(DIGEST);
    const raw = new Database(api.config.store.kind === 'sqlite' ? api.config.store.file : '');
    raw.exec('DROP TRIGGER events_no_update');
    const target = raw.prepare('SELECT position, stream, revision, hash FROM events ORDER BY position LIMIT 1 OFFSET 7').get() as {
      position: number;
      stream: string;
      revision: number;
      hash: string;
    };
    raw.prepare(`UPDATE events SET data = json_set(data, '$.tampered', 1) WHERE position = ?`).run(target.position);
    raw.close();

    const { verifyLog } = await auditor.run(VERIFY);
    expect(verifyLog).toMatchObject({
      ok: false,
      problem: 'hashMismatch',
      stream: target.stream,
      revision: String(target.revision),
      position: String(target.position),
      found: target.hash,
      events: 7,
      head: null,
      digest: null,
    });
    expect(verifyLog.expected).toMatch(/^[0-9a-f]{64}$/);
    expect(verifyLog.message).toContain(`位置 ${target.position}`);

    const { checkLogDigest } = await auditor.run(CHECK, { digest: before.digest });
    expect(checkLogDigest).toMatchObject({ ok: false, problem: 'logBroken', broken: { problem: 'hashMismatch', position: String(target.position) } });
    // the part before the edit still verifies
    expect((await auditor.run(VERIFY, { upTo: String(target.position - 1) })).verifyLog.ok).toBe(true);
  });
});
