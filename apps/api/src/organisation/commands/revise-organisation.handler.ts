import { Inject } from '@nestjs/common';
import { Command, CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { catalogueFold, commandFingerprint, handleCommand } from '@hyoka/command-handling';
import { catalogueStream, decideCatalogue, mayEverDo, type OrganisationCommand } from '@hyoka/domain';
import { WrongExpectedRevisionError, type EventStore } from '@hyoka/event-store';
import type { ProjectionRunner } from '@hyoka/projections';
import { Clock } from '../../auth/clock.js';
import type { Viewer } from '../../auth/viewer.js';
import { AccessDeniedError, InputError, StaleVersionError } from '../../errors/api-errors.js';
import { checkCommandId } from '../../evaluations/commands/execute-evaluation.handler.js';
import { EVENT_STORE, PROJECTION_RUNNER } from '../../tokens.js';

export class ReviseOrganisationCommand extends Command<{ planRevision: number }> {
  constructor(
    readonly viewer: Viewer,
    readonly command: OrganisationCommand,
    readonly expectedPlanRevision: number,
    readonly commandId: string,
  ) {
    super();
  }
}

/**
 * One change of the organisation (部, 会議体, 部門→推進会議) as an approved 計画の見直し on the catalogue stream, at the
 * revision the person saw: a plan changed since is a conflict and records nothing. Waits for the read models, so the
 * next command (a role granted in a new 部, an evaluation of a remapped 部門) sees the change.
 */
@CommandHandler(ReviseOrganisationCommand)
export class ReviseOrganisationHandler implements ICommandHandler<ReviseOrganisationCommand, { planRevision: number }> {
  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(PROJECTION_RUNNER) private readonly runner: ProjectionRunner,
    private readonly clock: Clock,
  ) {}

  async execute({ viewer, command, expectedPlanRevision, commandId }: ReviseOrganisationCommand): Promise<{ planRevision: number }> {
    checkCommandId(commandId);
    const permission = mayEverDo(viewer, command.type);
    if (!permission.allowed) throw new AccessDeniedError(permission.reason, catalogueStream());
    if (!Number.isSafeInteger(expectedPlanRevision) || expectedPlanRevision < 0) {
      throw new InputError('expectedPlanRevision には、表示している組織の planRevision を指定してください。', 'expectedPlanRevision');
    }
    const now = new Date(this.clock.now()).toISOString();
    try {
      const result = await handleCommand(this.store, catalogueStream(), (state) => decideCatalogue(command, state, { actor: viewer, now }), {
        fold: catalogueFold,
        expectedRevision: BigInt(expectedPlanRevision),
        provenance: { actor: viewer.userId, commandId, commandHash: commandFingerprint(command), occurredAt: now },
      });
      if (result.position !== null) await this.runner.waitForPosition(result.position);
      return { planRevision: Number(result.nextExpectedRevision ?? -1) };
    } catch (error) {
      if (error instanceof WrongExpectedRevisionError) {
        const actual = error.actual === null || error.actual === 'no_stream' ? null : Number(error.actual);
        throw new StaleVersionError(catalogueStream(), expectedPlanRevision, actual, '計画(組織)');
      }
      throw error;
    }
  }
}
