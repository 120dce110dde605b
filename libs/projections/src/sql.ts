import type Database from 'better-sqlite3';

const cache = new WeakMap<Database.Database, Map<string, Database.Statement>>();

let lastDb: Database.Database | undefined;
let lastStatements: Map<string, Database.Statement> | undefined;

/** A prepared statement, prepared once per connection. */
export function stmt(db: Database.Database, sql: string): Database.Statement {
  // a process has one read-model connection in practice: skip the WeakMap for it (this runs several times an event)
  let statements = db === lastDb ? lastStatements : cache.get(db);
  if (!statements) {
    statements = new Map();
    cache.set(db, statements);
  }
  lastDb = db;
  lastStatements = statements;
  let statement = statements.get(sql);
  if (!statement) {
    statement = db.prepare(sql);
    statements.set(sql, statement);
  }
  return statement;
}

export function toJson(value: unknown): string {
  return JSON.stringify(value);
}

const texts = new WeakMap<object, string>();

/** toJson of an object that is never changed (an event's data): the history and the audit log store the same text, made once. */
export function toJsonOnce(value: object): string {
  let text = texts.get(value);
  if (text === undefined) {
    text = JSON.stringify(value);
    texts.set(value, text);
  }
  return text;
}

export function fromJson<T>(text: string): T {
  return JSON.parse(text) as T;
}
