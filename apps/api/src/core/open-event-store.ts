import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import type { EventStore } from '@hyoka/event-store';
import type { StoreConfig } from '../config.js';

/**
 * THE one place the API chooses its event-store adapter. Everything past here sees only the port.
 * Each adapter is imported on demand, so the embedded run never loads the KurrentDB client and vice versa.
 */
export async function openEventStore(config: StoreConfig): Promise<EventStore> {
  switch (config.kind) {
    case 'sqlite': {
      mkdirSync(dirname(config.file), { recursive: true });
      const { openSqliteEventStore } = await import('@hyoka/event-store-sqlite');
      return openSqliteEventStore({ file: config.file });
    }
    case 'kurrentdb': {
      const { connectKurrentDbEventStore } = await import('@hyoka/event-store-kurrentdb');
      return connectKurrentDbEventStore(config.connectionString);
    }
    default: {
      const unknown: never = config;
      throw new Error(`Unknown store ${JSON.stringify(unknown)}`);
    }
  }
}

/** Where the store lives, for the start-up banner (no credentials). */
export function describeStore(config: StoreConfig): string {
  if (config.kind === 'sqlite') return `SQLite ${config.file}`;
  try {
    const url = new URL(config.connectionString.replace(/^kurrentdb(\+discover)?:/, 'http:'));
    return `KurrentDB ${url.host}`;
  } catch {
    return 'KurrentDB';
  }
}
