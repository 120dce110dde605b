import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startHarness, type Harness } from '../test-support/harness.js';
import { contentText } from '../audit-log/audit-csv.js';
import { calendar, dueDatesByYear } from './calendar.queries.js';

describe('the calendar view (期限 per fiscal year)', () => {
  let h: Harness;
  beforeAll(async () => {
    h = startHarness();
    await h.scenario.setUp();
    await h.settle();
  });
  afterAll(() => h.close());

  it('an opened year has a calendar with no date; a year not opened has none', () => {
    expect(calendar(h.readModels, 2025)).toEqual({
      fiscalYear: 2025,
      dueDates: { planSubmission: null, planApproval: null, selfEvaluation: null, promotionMeeting: null, managersMeeting: null, committee: null },
      setBy: null,
      setAt: null,
    });
    expect(calendar(h.readModels, 2026)).toBeNull();
  });

  it('follows the dates the administrator sets and clears, and is rebuilt the same from the store', async () => {
    await h.scenario.setDueDates(2025, { planSubmission: '2025-05-31', selfEvaluation: '2026-01-31' });
    await h.scenario.setDueDates(2025, { planSubmission: null, committee: '2026-03-20' });
    await h.settle();
    const live = calendar(h.readModels, 2025);
    expect(live?.dueDates).toEqual({
      planSubmission: null,
      planApproval: null,
      selfEvaluation: '2026-01-31',
      promotionMeeting: null,
      managersMeeting: null,
      committee: '2026-03-20',
    });
    expect(live?.setBy).toBe('u-admin');
    expect(dueDatesByYear(h.readModels).get(2025)).toEqual(live?.dueDates);

    await h.runner.rebuild('calendar');
    expect(calendar(h.readModels, 2025)).toEqual(live);
  });

  it('the audit log says a DueDatesSet in words', () => {
    expect(contentText({ fiscalYear: 2025, dueDates: { planSubmission: '2025-05-31', planApproval: null }, by: 'u-admin' })).toBe(
      '単年度計画の提出: 2025-05-31',
    );
  });
});
