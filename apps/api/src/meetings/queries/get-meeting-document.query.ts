import { Inject } from '@nestjs/common';
import { IQueryHandler, Query, QueryHandler } from '@nestjs/cqrs';
import { foldMeeting, meetingStream, quorumOf, upcast } from '@hyoka/domain';
import type { EventStore } from '@hyoka/event-store';
import { decisionsOf, departmentNames, type ProjectionRunner, type ReadModels, type ReplayIndex } from '@hyoka/projections';
import { Clock } from '../../auth/clock.js';
import type { Viewer } from '../../auth/viewer.js';
import type { AppConfig } from '../../config.js';
import { AccessDeniedError, InputError } from '../../errors/api-errors.js';
import { IntegrityMonitor } from '../../integrity/integrity-monitor.js';
import { verifyCommandFor } from '../../reports/annual-report.js';
import { LogDigests } from '../../reports/log-digest.js';
import { APP_CONFIG, EVENT_STORE, PROJECTION_RUNNER, READ_MODELS, REPLAY_INDEX } from '../../tokens.js';
import { UserDirectory } from '../../users/user-directory.js';
import { composeMeetingDocument, type MeetingDocument, type MeetingDocumentKind } from '../documents/meeting-document.js';
import { readsMeeting } from './get-meetings.query.js';

const MEETING_ID = /^[A-Za-z0-9][A-Za-z0-9._:-]{0,127}$/;

export class GetMeetingDocumentQuery extends Query<MeetingDocument> {
  constructor(
    readonly viewer: Viewer,
    readonly meetingId: string,
    readonly kind: MeetingDocumentKind,
    /** the document as of an earlier log position; the store's head when null */
    readonly position: bigint | null = null,
  ) {
    super();
  }
}

/**
 * A session's 議事次第 or 議事録 as of one log position, stamped like the annual report: the head is captured first,
 * the session is folded from its own stream up to it, the agenda's evaluations come from the board replayed to it, and
 * the decisions and hearings recorded in the session are those at or before it — so the stamp names exactly the data
 * shown even while the session goes on. Readable by whoever reads the session (same rule as the `meeting` query).
 */
@QueryHandler(GetMeetingDocumentQuery)
export class GetMeetingDocumentHandler implements IQueryHandler<GetMeetingDocumentQuery, MeetingDocument> {
  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(READ_MODELS) private readonly readModels: ReadModels,
    @Inject(REPLAY_INDEX) private readonly replay: ReplayIndex,
    @Inject(PROJECTION_RUNNER) private readonly runner: ProjectionRunner,
    private readonly digests: LogDigests,
    private readonly integrity: IntegrityMonitor,
    private readonly users: UserDirectory,
    private readonly clock: Clock,
  ) {}

  async execute({ viewer, meetingId, kind, position }: GetMeetingDocumentQuery): Promise<MeetingDocument> {
    const generatedAt = new Date(this.clock.now()).toISOString();
    const head = await this.store.headPosition();
    if (position !== null && (position < 1n || position > head)) {
      throw new InputError(`position はログの範囲(1〜${head})で指定してください。`, 'position');
    }
    const at = position ?? head;
    const refused = () => new AccessDeniedError('この会議を閲覧する権限がないか、会議が見つかりません', `meeting-${meetingId}`);
    if (!MEETING_ID.test(meetingId)) throw refused();
    const events = (await this.store.readStream(meetingStream(meetingId))).filter((e) => e.position <= at).map((e) => upcast(e));
    const meeting = foldMeeting(events);
    // an unknown session, one not yet scheduled at that position and one the person may not read answer alike
    if (meeting.status === 'NotScheduled' || !readsMeeting(viewer, meeting)) throw refused();
    // the decisions come from the read model: it must hold everything up to the position
    await this.runner.waitForPosition(at);
    const decisions = decisionsOf(this.readModels, meetingId).filter((d) => d.position <= at);
    const board = await this.replay.boardAsOf(meeting.fiscalYear, at);
    await this.integrity.requireVerified(at);
    const digest = await this.digests.digestAt(at);
    return composeMeetingDocument({
      kind,
      meeting,
      decisions,
      board,
      nameOf: this.users.nameOf,
      officeOf: this.users.officeOf,
      departments: departmentNames(this.readModels),
      quorum: meeting.body === 'committee' ? quorumOf(meeting, this.config.committeeQuorum) : null,
      stamp: { fiscalYear: meeting.fiscalYear, generatedAt, position: at, digest, verifyCommand: verifyCommandFor(digest) },
    });
  }
}
