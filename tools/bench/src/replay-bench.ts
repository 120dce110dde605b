import { randomUUID } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { loadPlanCatalogue } from '@hyoka/catalogue';
import {
  SYSTEM_ACTOR,
  catalogueStream,
  decideCatalogue,
  decideEvaluation,
  decideFiscalYear,
  decideUser,
  evaluationStream,
  evolveCatalogue,
  evolveEvaluation,
  evolveUser,
  fiscalYearStream,
  initialCatalogueState,
  initialEvaluationState,
  initialUserState,
  itemContext,
  schemaVersionOf,
  userStream,
  type Actor,
  type CatalogueState,
  type EvaluationCommand,
  type EvaluationItem,
  type EvaluationState,
  type Grade,
  type Role,
  type UserCommand,
  type UserEvent,
  type UserState,
} from '@hyoka/domain';
import type { EventStore, EventToAppend, JsonObject } from '@hyoka/event-store';
import { openSqliteEventStore } from '@hyoka/event-store-sqlite';
import Database from 'better-sqlite3';
import { prng } from './api-plan.js';
import {
  boardAsOf,
  evaluationAsOf,
  openReadModels,
  openReplayIndex,
  positionAtTime,
  startProjections,
} from '@hyoka/projections';

/*
 * Replay at scale: a SQLite store of HYOKA_BENCH_EVENTS (default 1,000,000) realistic domain events, then
 * positionAtTime, boardAsOf (snapshots vs full replay), evaluationAsOf, and the projections' full rebuild rate.
 *
 *   npx tsx tools/bench/src/replay-bench.ts
 *
 * HYOKA_BENCH_EVENTS   size of the log (default 1000000)
 * HYOKA_BENCH_STORE    keep the generated store at this path and reuse it on the next run (generated when missing)
 * HYOKA_BENCH_REBUILD  0 skips the projections' rebuild (the longest part)
 * HYOKA_BENCH_ASOF     0 skips the replay index and the as-of reads (raw fold and rebuild only)
 */


/** The committee decides in session: the open committee session (its deciding member present) every finalise and reopen names. */
const BENCH_SESSION = 'bench-committee-session';
export const committeeSession = (itemId: string, fiscalYear: number, memberId: string) => ({
  meetingId: BENCH_SESSION,
  body: 'committee' as const,
  departmentId: null,
  fiscalYear,
  date: `${fiscalYear + 1}-05-20`,
  place: '本会',
  chairId: memberId,
  invited: [memberId],
  agenda: [itemId],
  present: [memberId],
  minutes: null,
  status: 'Open' as const,
});

const PASSWORD_HASH = '$argon2id$v=19$m=19456,t=2,p=1$c2FsdHNhbHRzYWx0$aGFzaGhhc2hoYXNoaGFzaGhhc2hoYXNo';
const YEARS = [2025, 2026, 2027] as const;
const GRADES: Grade[] = ['A', 'B', 'C', 'D'];
const DEPARTMENTS = ['general-affairs', 'community-welfare', 'livelihood-support'] as const;

// a seeded PRNG: the same log for the same size
const random = prng(94 * 3);
const pick = <T>(list: readonly T[]): T => list[Math.floor(random() * list.length)]!;

export interface Person extends Actor {
  loginName: string;
  displayName: string;
}

/** Who works on the evaluations: staff and heads by department, the 事務局長, 管理職, the committee. */
export interface Cast {
  all: Person[];
  staff: Record<string, Person[]>;
  heads: Record<string, Person>;
  sg: Person;
  managers: Person[];
  committee: Person[];
}

function people(): Cast {
  const person = (userId: string, displayName: string, roles: { role: Role; departmentId: string | null }[]): Person => ({
    userId,
    loginName: userId,
    displayName,
    roles,
  });
  const staff: Record<string, Person[]> = {};
  const heads: Record<string, Person> = {};
  for (const [d, department] of DEPARTMENTS.entries()) {
    staff[department] = Array.from({ length: 5 }, (_, i) => person(`staff-${d}-${i}`, `担当 ${d}-${i}`, [{ role: 'Staff', departmentId: department }]));
    heads[department] = person(`head-${d}`, `部長 ${d}`, [
      { role: 'DepartmentHead', departmentId: department },
      { role: 'Manager', departmentId: null },
    ]);
  }
  const sg = person('secretary-general', '事務局長', [
    { role: 'SecretaryGeneral', departmentId: null },
    { role: 'Manager', departmentId: null },
  ]);
  const managers = Array.from({ length: 4 }, (_, i) => person(`manager-${i}`, `課長 ${i}`, [{ role: 'Manager', departmentId: null }]));
  const committee = Array.from({ length: 5 }, (_, i) => person(`committee-${i}`, `委員 ${i}`, [{ role: 'CommitteeMember', departmentId: null }]));
  const others = [person('auditor-0', '監事', [{ role: 'Auditor', departmentId: null }]), person('admin-0', '管理者', [{ role: 'Admin', departmentId: null }])];
  const all = [...Object.values(staff).flat(), ...Object.values(heads), sg, ...managers, ...committee, ...others];
  return { all, staff, heads, sg, managers, committee };
}

/** One evaluation (item × year) being worked on: its state, its revision and what is left of its share of the log. */
export interface Work {
  stream: string;
  fiscalYear: number;
  item: EvaluationItem;
  state: EvaluationState;
  revision: bigint | null;
  budget: number;
  returnsLeft: number;
  /** saves left in the current draft period; -1: plan them when the draft starts */
  savesLeft: number;
  done: boolean;
}

const metadataOf = (actor: string, type: string, data: Record<string, unknown>, commandId: string, at: string) => ({
  actor,
  ...(typeof data['actingAs'] === 'string' ? { actingAs: data['actingAs'] } : {}),
  commandId,
  correlationId: commandId,
  causationId: commandId,
  occurredAt: at,
  schemaVersion: schemaVersionOf(type),
});

export function toAppend(events: readonly { type: string; data: unknown }[], actor: string, at: string): EventToAppend[] {
  const commandId = randomUUID();
  return events.map((e) => ({
    id: randomUUID(),
    type: e.type,
    data: e.data as JsonObject,
    metadata: metadataOf(actor, e.type, e.data as Record<string, unknown>, commandId, at),
  }));
}

/**
 * Writes the log through the SQLite adapter: the start-up work, then sessions of one person on one evaluation
 * (a burst of commands decided by the domain against the evaluation's state), in time order over FY2025–FY2027.
 * Each evaluation gets an equal share of the log; most of it is its drafts saved again and again, with 2–6 return
 * cycles, comments at every review stage, recalls and the odd reopening.
 */
async function generate(file: string, total: number): Promise<{ events: number; seconds: number; types: Record<string, number>; refused: number }> {
  let clock = Date.parse('2025-04-01T00:00:00.000Z');
  const store = await openSqliteEventStore({ file, clock: () => new Date(clock) });
  const started = performance.now();
  const types: Record<string, number> = {};
  let written = 0;
  const count = (events: readonly { type: string }[]) => {
    for (const e of events) types[e.type] = (types[e.type] ?? 0) + 1;
    written += events.length;
  };
  const iso = () => new Date(clock).toISOString();

  let catalogue: CatalogueState = initialCatalogueState();
  let catalogueRevision: bigint | null = null;
  const catalogueCommand = async (command: Parameters<typeof decideCatalogue>[0], actor: Actor) => {
    const events = decideCatalogue(command, catalogue, { actor, now: iso() });
    catalogue = events.reduce(evolveCatalogue, catalogue);
    const result = await store.appendToStream(catalogueStream(), toAppend(events, actor.userId, iso()), {
      expectedRevision: catalogueRevision ?? 'no_stream',
    });
    catalogueRevision = result.nextExpectedRevision;
    count(events);
  };
  await catalogueCommand({ type: 'ImportPlanCatalogue', data: { catalogue: loadPlanCatalogue() } }, SYSTEM_ACTOR);

  const cast = people();
  for (const p of cast.all) {
    let state: UserState = initialUserState();
    const events: UserEvent[] = [];
    const commands: UserCommand[] = [
      { type: 'RegisterUser', data: { userId: p.userId, loginName: p.loginName, displayName: p.displayName, passwordHash: PASSWORD_HASH } },
      ...p.roles.map((role): UserCommand => ({ type: 'GrantRole', data: role })),
    ];
    for (const command of commands) {
      const decided = decideUser(command, state, { actor: SYSTEM_ACTOR, now: iso() });
      state = decided.reduce(evolveUser, state);
      events.push(...decided);
    }
    await store.appendToStream(userStream(p.userId), toAppend(events, 'system', iso()), { expectedRevision: 'no_stream' });
    count(events);
  }

  const items = loadPlanCatalogue().items.map((i) => i.id);
  const streams = items.length * YEARS.length;
  const share = Math.max(12, Math.floor((total - written - 10) / streams));
  const work: Work[] = [];
  for (const fiscalYear of YEARS) {
    for (const itemId of items) {
      work.push({
        stream: evaluationStream(itemId, fiscalYear),
        fiscalYear,
        item: itemContext(catalogue, itemId, fiscalYear),
        state: initialEvaluationState(),
        revision: null,
        budget: share,
        returnsLeft: 2 + Math.floor(random() * 5),
        savesLeft: -1,
        done: false,
      });
    }
  }

  // A fiscal year is worked on from its April to the June after it; the clock spreads the sessions over that span.
  const windowOf = (fy: number) => [Date.parse(`${fy}-04-01T00:00:00.000Z`), Date.parse(`${fy + 1}-06-30T00:00:00.000Z`)] as const;
  const end = windowOf(2027)[1];
  const begin = clock;
  const opened = new Set<number>();
  const revisions = [
    { at: Date.parse('2025-10-01T00:00:00.000Z'), command: { type: 'RenameItem', data: { itemId: items[3]!, name: `${items[3]} (名称変更)`, reason: '名称の整理', approvedBy: '理事会' } } },
    { at: Date.parse('2026-10-01T00:00:00.000Z'), command: { type: 'ChangeItemSchedule', data: { itemId: items[10]!, fiscalYear: 2027, stage: '拡充', reason: '前倒し', approvedBy: '理事会' } } },
  ] as const;
  const thresholds = { 2025: undefined, 2026: undefined, 2027: { A: 100, B: 85, C: 60 } } as const;
  const admin = cast.all.find((p) => p.userId === 'admin-0')!;

  const revised = new Set<object>();
  const GROUP = 50;
  let refused = 0;
  let pending: Promise<unknown>[] = [];
  const lastReport = { at: performance.now() };
  while (written < total) {
    for (const fy of YEARS) {
      if (!opened.has(fy) && clock >= windowOf(fy)[0]) {
        opened.add(fy);
        const events = decideFiscalYear({ type: 'OpenFiscalYear', data: { fiscalYear: fy, thresholds: thresholds[fy] ?? null } }, { status: 'NotOpened' }, { actor: SYSTEM_ACTOR, now: iso() });
        pending.push(store.appendToStream(fiscalYearStream(fy), toAppend(events, 'system', iso()), { expectedRevision: 'no_stream' }));
        count(events);
      }
    }
    for (const revision of revisions) {
      if (clock >= revision.at && !revised.has(revision)) {
        revised.add(revision);
        await Promise.all(pending);
        pending = [];
        await catalogueCommand(revision.command as Parameters<typeof decideCatalogue>[0], admin);
        for (const w of work) if (w.item.id === revision.command.data.itemId) w.item = itemContext(catalogue, w.item.id, w.fiscalYear);
      }
    }
    const active = work.filter((w) => !w.done && opened.has(w.fiscalYear) && clock <= windowOf(w.fiscalYear)[1]);
    const candidates = active.length > 0 ? active : work.filter((w) => !w.done);
    if (candidates.length === 0) break;
    const w = pick(candidates);
    const burst = w.state.status === 'Draft' ? 4 + Math.floor(random() * 16) : 1 + Math.floor(random() * 3);
    const session: { type: string; data: unknown }[] = [];
    let actorId = '';
    for (let n = 0; n < burst && !w.done; n++) {
      const next = nextCommand(w, cast);
      if (!next) {
        w.done = true;
        break;
      }
      const [actor, command, effect] = next;
      // one person per session: stop when the next command is someone else's
      if (actorId && actor.userId !== actorId) break;
      actorId = actor.userId;
      let events;
      try {
        events = decideEvaluation(command, w.state, {
          actor,
          now: iso(),
          item: w.item,
          fiscalYear: { fiscalYear: w.fiscalYear, thresholds: thresholdsOf(w.fiscalYear) },
          session: { meeting: committeeSession(w.item.id, w.fiscalYear, actor.userId) },
        });
      } catch (error) {
        // refused, as the API would refuse it (e.g. a plan revision asks for a re-save before submitting): save again
        refused += 1;
        if (refused > 1000) throw error;
        if (w.state.status === 'Draft') w.savesLeft = Math.max(w.savesLeft, 1);
        break;
      }
      effect?.();
      for (const e of events) w.state = evolveEvaluation(w.state, e);
      session.push(...events);
      w.budget -= events.length;
    }
    if (session.length > 0) {
      const expectedRevision = w.revision ?? 'no_stream';
      w.revision = (w.revision ?? -1n) + BigInt(session.length);
      pending.push(store.appendToStream(w.stream, toAppend(session, actorId, iso()), { expectedRevision }));
      count(session);
    }
    // the clock follows the log's progress, so the sessions spread evenly over FY2025–FY2027
    clock = Math.max(clock, begin + ((end - begin) * written) / total);
    // appends of one group share a commit (the adapter's group commit) and its recordedAt
    if (pending.length >= GROUP) {
      await Promise.all(pending);
      pending = [];
      if (performance.now() - lastReport.at > 5000) {
        lastReport.at = performance.now();
        process.stderr.write(`  generated ${written.toLocaleString()} / ${total.toLocaleString()} events (${iso().slice(0, 10)})\n`);
      }
    }
  }
  await Promise.all(pending);
  await store.close();
  return { events: written, seconds: (performance.now() - started) / 1000, types, refused };

  function thresholdsOf(fy: number) {
    return thresholds[fy as 2027] ?? { A: 100, B: 80, C: 60 };
  }
}

/** The next command of an evaluation's share of the log, or null when it is finished. */
export function nextCommand(w: Work, cast: Cast): [Actor, EvaluationCommand, (() => void)?] | null {
  const department = w.item.owningDepartmentId;
  const staff = cast.staff[department]![w.item.id.length % 5]!;
  const head = cast.heads[department]!;
  const s = w.state;
  const comment = (actor: Actor): [Actor, EvaluationCommand] => [
    actor,
    { type: 'CommentOnEvaluation', data: { text: `${s.status}での確認事項: 根拠資料の記載を確認しました(${Math.floor(random() * 10_000)})` } },
  ];
  const wantsToEnd = w.budget <= 0;
  switch (s.status) {
    case 'NotStarted':
      return random() < 0.75
        ? [staff, { type: 'SaveAnnualPlan', data: { method: 'quantitative', target: 2 + Math.floor(random() * 10), unit: '回', direction: 'higherIsBetter', actions: '研修会を開催する' } }]
        : [staff, { type: 'SaveAnnualPlan', data: { method: 'qualitative', actions: '関係機関と検討する' } }];
    case 'PlanDraft':
      return [staff, { type: 'SubmitAnnualPlan', data: {} }];
    case 'PlanReview':
    case 'PlanChangeReview':
      return [head, { type: 'ApproveAnnualPlan', data: {} }];
    case 'Draft': {
      // the saves of a draft period share what is left of the budget with the drafts still to come after returns
      if (w.savesLeft < 0) w.savesLeft = Math.max(1, Math.floor((w.budget - 4 * w.returnsLeft - 14) / (w.returnsLeft + 1)));
      if (w.savesLeft > 0 && !wantsToEnd) {
        const n = Math.floor(random() * 1_000_000);
        return [
          staff,
          {
            type: 'SaveSelfEvaluation',
            data: {
              actual: s.plan.target.kind === 'quantitative' ? 1 + Math.floor(random() * 12) : null,
              qualitativeGrade: pick(GRADES),
              actualStage: w.item.plannedStage ?? '検討',
              plannedStageReached: random() < 0.85,
              narrative: {
                achievements: `地域の関係機関と連携し、研修会と意見交換会を開催した。参加者アンケートでは満足度が高かった(草稿 ${n})。`,
                issues: random() < 0.6 ? '担い手の確保と、取組の周知が引き続き課題である。' : null,
                nextYear: random() < 0.4 ? '対象を広げて継続する。' : null,
              },
              evidenceLinks: random() < 0.3 ? [`https://example.org/kumamoto-shakyo/${w.item.id}/${n}`] : [],
            },
          },
          () => (w.savesLeft -= 1),
        ];
      }
      if (!s.selfEvaluation) return null;
      return [staff, { type: 'SubmitEvaluation', data: {} }];
    }
    case 'PromotionMeetingReview': {
      if (random() < 0.35 && !wantsToEnd) return comment(head);
      // the planned return cycles happen here: back to the draft, where the saves of the next period go
      if (w.returnsLeft > 0) {
        const planNextDraft = () => {
          w.returnsLeft -= 1;
          w.savesLeft = -1;
        };
        return [head, { type: 'ReturnEvaluation', data: { toStage: 'Draft', reason: '実績の根拠と次年度の方向性を追記してください' } }, planNextDraft];
      }
      if (random() < 0.03) return [staff, { type: 'RecallEvaluation', data: {} }];
      return [head, { type: 'ApproveEvaluation', data: random() < 0.5 ? { batchId: `bulk-${w.fiscalYear}-${department}` } : {} }];
    }
    case 'ManagersMeetingReview': {
      if (random() < 0.35 && !wantsToEnd) return comment(pick([cast.sg, ...cast.managers]));
      if (random() < 0.15 && !wantsToEnd) {
        return [cast.sg, { type: 'ReturnEvaluation', data: { toStage: 'PromotionMeetingReview', reason: '評価の根拠を確認してください' } }];
      }
      const self = s.selfEvaluation.quantitativeGrade ?? s.selfEvaluation.qualitativeGrade ?? 'B';
      return [cast.sg, { type: 'ForwardToCommittee', data: { proposedGrade: self, batchId: random() < 0.5 ? `forward-${w.fiscalYear}` : null } }];
    }
    case 'CommitteeReview': {
      if (random() < 0.3 && !wantsToEnd) return comment(pick(cast.committee));
      if (random() < 0.15 && !wantsToEnd) {
        return [pick(cast.committee), { type: 'ReturnEvaluation', data: { toStage: 'ManagersMeetingReview', reason: '担当部署への聞き取りの結果、再検討が必要' } }];
      }
      return [pick(cast.committee), { type: 'FinalizeEvaluation', data: { overallGrade: s.proposed.grade, rationale: '定量・定性評価と聞き取りの結果から妥当と判断した', meetingId: BENCH_SESSION } }];
    }
    case 'Finalized':
      if (w.budget > 0 && random() < 0.02) return [pick(cast.committee), { type: 'ReopenEvaluation', data: { reason: '監事の指摘により再審議', meetingId: BENCH_SESSION } }];
      return null;
  }
}

const percentile = (values: number[], p: number): number => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
};
const ms = (n: number) => Math.round(n * 100) / 100;

async function timed<T>(run: () => Promise<T>): Promise<[T, number]> {
  const started = performance.now();
  const value = await run();
  return [value, performance.now() - started];
}

async function samples(count: number, run: (i: number) => Promise<unknown>): Promise<{ p50: number; p95: number; max: number; runs: number }> {
  const times: number[] = [];
  for (let i = 0; i < count; i++) times.push((await timed(() => run(i)))[1]);
  return { p50: ms(percentile(times, 50)), p95: ms(percentile(times, 95)), max: ms(Math.max(...times)), runs: count };
}

export interface ReplayBenchOptions {
  /** size of the log to generate (HYOKA_BENCH_EVENTS, default 1,000,000) */
  events: number;
  /** keep the generated store here and reuse it next time (HYOKA_BENCH_STORE); a temp file otherwise */
  storeFile?: string;
  /** false skips the projections' rebuild (HYOKA_BENCH_REBUILD=0) */
  rebuild: boolean;
  /** false skips the replay index and the as-of reads (HYOKA_BENCH_ASOF=0) */
  asOf?: boolean;
  /** writes the log when the store is missing (HYOKA_BENCH_SHAPE=nationwide: nationwide.ts); this file's generator otherwise */
  generate?: (file: string, total: number) => Promise<{ events: number; seconds: number; types: Record<string, number>; refused: number }>;
}

export const replayBenchOptionsFromEnv = (): ReplayBenchOptions => ({
  events: Number(process.env['HYOKA_BENCH_EVENTS'] || 1_000_000),
  ...(process.env['HYOKA_BENCH_STORE'] ? { storeFile: process.env['HYOKA_BENCH_STORE'] } : {}),
  rebuild: process.env['HYOKA_BENCH_REBUILD'] !== '0',
  asOf: process.env['HYOKA_BENCH_ASOF'] !== '0',
});

/** Runs the suite, printing each figure as it is measured; returns the figures (bench-results/replay-*.json). */
export async function runReplayBenchmark(options: ReplayBenchOptions): Promise<Record<string, unknown>> {
  const total = options.events;
  if (!Number.isSafeInteger(total) || total < 2000) throw new RangeError('HYOKA_BENCH_EVENTS must be an integer ≥ 2000');
  const work = mkdtempSync(join(tmpdir(), 'hyoka-replay-bench-'));
  const storeFile = options.storeFile ?? join(work, 'events.sqlite');
  const result: Record<string, unknown> = { suite: 'replay', startedAt: new Date().toISOString(), node: process.version, requestedEvents: total };
  try {
    if (existsSync(storeFile)) {
      console.log(`Reusing the store ${storeFile}`);
    } else {
      console.log(`Generating ${total.toLocaleString()} events into ${storeFile} …`);
      const generated = await (options.generate ?? generate)(storeFile, total);
      result['generation'] = { ...generated, seconds: ms(generated.seconds), eventsPerSecond: Math.round(generated.events / generated.seconds) };
      console.log(`  ${generated.events.toLocaleString()} events in ${generated.seconds.toFixed(1)} s (${Math.round(generated.events / generated.seconds).toLocaleString()} events/s)`);
    }
    const store: EventStore = await openSqliteEventStore({ file: storeFile });
    const head = await store.headPosition();
    const first = (await store.readAll({ maxCount: 1 }))[0]!;
    const last = (await store.readAll({ after: head - 1n, maxCount: 1 }))[0]!;
    result['store'] = { events: Number(head), bytes: statSync(storeFile).size, from: first.recordedAt, to: last.recordedAt };
    console.log(`Store: ${Number(head).toLocaleString()} events, ${(statSync(storeFile).size / 1e6).toFixed(0)} MB, ${first.recordedAt} … ${last.recordedAt}`);

    if (options.asOf !== false) {
      // the replay index, built from 0
      const indexFile = join(work, 'replay-index.sqlite');
      const index = openReplayIndex({ file: indexFile, store });
      const [, buildMs] = await timed(() => index.catchUp());
      const stats = index.stats();
      result['index'] = {
        buildSeconds: ms(buildMs / 1000),
        eventsPerSecond: Math.round(Number(head) / (buildMs / 1000)),
        bytes: statSync(indexFile).size,
        snapshots: stats.snapshots,
        entries: stats.entries,
        entryBytes: stats.entryBytes,
      };
      console.log(`Replay index built in ${(buildMs / 1000).toFixed(1)} s: ${stats.snapshots} snapshots, ${stats.entries} entries, ${(statSync(indexFile).size / 1e6).toFixed(0)} MB`);

      const t0 = Date.parse(first.recordedAt);
      const t1 = Date.parse(last.recordedAt);
      const randomTime = () => new Date(t0 + Math.floor(random() * (t1 - t0))).toISOString();
      const randomPosition = () => 1n + BigInt(Math.floor(random() * Number(head)));
      // the year whose board a person would look at then: the one being worked on at that position
      const yearAt = async (position: bigint) => {
        const [event] = await store.readAll({ after: position - 1n, maxCount: 1 });
        const fy = Number(/-(\d{4})$/.exec(event!.stream)?.[1] ?? 2025);
        return YEARS.includes(fy as 2025) ? fy : 2025;
      };

      const positionIndexed = await samples(300, () => index.positionAtTime(randomTime()));
      const positionScan = await samples(3, () => positionAtTime(store, randomTime()));
      result['positionAtTime'] = { index: positionIndexed, fullScan: positionScan };
      console.log(`positionAtTime   index p50 ${positionIndexed.p50} ms, p95 ${positionIndexed.p95} ms | full scan p50 ${positionScan.p50} ms (${positionScan.runs} runs)`);

      const boardPositions = await Promise.all(Array.from({ length: 200 }, async () => { const p = randomPosition(); return [p, await yearAt(p)] as const; }));
      const indexed: string[] = [];
      const boardIndexed = await samples(boardPositions.length, async (i) => {
        const rows = await index.boardAsOf(boardPositions[i]![1], boardPositions[i]![0]);
        if (i < 5) indexed[i] = JSON.stringify(rows);
      });
      const mismatches: string[] = [];
      const boardFull = await samples(5, async (i) => {
        const [position, fy] = boardPositions[i]!;
        const full = await boardAsOf(store, fy, position);
        // the check the spec makes on small logs: the snapshot read equals the full replay
        if (JSON.stringify(full) !== indexed[i]) mismatches.push(`FY${fy} at ${position}`);
      });
      if (mismatches.length) throw new Error(`boardAsOf with snapshots differs from the full replay: ${mismatches.join(', ')}`);
      const [atHead, headMs] = await timed(() => index.boardAsOf(2027, head));
      result['boardAsOf'] = { withSnapshots: boardIndexed, fullReplay: boardFull, atHeadMs: ms(headMs), rowsAtHead: atHead.length };
      console.log(`boardAsOf        snapshots p50 ${boardIndexed.p50} ms, p95 ${boardIndexed.p95} ms | full replay p50 ${boardFull.p50} ms, p95 ${boardFull.p95} ms (${boardFull.runs} runs)`);

      const items = loadPlanCatalogue().items.map((i) => i.id);
      const evaluation = await samples(200, () => { const p = randomPosition(); return evaluationAsOf(store, pick(items), pick(YEARS), p); });
      result['evaluationAsOf'] = evaluation;
      console.log(`evaluationAsOf   p50 ${evaluation.p50} ms, p95 ${evaluation.p95} ms`);

      index.close();
    }

    // the floor a rebuild is measured against: read every row, parse it, fold it with a trivial reducer
    const raw = rawFold(storeFile);
    result['rawFold'] = raw;
    console.log(`Raw fold (read + JSON.parse + count): ${raw.events.toLocaleString()} events in ${raw.seconds} s = ${raw.eventsPerSecond.toLocaleString()} events/s`);

    if (options.rebuild) {
      // the process's peak so far (generation, replay index, as-of reads): the rebuild's own shows when it raises it
      const peakBefore = peakRssMiB();
      const readModels = openReadModels({ file: join(work, 'read-models.sqlite'), events: store });
      const runner = startProjections(store, readModels);
      const started = performance.now();
      const cpuStarted = process.cpuUsage();
      let shown = 0;
      let lastShown = started;
      // a line every 10 s, from the runner's notices (a catch-up keeps the event loop busy: timers would not fire)
      const unsubscribe = runner.onApplied(({ event }) => {
        const now = performance.now();
        if (now - lastShown < 10_000) return;
        lastShown = now;
        const done = Number(event.position);
        const rate = done / ((now - started) / 1000);
        const width = 30;
        const filled = Math.round((done / Number(head)) * width);
        const bar = `[${'#'.repeat(filled)}${'.'.repeat(width - filled)}]`;
        process.stderr.write(`  rebuild ${bar} ${done.toLocaleString()}/${Number(head).toLocaleString()} ${Math.round(rate).toLocaleString()} events/s, ${Math.round((Number(head) - done) / rate)} s left\n`);
        shown += 1;
      });
      // rebuild() from 0, as the CLI's projections rebuild does; it resolves once every read model holds the head
      await runner.rebuild('all', { timeoutMs: 6 * 3600_000 });
      unsubscribe();
      const seconds = (performance.now() - started) / 1000;
      const cpuSeconds = cpuSecondsSince(cpuStarted);
      await runner.stop();
      readModels.close();
      const eventsPerSecond = Math.round(Number(head) / seconds);
      const ratio = Math.round((eventsPerSecond / raw.eventsPerSecond) * 100) / 100;
      const peakRss = { beforeRebuildMiB: peakBefore, afterRebuildMiB: peakRssMiB() };
      // the same ratio by CPU time: what the code costs, whatever else the machine runs meanwhile
      const cpuRatio = Math.round((raw.cpuSeconds / cpuSeconds) * 100) / 100;
      const perCpuSecond = Math.round(Number(head) / cpuSeconds);
      result['rebuild'] = { events: Number(head), seconds: ms(seconds), eventsPerSecond, ratioToRawFold: ratio, cpuSeconds: ms(cpuSeconds), eventsPerCpuSecond: perCpuSecond, cpuRatioToRawFold: cpuRatio, progressLines: shown, peakRss };
      console.log(`Projections rebuild: ${Number(head).toLocaleString()} events in ${seconds.toFixed(1)} s = ${eventsPerSecond.toLocaleString()} events/s, ${ratio}× the raw fold (target ≥ 0.3×)`);
      console.log(`  CPU ${cpuSeconds.toFixed(1)} s = ${perCpuSecond.toLocaleString()} events per CPU-second, ${cpuRatio}× the raw fold's (${raw.cpuSeconds} s)`);
      console.log(`  peak RSS of the process ${peakRss.afterRebuildMiB} MiB (${peakRss.beforeRebuildMiB} MiB before the rebuild)`);
    }
    await store.close();
  } finally {
    // the index and read models always go; the store stays only where HYOKA_BENCH_STORE put it
    rmSync(work, { recursive: true, force: true });
  }
  return result;
}

/** The process's peak resident set so far (getrusage's maxrss), in MiB. */
const peakRssMiB = (): number => Math.round(process.resourceUsage().maxRSS / 1024);

/** A raw fold of the log: better-sqlite3 reads every row, JSON.parse of data and metadata, a count per stream and type. */
function rawFold(file: string): { events: number; seconds: number; eventsPerSecond: number; cpuSeconds: number; streams: number } {
  const db = new Database(file, { readonly: true });
  try {
    const started = performance.now();
    const cpuStarted = process.cpuUsage();
    const perStream = new Map<string, number>();
    const perType = new Map<string, number>();
    let events = 0;
    let actors = 0;
    for (const row of db.prepare('SELECT stream, type, data, metadata FROM events ORDER BY position').raw().iterate() as IterableIterator<[string, string, string, string]>) {
      const data = JSON.parse(row[2]) as Record<string, unknown>;
      const metadata = JSON.parse(row[3]) as { actor?: string };
      perStream.set(row[0], (perStream.get(row[0]) ?? 0) + 1);
      perType.set(row[1], (perType.get(row[1]) ?? 0) + 1);
      if (metadata.actor && data) actors += 1;
      events += 1;
    }
    const seconds = (performance.now() - started) / 1000;
    const cpuSeconds = cpuSecondsSince(cpuStarted);
    if (actors === 0) throw new Error('the raw fold saw no actor');
    return { events, seconds: ms(seconds), eventsPerSecond: Math.round(events / seconds), cpuSeconds: ms(cpuSeconds), streams: perStream.size };
  } finally {
    db.close();
  }
}

/** CPU time (user + system) of this process since `from`, in seconds: steadier than wall time on a shared machine. */
function cpuSecondsSince(from: NodeJS.CpuUsage): number {
  const used = process.cpuUsage(from);
  return (used.user + used.system) / 1e6;
}

// run alone: npx tsx tools/bench/src/replay-bench.ts
if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const result = await runReplayBenchmark(replayBenchOptionsFromEnv());
  const dir = fileURLToPath(new URL('../../../bench-results/', import.meta.url));
  mkdirSync(dir, { recursive: true });
  const json = JSON.stringify(result, null, 2);
  writeFileSync(join(dir, `replay-${String(result['startedAt']).replace(/[:.]/g, '-')}.json`), `${json}\n`);
  writeFileSync(join(dir, 'replay-latest.json'), `${json}\n`);
  console.log('Written to bench-results/replay-latest.json');
}
