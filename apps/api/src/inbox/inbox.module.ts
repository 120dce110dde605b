import { Module } from '@nestjs/common';
import { CalendarModule } from '../calendar/calendar.module.js';
import { UsersModule } from '../users/users.module.js';
import { InboxResolver } from './inbox.resolver.js';
import { GetInboxHandler } from './queries/get-inbox.query.js';

@Module({ imports: [UsersModule, CalendarModule], providers: [GetInboxHandler, InboxResolver] })
export class InboxModule {}
