import Database from 'better-sqlite3';

export interface OutboxEntry {
  notificationId: string;
  recipient: string;
  email: string;
  delivery: 'immediate' | 'daily';
  queuedAt: string;
}

/**
 * What the mailer has taken on and what it has sent, in its own SQLite file beside the read models: a mail is queued
 * once (the notification id is the key), marked sent once the SMTP server accepted it, and never sent again — a
 * restart sends what is queued and unsent, nothing else. (A crash between the server's acceptance and the mark can
 * still send that one mail twice: SMTP gives no way to ask whether it arrived.)
 */
export class MailOutbox {
  private readonly db: Database.Database;

  constructor(file: string) {
    this.db = new Database(file);
    this.db.pragma('journal_mode = WAL');
    this.db.pragma('synchronous = FULL');
    this.db.exec(`
      CREATE TABLE IF NOT EXISTS mail_cursor (id INTEGER PRIMARY KEY CHECK (id = 1), position TEXT NOT NULL) STRICT;
      CREATE TABLE IF NOT EXISTS mail_outbox (
        notification_id TEXT PRIMARY KEY,
        recipient TEXT NOT NULL,
        email TEXT NOT NULL,
        delivery TEXT NOT NULL,
        queued_at TEXT NOT NULL,
        sent_at TEXT,
        message_id TEXT
      ) STRICT;
      CREATE INDEX IF NOT EXISTS mail_outbox_unsent ON mail_outbox (sent_at, delivery);
      CREATE TABLE IF NOT EXISTS mail_digests (recipient TEXT NOT NULL, jst_date TEXT NOT NULL, PRIMARY KEY (recipient, jst_date)) STRICT;
    `);
  }

  /** the position of the last notification looked at; undefined before the mailer's first look */
  cursor(): bigint | undefined {
    const row = this.db.prepare(`SELECT position FROM mail_cursor WHERE id = 1`).get() as { position: string } | undefined;
    return row ? BigInt(row.position) : undefined;
  }

  /** queues the entries and moves the cursor, in one transaction */
  enqueue(entries: readonly OutboxEntry[], cursor: bigint): void {
    const insert = this.db.prepare(
      `INSERT OR IGNORE INTO mail_outbox (notification_id, recipient, email, delivery, queued_at) VALUES (?, ?, ?, ?, ?)`,
    );
    this.db.transaction(() => {
      for (const e of entries) insert.run(e.notificationId, e.recipient, e.email, e.delivery, e.queuedAt);
      this.db.prepare(`INSERT INTO mail_cursor (id, position) VALUES (1, ?) ON CONFLICT (id) DO UPDATE SET position = excluded.position`).run(String(cursor));
    })();
  }

  unsent(delivery: 'immediate' | 'daily'): OutboxEntry[] {
    const rows = this.db
      .prepare(`SELECT * FROM mail_outbox WHERE sent_at IS NULL AND delivery = ? ORDER BY queued_at, notification_id`)
      .all(delivery) as { notification_id: string; recipient: string; email: string; delivery: 'immediate' | 'daily'; queued_at: string }[];
    return rows.map((r) => ({ notificationId: r.notification_id, recipient: r.recipient, email: r.email, delivery: r.delivery, queuedAt: r.queued_at }));
  }

  markSent(notificationIds: readonly string[], at: string, messageId: string | null, digest?: { recipient: string; jstDate: string }): void {
    const mark = this.db.prepare(`UPDATE mail_outbox SET sent_at = ?, message_id = ? WHERE notification_id = ? AND sent_at IS NULL`);
    this.db.transaction(() => {
      for (const id of notificationIds) mark.run(at, messageId, id);
      if (digest) this.db.prepare(`INSERT OR IGNORE INTO mail_digests (recipient, jst_date) VALUES (?, ?)`).run(digest.recipient, digest.jstDate);
    })();
  }

  digestSent(recipient: string, jstDate: string): boolean {
    return this.db.prepare(`SELECT 1 FROM mail_digests WHERE recipient = ? AND jst_date = ?`).get(recipient, jstDate) !== undefined;
  }

  sentCount(): number {
    return (this.db.prepare(`SELECT count(*) AS n FROM mail_outbox WHERE sent_at IS NOT NULL`).get() as { n: number }).n;
  }

  close(): void {
    this.db.close();
  }
}
