import { randomUUID } from 'node:crypto';
import { describe, expect, it, vi } from 'vitest';
import {
  decideUser,
  foldEvaluation,
  testActors,
  TEST_DEPARTMENTS,
  testEvents,
  testEventsToStage,
  userStream,
  type UserState,
} from '@hyoka/domain';
import {
  WrongExpectedRevisionError,
  checkExpectedRevision,
  findRetry,
  type AppendOptions,
  type AppendResult,
  type EventStore,
  type EventToAppend,
  type JsonObject,
  type RecordedEvent,
} from '@hyoka/event-store';
import { deriveEventId } from './event-ids.js';
import { evaluationFold, userFold } from './folds.js';
import { commandFingerprint } from './command-fingerprint.js';
import { CommandContentChangedError, CommandIdReusedError, handleCommand, type Decide } from './handle-command.js';

/** Just enough of the port for the command path: append with expected revision and id dedupe, read a stream. */
class StreamStore implements Pick<EventStore, 'appendToStream' | 'readStream'> {
  readonly events: RecordedEvent[] = [];
  /** runs once, inside the next append before it checks anything: a writer that gets there first */
  interleave: (() => Promise<void>) | undefined;

  async appendToStream(stream: string, events: readonly EventToAppend[], options: AppendOptions): Promise<AppendResult> {
    const interleave = this.interleave;
    this.interleave = undefined;
    await interleave?.();
    const existing = this.events.filter((e) => e.stream === stream);
    const retry = findRetry(stream, events, events.map((e) => existing.find((x) => x.id === e.id)));
    if (retry) return retry;
    let revision = existing.at(-1)?.revision ?? -1n;
    checkExpectedRevision(stream, options.expectedRevision, revision < 0n ? 'no_stream' : revision);
    for (const e of events) {
      revision += 1n;
      const position = BigInt(this.events.length + 1);
      this.events.push({ ...structuredClone(e), stream, revision, position, recordedAt: e.metadata.occurredAt, hash: '', previousHash: '' });
    }
    return { nextExpectedRevision: revision, position: this.events.at(-1)!.position, hash: '', deduplicated: false };
  }

  async readStream(stream: string): Promise<RecordedEvent[]> {
    return structuredClone(this.events.filter((e) => e.stream === stream));
  }

  /** writes events as an older Hyoka did: any schema version, any command id */
  async record(stream: string, events: readonly { type: string; data: unknown }[], metadata: Partial<RecordedEvent['metadata']> = {}) {
    const commandId = metadata.commandId ?? `old-${this.events.length}`;
    await this.appendToStream(
      stream,
      events.map((e) => ({
        id: randomUUID(),
        type: e.type,
        data: e.data as JsonObject,
        metadata: { actor: admin.userId, commandId, correlationId: commandId, causationId: commandId, occurredAt: NOW, schemaVersion: 1, ...metadata },
      })),
      { expectedRevision: 'any' },
    );
  }
}

const NOW = '2026-04-20T01:00:00.000Z';
const admin = testActors.admin;
const provenance = { actor: admin.userId, commandId: 'cmd-0001', occurredAt: NOW };
const stream = userStream('u-new');
const register: Decide<UserState> = (state) =>
  decideUser({ type: 'RegisterUser', data: { userId: 'u-new', loginName: 'newcomer', displayName: '新人 一郎', passwordHash: HASH } }, state, { actor: admin, now: NOW });
const grantStaff: Decide<UserState> = (state) =>
  decideUser({ type: 'GrantRole', data: { role: 'Staff', departmentId: 'general-affairs' } }, state, { actor: admin, now: NOW, departments: TEST_DEPARTMENTS });
const HASH = '$argon2id$v=19$m=19456,t=2,p=1$c2FsdHNhbHRzYWx0$aGFzaGhhc2hoYXNoaGFzaGhhc2hoYXNo';

const store = () => {
  const s = new StreamStore();
  return Object.assign(s as unknown as EventStore, { fake: s });
};

describe('handleCommand', () => {
  it('decides on the folded stream and appends at the revision read, with ids derived from the command id', async () => {
    const s = store();
    const result = await handleCommand(s, stream, [register, grantStaff], {
      fold: userFold,
      provenance: { ...provenance, correlationId: 'bulk-0001', metadata: { tool: 'hyoka-cli' } },
    });
    expect(result.newEvents.map((e) => e.type)).toEqual(['UserRegistered', 'RoleGranted']);
    expect(result).toMatchObject({ nextExpectedRevision: 1n, position: 2n, deduplicated: false });
    expect(result.state).toMatchObject({ status: 'Active', roles: [{ role: 'Staff', departmentId: 'general-affairs' }] });
    const recorded = await s.readStream(stream);
    expect(recorded.map((e) => e.id)).toEqual([deriveEventId('cmd-0001', stream, 0), deriveEventId('cmd-0001', stream, 1)]);
    expect(recorded[1]!.metadata).toEqual({
      tool: 'hyoka-cli',
      actor: admin.userId,
      actingAs: 'Admin',
      commandId: 'cmd-0001',
      correlationId: 'bulk-0001',
      causationId: 'cmd-0001',
      occurredAt: NOW,
      schemaVersion: 1,
    });
  });

  it("folds the stream through the domain's upcast: a v1 approval reads as the move it was", async () => {
    const s = store();
    const evaluation = 'evaluation-I-001-2025';
    const { from: _from, to: _to, ...v1 } = testEvents.approved().data as Record<string, unknown>;
    const recorded = [...testEventsToStage.PromotionMeetingReview, { type: 'EvaluationApproved', data: v1 }];
    await s.fake.record(evaluation, recorded);
    // read without upcasting, the old approval would not reach the 管理職会議
    expect(foldEvaluation(recorded).status).not.toBe('ManagersMeetingReview');

    let seen: string | undefined;
    await handleCommand(s, evaluation, (state) => ((seen = state.status), []), { fold: evaluationFold, provenance });
    expect(seen).toBe('ManagersMeetingReview');
  });

  it('reads through an injected upcast when one is given', async () => {
    const s = store();
    await handleCommand(s, stream, register, { fold: userFold, provenance });
    const upcast = vi.fn((e: RecordedEvent) => ({ ...e, data: { ...e.data, displayName: '改名 済' } }));
    const result = await handleCommand(s, stream, () => [], { fold: userFold, provenance: { ...provenance, commandId: 'cmd-0002' }, upcast });
    expect(upcast).toHaveBeenCalledTimes(1);
    expect(result.state).toMatchObject({ displayName: '改名 済' });
  });

  it("refuses before decide when the stream is not at the caller's revision", async () => {
    const s = store();
    await handleCommand(s, stream, register, { fold: userFold, provenance });
    const decide = vi.fn(grantStaff);
    const stale = handleCommand(s, stream, decide, { fold: userFold, provenance: { ...provenance, commandId: 'cmd-0002' }, expectedRevision: 'no_stream' });
    await expect(stale).rejects.toEqual(new WrongExpectedRevisionError(stream, 'no_stream', 0n));
    await expect(
      handleCommand(s, stream, decide, { fold: userFold, provenance: { ...provenance, commandId: 'cmd-0003' }, expectedRevision: 3n }),
    ).rejects.toThrow(WrongExpectedRevisionError);
    expect(decide).not.toHaveBeenCalled();
    const done = await handleCommand(s, stream, decide, { fold: userFold, provenance: { ...provenance, commandId: 'cmd-0004' }, expectedRevision: 0n });
    expect(done.nextExpectedRevision).toBe(1n);
  });

  it('runs beforeDecide before the revision check, so what it refuses is refused whatever the revision', async () => {
    const s = store();
    const refused = new Error('not in the plan');
    const beforeDecide = vi.fn(() => Promise.reject(refused));
    await expect(
      handleCommand(s, stream, register, { fold: userFold, provenance, expectedRevision: 7n, beforeDecide }),
    ).rejects.toBe(refused);
    expect(beforeDecide).toHaveBeenCalledWith({ state: { status: 'NotRegistered' }, revision: null });
  });

  it('records nothing when decide decides nothing', async () => {
    const s = store();
    const result = await handleCommand(s, stream, () => [], { fold: userFold, provenance });
    expect(result).toEqual({ nextExpectedRevision: null, position: null, newEvents: [], deduplicated: false, state: { status: 'NotRegistered' } });
    expect(await s.readStream(stream)).toEqual([]);
  });

  describe('a command id the stream holds', () => {
    it('answers a retry as the first time, without deciding again, even after the stream moved on', async () => {
      const s = store();
      const first = await handleCommand(s, stream, register, { fold: userFold, provenance, expectedRevision: 'no_stream' });
      await handleCommand(s, stream, grantStaff, { fold: userFold, provenance: { ...provenance, commandId: 'cmd-0002' } });
      const decide = vi.fn(register);
      const retry = await handleCommand(s, stream, decide, { fold: userFold, provenance, expectedRevision: 'no_stream' });
      expect(decide).not.toHaveBeenCalled();
      expect(retry).toMatchObject({ deduplicated: true, position: first.position, nextExpectedRevision: 1n, newEvents: [] });
      expect(await s.readStream(stream)).toHaveLength(2);
    });

    it('refuses it from another actor', async () => {
      const s = store();
      await handleCommand(s, stream, register, { fold: userFold, provenance });
      await expect(
        handleCommand(s, stream, grantStaff, { fold: userFold, provenance: { ...provenance, actor: 'u-other' } }),
      ).rejects.toEqual(new CommandIdReusedError(stream, 'cmd-0001'));
    });
  });

  describe('a command id sent again with a fingerprint (commandHash)', () => {
    const staffGrant = { type: 'GrantRole', data: { role: 'Staff', departmentId: 'general-affairs' } };
    const headGrant = { type: 'GrantRole', data: { role: 'DepartmentHead', departmentId: 'general-affairs' } };

    it('is recorded in the metadata; the same content is answered as the first time', async () => {
      const s = store();
      await handleCommand(s, stream, register, { fold: userFold, provenance: { ...provenance, commandId: 'cmd-0000' } });
      const hashed = { ...provenance, commandHash: commandFingerprint(staffGrant) };
      await handleCommand(s, stream, grantStaff, { fold: userFold, provenance: hashed });
      expect((await s.readStream(stream))[1]!.metadata['commandHash']).toBe(commandFingerprint(staffGrant));
      // key order and absent fields do not change the fingerprint
      const reordered = { type: 'GrantRole', data: { departmentId: 'general-affairs', role: 'Staff', note: undefined } };
      expect(commandFingerprint(reordered)).toBe(commandFingerprint(staffGrant));
      const retry = await handleCommand(s, stream, grantStaff, { fold: userFold, provenance: { ...provenance, commandHash: commandFingerprint(reordered) } });
      expect(retry.deduplicated).toBe(true);
    });

    it('with other content is refused, not answered with the first result', async () => {
      const s = store();
      await handleCommand(s, stream, register, { fold: userFold, provenance: { ...provenance, commandHash: commandFingerprint({ type: 'RegisterUser', data: { userId: 'u-new' } }) } });
      const decide = vi.fn(grantStaff);
      await expect(
        handleCommand(s, stream, decide, { fold: userFold, provenance: { ...provenance, commandHash: commandFingerprint(headGrant) } }),
      ).rejects.toEqual(new CommandContentChangedError(stream, 'cmd-0001'));
      expect(decide).not.toHaveBeenCalled();
    });

    it('answers as before when the first events carry no fingerprint (recorded before fingerprints)', async () => {
      const s = store();
      await handleCommand(s, stream, register, { fold: userFold, provenance });
      const retry = await handleCommand(s, stream, grantStaff, { fold: userFold, provenance: { ...provenance, commandHash: commandFingerprint(headGrant) } });
      expect(retry.deduplicated).toBe(true);
    });
  });

  describe('a writer between the read and the append', () => {
    it('makes a stale command a WrongExpectedRevisionError naming the revision now', async () => {
      const s = store();
      s.fake.interleave = () => s.fake.record(stream, [{ type: 'UserRegistered', data: { userId: 'u-new' } }]);
      await expect(handleCommand(s, stream, register, { fold: userFold, provenance })).rejects.toEqual(
        new WrongExpectedRevisionError(stream, 'no_stream', 0n),
      );
    });

    it('answers as the first attempt when that writer was the same command (a concurrent retry)', async () => {
      const s = store();
      // the first attempt decided at another moment: other event ids, the same command id
      s.fake.interleave = () => s.fake.record(stream, [{ type: 'UserRegistered', data: { userId: 'u-new' } }], { commandId: 'cmd-0001' });
      const result = await handleCommand(s, stream, register, { fold: userFold, provenance });
      expect(result).toMatchObject({ deduplicated: true, position: 1n, nextExpectedRevision: 0n });
      expect(await s.readStream(stream)).toHaveLength(1);
    });
  });
});
