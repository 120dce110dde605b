import { Inject } from '@nestjs/common';
import { IQueryHandler, Query, QueryHandler } from '@nestjs/cqrs';
import { CALENDAR_KEYS, CALENDAR_LABELS, NotFoundError, formatFiscalYear } from '@hyoka/domain';
import { calendar, type ReadModels } from '@hyoka/projections';
import { checkFiscalYear } from '../../common/input-checks.js';
import { READ_MODELS } from '../../tokens.js';
import { UserDirectory } from '../../users/user-directory.js';
import type { CalendarModel } from '../models/calendar.model.js';

export class GetCalendarQuery extends Query<CalendarModel> {
  constructor(readonly fiscalYear: number) {
    super();
  }
}

/** The calendar of an opened year; everyone signed in may read it (the dates are what everyone works to). */
@QueryHandler(GetCalendarQuery)
export class GetCalendarHandler implements IQueryHandler<GetCalendarQuery, CalendarModel> {
  constructor(
    @Inject(READ_MODELS) private readonly readModels: ReadModels,
    private readonly users: UserDirectory,
  ) {}

  async execute({ fiscalYear }: GetCalendarQuery): Promise<CalendarModel> {
    checkFiscalYear(fiscalYear);
    const year = calendar(this.readModels, fiscalYear);
    if (!year) throw new NotFoundError(`${formatFiscalYear(fiscalYear)}はまだ開始されていません`);
    return {
      fiscalYear,
      label: formatFiscalYear(fiscalYear),
      dueDates: CALENDAR_KEYS.map((key) => ({ key, label: CALENDAR_LABELS[key], date: year.dueDates[key] })),
      setBy: year.setBy ? { userId: year.setBy, displayName: this.users.nameOf(year.setBy) } : null,
      setAt: year.setAt,
    };
  }
}
