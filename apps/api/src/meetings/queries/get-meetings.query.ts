import { Inject } from '@nestjs/common';
import { Query, QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import {
  MEETING_BODY_LABELS,
  MEETING_STATUS_LABELS,
  STAGE_LABELS,
  holdsRole,
  quorumOf,
  readsDepartment,
  readsEveryDepartment,
  type MeetingBody,
} from '@hyoka/domain';
import { board, decisionsOf, departmentNames, meetingById, meetingsOf, type DepartmentNames, type MeetingRow, type ReadModels } from '@hyoka/projections';
import type { Viewer } from '../../auth/viewer.js';
import type { AppConfig } from '../../config.js';
import { AccessDeniedError } from '../../errors/api-errors.js';
import { summarize } from '../../evaluations/evaluation-view.js';
import { EvaluationStage, MeetingBody as MeetingBodyEnum, MeetingStatus } from '../../graphql/enums.js';
import { UserDirectory } from '../../users/user-directory.js';
import { APP_CONFIG, READ_MODELS } from '../../tokens.js';
import type { MeetingModel } from '../models/meeting.model.js';

/**
 * Who reads a session: those who read every 部 (管理職, 事務局長, 評価検証委員, 監査), the administrator who runs
 * sessions, whoever was invited, and for a 推進会議 the people of its 部.
 */
export function readsMeeting(viewer: Viewer, meeting: Pick<MeetingRow, 'invited' | 'body' | 'departmentId'>): boolean {
  if (readsEveryDepartment(viewer) || holdsRole(viewer, 'Admin') || meeting.invited.includes(viewer.userId)) return true;
  return meeting.body === 'promotionMeeting' && meeting.departmentId !== null && readsDepartment(viewer, meeting.departmentId);
}

export class GetMeetingsQuery extends Query<MeetingModel[]> {
  constructor(
    readonly viewer: Viewer,
    readonly fiscalYear: number,
    readonly body: MeetingBody | null,
  ) {
    super();
  }
}

export class GetMeetingQuery extends Query<MeetingModel> {
  constructor(
    readonly viewer: Viewer,
    readonly meetingId: string,
  ) {
    super();
  }
}

/** The body's name, e.g. 総務部の推進会議, 評価検証委員会. */
export const bodyLabelOf = (meeting: Pick<MeetingRow, 'body' | 'departmentId'>, departments: DepartmentNames): string =>
  meeting.body === 'promotionMeeting' ? `${departments.get(meeting.departmentId ?? '') ?? meeting.departmentId}の推進会議` : MEETING_BODY_LABELS[meeting.body];

/** A session as the page shows it: people by name, the agenda with each evaluation's stage, the decisions taken in it. */
function meetingModel(meeting: MeetingRow, readModels: ReadModels, nameOf: (id: string) => string, committeeQuorum: number | null): MeetingModel {
  const person = (userId: string) => ({ userId, displayName: nameOf(userId) });
  const rows = new Map(board(readModels, meeting.fiscalYear).map((r) => [r.itemId, r]));
  const departments = departmentNames(readModels);
  return {
    meetingId: meeting.meetingId,
    body: meeting.body as MeetingBodyEnum,
    bodyLabel: bodyLabelOf(meeting, departments),
    departmentId: meeting.departmentId,
    fiscalYear: meeting.fiscalYear,
    date: meeting.date,
    place: meeting.place,
    chair: person(meeting.chairId),
    invited: meeting.invited.map(person),
    present: meeting.present.map(person),
    quorum: meeting.body === 'committee' ? quorumOf(meeting, committeeQuorum) : null,
    agenda: meeting.agenda.map((itemId) => {
      const row = rows.get(itemId);
      const stage = row?.status ?? 'NotStarted';
      return { itemId, itemName: row?.itemName ?? itemId, stage: stage as EvaluationStage, stageLabel: STAGE_LABELS[stage], version: row?.version ?? null };
    }),
    minutes: meeting.minutes,
    status: meeting.status as MeetingStatus,
    statusLabel: MEETING_STATUS_LABELS[meeting.status],
    version: meeting.version,
    decisions: decisionsOf(readModels, meeting.meetingId).map((d) => ({
      itemId: d.itemId,
      fiscalYear: d.fiscalYear,
      type: d.type,
      summary: summarize(d, departments),
      by: person(d.actor),
      at: d.occurredAt,
    })),
  };
}

@QueryHandler(GetMeetingsQuery)
export class GetMeetingsHandler implements IQueryHandler<GetMeetingsQuery, MeetingModel[]> {
  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(READ_MODELS) private readonly readModels: ReadModels,
    private readonly users: UserDirectory,
  ) {}

  async execute({ viewer, fiscalYear, body }: GetMeetingsQuery): Promise<MeetingModel[]> {
    return meetingsOf(this.readModels, fiscalYear, body)
      .filter((m) => readsMeeting(viewer, m))
      .map((m) => meetingModel(m, this.readModels, this.users.nameOf, this.config.committeeQuorum));
  }
}

@QueryHandler(GetMeetingQuery)
export class GetMeetingHandler implements IQueryHandler<GetMeetingQuery, MeetingModel> {
  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(READ_MODELS) private readonly readModels: ReadModels,
    private readonly users: UserDirectory,
  ) {}

  async execute({ viewer, meetingId }: GetMeetingQuery): Promise<MeetingModel> {
    const meeting = meetingById(this.readModels, meetingId);
    // an unknown session and one the person may not read answer alike (no probing of ids)
    if (!meeting || !readsMeeting(viewer, meeting)) throw new AccessDeniedError('この会議を閲覧する権限がないか、会議が見つかりません', `meeting-${meetingId}`);
    return meetingModel(meeting, this.readModels, this.users.nameOf, this.config.committeeQuorum);
  }
}
