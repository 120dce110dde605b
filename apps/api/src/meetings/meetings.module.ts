import { Module } from '@nestjs/common';
import { UsersModule } from '../users/users.module.js';
import { ExecuteMeetingHandler } from './commands/meeting-command.handler.js';
import { MeetingsResolver } from './meetings.resolver.js';
import { GetMeetingHandler, GetMeetingsHandler } from './queries/get-meetings.query.js';

@Module({
  imports: [UsersModule],
  providers: [ExecuteMeetingHandler, GetMeetingsHandler, GetMeetingHandler, MeetingsResolver],
})
export class MeetingsModule {}
