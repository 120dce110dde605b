import { Inject } from '@nestjs/common';
import { Command, CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { handleCommand, fiscalYearFold } from '@hyoka/command-handling';
import { decideFiscalYear, fiscalYearStream, mayEverDo, planPeriodsOf, type OpenFiscalYear } from '@hyoka/domain';
import type { EventStore } from '@hyoka/event-store';
import { planState, type ProjectionRunner, type ReadModels } from '@hyoka/projections';
import { Clock } from '../../auth/clock.js';
import type { Viewer } from '../../auth/viewer.js';
import { checkCommandId } from '../../evaluations/commands/execute-evaluation.handler.js';
import { checkPlanYear } from '../../common/input-checks.js';
import { AccessDeniedError, InputError } from '../../errors/api-errors.js';
import { EVENT_STORE, PROJECTION_RUNNER, READ_MODELS } from '../../tokens.js';
import type { OpenFiscalYearInput } from '../dto/open-fiscal-year.input.js';

export class OpenFiscalYearCommand extends Command<void> {
  constructor(
    readonly viewer: Viewer,
    readonly input: OpenFiscalYearInput,
  ) {
    super();
  }
}

/**
 * 年度の開始: the administrator opens a year of a plan period (the first start opens the shipped plan's years; a new
 * period's years, or a first plan imported into an empty store, are opened here), with the thresholds that will grade it.
 */
@CommandHandler(OpenFiscalYearCommand)
export class OpenFiscalYearHandler implements ICommandHandler<OpenFiscalYearCommand, void> {
  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(READ_MODELS) private readonly readModels: ReadModels,
    @Inject(PROJECTION_RUNNER) private readonly runner: ProjectionRunner,
    private readonly clock: Clock,
  ) {}

  async execute({ viewer, input }: OpenFiscalYearCommand): Promise<void> {
    checkCommandId(input.commandId);
    const stream = fiscalYearStream(input.fiscalYear);
    const permission = mayEverDo(viewer, 'OpenFiscalYear');
    if (!permission.allowed) throw new AccessDeniedError(permission.reason, stream);
    const periods = planPeriodsOf(planState(this.readModels)).map((p) => p.catalogue.period);
    if (periods.length === 0) throw new InputError('計画がまだありません。先に計画ブックを取り込んでください。', 'fiscalYear');
    checkPlanYear(input.fiscalYear, periods);
    const thresholds = input.thresholds ? { A: input.thresholds.A, B: input.thresholds.B, C: input.thresholds.C } : null;
    const command: OpenFiscalYear = { type: 'OpenFiscalYear', data: { fiscalYear: input.fiscalYear, thresholds } };
    const now = new Date(this.clock.now()).toISOString();
    const { position } = await handleCommand(this.store, stream, (state) => decideFiscalYear(command, state, { actor: viewer, now }), {
      fold: fiscalYearFold,
      provenance: { actor: viewer.userId, commandId: input.commandId, occurredAt: now },
    });
    if (position !== null) await this.runner.waitForPosition(position);
  }
}
