import { Inject } from '@nestjs/common';
import { IQueryHandler, Query, QueryHandler } from '@nestjs/cqrs';
import { aggregateStream, catalogueFold } from '@hyoka/command-handling';
import { catalogueStream } from '@hyoka/domain';
import type { EventStore } from '@hyoka/event-store';
import { EVENT_STORE } from '../../tokens.js';

/** The catalogue stream's revision now: what a 計画の見直し sends back as its expected revision. */
export class GetPlanRevisionQuery extends Query<number | null> {}

@QueryHandler(GetPlanRevisionQuery)
export class GetPlanRevisionHandler implements IQueryHandler<GetPlanRevisionQuery, number | null> {
  constructor(@Inject(EVENT_STORE) private readonly store: EventStore) {}

  async execute(): Promise<number | null> {
    const { revision } = await aggregateStream(this.store, catalogueStream(), catalogueFold);
    return revision === null ? null : Number(revision);
  }
}
