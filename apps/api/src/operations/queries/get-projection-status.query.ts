import { Inject } from '@nestjs/common';
import { IQueryHandler, Query as CqrsQuery, QueryHandler } from '@nestjs/cqrs';
import type { EventStore } from '@hyoka/event-store';
import type { ProjectionRunner } from '@hyoka/projections';
import type { Viewer } from '../../auth/viewer.js';
import { EVENT_STORE, PROJECTION_RUNNER } from '../../tokens.js';
import { ProjectionStatusModel } from '../models/projection-status.model.js';

/** Whether the read models hold the whole log yet: every signed-in person's pages show it while they catch up. */
export class GetProjectionStatusQuery extends CqrsQuery<ProjectionStatusModel> {
  constructor(readonly viewer: Viewer) {
    super();
  }
}

@QueryHandler(GetProjectionStatusQuery)
export class GetProjectionStatusHandler implements IQueryHandler<GetProjectionStatusQuery, ProjectionStatusModel> {
  constructor(
    @Inject(PROJECTION_RUNNER) private readonly runner: ProjectionRunner,
    @Inject(EVENT_STORE) private readonly store: EventStore,
  ) {}

  async execute(): Promise<ProjectionStatusModel> {
    // the head first: a position read after it can only be as far or further, never reported ahead of the head
    const head = await this.store.headPosition();
    const position = this.runner.position();
    return { position: String(position), head: String(head), catchingUp: position < head };
  }
}
