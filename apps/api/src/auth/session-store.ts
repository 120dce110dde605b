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

/** What a session token stands for now. */
export type SessionCheck =
  | { status: 'open'; session: OpenSession }
  | { status: 'expired'; userId: string; reason: 'idle' | 'absolute' }
  | { status: 'unknown' };

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
    const check = this.check(token, now, { extend: true });
    return check.status === 'open' ? check.session : undefined;
  }

  /**
   * Whether the session is open at `now`, and why not. An expired session is deleted. `extend` counts this as use
   * (a request); a look from the server itself (the sweep of open WebSockets) does not.
   */
  check(token: string, now: number, options: { extend: boolean }): SessionCheck {
    const hash = hashOf(token);
    const row = this.db
      .prepare('SELECT user_id AS userId, created_at AS createdAt, last_seen_at AS lastSeenAt FROM sessions WHERE id_hash = ?')
      .get(hash) as { userId: string; createdAt: number; lastSeenAt: number } | undefined;
    if (!row) return { status: 'unknown' };
    const absoluteEnd = row.createdAt + this.policy.absoluteMs;
    const idleEnd = row.lastSeenAt + this.policy.idleMs;
    if (now >= absoluteEnd || now > idleEnd) {
      this.db.prepare('DELETE FROM sessions WHERE id_hash = ?').run(hash);
      return { status: 'expired', userId: row.userId, reason: now >= absoluteEnd ? 'absolute' : 'idle' };
    }
    if (!options.extend) return { status: 'open', session: { userId: row.userId, expiresAt: Math.min(idleEnd, absoluteEnd) } };
    this.db.prepare('UPDATE sessions SET last_seen_at = ? WHERE id_hash = ?').run(now, hash);
    return { status: 'open', session: { userId: row.userId, expiresAt: Math.min(now + this.policy.idleMs, absoluteEnd) } };
  }

  destroy(token: string): void {
    this.db.prepare('DELETE FROM sessions WHERE id_hash = ?').run(hashOf(token));
  }

  /** Ends every session of a user (e.g. when the account is disabled); returns how many there were. */
  destroyAllOf(userId: string): number {
    return this.db.prepare('DELETE FROM sessions WHERE user_id = ?').run(userId).changes;
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
