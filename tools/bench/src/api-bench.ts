import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { copyFileSync, existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { createServer } from 'node:net';
import { cpus, loadavg, platform, release, tmpdir, totalmem } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import Database from 'better-sqlite3';
import type { EventStore, EventToAppend } from '@hyoka/event-store';
import type { AppConfig } from '../../../apps/api/dist/config.js';
import type { RunningApi, StartOptions } from '../../../apps/api/dist/server.js';
import type { EvaluationCommandResult } from '../../../apps/api/dist/evaluations/commands/evaluation-command.js';
import type { Viewer } from '../../../apps/api/dist/auth/viewer.js';
import { commentText, planSeed, type SeedCommand, type SeedItem, type StreamPlan } from './api-plan.js';
import { generateNationwide, readNationwideStreams, type NationwideOptions } from './nationwide.js';

/*
 * The API under load as people use it: a store of ~100k evaluation events made through the API's own command path,
 * then a separate API process answering sequential GraphQL requests over HTTP (client and server never share an
 * event loop). Latencies are wall-clock round trips at the client, JSON parsing of the answer included.
 */

export interface ApiBenchOptions {
  /** events in the store before measuring (HYOKA_BENCH_EVENTS) */
  events: number;
  /** concurrent seeders, each on its own evaluation stream */
  workers: number;
  fiscalYear: number;
  /**
   * true: the comment rounds that fill the store are decided by the domain and appended COMMENT_BATCH at a time
   * (route commands still go through the CommandBus); false (HYOKA_BENCH_SEED=command-bus): every comment is a
   * command on the CommandBus too, which re-reads and folds the stream each time and so takes hours at 1M events.
   */
  commentBatch: boolean;
  runs: { board: number; mutation: number; detail: number; boardAsOf: number };
  warmup: { board: number; mutation: number; detail: number; boardAsOf: number };
  /** mutation throughput: concurrent clients, each commenting on its own evaluation, against one and then two API processes */
  throughput: { clients: number; mutations: number; rounds: number };
  /**
   * 'plan' (default): the shipped plan's 282 evaluations seeded through the API; 'nationwide' (HYOKA_BENCH_SHAPE):
   * nationwide.ts's store of the whole country, ~300k short evaluations at 8M events
   */
  shape?: 'plan' | 'nationwide';
  /** nationwide: the generated store, kept and reused (HYOKA_BENCH_STORE); the API runs on a copy of it */
  storeFile?: string;
}

export const defaultApiBenchOptions: ApiBenchOptions = {
  events: 1_000_000,
  workers: 32,
  fiscalYear: 2025,
  commentBatch: true,
  runs: { board: 300, mutation: 300, detail: 200, boardAsOf: 50 },
  warmup: { board: 20, mutation: 20, detail: 20, boardAsOf: 3 },
  throughput: { clients: 32, mutations: 1000, rounds: 2 },
};

export interface LatencySummary {
  name: string;
  /** what one request is */
  request: string;
  n: number;
  warmup: number;
  p50Ms: number;
  p95Ms: number;
  p99Ms: number;
  meanMs: number;
  minMs: number;
  maxMs: number;
  /** size of one answer (the last one), bytes */
  responseBytes: number;
}

export interface ApiBenchResult {
  suite: 'api';
  command: string;
  startedAt: string;
  machine: {
    cpus: number;
    cpuModel: string;
    node: string;
    os: string;
    memoryGiB: number;
    /** 1-minute load average when measuring began and ended: above the CPU count, other work shared the machine */
    loadAverage: { beforeMeasuring: number; afterMeasuring: number };
  };
  options: ApiBenchOptions;
  seed: {
    mode: 'command-bus' | 'command-bus+batched-comments' | 'nationwide';
    description: string;
    /** comments appended in batches (0 in command-bus mode) */
    batchedComments: number;
    /** events in the store after seeding (SELECT count(*) FROM events) */
    eventsStored: number;
    eventsByType: Record<string, number>;
    evaluationStreams: number;
    commands: number;
    seconds: number;
    commandsPerSecond: number;
    /** events written per second of seeding (null when a kept store was reused) */
    eventsPerSecond: number | null;
    /** events.sqlite on disk after seeding, bytes */
    storeBytes: number;
    endStages: Record<string, number>;
  };
  server: {
    /** spawn of `node apps/api/dist/main.js` to its first GraphQL answer (`{ __typename }`) */
    startSeconds: number;
    /** spawn to the first answered query of a person: a sign-in and the board, from the read models */
    firstQuerySeconds: number;
    /** the API process's CPU time (user + system) when that query was answered: steadier than wall time under load */
    firstQueryCpuSeconds: number | null;
    /** the 1-minute load average when that query was answered */
    loadAtFirstQuery: number;
    /** the first answer to the log digest and an as-of board: the background work of the start-up done */
    backgroundDoneSeconds: number;
    /** the API process's peak resident set (VmHWM of /proc/<pid>/status, Linux; null elsewhere), MiB */
    peakRssMiB: number | null;
    pid: number | undefined;
    /** nationwide: the first start on the generated store, which has no read models yet: spawn to caught up */
    firstCatchUpSeconds: number | null;
    /** a second start of the same folder with the read models deleted: answers while they catch up in the background */
    readModelsBehind: {
      startSeconds: number;
      firstQuerySeconds: number;
      /** where the read models were when the first query was answered */
      positionAtFirstQuery: number;
      /** spawn to projectionStatus { catchingUp: false } */
      caughtUpSeconds: number;
      peakRssMiB: number | null;
    };
  };
  target: {
    itemId: string;
    fiscalYear: number;
    /** events of the stream the detail query reads and the mutations append to, before the mutations */
    streamEvents: number;
    boardEntries: number;
    asOf: string;
    asOfPosition: number;
  };
  measurements: LatencySummary[];
  /** the same concurrent mutations against one API process, then alternately two on the same store and one again */
  throughput: ThroughputSummary[];
}

export interface ThroughputSummary {
  /** API processes the clients were spread over (round robin by client) */
  processes: number;
  clients: number;
  mutations: number;
  seconds: number;
  mutationsPerSecond: number;
  p50Ms: number;
  p95Ms: number;
  /** what one mutation is */
  request: string;
}

/* ---------------------------------------------------------------- helpers */

const repoRoot = fileURLToPath(new URL('../../../', import.meta.url));
const apiDist = join(repoRoot, 'apps/api/dist');

/** nearest-rank percentile of sorted samples */
function percentile(sorted: readonly number[], p: number): number {
  const rank = Math.ceil((p / 100) * sorted.length);
  return sorted[Math.min(sorted.length, Math.max(1, rank)) - 1]!;
}
const round2 = (n: number) => Math.round(n * 100) / 100;

function summarize(name: string, request: string, samples: readonly number[], warmup: number, responseBytes: number): LatencySummary {
  const sorted = [...samples].sort((a, b) => a - b);
  return {
    name,
    request,
    n: samples.length,
    warmup,
    p50Ms: round2(percentile(sorted, 50)),
    p95Ms: round2(percentile(sorted, 95)),
    p99Ms: round2(percentile(sorted, 99)),
    meanMs: round2(samples.reduce((a, b) => a + b, 0) / samples.length),
    minMs: round2(sorted[0]!),
    maxMs: round2(sorted.at(-1)!),
    responseBytes,
  };
}

interface GraphQLAnswer<T> {
  data?: T | null;
  errors?: { message: string; extensions?: { code?: string } }[];
}

/** One person at a browser: the `hyoka_session` cookie, GraphQL POSTs over real HTTP. */
export class Client {
  private session: string | undefined;
  lastBytes = 0;

  constructor(private readonly url: string) {}

  async run<T>(query: string, variables: Record<string, unknown> = {}, operationName?: string): Promise<T> {
    const response = await fetch(`${this.url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...(this.session ? { cookie: `hyoka_session=${this.session}` } : {}) },
      body: JSON.stringify({ query, variables, ...(operationName ? { operationName } : {}) }),
    });
    for (const line of response.headers.getSetCookie()) {
      const match = /^hyoka_session=([^;]*)/.exec(line);
      if (match) this.session = match[1] || undefined;
    }
    const text = await response.text();
    this.lastBytes = Buffer.byteLength(text);
    let body: GraphQLAnswer<T>;
    try {
      body = JSON.parse(text) as GraphQLAnswer<T>;
    } catch {
      throw new Error(`HTTP ${response.status} from ${this.url}/graphql, not JSON: ${text.slice(0, 200)}`);
    }
    if (body.errors?.length) {
      throw new Error(`GraphQL errors: ${body.errors.map((e) => `${e.extensions?.code ?? '?'}: ${e.message}`).join('; ')}`);
    }
    if (!body.data) throw new Error(`GraphQL answer without data (HTTP ${response.status})`);
    return body.data;
  }

  /** the session cookie's value, for a browser that is to be this person */
  sessionId(): string {
    if (!this.session) throw new Error('not signed in');
    return this.session;
  }

  async signIn(loginName: string, password: string): Promise<void> {
    await this.run(LOGIN, { input: { loginName, password } });
    if (!this.session) throw new Error(`login of ${loginName} set no hyoka_session cookie`);
  }
}

/* --------------------------------------------------------------- operations */

const LOGIN = `mutation Login($input: LoginInput!) { login(input: $input) { userId } }`;

// The selections the web app sends (apps/web/src/graphql/board.graphql and evaluation.graphql), copied so the bench
// does not break while the UI's documents change; the UI sends the whole EvaluationFields with every mutation too.
const BOARD = `query Board($fiscalYear: Int!, $asOf: DateTime) {
  board(fiscalYear: $fiscalYear, asOf: $asOf) {
    fiscalYear asOf
    entries { itemId itemName divisionId divisionName themeId owningDepartmentId fiscalYear plannedStage retired
      stage stageLabel targetKind selfGrade proposedGrade finalGrade stageLag returnedReason version }
  }
}`;

const EVALUATION_FIELDS = `
fragment PersonFields on Person { userId displayName }
fragment RouteStepFields on RouteStep { action from to by { ...PersonFields } actingAs actingAsLabel at reason batchId }
fragment EvaluationFields on Evaluation {
  itemId fiscalYear version stage stageLabel
  item { id name divisionId divisionName owningDepartmentId owningDepartmentName promotionMeetingId promotionMeetingName plannedStage }
  target { kind target unit direction }
  selfEvaluation { actual quantitativeGrade achievementPercent thresholds { A B C } qualitativeGrade plannedStage actualStage
    plannedStageReached stageLag narrative { achievements issues nextYear } evidenceLinks }
  selfGrade { grade label } proposedGrade { grade label } proposedReason finalGrade { grade label } finalRationale finalReason
  stageLag recallable
  openReturn { ...RouteStepFields }
  route { ...RouteStepFields }
  editions { edition kind by { ...PersonFields } at }
  routeCount opinionCount editionCount
  allowedActions asOf
}`;

// The page's query: the evaluation and the first pages of its history and comments (a mutation answers without them).
const EVALUATION = `query Evaluation($itemId: ID!, $fiscalYear: Int!, $asOf: DateTime) {
  evaluation(itemId: $itemId, fiscalYear: $fiscalYear, asOf: $asOf) {
    ...EvaluationFields
    history { totalCount pageInfo { hasNextPage endCursor }
      nodes { revision type summary by { ...PersonFields } actingAsLabel at recordedAt stageBefore stageAfter reason comment } }
    comments { totalCount pageInfo { hasNextPage endCursor }
      nodes { number stage text by { ...PersonFields } actingAsLabel at replies { commentNumber text by { ...PersonFields } actingAsLabel at } } }
  }
}
${EVALUATION_FIELDS}`;

const COMMENT = `mutation CommentOnEvaluation($input: CommentOnEvaluationInput!) {
  commentOnEvaluation(input: $input) { ...EvaluationFields }
}
${EVALUATION_FIELDS}`;

// The same mutation answered with the new version only: the command path (load → decide → append → read models)
// without the cost of building and sending the whole evaluation, which grows with the stream.
const COMMENT_VERSION_ONLY = `mutation CommentOnEvaluationVersion($input: CommentOnEvaluationInput!) {
  commentOnEvaluation(input: $input) { itemId fiscalYear version }
}`;

const PROJECTION_STATUS = `{ projectionStatus { position head catchingUp } }`;
interface ProjectionStatusAnswer {
  projectionStatus: { position: string; head: string; catchingUp: boolean };
}

interface BoardAnswer {
  board: {
    entries: { itemId: string; itemName: string; owningDepartmentId: string; plannedStage: string | null; retired: boolean; stage: string; version: number | null }[];
  };
}
interface EvaluationAnswer {
  itemId: string;
  version: number | null;
  stage: string;
  history: { totalCount: number; nodes: unknown[] };
  comments: { totalCount: number; nodes: unknown[] };
}

/* ------------------------------------------------------------- the API bits */

export const PASSWORD = 'bench-password-not-secret';

function apiEnv(dataDir: string, port: string): Record<string, string> {
  return {
    HYOKA_DATA_DIR: dataDir,
    HYOKA_PORT: port,
    HYOKA_DEMO_PASSWORD: PASSWORD,
    // argon2id keeps its algorithm; the lowest cost only makes the two sign-ins quick
    HYOKA_ARGON2_MEMORY_KIB: '1024',
    HYOKA_ARGON2_TIME_COST: '1',
    HYOKA_WEB_DIST: join(dataDir, 'no-web-build'),
  };
}

/** `npx nx run @hyoka/api:build`: Nx rebuilds the API and its libraries only when their sources changed. */
export function buildApi(log: (line: string) => void): void {
  log('building the API (npx nx run @hyoka/api:build) …');
  const result = spawnSync('npx', ['nx', 'run', '@hyoka/api:build', '--outputStyle=static'], {
    cwd: repoRoot,
    env: { ...process.env, NX_DAEMON: 'false' },
    encoding: 'utf8',
  });
  if (result.status !== 0) {
    throw new Error(`the API build failed (exit ${result.status}):\n${result.stdout}\n${result.stderr}`);
  }
  if (!existsSync(join(apiDist, 'main.js'))) throw new Error(`the API build left no ${apiDist}/main.js`);
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => (typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port'))));
    });
  });
}

/* ---------------------------------------------------------------- seeding */

/** comments per append when the comment rounds are batched */
const COMMENT_BATCH = 250;

export interface SeedOutcome {
  commands: number;
  /** of those, comments appended in batches (decided by the domain, not sent through the CommandBus) */
  batchedComments: number;
  seconds: number;
  /** events written by the seeding (null: a kept store reused) */
  eventsWritten: number | null;
  /** items on the board */
  itemCount: number;
  streams: { itemId: string; fiscalYear: number; endStage: string }[];
  /** the evaluation the detail query reads and the mutations comment on */
  target: { itemId: string; fiscalYear: number };
}

const importApi = async <T>(path: string): Promise<T> => (await import(pathToFileURL(join(apiDist, path)).href)) as T;
/** a package as the API resolves it, so the bench gets the API's own instance (class identities, Nest tokens) */
const importFromApi = async <T>(name: string): Promise<T> =>
  (await import(pathToFileURL(createRequire(join(apiDist, 'server.js')).resolve(name)).href)) as T;

export async function seed(dataDir: string, options: ApiBenchOptions, log: (line: string) => void): Promise<SeedOutcome> {
  const { startApi } = await importApi<typeof import('../../../apps/api/dist/server.js')>('server.js');
  const { loadConfig } = await importApi<typeof import('../../../apps/api/dist/config.js')>('config.js');
  const { ExecuteEvaluationCommand: Execute } = await importApi<typeof import('../../../apps/api/dist/evaluations/commands/evaluation-command.js')>(
    'evaluations/commands/evaluation-command.js',
  );
  const { UserDirectory } = await importApi<typeof import('../../../apps/api/dist/users/user-directory.js')>('users/user-directory.js');
  const { EVENT_STORE } = await importApi<typeof import('../../../apps/api/dist/tokens.js')>('tokens.js');
  const { CommandBus } = await importFromApi<typeof import('@nestjs/cqrs')>('@nestjs/cqrs');
  const { EvaluationContextSource } = await importApi<typeof import('../../../apps/api/dist/evaluations/evaluation-context.source.js')>(
    'evaluations/evaluation-context.source.js',
  );
  const { toEventsToAppend } = await importFromApi<typeof import('@hyoka/command-handling')>('@hyoka/command-handling');
  const { PROJECTION_RUNNER } = await importApi<typeof import('../../../apps/api/dist/tokens.js')>('tokens.js');
  const domain = await importFromApi<typeof import('@hyoka/domain')>('@hyoka/domain');

  const config: AppConfig = loadConfig(apiEnv(dataDir, '0'));
  const start: StartOptions = { logger: ['error'] };
  const api: RunningApi = await startApi(config, start);
  try {
    const bus = api.app.get(CommandBus);
    const users = api.app.get(UserDirectory);
    const store = api.app.get<EventStore>(EVENT_STORE);
    const contexts = api.app.get(EvaluationContextSource);
    const runner = api.app.get<{ waitForPosition(position: bigint): Promise<void> }>(PROJECTION_RUNNER);
    // The viewer a session of this person gets (AuthService.viewerOf → UserDirectory.viewer), roles from the users read model.
    const viewers = new Map<string, Viewer>();
    const viewerOf = (loginName: string): Viewer => {
      let viewer = viewers.get(loginName);
      if (!viewer) {
        viewer = users.viewer(`demo-${loginName}`);
        if (!viewer) throw new Error(`no demo account '${loginName}' in the users read model`);
        viewers.set(loginName, viewer);
      }
      return viewer;
    };

    // The plan as the API serves it: the items of the board (an auditor reads every 部).
    const auditor = new Client(api.url);
    await auditor.signIn('auditor', PASSWORD);
    const fiscalYears = [options.fiscalYear, options.fiscalYear + 1, options.fiscalYear + 2];
    const { board } = await auditor.run<BoardAnswer>(BOARD, { fiscalYear: options.fiscalYear });
    const items: SeedItem[] = board.entries
      .filter((e) => !e.retired)
      .map((e) => ({ itemId: e.itemId, itemName: e.itemName, owningDepartmentId: e.owningDepartmentId, plannedStage: e.plannedStage }));
    if (items.length === 0) throw new Error('the board of the first start has no items');

    // the committee decides in session: one open session a year, every item on its agenda, both members present
    const member = new Client(api.url);
    await member.signIn('committee-1', PASSWORD);
    const sessions = new Map<number, string>();
    for (const fiscalYear of fiscalYears) {
      const step = async (name: string, input: string, fields: Record<string, unknown>) =>
        (await member.run<Record<string, { meetingId: string; version: number; invited: { userId: string }[] }>>(
          `mutation($input: ${input}!) { ${name}(input: $input) { meetingId version invited { userId } } }`,
          { input: { commandId: randomUUID(), ...fields } },
        ))[name]!;
      let m = await step('scheduleMeeting', 'ScheduleMeetingInput', { body: 'committee', fiscalYear, date: `${fiscalYear + 1}-05-20`, place: '本会', agenda: items.map((i) => i.itemId) });
      m = await step('openMeeting', 'MeetingActionInput', { meetingId: m.meetingId, expectedVersion: m.version });
      m = await step('recordAttendance', 'RecordAttendanceInput', { meetingId: m.meetingId, expectedVersion: m.version, present: m.invited.map((p) => p.userId) });
      sessions.set(fiscalYear, m.meetingId);
    }

    const already = Number(await store.headPosition());
    const plan = planSeed(items, fiscalYears, options.events, already);
    const total = plan.routeCommands + plan.comments;
    log(
      `seeding ${items.length} items × ${fiscalYears.length} years = ${plan.streams.length} evaluations through the CommandBus: ` +
        `${plan.routeCommands} route commands + ${plan.comments} comments (${already} events from the first start), ${options.workers} workers`,
    );

    let done = 0;
    let commentEvents = 0;
    let nextReport = Math.ceil(total / 10);
    const started = performance.now();
    const progressed = (commands: number) => {
      done += commands;
      if (done < nextReport) return;
      const seconds = (performance.now() - started) / 1000;
      log(`  ${done.toLocaleString('en-US')} / ${total.toLocaleString('en-US')} commands, ${Math.round(done / seconds)} commands/s`);
      nextReport += Math.ceil(total / 10);
    };
    /** the real path: ExecuteEvaluationCommand on the CommandBus (load → decide → append → wait for the read models) */
    const execute = async (as: string, stream: StreamPlan, version: number | null, given: SeedCommand): Promise<number | null> => {
      const command = (given.type === 'FinalizeEvaluation' || given.type === 'ReopenEvaluation'
        ? { ...given, data: { ...given.data, meetingId: sessions.get(stream.fiscalYear) } }
        : given) as SeedCommand;
      const result: EvaluationCommandResult = await bus.execute(
        new Execute(viewerOf(as), stream.itemId, stream.fiscalYear, version, randomUUID(), command),
      );
      progressed(1);
      return result.version;
    };
    /**
     * A comment round, batched: each comment is decided by the domain as the command path decides it (the person's
     * viewer and the item's context, the person's authorisation checked by decide), gets its own command id and the
     * API's event ids and metadata (toEventsToAppend), and COMMENT_BATCH of them go to the store in one append with
     * the expected revision; then the read models are awaited. The log is what the same comments sent one by one
     * would have made; only the seeding skips re-reading the stream for every one.
     */
    const appendComments = async (stream: StreamPlan, version: number | null, by: readonly string[], count: number): Promise<number | null> => {
      const name = domain.evaluationStream(stream.itemId, stream.fiscalYear);
      let state = domain.foldEvaluation((await store.readStream(name)).map(domain.upcast));
      if (state.status === 'NotStarted' || version === null) throw new Error(`comments on ${name} before it started`);
      let expected: number = version;
      for (let i = 0; i < count; ) {
        const batch: EventToAppend[] = [];
        const context = new Map<string, Awaited<ReturnType<typeof contexts.forCommand>>>();
        for (const end = Math.min(count, i + COMMENT_BATCH); i < end; i++) {
          const as = by[i % by.length]!;
          const viewer = viewerOf(as);
          let ctx = context.get(as);
          if (!ctx) context.set(as, (ctx = await contexts.forCommand(viewer, stream.itemId, stream.fiscalYear, new Date().toISOString())));
          const decided = domain.decideEvaluation({ type: 'CommentOnEvaluation', data: { text: commentText(i) } }, state, ctx);
          for (const event of decided) state = domain.evolveEvaluation(state, event);
          batch.push(...toEventsToAppend(name, decided, { actor: viewer.userId, commandId: randomUUID(), occurredAt: ctx.now }));
        }
        const result = await store.appendToStream(name, batch, { expectedRevision: BigInt(expected) });
        expected = Number(result.nextExpectedRevision);
        await runner.waitForPosition(result.position);
        commentEvents += batch.length;
        progressed(batch.length);
      }
      return expected;
    };
    const runStream = async (stream: StreamPlan) => {
      let version: number | null = null;
      for (const action of stream.actions) {
        try {
          if (action.kind === 'command') {
            version = await execute(action.as, stream, version, action.command);
          } else if (options.commentBatch) {
            version = await appendComments(stream, version, action.by, action.count);
          } else {
            for (let i = 0; i < action.count; i++) {
              const command: SeedCommand = { type: 'CommentOnEvaluation', data: { text: commentText(i) } };
              version = await execute(action.by[i % action.by.length]!, stream, version, command);
            }
          }
        } catch (error) {
          const what = action.kind === 'command' ? `${action.as}: ${action.command.type}` : `comments at ${action.stage}`;
          throw new Error(`seeding evaluation ${stream.itemId} ${stream.fiscalYear} failed at ${what}: ${String(error)}`, { cause: error });
        }
      }
    };
    const queue = [...plan.streams];
    await Promise.all(
      Array.from({ length: options.workers }, async () => {
        for (let stream = queue.shift(); stream; stream = queue.shift()) await runStream(stream);
      }),
    );
    const seconds = (performance.now() - started) / 1000;

    // The evaluation to read and comment on: one of the year's in the 管理職会議 (where a 管理職 comments) with a
    // typical number of comments (the median of those streams).
    const candidates = plan.streams
      .filter((s) => s.fiscalYear === options.fiscalYear && s.endStage === 'ManagersMeetingReview')
      .map((s) => ({ s, size: s.actions.reduce((n, a) => n + (a.kind === 'command' ? 1 : a.count), 0) }))
      .sort((a, b) => a.size - b.size);
    const median = candidates[Math.floor(candidates.length / 2)];
    if (!median) throw new Error(`no ${options.fiscalYear} evaluation ends in the 管理職会議; cannot measure comments`);
    return {
      commands: done,
      batchedComments: commentEvents,
      seconds,
      eventsWritten: null,
      itemCount: items.length,
      streams: plan.streams,
      target: { itemId: median.s.itemId, fiscalYear: options.fiscalYear },
    };
  } finally {
    await api.close();
  }
}

/**
 * HYOKA_BENCH_SHAPE=nationwide: the store of the whole country (nationwide.ts) with the API's demo accounts, generated
 * by the domain's decide (no API: at 8M events the CommandBus would take days) or a kept one (HYOKA_BENCH_STORE)
 * reused; the API runs on a copy, so a kept store stays as generated.
 */
async function seedNationwide(dataDir: string, options: ApiBenchOptions, log: (line: string) => void): Promise<SeedOutcome> {
  const target = join(dataDir, 'events.sqlite');
  const source = options.storeFile ?? target;
  const started = performance.now();
  let written: number | null = null;
  if (!existsSync(source)) {
    log(`generating the nationwide store (~${options.events.toLocaleString('en-US')} events) into ${source} …`);
    const generated = await generateNationwide(source, options.events, await nationwideOptions());
    written = generated.events;
    log(`  ${generated.events.toLocaleString('en-US')} events, ${generated.streams.length.toLocaleString('en-US')} evaluations of ${generated.councils} 社協 in ${generated.seconds.toFixed(1)} s`);
  } else {
    log(`reusing the nationwide store ${source}`);
  }
  const seconds = (performance.now() - started) / 1000;
  if (source !== target) {
    for (const suffix of ['', '-wal']) if (existsSync(source + suffix)) copyFileSync(source + suffix, target + suffix);
  }
  const { streams, items } = readNationwideStreams(source);
  const candidates = streams.filter((s) => s.fiscalYear === options.fiscalYear && s.endStage === 'ManagersMeetingReview').sort((a, b) => a.events - b.events);
  const median = candidates[Math.floor(candidates.length / 2)];
  if (!median) throw new Error(`no ${options.fiscalYear} evaluation of the nationwide store ends in the 管理職会議; cannot measure comments`);
  return {
    commands: 0,
    batchedComments: 0,
    seconds,
    eventsWritten: written,
    itemCount: items,
    streams,
    target: { itemId: median.itemId, fiscalYear: options.fiscalYear },
  };
}

/** The API's demo accounts and the bench password hashed as the API hashes it, for a generated store. */
export async function nationwideOptions(): Promise<NationwideOptions> {
  const { DEMO_ACCOUNTS } = await importApi<typeof import('../../../apps/api/dist/bootstrap/demo-accounts.js')>('bootstrap/demo-accounts.js');
  const argon2 = await importFromApi<typeof import('argon2')>('argon2');
  const passwordHash = await argon2.hash(PASSWORD, { type: argon2.argon2id, memoryCost: 1024, timeCost: 1, parallelism: 1 });
  return { accounts: DEMO_ACCOUNTS, passwordHash };
}

/** Seconds from the process's spawn until its read models hold the head (projectionStatus). */
async function caughtUp(server: ApiProcess, log: (line: string) => void): Promise<number> {
  const client = new Client(server.url);
  await client.signIn('manager', PASSWORD);
  let lastLog = performance.now();
  for (let resets = 0; ; ) {
    let projectionStatus: ProjectionStatusAnswer['projectionStatus'];
    try {
      ({ projectionStatus } = await client.run<ProjectionStatusAnswer>(PROJECTION_STATUS));
    } catch (error) {
      // a poll sent on a keep-alive connection the busy server is closing meets ECONNRESET; the read is safe to repeat
      if (server.child.exitCode !== null || ++resets > 20) throw error;
      await new Promise((resolve) => setTimeout(resolve, 250));
      continue;
    }
    if (!projectionStatus.catchingUp) return (performance.now() - server.spawnedAt) / 1000;
    if (performance.now() - lastLog > 10_000) {
      lastLog = performance.now();
      log(`  read models at ${Number(projectionStatus.position).toLocaleString('en-US')} of ${Number(projectionStatus.head).toLocaleString('en-US')}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}

/* ------------------------------------------------------------ the server */

export interface ApiProcess {
  url: string;
  child: ChildProcess;
  /** performance.now() at spawn */
  spawnedAt: number;
  startSeconds: number;
  stop(): Promise<void>;
}

/** `node apps/api/dist/main.js` on the seeded folder; resolves once it answers GraphQL. */
export async function startApiProcess(dataDir: string, log: (line: string) => void, env: Record<string, string> = {}): Promise<ApiProcess> {
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const started = performance.now();
  // HYOKA_BENCH_API_PROFILE=<folder>: the API process writes a V8 CPU profile there when it stops (open it in Chrome's
  // DevTools). Nest re-raises SIGTERM after closing, which would end the process without writing it: exit instead.
  const profile = process.env['HYOKA_BENCH_API_PROFILE']?.trim();
  const profiling = profile
    ? ['--cpu-prof', `--cpu-prof-dir=${profile}`, '--import', `data:text/javascript,process.on('SIGTERM',()=>setTimeout(()=>process.exit(0),2000))`]
    : [];
  const child = spawn(process.execPath, [...profiling, '--import', fileURLToPath(new URL('./exit-with-parent.mjs', import.meta.url)), join(apiDist, 'main.js')], {
    cwd: repoRoot,
    env: { ...process.env, ...apiEnv(dataDir, String(port)), NODE_ENV: 'production', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const output: string[] = [];
  const keep = (chunk: Buffer) => {
    output.push(chunk.toString());
    if (output.length > 200) output.shift();
  };
  child.stdout!.on('data', keep);
  child.stderr!.on('data', keep);
  let exited: string | undefined;
  let stopping = false;
  const exit = new Promise<void>((resolve) =>
    child.once('exit', (code, signal) => {
      exited = `exit code ${code}, signal ${signal}`;
      // a server that ends on its own explains the failed requests that follow
      if (!stopping) log(`API process ${child.pid} ended (${exited}):\n${output.join('').slice(-3000)}`);
      resolve();
    }),
  );
  const killOnExit = () => child.kill('SIGKILL');
  process.once('exit', killOnExit);
  const stop = async () => {
    stopping = true;
    process.removeListener('exit', killOnExit);
    if (exited === undefined) {
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
      await exit;
      clearTimeout(timer);
    }
  };

  const deadline = Date.now() + 120_000;
  for (;;) {
    if (exited !== undefined) {
      throw new Error(`the API process ended before answering (${exited}):\n${output.join('').slice(-3000)}`);
    }
    try {
      const response = await fetch(`${url}/graphql`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ query: '{ __typename }' }),
      });
      if (response.ok) {
        await response.text();
        break;
      }
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) {
      await stop();
      throw new Error(`the API process did not answer within 120 s:\n${output.join('').slice(-3000)}`);
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  const startSeconds = (performance.now() - started) / 1000;
  log(`API process ${child.pid} answers at ${url} after ${startSeconds.toFixed(1)} s`);
  return { url, child, spawnedAt: started, startSeconds, stop };
}

/** The peak resident set of a running process (Linux: VmHWM), MiB. */
function peakRssMiB(pid: number | undefined): number | null {
  if (pid === undefined) return null;
  try {
    const match = /^VmHWM:\s+(\d+) kB/m.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return match ? Math.round(Number(match[1]) / 1024) : null;
  } catch {
    return null;
  }
}

/**
 * CPU seconds the process has used (utime + stime of /proc/<pid>/stat, Linux; null elsewhere): on a shared machine
 * the start-up's wall time moves with the load, its CPU time much less.
 */
function cpuSeconds(pid: number | undefined): number | null {
  if (pid === undefined) return null;
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
    // utime and stime are fields 14 and 15 of stat(5), counted from the state (field 3) here
    return Math.round(((Number(fields[11]) + Number(fields[12])) / 100) * 100) / 100;
  } catch {
    return null;
  }
}

/* ------------------------------------------------------------ measuring */

async function measure(
  name: string,
  request: string,
  client: Client,
  warmup: number,
  n: number,
  once: (i: number) => Promise<void>,
  log: (line: string) => void,
): Promise<LatencySummary> {
  for (let i = 0; i < warmup; i++) await once(i);
  const samples: number[] = [];
  for (let i = 0; i < n; i++) {
    const t0 = performance.now();
    await once(warmup + i);
    samples.push(performance.now() - t0);
  }
  const summary = summarize(name, request, samples, warmup, client.lastBytes);
  log(`  ${name}: p50 ${summary.p50Ms} ms, p95 ${summary.p95Ms} ms (n=${n})`);
  return summary;
}

const COMMENT_VERSION = `query EvaluationVersion($itemId: ID!, $fiscalYear: Int!) { evaluation(itemId: $itemId, fiscalYear: $fiscalYear) { version } }`;

/**
 * Mutation throughput: `clients` people at once, client i on urls[i % urls.length], each commenting on its own
 * evaluation (no conflicts) with the version its last answer gave, until `mutations` are answered in all.
 */
async function measureThroughput(
  urls: readonly string[],
  evaluations: readonly { itemId: string; fiscalYear: number }[],
  options: { clients: number; mutations: number },
  log: (line: string) => void,
): Promise<ThroughputSummary> {
  const clients = Math.min(options.clients, evaluations.length);
  const people = await Promise.all(
    Array.from({ length: clients }, async (_, i) => {
      const client = new Client(urls[i % urls.length]!);
      await client.signIn('manager', PASSWORD);
      const { itemId, fiscalYear } = evaluations[i]!;
      const { evaluation } = await client.run<{ evaluation: { version: number | null } }>(COMMENT_VERSION, { itemId, fiscalYear });
      return { client, itemId, fiscalYear, version: evaluation.version };
    }),
  );
  let claimed = 0;
  const samples: number[] = [];
  const started = performance.now();
  await Promise.all(
    people.map(async (p) => {
      while (claimed < options.mutations) {
        claimed += 1;
        const t0 = performance.now();
        const input = { itemId: p.itemId, fiscalYear: p.fiscalYear, expectedVersion: p.version, commandId: randomUUID(), text: `スループット計測 ${claimed}` };
        const send = () => p.client.run<{ commentOnEvaluation: { version: number } }>(COMMENT_VERSION_ONLY, { input }, 'CommentOnEvaluationVersion');
        // A request reset on its connection (ECONNRESET, seen once in a run on a loaded machine, the server still up) is
        // sent again with the same command id, as a client retries: the API records it once and answers as before.
        const { commentOnEvaluation } = await send().catch((error: unknown) => {
          if (error instanceof TypeError && (error.cause as { code?: string } | undefined)?.code === 'ECONNRESET') return send();
          throw error;
        });
        samples.push(performance.now() - t0);
        if (commentOnEvaluation.version !== (p.version ?? -1) + 1) {
          throw new Error(`comment on ${p.itemId} ${p.fiscalYear} answered version ${commentOnEvaluation.version}, expected ${(p.version ?? -1) + 1}`);
        }
        p.version = commentOnEvaluation.version;
      }
    }),
  );
  const seconds = (performance.now() - started) / 1000;
  const sorted = [...samples].sort((x, y) => x - y);
  const summary: ThroughputSummary = {
    processes: urls.length,
    clients,
    mutations: samples.length,
    seconds: round2(seconds),
    mutationsPerSecond: Math.round(samples.length / seconds),
    p50Ms: round2(percentile(sorted, 50)),
    p95Ms: round2(percentile(sorted, 95)),
    request: `commentOnEvaluation answered with { itemId fiscalYear version }, ${clients} clients at once, each on its own evaluation`,
  };
  log(`  ${summary.mutations} mutations on ${urls.length} process(es): ${summary.mutationsPerSecond}/s (p50 ${summary.p50Ms} ms, p95 ${summary.p95Ms} ms)`);
  return summary;
}

/**
 * A second API process starts from a copy of the first one's read models and replay index (SQLite's online backup,
 * a consistent snapshot with its checkpoints) and catches up from there, instead of projecting the whole log again.
 */
async function copyPerProcessFiles(dataDir: string, instance: string): Promise<void> {
  for (const name of ['read-models', 'replay-index']) {
    const source = new Database(join(dataDir, `${name}.sqlite`), { readonly: true, fileMustExist: true });
    try {
      await source.backup(join(dataDir, `${name}.${instance}.sqlite`));
    } finally {
      source.close();
    }
  }
}

export function countEvents(dataDir: string): { total: number; byType: Record<string, number>; asOf: { at: string; position: number } } {
  const db = new Database(join(dataDir, 'events.sqlite'), { readonly: true, fileMustExist: true });
  try {
    const rows = db.prepare('SELECT type, count(*) AS n FROM events GROUP BY type ORDER BY n DESC').all() as { type: string; n: number }[];
    const total = rows.reduce((a, r) => a + r.n, 0);
    // "as it stood" halfway through the seed: the time of the middle event
    const middle = db.prepare('SELECT position, recorded_at AS at FROM events ORDER BY position LIMIT 1 OFFSET ?').get(Math.floor(total / 2)) as
      | { position: number | bigint; at: string }
      | undefined;
    if (!middle) throw new Error('the seeded store is empty');
    return { total, byType: Object.fromEntries(rows.map((r) => [r.type, r.n])), asOf: { at: middle.at, position: Number(middle.position) } };
  } finally {
    db.close();
  }
}

/* ------------------------------------------------------------------ run */

export const DATA_DIR_PREFIX = 'hyoka-api-bench-';
export const OWNER_FILE = 'bench.pid';

const alive = (pid: number): boolean => {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
};

/** Data folders of earlier runs that were killed outright (SIGKILL runs no exit hook): removed once their run is gone. */
export function removeAbandonedDataDirs(log: (line: string) => void): void {
  for (const name of readdirSync(tmpdir())) {
    if (!name.startsWith(DATA_DIR_PREFIX)) continue;
    const dir = join(tmpdir(), name);
    let owner: number;
    try {
      owner = Number(readFileSync(join(dir, OWNER_FILE), 'utf8'));
    } catch {
      continue; // not ours to judge (no owner file yet, or not a folder this bench made)
    }
    if (Number.isSafeInteger(owner) && owner > 0 && !alive(owner)) {
      rmSync(dir, { recursive: true, force: true });
      log(`removed ${dir}, left behind by an earlier run (process ${owner})`);
    }
  }
}

export async function runApiBenchmark(
  options: ApiBenchOptions = defaultApiBenchOptions,
  log: (line: string) => void = () => {},
): Promise<ApiBenchResult> {
  const startedAt = new Date().toISOString();
  buildApi(log);
  removeAbandonedDataDirs(log);
  const dataDir = mkdtempSync(join(tmpdir(), DATA_DIR_PREFIX));
  writeFileSync(join(dataDir, OWNER_FILE), String(process.pid));
  let server: ApiProcess | undefined;
  let second: ApiProcess | undefined;
  const cleanUp = () => rmSync(dataDir, { recursive: true, force: true });
  process.once('exit', cleanUp);
  try {
    const seeded = options.shape === 'nationwide' ? await seedNationwide(dataDir, options, log) : await seed(dataDir, options, log);
    const counted = countEvents(dataDir);
    log(
      options.shape === 'nationwide'
        ? `the store holds ${counted.total.toLocaleString('en-US')} events`
        : `seeded ${counted.total.toLocaleString('en-US')} events with ${seeded.commands.toLocaleString('en-US')} commands in ${seeded.seconds.toFixed(1)} s ` +
            `(${Math.round(seeded.commands / seeded.seconds)} commands/s)`,
    );
    // the nationwide store comes out near the size asked (its evaluations end where their route ends), not at it
    if (options.shape !== 'nationwide' && counted.total < options.events) {
      throw new Error(`the store holds ${counted.total} events, fewer than the ${options.events} wanted`);
    }

    // a generated store has no read models yet: a first start catches them up (timed), so the measured start is a restart
    let firstCatchUpSeconds: number | null = null;
    if (!existsSync(join(dataDir, 'read-models.sqlite'))) {
      server = await startApiProcess(dataDir, log);
      firstCatchUpSeconds = await caughtUp(server, log);
      log(`first start on the generated store: read models caught up ${firstCatchUpSeconds.toFixed(1)} s after spawn`);
      await server.stop();
    }
    server = await startApiProcess(dataDir, log);
    const reader = new Client(server.url);
    await reader.signIn('manager', PASSWORD);
    await reader.run<BoardAnswer>(BOARD, { fiscalYear: options.fiscalYear }, 'Board');
    const firstQuerySeconds = (performance.now() - server.spawnedAt) / 1000;
    const firstQueryCpuSeconds = cpuSeconds(server.child.pid);
    const loadAtFirstQuery = loadavg()[0]!;
    log(`API start-up to the first answered query (a sign-in and the board): ${(firstQuerySeconds * 1000).toFixed(0)} ms, ${firstQueryCpuSeconds ?? '?'} s of CPU (load ${loadavg()[0]!.toFixed(2)})`);
    const auditor = new Client(server.url);
    await auditor.signIn('auditor', PASSWORD);
    const { itemId, fiscalYear } = seeded.target;

    const first = await reader.run<{ evaluation: EvaluationAnswer }>(EVALUATION, { itemId, fiscalYear }, 'Evaluation');
    if (first.evaluation.stage !== 'ManagersMeetingReview') throw new Error(`${itemId} ${fiscalYear} is in ${first.evaluation.stage}, not 管理職会議審査`);
    const streamEvents = (first.evaluation.version ?? -1) + 1;
    log(`evaluation detail answer: ${Buffer.byteLength(JSON.stringify(first))} bytes of JSON (${streamEvents} events)`);
    const boardNow = await reader.run<BoardAnswer>(BOARD, { fiscalYear: options.fiscalYear }, 'Board');
    const boardEntries = boardNow.board.entries.length;
    if (boardEntries < seeded.itemCount) throw new Error(`the manager's board shows ${boardEntries} of ${seeded.itemCount} items`);

    // At start-up the API digests the whole log and brings its replay index up to date in the background; measuring
    // during that would time the background work too. The digest at the head (queued behind the start-up digest) and
    // an as-of read (which catches the replay index up) return once both are done.
    const settling = performance.now();
    await auditor.run<{ logDigest: { events: number } }>(`{ logDigest { position events digest } }`);
    await auditor.run<BoardAnswer>(BOARD, { fiscalYear: options.fiscalYear, asOf: new Date().toISOString() }, 'Board');
    log(`start-up background work (log digest, replay index) done ${((performance.now() - settling) / 1000).toFixed(1)} s after the API answered`);
    const backgroundDoneSeconds = (performance.now() - server.spawnedAt) / 1000;

    const loadBefore = loadavg()[0]!;
    log(`measuring (sequential requests; evaluation ${itemId} ${fiscalYear} holds ${streamEvents} events) …`);
    const measurements: LatencySummary[] = [];
    measurements.push(
      await measure('board', `board(fiscalYear: ${options.fiscalYear}), the web app's fields, ${boardEntries} entries`, reader,
        options.warmup.board, options.runs.board, async () => {
          const { board } = await reader.run<BoardAnswer>(BOARD, { fiscalYear: options.fiscalYear }, 'Board');
          if (board.entries.length !== boardEntries) throw new Error(`board answered ${board.entries.length} entries, not ${boardEntries}`);
        }, log),
    );
    measurements.push(
      await measure('evaluation detail', `evaluation(itemId, fiscalYear) with the first pages of history and comments, route, editions (${streamEvents} events)`, reader,
        options.warmup.detail, options.runs.detail, async () => {
          const { evaluation } = await reader.run<{ evaluation: EvaluationAnswer }>(EVALUATION, { itemId, fiscalYear }, 'Evaluation');
          if (evaluation.history.totalCount !== streamEvents) throw new Error(`history has ${evaluation.history.totalCount} entries, not ${streamEvents}`);
        }, log),
    );
    measurements.push(
      await measure('board as of', `board(fiscalYear: ${options.fiscalYear}, asOf: ${counted.asOf.at}) by an auditor (the API's as-of read)`, auditor,
        options.warmup.boardAsOf, options.runs.boardAsOf, async () => {
          const { board } = await auditor.run<BoardAnswer>(BOARD, { fiscalYear: options.fiscalYear, asOf: counted.asOf.at }, 'Board');
          if (board.entries.length === 0) throw new Error('the as-of board is empty');
        }, log),
    );
    let version = first.evaluation.version;
    measurements.push(
      await measure('comment mutation', `commentOnEvaluation round trip (expectedVersion, fresh commandId), answer with the web app's fields`, reader,
        options.warmup.mutation, options.runs.mutation, async (i) => {
          const { commentOnEvaluation } = await reader.run<{ commentOnEvaluation: EvaluationAnswer }>(
            COMMENT,
            { input: { itemId, fiscalYear, expectedVersion: version, commandId: randomUUID(), text: `ベンチマークのコメント ${i + 1}` } },
            'CommentOnEvaluation',
          );
          if (commentOnEvaluation.version !== (version ?? -1) + 1) {
            throw new Error(`comment answered version ${commentOnEvaluation.version}, expected ${(version ?? -1) + 1}`);
          }
          version = commentOnEvaluation.version;
        }, log),
    );
    measurements.push(
      await measure('comment mutation, version only', `the same commentOnEvaluation answered with { itemId fiscalYear version } only`, reader,
        options.warmup.mutation, options.runs.mutation, async (i) => {
          const { commentOnEvaluation } = await reader.run<{ commentOnEvaluation: EvaluationAnswer }>(
            COMMENT_VERSION_ONLY,
            { input: { itemId, fiscalYear, expectedVersion: version, commandId: randomUUID(), text: `ベンチマークのコメント(版のみ) ${i + 1}` } },
            'CommentOnEvaluationVersion',
          );
          if (commentOnEvaluation.version !== (version ?? -1) + 1) {
            throw new Error(`comment answered version ${commentOnEvaluation.version}, expected ${(version ?? -1) + 1}`);
          }
          version = commentOnEvaluation.version;
        }, log),
    );

    // A start on read models that are behind (deleted, as after a restore): the API answers at once and catches up
    // in the background (docs/design.md, start-up).
    const peakRss = peakRssMiB(server.child.pid);
    const firstStart = { startSeconds: server.startSeconds, pid: server.child.pid };
    await server.stop();
    for (const suffix of ['', '-wal', '-shm']) rmSync(join(dataDir, `read-models.sqlite${suffix}`), { force: true });
    server = await startApiProcess(dataDir, log);
    const behind = new Client(server.url);
    await behind.signIn('manager', PASSWORD);
    const early = await behind.run<ProjectionStatusAnswer>(PROJECTION_STATUS);
    await behind.run<BoardAnswer>(BOARD, { fiscalYear: options.fiscalYear }, 'Board');
    const behindFirstQuerySeconds = (performance.now() - server.spawnedAt) / 1000;
    let status = early.projectionStatus;
    while (status.catchingUp) {
      await new Promise((resolve) => setTimeout(resolve, 250));
      status = (await behind.run<ProjectionStatusAnswer>(PROJECTION_STATUS)).projectionStatus;
    }
    const behindCaughtUpSeconds = (performance.now() - server.spawnedAt) / 1000;
    log(
      `read models deleted: first answered query (sign-in + board) ${(behindFirstQuerySeconds * 1000).toFixed(0)} ms after spawn ` +
        `(read models at ${early.projectionStatus.position} of ${early.projectionStatus.head} then), caught up at ${behindCaughtUpSeconds.toFixed(1)} s`,
    );
    const readModelsBehind = {
      startSeconds: round2(server.startSeconds),
      firstQuerySeconds: round2(behindFirstQuerySeconds),
      positionAtFirstQuery: Number(early.projectionStatus.position),
      caughtUpSeconds: round2(behindCaughtUpSeconds),
      peakRssMiB: peakRssMiB(server.child.pid),
    };
    // Throughput: the same clients against this process alone, then spread over it and a second process on the same
    // store, alternating (one, two, one, two, one) so that a change of the machine's load shows as drift between runs.
    const evaluations = seeded.streams
      .filter((s) => s.endStage === 'ManagersMeetingReview' && !(s.itemId === itemId && s.fiscalYear === fiscalYear))
      .map((s) => ({ itemId: s.itemId, fiscalYear: s.fiscalYear }));
    log(`mutation throughput, ${Math.min(options.throughput.clients, evaluations.length)} clients at once, ${options.throughput.rounds} rounds …`);
    const throughput: ThroughputSummary[] = [await measureThroughput([server.url], evaluations, options.throughput, log)];
    await copyPerProcessFiles(dataDir, 'b');
    for (let round = 0; round < options.throughput.rounds; round++) {
      // the second process catches up from its own read models (a copy of the first's the first time) before measuring
      second = await startApiProcess(dataDir, log, { HYOKA_INSTANCE: 'b' });
      const auditorOnSecond = new Client(second.url);
      await auditorOnSecond.signIn('auditor', PASSWORD);
      await auditorOnSecond.run<{ logDigest: { events: number } }>(`{ logDigest { position events digest } }`);
      await auditorOnSecond.run<BoardAnswer>(BOARD, { fiscalYear: options.fiscalYear, asOf: new Date().toISOString() }, 'Board');
      throughput.push(await measureThroughput([server.url, second.url], evaluations, options.throughput, log));
      await second.stop();
      second = undefined;
      throughput.push(await measureThroughput([server.url], evaluations, options.throughput, log));
    }

    const byStage: Record<string, number> = {};
    for (const s of seeded.streams) byStage[`${s.fiscalYear} ${s.endStage}`] = (byStage[`${s.fiscalYear} ${s.endStage}`] ?? 0) + 1;
    const cpuList = cpus();
    return {
      suite: 'api',
      command: 'npm run bench -- api',
      startedAt,
      machine: {
        cpus: cpuList.length,
        cpuModel: cpuList[0]?.model ?? 'unknown',
        node: process.version,
        os: `${platform()} ${release()}`,
        memoryGiB: Math.round((totalmem() / 2 ** 30) * 10) / 10,
        loadAverage: { beforeMeasuring: round2(loadBefore), afterMeasuring: round2(loadavg()[0]!) },
      },
      options,
      seed: {
        mode: options.shape === 'nationwide' ? 'nationwide' : options.commentBatch ? 'command-bus+batched-comments' : 'command-bus',
        description: options.shape === 'nationwide'
          ? 'nationwide.ts: the shipped plan once per 社協, 15–40 events per evaluation decided by the domain and appended to the store (no API), the demo accounts registered'
          : options.commentBatch
          ? 'in-process API (startApi): every route command by ExecuteEvaluationCommand on the Nest CommandBus as a demo account\'s viewer ' +
            '(load stream → decide → append → wait for the read models); the comment rounds decided by the domain with the same viewer ' +
            `and item context and appended ${COMMENT_BATCH} per append with the expected revision, then the read models awaited; ` +
            '32 workers on distinct evaluations'
          : 'in-process API (startApi): every event made by ExecuteEvaluationCommand on the Nest CommandBus as a demo account\'s viewer ' +
            '(load stream → decide → append → wait for the read models), 32 workers on distinct evaluations',
        batchedComments: seeded.batchedComments,
        eventsStored: counted.total,
        eventsByType: counted.byType,
        evaluationStreams: seeded.streams.length,
        commands: seeded.commands,
        seconds: round2(seeded.seconds),
        commandsPerSecond: seeded.commands === 0 ? 0 : Math.round(seeded.commands / seeded.seconds),
        eventsPerSecond: seeded.eventsWritten === null ? null : Math.round(seeded.eventsWritten / seeded.seconds),
        storeBytes: statSync(join(dataDir, 'events.sqlite')).size,
        endStages: byStage,
      },
      server: {
        startSeconds: round2(firstStart.startSeconds),
        firstQuerySeconds: round2(firstQuerySeconds),
        firstQueryCpuSeconds,
        loadAtFirstQuery: round2(loadAtFirstQuery),
        backgroundDoneSeconds: round2(backgroundDoneSeconds),
        peakRssMiB: peakRss,
        pid: firstStart.pid,
        firstCatchUpSeconds: firstCatchUpSeconds === null ? null : round2(firstCatchUpSeconds),
        readModelsBehind,
      },
      target: { itemId, fiscalYear, streamEvents, boardEntries, asOf: counted.asOf.at, asOfPosition: counted.asOf.position },
      measurements,
      throughput,
    };
  } finally {
    await second?.stop();
    await server?.stop();
    cleanUp();
    process.removeListener('exit', cleanUp);
  }
}

export function formatApiBench(result: ApiBenchResult): string {
  const header = ['measurement', 'n', 'p50 ms', 'p95 ms', 'p99 ms', 'mean ms', 'min ms', 'max ms', 'answer'];
  const rows = result.measurements.map((m) => [
    m.name,
    String(m.n),
    m.p50Ms.toFixed(2),
    m.p95Ms.toFixed(2),
    m.p99Ms.toFixed(2),
    m.meanMs.toFixed(2),
    m.minMs.toFixed(2),
    m.maxMs.toFixed(2),
    `${(m.responseBytes / 1024).toFixed(1)} KiB`,
  ]);
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const line = (cells: string[]) => cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join('  ');
  const { machine, seed, target } = result;
  return [
    `API: GraphQL over HTTP against a separate API process (SQLite store), ${seed.eventsStored.toLocaleString('en-US')} events stored`,
    `machine: ${machine.cpus} × ${machine.cpuModel}, ${machine.memoryGiB} GiB, Node ${machine.node}, ${machine.os}; ` +
      `load average ${machine.loadAverage.beforeMeasuring} → ${machine.loadAverage.afterMeasuring}` +
      (Math.max(machine.loadAverage.beforeMeasuring, machine.loadAverage.afterMeasuring) > machine.cpus
        ? ` (above ${machine.cpus}: other work shared the CPUs, latencies are inflated)`
        : ''),
    `seed: ${seed.commands.toLocaleString('en-US')} commands in ${seed.seconds} s (${seed.commandsPerSecond} commands/s), ` +
      (seed.batchedComments
        ? `${(seed.commands - seed.batchedComments).toLocaleString('en-US')} through the CommandBus and ${seed.batchedComments.toLocaleString('en-US')} comments decided by the domain and appended in batches, `
        : 'all through the CommandBus, ') +
      `${seed.evaluationStreams} evaluations`,
    `start-up: first GraphQL answer ${result.server.startSeconds} s, first answered query (sign-in + board) ${result.server.firstQuerySeconds} s ` +
      `after spawn, background work done at ${result.server.backgroundDoneSeconds} s; peak RSS ${result.server.peakRssMiB ?? 'n/a'} MiB`,
    `start-up with the read models deleted: first answered query ${result.server.readModelsBehind.firstQuerySeconds} s after spawn ` +
      `(read models at position ${result.server.readModelsBehind.positionAtFirstQuery}), caught up at ${result.server.readModelsBehind.caughtUpSeconds} s; ` +
      `peak RSS ${result.server.readModelsBehind.peakRssMiB ?? 'n/a'} MiB`,
    `target evaluation: ${target.itemId} ${target.fiscalYear} (${target.streamEvents} events before the comments); board: ${target.boardEntries} entries; ` +
      `as of ${target.asOf} (position ${target.asOfPosition})`,
    line(header),
    ...rows.map(line),
    ...result.measurements.map((m) => `  ${m.name}: ${m.request}; ${m.warmup} warm-up requests first`),
    ...result.throughput.map(
      (t) =>
        `mutation throughput, ${t.processes} API process${t.processes > 1 ? 'es on one store' : ''}: ${t.mutationsPerSecond} mutations/s ` +
        `(${t.mutations} in ${t.seconds} s, ${t.clients} clients; p50 ${t.p50Ms} ms, p95 ${t.p95Ms} ms)`,
    ),
  ].join('\n');
}
