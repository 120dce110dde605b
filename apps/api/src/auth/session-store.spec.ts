import Database from 'better-sqlite3';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { SessionStore } from './session-store.js';

const MINUTE = 60_000;
const policy = { idleMs: 30 * MINUTE, absoluteMs: 12 * 60 * MINUTE };

describe('SessionStore', () => {
  const dirs: string[] = [];
  const open = () => {
    const dir = mkdtempSync(join(tmpdir(), 'hyoka-sessions-'));
    dirs.push(dir);
    return { file: join(dir, 'sessions.sqlite'), store: new SessionStore(join(dir, 'sessions.sqlite'), policy) };
  };
  afterEach(() => {
    for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
  });

  it('issues 256-bit random tokens and stores only their SHA-256', () => {
    const { file, store } = open();
    const token = store.create('u-1', 0);
    expect(Buffer.from(token, 'base64url')).toHaveLength(32);
    expect(store.create('u-1', 0)).not.toBe(token);
    store.close();
    const db = new Database(file, { readonly: true });
    const rows = db.prepare('SELECT id_hash FROM sessions').all() as { id_hash: string }[];
    db.close();
    expect(rows).toHaveLength(2);
    expect(rows.every((r) => /^[0-9a-f]{64}$/.test(r.id_hash) && r.id_hash !== token)).toBe(true);
  });

  it('ends a session idle for 30 minutes; use keeps it alive', () => {
    const { store } = open();
    const token = store.create('u-1', 0);
    expect(store.touch(token, 29 * MINUTE)?.userId).toBe('u-1');
    expect(store.touch(token, 58 * MINUTE)?.userId).toBe('u-1');
    expect(store.touch(token, 89 * MINUTE)).toBeUndefined();
    expect(store.touch(token, 90 * MINUTE)).toBeUndefined();
    store.close();
  });

  it('ends every session after 12 hours however busy', () => {
    const { store } = open();
    const token = store.create('u-1', 0);
    for (let t = 20; t < 12 * 60; t += 20) expect(store.touch(token, t * MINUTE)).toBeDefined();
    expect(store.touch(token, 12 * 60 * MINUTE)).toBeUndefined();
    store.close();
  });

  it('logout and disabling end sessions; unknown tokens open nothing', () => {
    const { store } = open();
    const a = store.create('u-1', 0);
    const b = store.create('u-1', 0);
    const c = store.create('u-2', 0);
    store.destroy(a);
    expect(store.touch(a, 1)).toBeUndefined();
    store.destroyAllOf('u-1');
    expect(store.touch(b, 1)).toBeUndefined();
    expect(store.touch(c, 1)?.userId).toBe('u-2');
    expect(store.touch('not-a-token', 1)).toBeUndefined();
    store.close();
  });

  it('tells why a session is no longer open, and a look without use does not extend it', () => {
    const { store } = open();
    const idle = store.create('u-1', 0);
    expect(store.check(idle, 20 * MINUTE, { extend: false })).toEqual({
      status: 'open',
      session: { userId: 'u-1', expiresAt: 30 * MINUTE },
    });
    // the look at minute 20 did not count as use: the idle window still ends at minute 30
    expect(store.check(idle, 30 * MINUTE + 1, { extend: false })).toEqual({ status: 'expired', userId: 'u-1', reason: 'idle' });
    expect(store.check(idle, 30 * MINUTE + 2, { extend: true })).toEqual({ status: 'unknown' });

    const busy = store.create('u-2', 0);
    for (let t = 25; t < 12 * 60; t += 25) expect(store.check(busy, t * MINUTE, { extend: true }).status).toBe('open');
    expect(store.check(busy, 12 * 60 * MINUTE, { extend: true })).toEqual({ status: 'expired', userId: 'u-2', reason: 'absolute' });
    store.close();
  });

  it('counts the sessions it ends for a user', () => {
    const { store } = open();
    store.create('u-1', 0);
    store.create('u-1', 0);
    expect(store.destroyAllOf('u-1')).toBe(2);
    expect(store.destroyAllOf('u-1')).toBe(0);
    store.close();
  });
});
