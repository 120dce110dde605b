import { randomUUID } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { handleCommand, userFold } from '@hyoka/command-handling';
import { decideUser, departmentsOf, userStream, type UserCommand } from '@hyoka/domain';
import type { EventStore } from '@hyoka/event-store';
import { planState, type ProjectionRunner, type ReadModels } from '@hyoka/projections';
import type { Viewer } from '../auth/viewer.js';
import { EVENT_STORE, PROJECTION_RUNNER, READ_MODELS } from '../tokens.js';

/**
 * A user command from the API, as the person signed in: read the user's stream, fold, decide (the domain checks the
 * permission, e.g. Self for ChangePassword), append at the revision read, and wait until the read models hold it, so
 * that the next sign-in sees the change.
 */
@Injectable()
export class UserCommands {
  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(PROJECTION_RUNNER) private readonly runner: ProjectionRunner,
    @Inject(READ_MODELS) private readonly readModels: ReadModels,
  ) {}

  async execute(viewer: Viewer, userId: string, command: UserCommand): Promise<void> {
    const now = new Date().toISOString();
    // a role is granted in a 部 of the plan in force (an organisation revision's mutation waits for the read models)
    const departments = departmentsOf(planState(this.readModels));
    const { position } = await handleCommand(this.store, userStream(userId), (state) => decideUser(command, state, { actor: viewer, now, departments }), {
      fold: userFold,
      provenance: { actor: viewer.userId, commandId: `${command.type}:${randomUUID()}`, occurredAt: now },
    });
    if (position !== null) await this.runner.waitForPosition(position);
  }
}
