import { InputError } from '../errors/api-errors.js';

// The shape of the plan's ids (the domain's identifier rule): anything else is malformed input, refused as VALIDATION
// before anything is looked up, so a message never echoes it back (over-long, control characters) as "not found".
const PLAN_ID = /^[A-Za-z0-9][A-Za-z0-9._:/-]{0,127}$/;
// A plausible year: the plan's period is checked where the plan is at hand.
const FIRST_YEAR = 2000;
const LAST_YEAR = 2100;

export function checkItemId(itemId: unknown, field = 'itemId'): void {
  if (typeof itemId !== 'string' || !PLAN_ID.test(itemId)) {
    throw new InputError('実施項目ID(itemId)の形式が正しくありません。計画の実施項目ID(例: I-001)を指定してください。', field);
  }
}

export function checkDivisionId(divisionId: unknown): void {
  if (typeof divisionId !== 'string' || !PLAN_ID.test(divisionId)) {
    throw new InputError('部門ID(divisionId)の形式が正しくありません。計画の部門IDを指定してください。', 'divisionId');
  }
}

export function checkFiscalYear(fiscalYear: unknown, field = 'fiscalYear'): void {
  if (typeof fiscalYear !== 'number' || !Number.isInteger(fiscalYear) || fiscalYear < FIRST_YEAR || fiscalYear > LAST_YEAR) {
    throw new InputError('年度(fiscalYear)は西暦の年(例: 2025)で指定してください。', field);
  }
}

/** A year no plan period covers is bad input (as the domain's itemContext says), not an empty answer. */
export function checkPlanYear(fiscalYear: number, periods: readonly { from: number; to: number }[]): void {
  checkFiscalYear(fiscalYear);
  if (periods.length > 0 && !periods.some((p) => p.from <= fiscalYear && fiscalYear <= p.to)) {
    const listed = periods.map((p) => `${p.from}〜${p.to}年度`).join('、');
    throw new InputError(`年度(fiscalYear)は計画期間(${listed})の中で指定してください。`, 'fiscalYear');
  }
}
