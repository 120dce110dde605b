import { Module } from '@nestjs/common';
import { AuthModule } from '../auth/auth.module.js';
import { IntegrityModule } from '../integrity/integrity.module.js';
import { ReportsModule } from '../reports/reports.module.js';
import { UsersModule } from '../users/users.module.js';
import { GetMeetingDocumentHandler } from './queries/get-meeting-document.query.js';
import { ExecuteMeetingHandler } from './commands/meeting-command.handler.js';
import { MeetingsResolver } from './meetings.resolver.js';
import { SessionRecordResolver } from './session-record.resolver.js';
import { GetMeetingHandler, GetMeetingsHandler } from './queries/get-meetings.query.js';

@Module({
  imports: [UsersModule, AuthModule, IntegrityModule, ReportsModule],
  providers: [ExecuteMeetingHandler, GetMeetingsHandler, GetMeetingHandler, GetMeetingDocumentHandler, MeetingsResolver, SessionRecordResolver],
})
export class MeetingsModule {}
