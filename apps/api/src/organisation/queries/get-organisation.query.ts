import { Inject } from '@nestjs/common';
import { IQueryHandler, Query as CqrsQuery, QueryHandler } from '@nestjs/cqrs';
import { catalogueAsOf, catalogueStream, currentPlan, divisionOwners, foldCatalogue, NotFoundError, upcast } from '@hyoka/domain';
import type { EventStore } from '@hyoka/event-store';
import { EVENT_STORE } from '../../tokens.js';
import type { OrganisationModel } from '../models/organisation.model.js';

export class GetOrganisationQuery extends CqrsQuery<OrganisationModel> {
  constructor(readonly asOf: string | null) {
    super();
  }
}

/**
 * The organisation as the plan holds it — now, or as it stood at `asOf` — read from the catalogue stream itself, so
 * its revision is the one a change must name (a short stream: the import and its revisions).
 */
@QueryHandler(GetOrganisationQuery)
export class GetOrganisationHandler implements IQueryHandler<GetOrganisationQuery, OrganisationModel> {
  constructor(@Inject(EVENT_STORE) private readonly store: EventStore) {}

  async execute({ asOf }: GetOrganisationQuery): Promise<OrganisationModel> {
    const events = (await this.store.readStream(catalogueStream())).map(upcast);
    const state = asOf === null ? foldCatalogue(events) : catalogueAsOf(events, asOf);
    if (state.status !== 'Imported') {
      throw new NotFoundError(asOf === null ? '計画カタログがまだ取り込まれていません。' : 'その時点では計画カタログはまだ取り込まれていませんでした。');
    }
    const plan = currentPlan(state);
    const department = (id: string | null) => plan.departments.find((d) => d.id === id);
    return {
      asOf,
      // a past organisation is read only: only the current one names the revision a change must give
      planRevision: asOf === null ? events.length - 1 : null,
      departments: plan.departments.map((d) => ({ id: d.id, name: d.name, retired: d.retired === true })),
      reviewBodies: plan.reviewBodies.map((b) => ({
        id: b.id,
        kind: b.kind,
        name: b.name,
        chair: b.chair,
        members: b.members,
        roles: [...b.roles],
        departmentId: b.departmentId ?? null,
        retired: b.retired === true,
      })),
      divisions: divisionOwners(plan).map((owner) => {
        const division = plan.divisions.find((d) => d.id === owner.divisionId)!;
        return {
          divisionId: owner.divisionId,
          divisionName: division.name,
          promotionMeetingId: owner.promotionMeetingId,
          promotionMeetingName: plan.reviewBodies.find((b) => b.id === owner.promotionMeetingId)?.name ?? owner.promotionMeetingId,
          departmentId: owner.departmentId,
          departmentName: department(owner.departmentId)?.name ?? null,
          promotionMeetingConfigurable: division.promotionMeetingConfigurable === true,
        };
      }),
    };
  }
}
