import { randomUUID } from 'node:crypto';
import type { EventStore, EventToAppend } from '@hyoka/event-store';
import type { ReadModels } from '@hyoka/projections';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from '../testing/graphql-client.js';
import { startTestApi, type TestApi } from '../testing/test-api.js';
import { EVENT_STORE, READ_MODELS } from '../tokens.js';
import { GRAPHQL_EXPORT_CAP } from './queries/audit-log-export.js';

const EXTRA = GRAPHQL_EXPORT_CAP + 1000;

function noted(i: number): EventToAppend {
  const id = randomUUID();
  return {
    id,
    type: 'LoadNoted',
    data: { i, text: `記録 ${i}, "引用" を含む` },
    metadata: { actor: 'system', commandId: id, correlationId: id, causationId: id, occurredAt: new Date().toISOString(), schemaVersion: 1 },
  };
}

describe('audit-log exports past the GraphQL cap', () => {
  let api: TestApi;
  let auditor: Browser;
  let head: bigint;

  beforeAll(async () => {
    api = await startTestApi();
    const store = api.app.get<EventStore>(EVENT_STORE);
    const stream = `load-${randomUUID()}`;
    for (let i = 0; i < EXTRA; i += 500) {
      await store.appendToStream(stream, Array.from({ length: 500 }, (_, k) => noted(i + k)), { expectedRevision: 'any' });
    }
    head = await store.headPosition();
    const readModels = api.app.get<ReadModels>(READ_MODELS);
    while (readModels.checkpoint('audit-log') < head) await new Promise((resolve) => setTimeout(resolve, 50));
    auditor = await api.signIn('auditor');
  }, 120_000);
  afterAll(async () => {
    await api?.dispose();
  });

  it('GraphQL refuses more rows than the cap with VALIDATION pointing to the download; a filtered export still answers', async () => {
    for (const [field, file] of [['auditLogCsv', 'csv'], ['auditLogJson', 'json']] as const) {
      const error = await auditor.errorOf(`query { ${field} }`);
      expect(error.extensions?.code).toBe('VALIDATION');
      expect(error.message).toContain(`GraphQL では ${GRAPHQL_EXPORT_CAP.toLocaleString('ja-JP')} 件まで`);
      expect(error.message).toContain(`/exports/audit-log.${file}`);
    }
    const { auditLogCsv } = await auditor.run(`query { auditLogCsv(filter: { types: ["UserRegistered"] }) }`);
    expect(auditLogCsv.split('\r\n').length).toBeGreaterThan(2);
  });

  it('the downloads stream every row (chunked, no content length), in log order', async () => {
    const csv = await fetch(`${api.url}/exports/audit-log.csv`, { headers: { cookie: auditor.cookieHeader() } });
    expect(csv.status).toBe(200);
    expect(csv.headers.get('content-length')).toBeNull();
    expect(csv.headers.get('transfer-encoding')).toBe('chunked');
    const text = await csv.text();
    // the BOM, the header, then one row per event (the quoted texts hold no line breaks)
    const lines = text.replace(/^\uFEFF/, '').trimEnd().split('\r\n');
    expect(lines[0]).toMatch(/^位置,記録日時\(日本時間\),/);
    expect(lines.length - 1).toBe(Number(head));
    expect(lines.at(-1)!.startsWith(`${head},`)).toBe(true);

    const json = await fetch(`${api.url}/exports/audit-log.json?type=LoadNoted`, { headers: { cookie: auditor.cookieHeader() } });
    const entries = (await json.json()) as { type: string; data: { i: number } }[];
    expect(entries).toHaveLength(EXTRA);
    expect(entries.map((e) => e.data.i)).toEqual(Array.from({ length: EXTRA }, (_, i) => i));
  });
});
