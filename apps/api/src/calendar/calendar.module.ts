import { Module } from '@nestjs/common';
import { AuthModule } from '../auth/auth.module.js';
import { UsersModule } from '../users/users.module.js';
import { CalendarResolver } from './calendar.resolver.js';
import { OpenFiscalYearHandler } from './commands/open-fiscal-year.handler.js';
import { SetDueDatesHandler } from './commands/set-due-dates.handler.js';
import { DueDateSource } from './due-dates.source.js';
import { GetCalendarHandler } from './queries/get-calendar.query.js';

@Module({
  imports: [AuthModule, UsersModule],
  providers: [CalendarResolver, GetCalendarHandler, SetDueDatesHandler, OpenFiscalYearHandler, DueDateSource],
  exports: [DueDateSource],
})
export class CalendarModule {}
