import { existsSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { loadPlanCatalogue, type ImplementationItem, type PlanCatalogue } from '@hyoka/catalogue';
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
  type CatalogueState,
  type EvaluationCommand,
  type EvaluationStatus,
  type RoleAssignment,
  type UserCommand,
  type UserEvent,
  type UserState,
  userStream,
} from '@hyoka/domain';
import { openSqliteEventStore } from '@hyoka/event-store-sqlite';
import { prng } from './api-plan.js';
import { committeeSession, nextCommand, toAppend, type Cast, type Person, type Work } from './replay-bench.js';

/*
 * HYOKA_BENCH_SHAPE=nationwide: a store the size of the whole country (issue 15, point 3: ≈1,800 社協 × ~100 items ×
 * 3 years × ~15 events ≈ 8M events, in short streams).
 *
 * What it models: the 社協 of the country each run the shipped plan's 94 items, so the catalogue is the shipped plan
 * repeated once per 社協 — every item copied with its division, theme and schedule under an id of its own
 * (`I-001.0042`; 社協 0 keeps the shipped ids), added to the imported plan as revisions (PlanItemAdded) — and each (item, year) is one evaluation of 15–40 events: the annual
 * plan, its approval, the drafts saved, submit, the reviews with their comments, now and then a return, and the
 * committee's decision. As many 社協 as the wanted size needs: events ÷ (94 × 3 × 25 on average), ~1,130 at 8M
 * (~320,000 evaluations). FY2025 ends mostly 確定, FY2027 mostly 作成中, like a log read in the middle of FY2027.
 * The people are the API's demo accounts (their password hashed as the API would), so the API suite signs in to the
 * same store the replay suite rebuilds: one generated store serves both (HYOKA_BENCH_STORE keeps it).
 * The API has one catalogue and no per-社協 board, so the board is every item of the country: its figure is the
 * worst case, not what one 社協 would wait for.
 */

const YEARS = [2025, 2026, 2027] as const;
const SHIPPED_ITEMS = 94;
// what the route below makes on average (15–40 planned; 25.0 measured at 200k), so the log comes out at the size asked
const MEAN_EVENTS = 25;
/** evaluations worked on at once; the rest wait in line (time order), so memory does not grow with the store */
const WINDOW = 512;
/** appends in flight at once: the adapter commits them together (group commit), one fsync for the lot */
const GROUP = 400;

export interface Account {
  userId: string;
  loginName: string;
  displayName: string;
  roles: RoleAssignment[];
}

export interface NationwideOptions {
  /** the API's demo accounts (apps/api/dist/bootstrap/demo-accounts.js) */
  accounts: readonly Account[];
  /** the hash of the password every account gets */
  passwordHash: string;
}

/** How many 社協 the wanted number of events needs. */
export const councilsFor = (events: number): number => Math.max(1, Math.round(events / (SHIPPED_ITEMS * YEARS.length * MEAN_EVENTS)));

/** The shipped plan once per 社協: the same divisions and themes, each item copied under `<id>.<社協 number>`. */
export function nationwideCatalogue(councils: number): PlanCatalogue {
  const shipped = loadPlanCatalogue();
  const copies: ImplementationItem[] = [];
  for (let c = 1; c < councils; c++) {
    const suffix = `.${String(c).padStart(4, '0')}`;
    for (const item of shipped.items) copies.push({ ...item, id: `${item.id}${suffix}`, name: `${item.name}(社協${c})` });
  }
  return { ...shipped, items: [...shipped.items, ...copies] };
}

/** Where an evaluation's share of the log ends, by fiscal year: a log read in the middle of FY2027. */
const END_STAGES: Record<(typeof YEARS)[number], [EvaluationStatus, number][]> = {
  2025: [['Finalized', 0.85], ['ManagersMeetingReview', 0.1], ['CommitteeReview', 0.05]],
  2026: [['Finalized', 0.4], ['CommitteeReview', 0.15], ['ManagersMeetingReview', 0.15], ['PromotionMeetingReview', 0.15], ['Draft', 0.15]],
  2027: [['Draft', 0.7], ['PromotionMeetingReview', 0.2], ['ManagersMeetingReview', 0.1]],
};

export interface NationwideStream {
  itemId: string;
  fiscalYear: number;
  endStage: string;
  events: number;
}

export interface NationwideLog {
  events: number;
  seconds: number;
  types: Record<string, number>;
  refused: number;
  councils: number;
  items: number;
  streams: NationwideStream[];
}

export async function generateNationwide(file: string, total: number, options: NationwideOptions): Promise<NationwideLog> {
  const random = prng(1800);
  const pickWeighted = <T>(choices: readonly [T, number][]): T => {
    let r = random();
    for (const [value, weight] of choices) if ((r -= weight) < 0) return value;
    return choices[choices.length - 1]![0];
  };
  let clock = Date.parse('2025-04-01T00:00:00.000Z');
  const end = Date.parse('2027-12-20T00:00:00.000Z');
  const begin = clock;
  const iso = () => new Date(clock).toISOString();
  // written under another name and renamed once complete, so a run stopped half-way leaves no store a later run would reuse
  const partial = `${file}.generating`;
  for (const suffix of ['', '-wal', '-shm']) rmSync(partial + suffix, { force: true });
  const store = await openSqliteEventStore({ file: partial, clock: () => new Date(clock) });
  let closed = false;
  const started = performance.now();
  const types: Record<string, number> = {};
  let written = 0;
  let pending: Promise<unknown>[] = [];
  const count = (events: readonly { type: string }[]) => {
    for (const e of events) types[e.type] = (types[e.type] ?? 0) + 1;
    written += events.length;
  };
  try {
    const councils = councilsFor(total);
    // the shipped plan as the API's first start imports it, then each further 社協's copies as plan revisions (AddItem):
    // one import of the whole country would be far beyond the store's 256 KiB per event
    const catalogueEvents = decideCatalogue({ type: 'ImportPlanCatalogue', data: { catalogue: loadPlanCatalogue() } }, initialCatalogueState(), {
      actor: SYSTEM_ACTOR,
      now: iso(),
    });
    const catalogue: CatalogueState = catalogueEvents.reduce(evolveCatalogue, initialCatalogueState());
    let catalogueRevision = (await store.appendToStream(catalogueStream(), toAppend(catalogueEvents, 'system', iso()), { expectedRevision: 'no_stream' }))
      .nextExpectedRevision;
    count(catalogueEvents);
    for (const fiscalYear of YEARS) {
      const thresholds = fiscalYear === 2027 ? { A: 100, B: 85, C: 60 } : null;
      const events = decideFiscalYear({ type: 'OpenFiscalYear', data: { fiscalYear, thresholds } }, { status: 'NotOpened' }, { actor: SYSTEM_ACTOR, now: iso() });
      await store.appendToStream(fiscalYearStream(fiscalYear), toAppend(events, 'system', iso()), { expectedRevision: 'no_stream' });
      count(events);
    }
    // the demo accounts, as the API's first start registers them
    for (const account of options.accounts) {
      let state: UserState = initialUserState();
      const events: UserEvent[] = [];
      const commands: UserCommand[] = [
        { type: 'RegisterUser', data: { userId: account.userId, loginName: account.loginName, displayName: account.displayName, passwordHash: options.passwordHash } },
        ...account.roles.map((role): UserCommand => ({ type: 'GrantRole', data: { role: role.role, departmentId: role.departmentId } })),
      ];
      for (const command of commands) {
        const decided = decideUser(command, state, { actor: SYSTEM_ACTOR, now: iso() });
        state = decided.reduce(evolveUser, state);
        events.push(...decided);
      }
      await store.appendToStream(userStream(account.userId), toAppend(events, 'system', iso()), { expectedRevision: 'no_stream' });
      count(events);
    }
    const cast = castOf(options.accounts);
    // a plan revision is the administrator's
    const admin = cast.all.find((p) => p.roles.some((r) => r.role === 'Admin'))!;
    const itemIds = catalogue.status === 'Imported' ? catalogue.catalogue.items.map((i) => i.id) : [];
    for (const copy of nationwideCatalogue(councils).items.slice(itemIds.length)) {
      // decided against the shipped plan alone: the copies' ids are unique by construction, and folding each into a
      // catalogue of ~100,000 items would cost time in proportion to its length
      const added = decideCatalogue(
        {
          type: 'AddItem',
          data: {
            item: { id: copy.id, name: copy.name, divisionId: copy.divisionId, themeId: copy.themeId, schedule: Object.fromEntries(YEARS.map((y) => [y, copy.schedule[y]?.stage ?? null])) },
            reason: '全国の社協の計画を取り込む',
            approvedBy: '各社協の理事会',
          },
        },
        catalogue,
        { actor: admin, now: iso() },
      );
      pending.push(store.appendToStream(catalogueStream(), toAppend(added, admin.userId, iso()), { expectedRevision: catalogueRevision }));
      catalogueRevision += BigInt(added.length);
      itemIds.push(copy.id);
      count(added);
      if (pending.length >= GROUP) {
        await Promise.all(pending);
        pending = [];
      }
    }
    await Promise.all(pending);
    pending = [];

    const line = YEARS.flatMap((fiscalYear) => itemIds.map((itemId) => ({ itemId, fiscalYear })));
    const streams: NationwideStream[] = [];
    interface Running extends Work {
      endStage: EvaluationStatus;
      events: number;
    }
    // a copy's context is its shipped item's under its own id: itemContext's search of ~100,000 items per evaluation would
    // cost more than the rest of the generation
    const shippedContexts = new Map<string, ReturnType<typeof itemContext>>();
    const contextOf = (itemId: string, fiscalYear: number) => {
      const shippedId = itemId.split('.')[0]!;
      const key = `${shippedId} ${fiscalYear}`;
      let context = shippedContexts.get(key);
      if (!context) shippedContexts.set(key, (context = itemContext(catalogue, shippedId, fiscalYear)));
      return { ...context, id: itemId };
    };
    const window: Running[] = [];
    let next = 0;
    const admit = () => {
      while (window.length < WINDOW && next < line.length) {
        const { itemId, fiscalYear } = line[next++]!;
        window.push({
          stream: evaluationStream(itemId, fiscalYear),
          fiscalYear,
          item: contextOf(itemId, fiscalYear),
          state: initialEvaluationState(),
          revision: null,
          budget: 15 + Math.floor(random() * 26),
          returnsLeft: random() < 0.25 ? 1 : 0,
          savesLeft: -1,
          done: false,
          endStage: pickWeighted(END_STAGES[fiscalYear as 2025]),
          events: 0,
        });
      }
    };
    admit();
    let refused = 0;
    let lastReport = performance.now();
    while (window.length > 0) {
      const at = Math.floor(random() * window.length);
      const w = window[at]!;
      const session: { type: string; data: unknown }[] = [];
      let actorId = '';
      const burst = w.state.status === 'Draft' ? 2 + Math.floor(random() * 4) : 1 + Math.floor(random() * 2);
      for (let n = 0; n < burst && !w.done; n++) {
        const planned = commandFor(w, cast, random);
        if (!planned) {
          w.done = true;
          break;
        }
        const [actor, command, effect] = planned;
        if (actorId && actor.userId !== actorId) break;
        actorId = actor.userId;
        let events;
        try {
          events = decideEvaluation(command, w.state, {
            actor,
            now: iso(),
            item: w.item,
            fiscalYear: { fiscalYear: w.fiscalYear, thresholds: w.fiscalYear === 2027 ? { A: 100, B: 85, C: 60 } : { A: 100, B: 80, C: 60 } },
            session: { meeting: committeeSession(w.item.id, w.fiscalYear, actor.userId) },
          });
        } catch (error) {
          // refused, as the API would refuse it: save the draft again and go on
          refused += 1;
          if (refused > 1000) throw error;
          if (w.state.status === 'Draft') w.savesLeft = Math.max(w.savesLeft, 1);
          break;
        }
        effect?.();
        for (const e of events) w.state = evolveEvaluation(w.state, e);
        session.push(...events);
        w.budget -= events.length;
        w.events += events.length;
      }
      if (session.length > 0) {
        const expectedRevision = w.revision ?? 'no_stream';
        w.revision = (w.revision ?? -1n) + BigInt(session.length);
        pending.push(store.appendToStream(w.stream, toAppend(session, actorId, iso()), { expectedRevision }));
        count(session);
      }
      if (w.done) {
        streams.push({ itemId: w.item.id, fiscalYear: w.fiscalYear, endStage: w.state.status, events: w.events });
        window[at] = window[window.length - 1]!;
        window.pop();
        admit();
      }
      clock = Math.max(clock, begin + ((end - begin) * Math.min(written, total)) / total);
      if (pending.length >= GROUP) {
        await Promise.all(pending);
        pending = [];
        if (performance.now() - lastReport > 5000) {
          lastReport = performance.now();
          process.stderr.write(`  generated ${written.toLocaleString('en-US')} / ~${total.toLocaleString('en-US')} events, ${streams.length.toLocaleString('en-US')} of ${line.length.toLocaleString('en-US')} evaluations\n`);
        }
      }
    }
    await Promise.all(pending);
    await store.close();
    closed = true;
    if (existsSync(`${partial}-wal`)) throw new Error(`${partial}-wal is left after closing the store`);
    renameSync(partial, file);
    // where each evaluation ended, beside the store: the API suite picks its evaluations from it when it reuses the store
    writeFileSync(`${file}.streams.json`, JSON.stringify({ items: itemIds.length, councils, streams }));
    return { events: written, seconds: (performance.now() - started) / 1000, types, refused, councils, items: itemIds.length, streams };
  } finally {
    if (!closed) await store.close();
  }
}

/** What generateNationwide wrote beside the store `file`. */
export function readNationwideStreams(file: string): { items: number; councils: number; streams: NationwideStream[] } {
  try {
    return JSON.parse(readFileSync(`${file}.streams.json`, 'utf8')) as { items: number; councils: number; streams: NationwideStream[] };
  } catch (error) {
    throw new Error(`${file} was not generated with HYOKA_BENCH_SHAPE=nationwide (no ${file}.streams.json beside it)`, { cause: error });
  }
}

/** The demo accounts in the roles replay-bench's route needs (it picks staff by item, so each 部's one staff fills the list). */
function castOf(accounts: readonly Account[]): Cast {
  const person = (loginName: string): Person => {
    const a = accounts.find((x) => x.loginName === loginName);
    if (!a) throw new Error(`no demo account '${loginName}'`);
    return { userId: a.userId, loginName: a.loginName, displayName: a.displayName, roles: a.roles };
  };
  const departments = { 'general-affairs': 'general', 'community-welfare': 'community', 'livelihood-support': 'livelihood' } as const;
  const staff: Record<string, Person[]> = {};
  const heads: Record<string, Person> = {};
  for (const [department, short] of Object.entries(departments)) {
    staff[department] = Array.from({ length: 5 }, () => person(`staff-${short}`));
    heads[department] = person(`head-${short}`);
  }
  return {
    all: accounts.map((a) => person(a.loginName)),
    staff,
    heads,
    sg: person('secretary-general'),
    managers: [person('manager')],
    committee: [person('committee-1'), person('committee-2')],
  };
}

/**
 * replay-bench's route, held at the stage where this evaluation's share of the log ends: there the budget left goes
 * into the stage's own work (comments at a review, saves of a draft), then the evaluation waits.
 */
function commandFor(w: Work & { endStage: EvaluationStatus }, cast: Cast, random: () => number): ReturnType<typeof nextCommand> {
  if (w.state.status !== w.endStage) return nextCommand(w, cast);
  if (w.budget <= 0 || w.state.status === 'Finalized') return null;
  const text = `${w.state.status}での確認事項: 根拠資料の記載を確認しました(${Math.floor(random() * 10_000)})`;
  const comment = (actor: Person): [Person, EvaluationCommand] => [actor, { type: 'CommentOnEvaluation', data: { text } }];
  switch (w.state.status) {
    case 'Draft':
      w.savesLeft = Math.max(w.savesLeft, 1);
      return nextCommand({ ...w, budget: 1 } as Work, cast) ?? null;
    case 'PromotionMeetingReview':
      return comment(cast.heads[w.item.owningDepartmentId]!);
    case 'ManagersMeetingReview':
      return comment(random() < 0.5 ? cast.sg : cast.managers[0]!);
    case 'CommitteeReview':
      return comment(cast.committee[Math.floor(random() * cast.committee.length)]!);
    default:
      return nextCommand(w, cast);
  }
}
