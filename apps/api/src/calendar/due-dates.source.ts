import { Inject, Injectable } from '@nestjs/common';
import { dueDateFor, overdueDays, type EvaluationStatus } from '@hyoka/domain';
import { dueDatesByYear, type ReadModels } from '@hyoka/projections';
import { Clock } from '../auth/clock.js';
import { READ_MODELS } from '../tokens.js';

/** What the inbox, the board and the evaluation page show of the year's calendar for one evaluation. */
export interface DueView {
  /** the JST date the work at this stage is due (null: none set, or the route's end) */
  dueDate: string | null;
  /** JST days past it (negative: days left); null without a due date */
  overdueDays: number | null;
}

/**
 * The due date of an evaluation at its stage and how far it is past it, against the server clock (`Clock`, which
 * tests set). One read of the calendar per request: `forYears` gives a function for many rows.
 */
@Injectable()
export class DueDateSource {
  constructor(
    @Inject(READ_MODELS) private readonly readModels: ReadModels,
    private readonly clock: Clock,
  ) {}

  /** A function of (year, stage) over the calendar as it is now; `at` (an as-of time) replaces the clock. */
  reader(at: string | null = null): (fiscalYear: number, status: EvaluationStatus) => DueView {
    const calendars = dueDatesByYear(this.readModels);
    const now = at ?? new Date(this.clock.now()).toISOString();
    return (fiscalYear, status) => {
      const dueDate = dueDateFor(calendars.get(fiscalYear), status);
      return { dueDate, overdueDays: dueDate === null ? null : overdueDays(dueDate, now) };
    };
  }

  /** One year's calendar as the progress view reads it: the due date per stage, and JST days past a date. */
  yearView(fiscalYear: number): { dueDateOf(status: EvaluationStatus): string | null; overdueDays(dueDate: string): number } {
    const calendar = dueDatesByYear(this.readModels).get(fiscalYear);
    const now = new Date(this.clock.now()).toISOString();
    return { dueDateOf: (status) => dueDateFor(calendar, status), overdueDays: (dueDate) => overdueDays(dueDate, now) };
  }
}
