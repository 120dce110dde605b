import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { DEMO_PASSWORD, freePort, spawnApiProcess, startApiProcess, type ApiProcess } from './harness/api-process.js';
import { Client } from './harness/client.js';
import { Random } from './harness/random.js';
import { CheckpointWatcher, checkLog, dumpReadModels, integrityCheck, readCheckpoints, readWholeStore, Reference } from './harness/verify.js';
import { Gate, Ledger, Worker, type Desk, type Slot } from './harness/workload.js';

// Sized for CI on 2 cores (about a minute): 20 kills at random moments, a few hundred commands between kills.
// PROOF_CRASH_ROUNDS / PROOF_COMMANDS_PER_ROUND make it longer by hand; PROOF_SEED replays a run.
const ROUNDS = Number(process.env['PROOF_CRASH_ROUNDS'] ?? 20);
const PER_ROUND = Number(process.env['PROOF_COMMANDS_PER_ROUND'] ?? 100);
const CLIENTS = 32;
const SEED = Number(process.env['PROOF_SEED'] ?? Date.now() % 2 ** 31);
/** every how many rounds the API is also killed while its projections catch up from an emptied read-model file */
const CATCH_UP_EVERY = 5;

const DEPARTMENTS = ['general-affairs', 'community-welfare', 'livelihood-support'] as const;
const SHORT = { 'general-affairs': 'general', 'community-welfare': 'community', 'livelihood-support': 'livelihood' } as const;
const BOARD = `query($fiscalYear: Int!) { board(fiscalYear: $fiscalYear) { entries { itemId fiscalYear owningDepartmentId stage version } } }`;

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe(`crash safety: the real API killed with SIGKILL ${ROUNDS} times under ${CLIENTS} concurrent clients (seed ${SEED})`, () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'hyoka-proof-crash-'));
  const files = {
    events: join(dataDir, 'events.sqlite'),
    readModels: join(dataDir, 'read-models.sqlite'),
    sessions: join(dataDir, 'sessions.sqlite'),
  };
  let api: ApiProcess | undefined;
  const reference = new Reference(mkdtempSync(join(tmpdir(), 'hyoka-proof-reference-')));

  afterAll(async () => {
    await api?.kill9();
    reference.close();
    rmSync(dataDir, { recursive: true, force: true });
    rmSync(join(reference.file, '..'), { recursive: true, force: true });
  });

  it('keeps every acknowledged command, never half a command, a sound file, and read models equal to a rebuild', async () => {
    const started = Date.now();
    const random = new Random(SEED);
    const port = await freePort();
    api = await startApiProcess({ dataDir, port });
    const url = () => api!.url;

    const people = new Map<string, Client>();
    const person = (loginName: string) => {
      let client = people.get(loginName);
      if (!client) people.set(loginName, (client = new Client(url, loginName, DEMO_PASSWORD)));
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

    // every (実施項目, 年度) of the plan, dealt out to the clients
    const slots: Slot[] = [];
    for (const fiscalYear of [2025, 2026, 2027]) {
      const answer = await auditor.send<{ board: { entries: { itemId: string; owningDepartmentId: string }[] } }>(BOARD, { fiscalYear });
      for (const entry of answer.data!.board.entries) {
        slots.push({
          itemId: entry.itemId,
          fiscalYear,
          stream: `evaluation-${entry.itemId}-${fiscalYear}`,
          department: entry.owningDepartmentId,
          stage: 'NotStarted',
          version: null,
          recallable: false,
          actual: null,
          target: random.int(1, 20),
        });
      }
    }
    expect(slots.length).toBeGreaterThan(CLIENTS);

    // the committee decides in session: one open session a year, every item on its agenda, both members present
    const chair = person('committee-1');
    for (const fiscalYear of [2025, 2026, 2027]) {
      const run = async (name: string, input: string, fields: Record<string, unknown>) => {
        const answer = await chair.send<Record<string, { meetingId: string; version: number; invited: { userId: string }[] }>>(
          `mutation($input: ${input}!) { ${name}(input: $input) { meetingId version invited { userId } } }`,
          { input: { commandId: `proof-${SEED}-session-${fiscalYear}-${name}`, ...fields } },
        );
        expect(answer.errors, `${name} ${fiscalYear}`).toBeUndefined();
        return answer.data![name]!;
      };
      const agenda = slots.filter((s) => s.fiscalYear === fiscalYear).map((s) => s.itemId);
      let m = await run('scheduleMeeting', 'ScheduleMeetingInput', { body: 'committee', fiscalYear, date: `${fiscalYear + 1}-05-20`, place: '本会', agenda });
      m = await run('openMeeting', 'MeetingActionInput', { meetingId: m.meetingId, expectedVersion: m.version });
      m = await run('recordAttendance', 'RecordAttendanceInput', { meetingId: m.meetingId, expectedVersion: m.version, present: m.invited.map((p) => p.userId) });
      committeeSessions[fiscalYear] = m.meetingId;
    }

    const ledger = new Ledger();
    const gate = new Gate();
    let stopping = false;
    const workers = Array.from(
      { length: CLIENTS },
      (_, w) =>
        new Worker(w, slots.filter((_, i) => i % CLIENTS === w), desks, ledger, gate, new Random(SEED + w + 1), `${SEED}`),
    );
    const running = Promise.all(workers.map((w) => w.run(() => stopping)));
    const failed = running.then(() => new Promise<never>(() => undefined));

    /** The files as the killed process left them: sound, the log complete, the reference fed with it. */
    const checkAfterKill = async (label: string) => {
      for (const file of Object.values(files)) expect(integrityCheck(file), `${label}: integrity of ${file}`).toBe('ok');
      const events = await readWholeStore(files.events);
      expect(checkLog(events, ledger), `${label}: the log`).toEqual([]);
      expect(reference.feed(events), `${label}: the log's history`).toEqual([]);
      return events.at(-1)!.position;
    };
    /** The restarted API's read models: caught up with the log and equal to the reference built from position 0. */
    const checkAfterRestart = (label: string, head: bigint) => {
      const checkpoints = readCheckpoints(files.readModels);
      expect(Object.values(checkpoints).every((p) => p === head), `${label}: checkpoints ${JSON.stringify(checkpoints, (_, v) => (typeof v === 'bigint' ? String(v) : v))} at head ${head}`).toBe(true);
      expect(reference.position()).toBe(head);
      expect(dumpReadModels(files.readModels, reference.tables), `${label}: live read models vs a rebuild from 0`).toEqual(
        dumpReadModels(reference.file, reference.tables),
      );
    };

    let kills = 0;
    let catchUpKills = 0;
    let catchUpAttempts = 0;
    for (let round = 1; round <= ROUNDS; round += 1) {
      const label = `round ${round} (seed ${SEED})`;
      const t0 = Date.now();
      gate.open();
      const due = ledger.acks.length + random.int(Math.ceil(PER_ROUND / 2), Math.ceil((PER_ROUND * 3) / 2));
      await Promise.race([ledger.whenAcked(due), failed]);
      // land anywhere: mid-request, mid-append, mid-projection
      await sleep(random.int(0, 12));
      gate.close();
      await api.kill9();
      kills += 1;
      expect(ledger.unexpected, label).toEqual([]);
      const t1 = Date.now();
      let head = await checkAfterKill(label);
      const t2 = Date.now();

      if (round % CATCH_UP_EVERY === 0) {
        // the read models lost: the next start rebuilds them from 0 — kill it half way through that catch-up
        for (const suffix of ['', '-wal', '-shm']) rmSync(files.readModels + suffix, { force: true });
        const catchingUp = spawnApiProcess({ dataDir, port });
        catchUpAttempts += 1;
        let ready = false;
        catchingUp.ready.then(() => (ready = true), () => undefined);
        const watcher = new CheckpointWatcher(files.readModels);
        // the API listens before its read models catch up (docs/design.md, start-up): wait for the middle of the catch-up
        while (!watcher.midWay(head) && !(ready && watcher.reached(head))) await sleep(1);
        await catchingUp.kill9();
        watcher.close();
        // counted from what the killed process left: some projection had started and none had finished
        const left = Object.values(readCheckpoints(files.readModels));
        if (left.some((p) => p > 0n) && left.some((p) => p < head)) catchUpKills += 1;
        head = await checkAfterKill(`${label}, after the catch-up kill`);
      }

      const t3 = Date.now();
      api = await startApiProcess({ dataDir, port });
      // it answers while its read models catch up in the background: compare them once they have
      const caughtUp = new CheckpointWatcher(files.readModels);
      while (!caughtUp.reached(head)) await sleep(5);
      caughtUp.close();
      const t4 = Date.now();
      checkAfterRestart(label, head);
      if (process.env['PROOF_DEBUG']) console.log(`${label}: load ${t1 - t0} ms, check ${t2 - t1} ms, catch-up ${t3 - t2} ms, start ${t4 - t3} ms, compare ${Date.now() - t4} ms`);
    }

    // the clients send what got no answer once more, then stop; a graceful stop; everything answered is there
    stopping = true;
    gate.open();
    await Promise.race([running, failed]);
    await api.stop();
    for (const file of Object.values(files)) expect(integrityCheck(file)).toBe('ok');
    const events = await readWholeStore(files.events);
    expect(checkLog(events, ledger)).toEqual([]);
    expect(reference.feed(events)).toEqual([]);
    expect(ledger.unexpected).toEqual([]);
    // and a rebuild from scratch, in one go, equals the live read models and the incremental reference
    const scratch = new Reference(mkdtempSync(join(tmpdir(), 'hyoka-proof-scratch-')));
    try {
      expect(scratch.feed(events)).toEqual([]);
      const live = dumpReadModels(files.readModels, scratch.tables);
      expect(live).toEqual(dumpReadModels(scratch.file, scratch.tables));
      expect(live).toEqual(dumpReadModels(reference.file, reference.tables));
    } finally {
      scratch.close();
      rmSync(join(scratch.file, '..'), { recursive: true, force: true });
    }

    const evaluationEvents = events.filter((e) => e.stream.startsWith('evaluation-')).length;
    expect(kills).toBe(ROUNDS);
    expect(ledger.acks.length).toBeGreaterThanOrEqual(ROUNDS * Math.ceil(PER_ROUND / 2));
    console.log(
      [
        `crash loop (seed ${SEED}): ${kills} kills under load + ${catchUpKills}/${catchUpAttempts} kills mid catch-up,`,
        `${ledger.acks.length} acknowledged commands checked after every restart (${ledger.retriedAfterCrash} answered only after a crash),`,
        `${ledger.sent.size + ledger.bulks.size} sent, ${evaluationEvents} evaluation events of ${events.length}, ${((Date.now() - started) / 1000).toFixed(1)} s`,
      ].join(' '),
    );
  });
});
