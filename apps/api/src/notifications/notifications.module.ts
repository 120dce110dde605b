import { Module } from '@nestjs/common';
import { AuthModule } from '../auth/auth.module.js';
import { CalendarModule } from '../calendar/calendar.module.js';
import { DueDateSource as Calendar } from '../calendar/due-dates.source.js';
import { UsersModule } from '../users/users.module.js';
import { NotificationsResolver } from './notifications.resolver.js';
import { DUE_DATE_SOURCE, NotificationsService } from './notifications.service.js';
import type { DueDateSource } from './reminders/due-dates.js';

@Module({
  imports: [AuthModule, UsersModule, CalendarModule],
  // The reminders' due dates are the year's calendar (期限), read afresh each time the scheduler looks.
  providers: [
    NotificationsService,
    NotificationsResolver,
    {
      provide: DUE_DATE_SOURCE,
      inject: [Calendar],
      useFactory: (calendar: Calendar): DueDateSource => ({ dueDate: (fiscalYear, stage) => calendar.reader()(fiscalYear, stage).dueDate }),
    },
  ],
})
export class NotificationsModule {}
