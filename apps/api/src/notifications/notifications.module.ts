import { Module } from '@nestjs/common';
import { UsersModule } from '../users/users.module.js';
import { NotificationsResolver } from './notifications.resolver.js';
import { DUE_DATE_SOURCE, NotificationsService } from './notifications.service.js';
import { NO_DUE_DATES } from './reminders/due-dates.js';

@Module({
  imports: [UsersModule],
  // The year's calendar (期限) provides the due dates once it exists; until then there are none, so no reminders.
  providers: [NotificationsService, NotificationsResolver, { provide: DUE_DATE_SOURCE, useValue: NO_DUE_DATES }],
})
export class NotificationsModule {}
