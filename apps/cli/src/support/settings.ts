import { existsSync } from 'node:fs';
import { isAbsolute, resolve } from 'node:path';
import type { EventStore } from '@hyoka/event-store';
import { CliError, UsageError } from '../errors.js';

/** Where events live: the embedded SQLite file or a KurrentDB server. */
export type StoreLocation = { kind: 'sqlite'; file: string } | { kind: 'kurrentdb'; connectionString: string };

/** argon2id cost, read from the same variables as the API so both hash alike. */
export interface Argon2Cost {
  memoryCost: number;
  timeCost: number;
  parallelism: number;
}

export interface Settings {
  dataDir: string;
  store: StoreLocation;
  /** the API's read-model file in the data folder */
  readModelFile: string;
  argon2: Argon2Cost;
}

/** The global options every command takes (commander's optsWithGlobals). */
export interface GlobalOptions {
  dataDir?: string;
  store?: string;
  connectionString?: string;
}

function integer(env: NodeJS.ProcessEnv, name: string, fallback: number, min: number, max: number): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < min || value > max) {
    throw new UsageError(`${name} は ${min}〜${max} の整数にしてください / ${name} must be an integer from ${min} to ${max}, got '${raw}'`);
  }
  return value;
}

/** The settings of one run: options first, then the API's environment variables, then the API's defaults. */
export function settingsFrom(options: GlobalOptions, env: NodeJS.ProcessEnv, cwd: string): Settings {
  const dataDir = resolve(cwd, options.dataDir || env['HYOKA_DATA_DIR'] || './data');
  const kind = (options.store || env['HYOKA_STORE'] || 'sqlite').toLowerCase();
  let store: StoreLocation;
  if (kind === 'sqlite') {
    store = { kind: 'sqlite', file: resolve(dataDir, 'events.sqlite') };
  } else if (kind === 'kurrentdb') {
    const connectionString = options.connectionString || env['KURRENTDB_CONNECTION_STRING'];
    if (!connectionString) {
      throw new UsageError(
        '--store kurrentdb には --connection-string (または KURRENTDB_CONNECTION_STRING) が必要です / --store kurrentdb needs --connection-string, e.g. kurrentdb://localhost:2113?tls=false',
      );
    }
    store = { kind: 'kurrentdb', connectionString };
  } else {
    throw new UsageError(`--store は sqlite か kurrentdb です / --store must be 'sqlite' or 'kurrentdb', got '${kind}'`);
  }
  return {
    dataDir,
    store,
    readModelFile: resolve(dataDir, 'read-models.sqlite'),
    argon2: {
      memoryCost: integer(env, 'HYOKA_ARGON2_MEMORY_KIB', 19_456, 1024, 4_194_304),
      timeCost: integer(env, 'HYOKA_ARGON2_TIME_COST', 2, 1, 100),
      parallelism: integer(env, 'HYOKA_ARGON2_PARALLELISM', 1, 1, 16),
    },
  };
}

/**
 * Reads `sqlite:<file>`, `kurrentdb:<connection string>` or a bare `kurrentdb://…` / `esdb://…` connection string.
 */
export function parseStoreLocation(text: string, cwd: string, option: string): StoreLocation {
  const value = text.trim();
  if (value.startsWith('sqlite:')) {
    const file = value.slice('sqlite:'.length);
    if (file === '') throw new UsageError(`${option}: sqlite: の後にファイルを指定してください / give a file after sqlite:`);
    return { kind: 'sqlite', file: isAbsolute(file) ? file : resolve(cwd, file) };
  }
  if (value.startsWith('kurrentdb:') && !value.startsWith('kurrentdb://') && !value.startsWith('kurrentdb+discover://')) {
    const connectionString = value.slice('kurrentdb:'.length);
    if (connectionString === '') throw new UsageError(`${option}: kurrentdb: の後に接続文字列を指定してください / give a connection string after kurrentdb:`);
    return { kind: 'kurrentdb', connectionString };
  }
  if (/^(kurrentdb|kurrentdb\+discover|esdb|esdb\+discover):\/\//.test(value)) return { kind: 'kurrentdb', connectionString: value };
  throw new UsageError(
    `${option} は sqlite:<ファイル> か kurrentdb:<接続文字列> で指定してください / ${option} must be sqlite:<file> or kurrentdb:<connection string>, got '${text}'`,
  );
}

/** A description without credentials, for messages. */
export function describeLocation(location: StoreLocation): string {
  if (location.kind === 'sqlite') return `sqlite:${location.file}`;
  try {
    const url = new URL(location.connectionString.replace(/^(kurrentdb|esdb)(\+discover)?:/, 'http:'));
    return `kurrentdb:${url.host}`;
  } catch {
    return 'kurrentdb';
  }
}

export interface OpenStoreOptions {
  /** false: refuse a SQLite file that does not exist yet (the default, so a mistyped --data-dir creates nothing) */
  create?: boolean;
  /** SQLite only: the time recorded with the next commit (copy keeps the source's recordedAt) */
  clock?: () => Date;
}

/** Opens a store through the port; each adapter is loaded only when used. */
export async function openStore(location: StoreLocation, options: OpenStoreOptions = {}): Promise<EventStore> {
  if (location.kind === 'sqlite') {
    if (!options.create && !existsSync(location.file)) {
      throw new CliError(
        `イベントストアがありません: ${location.file} (--data-dir を確認してください) / no event store at ${location.file}; check --data-dir or HYOKA_DATA_DIR`,
      );
    }
    const { openSqliteEventStore } = await import('@hyoka/event-store-sqlite');
    return openSqliteEventStore({ file: location.file, ...(options.clock ? { clock: options.clock } : {}) });
  }
  const { connectKurrentDbEventStore } = await import('@hyoka/event-store-kurrentdb');
  return connectKurrentDbEventStore(location.connectionString);
}

/** Opens the store, runs `work`, and closes the store whatever happens. */
export async function withStore<T>(location: StoreLocation, options: OpenStoreOptions, work: (store: EventStore) => Promise<T>): Promise<T> {
  const store = await openStore(location, options);
  try {
    return await work(store);
  } finally {
    await store.close();
  }
}
