import { createHash, randomBytes } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import Database from 'better-sqlite3';

export interface SessionPolicy {
  idleMs: number;
  absoluteMs: number;
}

export interface OpenSession {
  userId: string;
  /** when the session ends if nothing happens before (idle or absolute, whichever is first) */
  expiresAt: number;
}

/** Session ids are 256 random bits; only their SHA-256 is stored, so a copy of the file opens no session. */
const hashOf = (token: string) => createHash('sha256').update(token).digest('hex');

/** Server-side sessions in a small SQLite file of their own: not events, not part of the audit trail. */
export class SessionStore {
  private readonly db: Database.Database;

  constructor(
    file: string,
    private readonly policy: SessionPolicy,
  ) {
    if (file !== ':memory:') mkdirSync(dirname(file), { recursive: true });
    this.db = new Database(file);
    this.db.pragma('journal_mode = WAL');
    this.db.exec(`CREATE TABLE IF NOT EXISTS sessions (
      id_hash TEXT PRIMARY KEY,
      user_id TEXT NOT NULL,
      created_at INTEGER NOT NULL,
      last_seen_at INTEGER NOT NULL
    )`);
  }

  /** Opens a session for the user and returns its secret token (for the cookie). */
  create(userId: string, now = Date.now()): string {
    const token = randomBytes(32).toString('base64url');
    this.db
      .prepare('INSERT INTO sessions (id_hash, user_id, created_at, last_seen_at) VALUES (?, ?, ?, ?)')
      .run(hashOf(token), userId, now, now);
    return token;
  }

  /** The session's user when it is still valid; touching it extends the idle window. */
  touch(token: string, now = Date.now()): OpenSession | undefined {
    const hash = hashOf(token);
    const row = this.db
      .prepare('SELECT user_id AS userId, created_at AS createdAt, last_seen_at AS lastSeenAt FROM sessions WHERE id_hash = ?')
      .get(hash) as { userId: string; createdAt: number; lastSeenAt: number } | undefined;
    if (!row) return undefined;
    const absoluteEnd = row.createdAt + this.policy.absoluteMs;
    if (now - row.lastSeenAt > this.policy.idleMs || now >= absoluteEnd) {
      this.db.prepare('DELETE FROM sessions WHERE id_hash = ?').run(hash);
      return undefined;
    }
    this.db.prepare('UPDATE sessions SET last_seen_at = ? WHERE id_hash = ?').run(now, hash);
    return { userId: row.userId, expiresAt: Math.min(now + this.policy.idleMs, absoluteEnd) };
  }

  destroy(token: string): void {
    this.db.prepare('DELETE FROM sessions WHERE id_hash = ?').run(hashOf(token));
  }

  /** Ends every session of a user (e.g. when the account is disabled). */
  destroyAllOf(userId: string): void {
    this.db.prepare('DELETE FROM sessions WHERE user_id = ?').run(userId);
  }

  purgeExpired(now = Date.now()): number {
    return this.db
      .prepare('DELETE FROM sessions WHERE last_seen_at < ? OR created_at <= ?')
      .run(now - this.policy.idleMs, now - this.policy.absoluteMs).changes;
  }

  close(): void {
    this.db.close();
  }
}
