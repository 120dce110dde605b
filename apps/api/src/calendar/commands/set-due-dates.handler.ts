import { randomUUID } from 'node:crypto';
import { Inject } from '@nestjs/common';
import { Command, CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { handleCommand, fiscalYearFold } from '@hyoka/command-handling';
import { CALENDAR_KEYS, decideFiscalYear, fiscalYearStream, mayEverDo, type CalendarKey, type SetDueDates } from '@hyoka/domain';
import type { EventStore } from '@hyoka/event-store';
import type { ProjectionRunner } from '@hyoka/projections';
import { Clock } from '../../auth/clock.js';
import type { Viewer } from '../../auth/viewer.js';
import { checkFiscalYear } from '../../common/input-checks.js';
import { AccessDeniedError } from '../../errors/api-errors.js';
import { EVENT_STORE, PROJECTION_RUNNER } from '../../tokens.js';
import type { SetDueDatesInput } from '../dto/set-due-dates.input.js';

export class SetDueDatesCommand extends Command<void> {
  constructor(
    readonly viewer: Viewer,
    readonly input: SetDueDatesInput,
  ) {
    super();
  }
}

/** 期限: the administrator's SetDueDates through the one command path, waiting until the calendar read model holds it. */
@CommandHandler(SetDueDatesCommand)
export class SetDueDatesHandler implements ICommandHandler<SetDueDatesCommand, void> {
  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(PROJECTION_RUNNER) private readonly runner: ProjectionRunner,
    private readonly clock: Clock,
  ) {}

  async execute({ viewer, input }: SetDueDatesCommand): Promise<void> {
    checkFiscalYear(input.fiscalYear);
    const stream = fiscalYearStream(input.fiscalYear);
    const permission = mayEverDo(viewer, 'SetDueDates');
    if (!permission.allowed) throw new AccessDeniedError(permission.reason, stream);
    const dueDates: Partial<Record<CalendarKey, string | null>> = {};
    for (const key of CALENDAR_KEYS) if (input[key] !== undefined) dueDates[key] = input[key];
    const command: SetDueDates = { type: 'SetDueDates', data: { fiscalYear: input.fiscalYear, dueDates } };
    const now = new Date(this.clock.now()).toISOString();
    const { position } = await handleCommand(this.store, stream, (state) => decideFiscalYear(command, state, { actor: viewer, now }), {
      fold: fiscalYearFold,
      provenance: { actor: viewer.userId, commandId: `SetDueDates:${randomUUID()}`, occurredAt: now },
    });
    if (position !== null) await this.runner.waitForPosition(position);
  }
}
