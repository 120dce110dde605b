import { createHash } from 'node:crypto';
import { Inject, Logger } from '@nestjs/common';
import { Command, CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { commandFingerprint, handleCommand, meetingFold } from '@hyoka/command-handling';
import { ROUTE, decideMeeting, departmentsOf, mayEverDo, meetingStream, type Actor, type MeetingBody, type MeetingCommand } from '@hyoka/domain';
import { WrongExpectedRevisionError, type EventStore } from '@hyoka/event-store';
import { board, listUsers, planState, ProjectionTimeoutError, type ProjectionRunner, type ReadModels } from '@hyoka/projections';
import type { Viewer } from '../../auth/viewer.js';
import { AccessDeniedError, InputError, StaleVersionError } from '../../errors/api-errors.js';
import { checkCommandId } from '../../evaluations/commands/execute-evaluation.handler.js';
import { EVENT_STORE, PROJECTION_RUNNER, READ_MODELS } from '../../tokens.js';

const MEETING_ID = /^[A-Za-z0-9][A-Za-z0-9._:-]{0,127}$/;

/** The meeting a ScheduleMeeting creates: derived from the command id, so a retried request schedules one session. */
export const meetingIdFor = (commandId: string): string => `m-${createHash('sha256').update(commandId).digest('hex').slice(0, 20)}`;

/** One command on a session (会議) from a person; `meetingId` null: a new session (ScheduleMeeting). */
export class ExecuteMeetingCommand extends Command<{ meetingId: string; version: number | null }> {
  constructor(
    readonly viewer: Viewer,
    readonly meetingId: string | null,
    /** the session's version as the client saw it (null: a new session) */
    readonly expectedVersion: number | null,
    readonly commandId: string,
    readonly command: MeetingCommand,
  ) {
    super();
  }
}

/** The stages a body decides at (the route table's `session` column, its forward or return moves). */
export function stagesDecidedBy(body: MeetingBody): string[] {
  return ROUTE.filter((row) => row.session !== null && row.session.body === body && (row.session.forward !== null || row.session.return !== null)).map((row) => row.stage);
}

/**
 * The thin shell around handleCommand for sessions: refuses a person the permission table never allows before the
 * stream is read, passes the user directory (who is invited comes from the roles), and for a new session without an
 * agenda the evaluations waiting at that body's stage (of its 部, for a 推進会議).
 */
@CommandHandler(ExecuteMeetingCommand)
export class ExecuteMeetingHandler implements ICommandHandler<ExecuteMeetingCommand, { meetingId: string; version: number | null }> {
  private readonly logger = new Logger('MeetingCommands');

  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(READ_MODELS) private readonly readModels: ReadModels,
    @Inject(PROJECTION_RUNNER) private readonly runner: ProjectionRunner,
  ) {}

  async execute({ viewer, meetingId: given, expectedVersion, commandId, command: asGiven }: ExecuteMeetingCommand): Promise<{ meetingId: string; version: number | null }> {
    checkCommandId(commandId);
    const meetingId = given ?? meetingIdFor(commandId);
    if (!MEETING_ID.test(meetingId)) throw new InputError('会議IDの形式が正しくありません。', 'meetingId');
    if (expectedVersion !== null && (!Number.isSafeInteger(expectedVersion) || expectedVersion < 0)) {
      throw new InputError('expectedVersion には、表示している会議の version を指定してください。', 'expectedVersion');
    }
    const stream = meetingStream(meetingId);
    const permission = mayEverDo(viewer, asGiven.type);
    if (!permission.allowed) throw new AccessDeniedError(permission.reason, stream);
    const command = asGiven.type === 'ScheduleMeeting' ? this.withDefaults(asGiven, meetingId) : asGiven;
    const people = new Map<string, Actor>(
      listUsers(this.readModels).map((u) => [u.userId, { userId: u.userId, displayName: u.displayName, roles: u.roles, disabled: u.disabled }]),
    );
    const now = new Date().toISOString();
    try {
      const result = await handleCommand(this.store, stream, (state) => decideMeeting(command, state, { actor: viewer, now, people, departments: departmentsOf(planState(this.readModels)) }), {
        fold: meetingFold,
        expectedRevision: expectedVersion === null ? 'no_stream' : BigInt(expectedVersion),
        provenance: { actor: viewer.userId, commandId, commandHash: commandFingerprint(command), occurredAt: now },
      });
      if (result.position !== null) await this.waitFor(result.position);
      return { meetingId, version: result.nextExpectedRevision === null ? null : Number(result.nextExpectedRevision) };
    } catch (error) {
      if (error instanceof WrongExpectedRevisionError) {
        const actual = error.actual === null || error.actual === 'no_stream' ? null : Number(error.actual);
        throw new StaleVersionError(stream, expectedVersion, actual, 'この会議');
      }
      throw error;
    }
  }

  /** 議題: the evaluations waiting at the body's stage when none is given (the chair edits it before opening). */
  private withDefaults(command: Extract<MeetingCommand, { type: 'ScheduleMeeting' }>, meetingId: string): MeetingCommand {
    const data = command.data;
    if (data.agenda && data.agenda.length > 0) return { ...command, data: { ...data, meetingId } };
    const stages = stagesDecidedBy(data.body);
    const waiting = Number.isInteger(data.fiscalYear)
      ? board(this.readModels, data.fiscalYear)
          .filter((row) => stages.includes(row.status) && (data.body !== 'promotionMeeting' || row.owningDepartmentId === data.departmentId))
          .map((row) => row.itemId)
      : [];
    return { ...command, data: { ...data, meetingId, agenda: waiting } };
  }

  private async waitFor(position: bigint): Promise<void> {
    try {
      await this.runner.waitForPosition(position);
    } catch (error) {
      if (!(error instanceof ProjectionTimeoutError)) throw error;
      this.logger.warn(`read models lag behind position ${position}: ${error.message}`);
    }
  }
}
