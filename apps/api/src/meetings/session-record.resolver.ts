import { Inject } from '@nestjs/common';
import { Parent, ResolveField, Resolver } from '@nestjs/graphql';
import { departmentNames, meetingById, type ReadModels } from '@hyoka/projections';
import { SessionRecordModel } from '../evaluations/models/evaluation.model.js';
import { READ_MODELS } from '../tokens.js';
import { bodyLabelOf } from './queries/get-meetings.query.js';

/**
 * The session a decision names, as the auditor asks of it — which body, when, where — read from the meetings read
 * model (the decision's event records only the session's id and who was present).
 */
@Resolver(() => SessionRecordModel)
export class SessionRecordResolver {
  constructor(@Inject(READ_MODELS) private readonly readModels: ReadModels) {}

  @ResolveField(() => String, { description: '会議体の名前 (例: 評価検証委員会、総務部の推進会議)' })
  bodyLabel(@Parent() record: SessionRecordModel): string {
    const meeting = meetingById(this.readModels, record.meetingId);
    const departments = departmentNames(this.readModels);
    return meeting ? bodyLabelOf(meeting, departments) : bodyLabelOf({ body: record.body, departmentId: null }, departments);
  }

  @ResolveField(() => String, { nullable: true, description: '開催日 (日本時間, YYYY-MM-DD)' })
  date(@Parent() record: SessionRecordModel): string | null {
    return meetingById(this.readModels, record.meetingId)?.date ?? null;
  }

  @ResolveField(() => String, { nullable: true, description: '開催場所' })
  place(@Parent() record: SessionRecordModel): string | null {
    return meetingById(this.readModels, record.meetingId)?.place ?? null;
  }
}
