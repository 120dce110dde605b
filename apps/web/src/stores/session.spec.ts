import { createPinia, setActivePinia } from 'pinia';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { fakeApi, SHIPPED_PERIOD } from '../testing/fake-api.js';
import { useSessionStore } from './session.js';

const admin = { userId: 'demo-admin', loginName: 'admin', displayName: '管理者', roles: [{ role: 'Admin', departmentId: null, label: '管理者' }] };
const NEXT = { periodFrom: 2028, periodTo: 2030, title: '第2期中期経営計画', current: true };

function sessionWith(periods: unknown[]) {
  setActivePinia(createPinia());
  const session = useSessionStore();
  session.useClient(
    fakeApi((call) => {
      if (call.operationName === 'Viewer') return { data: { viewer: admin } };
      if (call.operationName === 'PlanPeriods') return { data: { planPeriods: periods } };
      throw new Error(`unexpected ${call.operationName}`);
    }),
  );
  return session;
}

describe('the session’s years: the fiscal-year picker spans the plan periods', () => {
  beforeEach(() => globalThis.localStorage?.clear());

  it('offers every year of every period, and the board the years of the chosen one', async () => {
    const session = sessionWith([{ ...SHIPPED_PERIOD, current: false }, NEXT]);
    expect(session.planYears).toEqual([2025, 2026, 2027]);
    await session.load();
    await vi.waitFor(() => expect(session.planYears).toEqual([2025, 2026, 2027, 2028, 2029, 2030]));
    session.setFiscalYear(2026);
    expect(session.periodYears).toEqual([2025, 2026, 2027]);
    expect(session.period?.current).toBe(false);
    session.setFiscalYear(2029);
    expect(session.periodYears).toEqual([2028, 2029, 2030]);
    expect(session.period?.title).toBe('第2期中期経営計画');
  });

  it('a remembered year no period holds gives way to the first year of the period in force', async () => {
    globalThis.localStorage?.setItem('hyoka.fiscalYear', '2031');
    const session = sessionWith([{ ...SHIPPED_PERIOD, current: false }, NEXT]);
    expect(session.fiscalYear).toBe(2031);
    await session.load();
    await vi.waitFor(() => expect(session.fiscalYear).toBe(2028));
  });
});
