import type { EvaluationStatus } from '@hyoka/domain';

/**
 * Where due dates come from: the year's calendar (期限) gives, per fiscal year and stage, the JST date the work waiting
 * there is due (null: none). The reminders know nothing else of the calendar.
 */
export interface DueDateSource {
  dueDate(fiscalYear: number, stage: EvaluationStatus): string | null;
}

/** No calendar: no due dates, so no reminders. */
export const NO_DUE_DATES: DueDateSource = { dueDate: () => null };
