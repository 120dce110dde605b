import { Args, ID, Int, Mutation, Query, Resolver } from '@nestjs/graphql';
import { CommandBus, QueryBus } from '@nestjs/cqrs';
import type { MeetingBody as DomainMeetingBody, MeetingCommand } from '@hyoka/domain';
import type { Viewer } from '../auth/viewer.js';
import { CurrentViewer } from '../auth/viewer.decorator.js';
import { MeetingBody } from '../graphql/enums.js';
import { ExecuteMeetingCommand } from './commands/meeting-command.handler.js';
import { ChangeAgendaInput, MeetingActionInput, RecordAttendanceInput, RecordMinutesInput, ScheduleMeetingInput } from './dto/meeting.input.js';
import { MeetingModel } from './models/meeting.model.js';
import { GetMeetingQuery, GetMeetingsQuery } from './queries/get-meetings.query.js';
import { GetMeetingDocumentQuery } from './queries/get-meeting-document.query.js';
import { meetingDocumentDocxUrl } from './documents/meeting-document.js';
import { MeetingDocumentKind, MeetingDocumentModel } from './models/meeting-document.model.js';
import { parsePosition } from '../reports/queries/get-annual-report.query.js';

/** 会議: resolvers only shape input and dispatch. */
@Resolver(() => MeetingModel)
export class MeetingsResolver {
  constructor(
    private readonly commands: CommandBus,
    private readonly queries: QueryBus,
  ) {}

  @Query(() => [MeetingModel], { description: '会議の一覧 (年度・会議体ごと、開催日順)。閲覧できる会議のみ' })
  meetings(
    @CurrentViewer() viewer: Viewer,
    @Args('fiscalYear', { type: () => Int }) fiscalYear: number,
    @Args('body', { type: () => MeetingBody, nullable: true }) body?: MeetingBody | null,
  ): Promise<MeetingModel[]> {
    return this.queries.execute(new GetMeetingsQuery(viewer, fiscalYear, (body ?? null) as DomainMeetingBody | null));
  }

  @Query(() => MeetingModel, { description: '会議 (議題・出席・議事録・この会議での決定)' })
  meeting(@CurrentViewer() viewer: Viewer, @Args('meetingId', { type: () => ID }) meetingId: string): Promise<MeetingModel> {
    return this.queries.execute(new GetMeetingQuery(viewer, meetingId));
  }

  @Query(() => MeetingDocumentModel, {
    description: '会議の議事次第・議事録 (印刷用、ログ位置とダイジェストの刻印つき)。position を省くとログの先頭の時点。会議を閲覧できる人のみ',
  })
  async meetingDocument(
    @CurrentViewer() viewer: Viewer,
    @Args('meetingId', { type: () => ID }) meetingId: string,
    @Args('kind', { type: () => MeetingDocumentKind }) kind: MeetingDocumentKind,
    @Args('position', { type: () => String, nullable: true }) position?: string | null,
  ): Promise<MeetingDocumentModel> {
    const doc = await this.queries.execute(new GetMeetingDocumentQuery(viewer, meetingId, kind, parsePosition(position)));
    return { ...doc, stamp: { ...doc.stamp, position: String(doc.stamp.position) }, docxUrl: meetingDocumentDocxUrl(doc) };
  }

  private async run(viewer: Viewer, meetingId: string | null, expectedVersion: number | null, commandId: string, command: MeetingCommand): Promise<MeetingModel> {
    const result = await this.commands.execute(new ExecuteMeetingCommand(viewer, meetingId, expectedVersion, commandId, command));
    return this.queries.execute(new GetMeetingQuery(viewer, result.meetingId));
  }

  @Mutation(() => MeetingModel, { description: '会議を登録する (議長になる人・事務局長・管理者)。議題を省略するとその会議体の審査を待っている評価' })
  scheduleMeeting(@CurrentViewer() viewer: Viewer, @Args('input') input: ScheduleMeetingInput): Promise<MeetingModel> {
    return this.run(viewer, null, null, input.commandId, {
      type: 'ScheduleMeeting',
      data: {
        meetingId: '',
        body: input.body as DomainMeetingBody,
        departmentId: input.departmentId ?? null,
        fiscalYear: input.fiscalYear,
        date: input.date,
        place: input.place,
        chairId: input.chairId ?? null,
        agenda: input.agenda ?? [],
      },
    });
  }

  @Mutation(() => MeetingModel, { description: '議題を変更する (開催予定の間; 議長・事務局長・管理者)' })
  changeAgenda(@CurrentViewer() viewer: Viewer, @Args('input') input: ChangeAgendaInput): Promise<MeetingModel> {
    return this.run(viewer, input.meetingId, input.expectedVersion, input.commandId, { type: 'ChangeAgenda', data: { agenda: input.agenda } });
  }

  @Mutation(() => MeetingModel, { description: '開会する (議題が確定する; 議長・事務局長・管理者)' })
  openMeeting(@CurrentViewer() viewer: Viewer, @Args('input') input: MeetingActionInput): Promise<MeetingModel> {
    return this.run(viewer, input.meetingId, input.expectedVersion, input.commandId, { type: 'OpenMeeting', data: {} });
  }

  @Mutation(() => MeetingModel, { description: '出席を記録する (開催中; 出席者の一覧で置き換える)' })
  recordAttendance(@CurrentViewer() viewer: Viewer, @Args('input') input: RecordAttendanceInput): Promise<MeetingModel> {
    return this.run(viewer, input.meetingId, input.expectedVersion, input.commandId, { type: 'RecordAttendance', data: { present: input.present } });
  }

  @Mutation(() => MeetingModel, { description: '議事録を記録する (開催中・終了後)' })
  recordMinutes(@CurrentViewer() viewer: Viewer, @Args('input') input: RecordMinutesInput): Promise<MeetingModel> {
    return this.run(viewer, input.meetingId, input.expectedVersion, input.commandId, { type: 'RecordMinutes', data: { minutes: input.minutes } });
  }

  @Mutation(() => MeetingModel, { description: '閉会する (開催中; 議長・事務局長・管理者)' })
  closeMeeting(@CurrentViewer() viewer: Viewer, @Args('input') input: MeetingActionInput): Promise<MeetingModel> {
    return this.run(viewer, input.meetingId, input.expectedVersion, input.commandId, { type: 'CloseMeeting', data: {} });
  }
}
