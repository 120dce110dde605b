import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createClient, type Client as WsClient } from 'graphql-ws';
import WebSocket from 'ws';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_PASSWORD, freePort, spawnApiProcess, type ApiProcess } from './harness/api-process.js';
import { Client } from './harness/client.js';
import { Random } from './harness/random.js';
import { startRoundRobinProxy, type RoundRobinProxy } from './harness/round-robin-proxy.js';
import { checkLog, dumpReadModels, integrityCheck, readCheckpoints, readWholeStore, Reference } from './harness/verify.js';
import { Gate, Ledger, Worker, type Desk, type Slot } from './harness/workload.js';

// Two API processes on one data folder (docs/design.md, "Several API processes"): one SQLite event store and one
// session file shared, each process with its own read models. Sized for CI on 2 cores: a few hundred commands.
const CLIENTS = 32;
const COMMANDS = Number(process.env['PROOF_TWO_PROCESSES_COMMANDS'] ?? 400);
const SEED = Number(process.env['PROOF_SEED'] ?? Date.now() % 2 ** 31);
const FY = 2025;

const DEPARTMENTS = ['general-affairs', 'community-welfare', 'livelihood-support'] as const;
const SHORT = { 'general-affairs': 'general', 'community-welfare': 'community', 'livelihood-support': 'livelihood' } as const;
const BOARD = `query($fiscalYear: Int!) { board(fiscalYear: $fiscalYear) { entries { itemId fiscalYear owningDepartmentId stage version } } }`;
const EVALUATION = `query($itemId: ID!, $fiscalYear: Int!) { evaluation(itemId: $itemId, fiscalYear: $fiscalYear) { version stage } }`;
const SAVE_PLAN = `mutation($input: SaveAnnualPlanInput!) { saveAnnualPlan(input: $input) { version stage } }`;
const BOARD_CHANGED = `subscription($fiscalYear: Int!) { boardChanged(fiscalYear: $fiscalYear) { itemId type version position } }`;

interface BoardEntry {
  itemId: string;
  fiscalYear: number;
  owningDepartmentId: string;
  stage: string;
  version: number | null;
}
interface Change {
  itemId: string | null;
  type: string;
  version: number | null;
  position: string;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** GraphQL over HTTP to one process, with a cookie taken from elsewhere. */
async function ask<T>(url: string, cookie: string, query: string, variables: Record<string, unknown> = {}) {
  const response = await fetch(`${url}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', cookie },
    body: JSON.stringify({ query, variables }),
  });
  return (await response.json()) as { data?: T | null; errors?: { message: string; extensions?: { code?: string } }[] };
}

/** A graphql-ws client on one process, sending the session cookie with the upgrade as a browser does. */
function wsClient(url: string, cookie: string): WsClient {
  class CookieWebSocket extends WebSocket {
    constructor(address: string | URL, protocols?: string | string[]) {
      super(address, protocols, { headers: { cookie } });
    }
  }
  return createClient({ url: `${url.replace(/^http/, 'ws')}/graphql`, webSocketImpl: CookieWebSocket, retryAttempts: 0 });
}

describe(`two API processes on one SQLite store behind one address (seed ${SEED})`, () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'hyoka-proof-two-'));
  const files = {
    events: join(dataDir, 'events.sqlite'),
    sessions: join(dataDir, 'sessions.sqlite'),
    a: join(dataDir, 'read-models.a.sqlite'),
    b: join(dataDir, 'read-models.b.sqlite'),
  };
  let a: ApiProcess;
  let b: ApiProcess;
  let proxy: RoundRobinProxy;
  const sockets: WsClient[] = [];

  /** Resolves once both processes' read models hold every event of the store (their checkpoints, read from outside). */
  const bothCaughtUp = async (): Promise<bigint> => {
    const head = (await readWholeStore(files.events)).at(-1)!.position;
    for (;;) {
      const at = [files.a, files.b].map((file) => Object.values(readCheckpoints(file)));
      if (at.every((checkpoints) => checkpoints.every((p) => p >= head))) return head;
      await sleep(50);
    }
  };

  beforeAll(async () => {
    // both start at once on an empty folder: the first start's catalogue, years and accounts are recorded once
    const [portA, portB] = [await freePort(), await freePort()];
    const first = spawnApiProcess({ dataDir, port: portA, env: { HYOKA_INSTANCE: 'a', HYOKA_SECURITY_LOG: 'off' } });
    const second = spawnApiProcess({ dataDir, port: portB, env: { HYOKA_INSTANCE: 'b', HYOKA_SECURITY_LOG: 'off' } });
    [a, b] = [first, second];
    await Promise.all([first.ready, second.ready]);
    proxy = await startRoundRobinProxy([
      { host: '127.0.0.1', port: portA },
      { host: '127.0.0.1', port: portB },
    ]);
  }, 120_000);

  afterAll(async () => {
    for (const socket of sockets) await socket.dispose();
    await proxy?.close();
    await Promise.all([a?.stop(), b?.stop()]);
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('records the first start once although both processes ran it together', async () => {
    const events = await readWholeStore(files.events);
    const streams = events.filter((e) => e.revision === 0n).map((e) => e.stream);
    expect(new Set(streams).size).toBe(streams.length);
    const accounts = streams.filter((s) => s.startsWith('user-'));
    expect(accounts.length).toBeGreaterThan(5);
    // each account's first events were one command: RegisterUser and its roles appended together, by one process
    for (const stream of accounts) {
      const commandIds = new Set(events.filter((e) => e.stream === stream).map((e) => String(e.metadata.commandId)));
      expect(commandIds.size, stream).toBe(1);
    }
  });

  it('a session signed in through one process works on the other, and signing out on one ends it on both', async () => {
    const person = new Client(() => proxy.url, 'auditor', DEMO_PASSWORD);
    await person.signIn();
    const cookie = person.cookieHeader();
    for (const api of [a, b]) {
      const answer = await ask<{ viewer: { loginName: string } | null }>(api.url, cookie, '{ viewer { loginName } }');
      expect(answer.data?.viewer?.loginName, api.url).toBe('auditor');
    }
    expect((await ask<{ logout: boolean }>(a.url, cookie, 'mutation { logout }')).data?.logout).toBe(true);
    expect((await ask<{ viewer: null }>(b.url, cookie, '{ viewer { loginName } }')).data?.viewer).toBeNull();
  });

  it('a mutation through A reaches a subscription on B, and a query on B then shows it', async () => {
    const staff = new Client(() => a.url, 'staff-general', DEMO_PASSWORD);
    await staff.signIn();
    const cookie = staff.cookieHeader();
    const board = await ask<{ board: { entries: BoardEntry[] } }>(a.url, cookie, BOARD, { fiscalYear: FY });
    const mine = board.data!.board.entries.filter((e) => e.owningDepartmentId === 'general-affairs' && e.version === null);
    const [probe, item] = [mine[0]!, mine[1]!];

    const received: Change[] = [];
    const socket = wsClient(b.url, cookie);
    sockets.push(socket);
    let failure: unknown;
    socket.subscribe<{ boardChanged: Change }>(
      { query: BOARD_CHANGED, variables: { fiscalYear: FY } },
      { next: ({ data }) => void received.push(data!.boardChanged), error: (error) => (failure = error), complete: () => undefined },
    );
    const save = async (entry: BoardEntry, version: number | null, n: number) => {
      const input = {
        itemId: entry.itemId,
        fiscalYear: FY,
        expectedVersion: version,
        commandId: `two-${SEED}-${entry.itemId}-${n}`,
        method: 'quantitative',
        target: String(n),
        unit: '回',
        direction: 'higherIsBetter',
        actions: '研修会を開催する',
      };
      const answer = await ask<{ saveAnnualPlan: { version: number } }>(a.url, cookie, SAVE_PLAN, { input });
      expect(answer.errors).toBeUndefined();
      return answer.data!.saveAnnualPlan.version;
    };
    // graphql-ws does not acknowledge a subscription: changes to another item through A until B's subscription hears one
    let probeVersion: number | null = null;
    for (let n = 1; !received.some((c) => c.itemId === probe.itemId); n += 1) {
      expect(failure).toBeUndefined();
      expect(n, 'B never delivered a change made through A').toBeLessThan(100);
      probeVersion = await save(probe, probeVersion, n);
      for (let i = 0; i < 10 && !received.some((c) => c.itemId === probe.itemId); i += 1) await sleep(50);
    }

    const version = await save(item, null, 7);
    while (!received.some((c) => c.itemId === item.itemId)) {
      expect(failure).toBeUndefined();
      await sleep(20);
    }
    expect(received.find((c) => c.itemId === item.itemId)).toMatchObject({ type: 'AnnualPlanSaved', version });
    // B publishes once its own read models hold the change: the query it answers next shows it
    const onB = await ask<{ evaluation: { version: number; stage: string } }>(b.url, cookie, EVALUATION, { itemId: item.itemId, fiscalYear: FY });
    expect(onB.data?.evaluation).toEqual({ version, stage: 'PlanDraft' });
  });

  it(`${CLIENTS} clients through the one address, two on each evaluation: nothing lost, stale versions CONFLICT, both read models equal`, async () => {
    const random = new Random(SEED);
    const people = new Map<string, Client>();
    const person = (loginName: string) => {
      let client = people.get(loginName);
      if (!client) people.set(loginName, (client = new Client(() => proxy.url, loginName, DEMO_PASSWORD)));
      return client;
    };
    const committeeSessions: Record<number, string> = {};
    const desks = Object.fromEntries(
      DEPARTMENTS.map((department): [string, Desk] => [
        department,
        {
          staff: person(`staff-${SHORT[department]}`),
          head: person(`head-${SHORT[department]}`),
          manager: person('manager'),
          secretaryGeneral: person('secretary-general'),
          committee: person(random.pick(['committee-1', 'committee-2'])),
          committeeSessions,
        },
      ]),
    );
    const auditor = person('auditor');
    for (const client of people.values()) await client.signIn();

    await bothCaughtUp();
    const board = await auditor.send<{ board: { entries: BoardEntry[] } }>(BOARD, { fiscalYear: FY });
    const entries = board.data!.board.entries.filter((e) => e.version === null && DEPARTMENTS.includes(e.owningDepartmentId as never));
    const shared = entries.slice(0, CLIENTS);
    expect(shared.length).toBe(CLIENTS);

    const chair = person('committee-1');
    const run = async (name: string, input: string, fields: Record<string, unknown>) => {
      const answer = await chair.send<Record<string, { meetingId: string; version: number; invited: { userId: string }[] }>>(
        `mutation($input: ${input}!) { ${name}(input: $input) { meetingId version invited { userId } } }`,
        { input: { commandId: `two-${SEED}-session-${name}`, ...fields } },
      );
      expect(answer.errors, name).toBeUndefined();
      return answer.data![name]!;
    };
    let m = await run('scheduleMeeting', 'ScheduleMeetingInput', { body: 'committee', fiscalYear: FY, date: `${FY + 1}-05-20`, place: '本会', agenda: shared.map((e) => e.itemId) });
    m = await run('openMeeting', 'MeetingActionInput', { meetingId: m.meetingId, expectedVersion: m.version });
    m = await run('recordAttendance', 'RecordAttendanceInput', { meetingId: m.meetingId, expectedVersion: m.version, present: m.invited.map((p) => p.userId) });
    committeeSessions[FY] = m.meetingId;
    // the session must be known to both processes before a finalisation names it on either
    await bothCaughtUp();

    // worker w and worker w + 16 act on the same two evaluations, each from its own view of them
    const half = CLIENTS / 2;
    const slotsOf = (w: number): Slot[] =>
      shared
        .filter((_, i) => i % half === w % half)
        .map((e) => ({
          itemId: e.itemId,
          fiscalYear: FY,
          stream: `evaluation-${e.itemId}-${FY}`,
          department: e.owningDepartmentId,
          stage: 'NotStarted',
          version: null,
          recallable: false,
          actual: null,
          target: 1 + (w % 20),
        }));
    const ledger = new Ledger();
    const gate = new Gate();
    gate.open();
    let stopping = false;
    const workers = Array.from({ length: CLIENTS }, (_, w) => new Worker(w, slotsOf(w), desks, ledger, gate, new Random(SEED + w + 1), `${SEED}`, true));
    const sentBefore = [...proxy.sent];
    const running = Promise.all(workers.map((w) => w.run(() => stopping)));
    await Promise.race([ledger.whenAcked(COMMANDS), running]);
    stopping = true;
    await running;

    expect(ledger.unexpected).toEqual([]);
    expect(ledger.acks.length).toBeGreaterThanOrEqual(COMMANDS);
    // the clients really raced: some of their commands met a version another had moved on, through either process
    expect(ledger.conflicts.length).toBeGreaterThan(0);
    const perProcess = proxy.sent.map((n, i) => n - sentBefore[i]!);
    expect(Math.min(...perProcess)).toBeGreaterThan(COMMANDS / 4);

    const head = await bothCaughtUp();
    for (const file of Object.values(files)) expect(integrityCheck(file), file).toBe('ok');
    const events = await readWholeStore(files.events);
    expect(events.at(-1)!.position).toBe(head);
    // the log of every stream but the evaluations the test before wrote to (no ledger holds those commands)
    const streams = new Set(shared.map((e) => `evaluation-${e.itemId}-${FY}`));
    expect(checkLog(events.filter((e) => !e.stream.startsWith('evaluation-') || streams.has(e.stream)), ledger)).toEqual([]);

    // both processes' read models: equal to each other and to a rebuild from the log, and both answer alike
    const reference = new Reference(mkdtempSync(join(tmpdir(), 'hyoka-proof-two-reference-')));
    try {
      expect(reference.feed(events)).toEqual([]);
      const expected = dumpReadModels(reference.file, reference.tables);
      expect(dumpReadModels(files.a, reference.tables)).toEqual(expected);
      expect(dumpReadModels(files.b, reference.tables)).toEqual(expected);
    } finally {
      reference.close();
      rmSync(join(reference.file, '..'), { recursive: true, force: true });
    }
    const cookie = auditor.cookieHeader();
    const boardOf = (api: ApiProcess) => ask<{ board: { entries: BoardEntry[] } }>(api.url, cookie, BOARD, { fiscalYear: FY });
    const [onA, onB] = [await boardOf(a), await boardOf(b)];
    expect(onA.data!.board.entries).toEqual(onB.data!.board.entries);
    const versions = new Map(onA.data!.board.entries.map((e) => [e.itemId, e.version]));
    for (const e of shared) {
      const last = events.filter((x) => x.stream === `evaluation-${e.itemId}-${FY}`).at(-1);
      expect(versions.get(e.itemId), e.itemId).toBe(last ? Number(last.revision) : null);
    }
    console.log(
      `two processes (seed ${SEED}): ${ledger.acks.length} acknowledged commands, ${ledger.conflicts.length} answered CONFLICT, ` +
        `requests per process ${perProcess.join(' / ')}, ${events.length} events`,
    );
  });
});
