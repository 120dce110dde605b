import { describe, expect, it } from 'vitest';
import { ForbiddenError, IllegalTransitionError, NotFoundError, ValidationError } from '../shared/errors.js';
import type { CommandContext } from '../shared/context.js';
import { SYSTEM_ACTOR, type Actor } from '../shared/roles.js';
import { specFor } from '../testing/spec.js';
import { TEST_NOW, testActors } from '../testing/fixtures.js';
import {
  decideFiscalYear,
  evolveFiscalYear,
  fiscalYearSettings,
  foldFiscalYear,
  formatFiscalYear,
  initialFiscalYearState,
  type FiscalYearCommand,
  type FiscalYearEvent,
  type FiscalYearState,
} from './fiscal-year.js';

const spec = specFor<FiscalYearCommand, FiscalYearState, FiscalYearEvent, CommandContext>({
  decide: decideFiscalYear,
  evolve: evolveFiscalYear,
  initialState: initialFiscalYearState,
});
const as = (actor: Actor): CommandContext => ({ actor, now: TEST_NOW });
const opened = (thresholds = { A: 100, B: 80, C: 60 }, actor: Actor = testActors.admin, actingAs = 'Admin'): FiscalYearEvent => ({
  type: 'FiscalYearOpened',
  data: { fiscalYear: 2025, thresholds, by: actor.userId, actingAs, at: TEST_NOW },
});

describe('fiscal year: not opened', () => {
  it('OpenFiscalYear with the default thresholds of 第3章', () => {
    spec.given([]).when({ type: 'OpenFiscalYear', data: { fiscalYear: 2025 } }, as(testActors.admin)).then([opened()]);
  });

  it('OpenFiscalYear with the year own thresholds, by the system at start-up', () => {
    spec
      .given([])
      .when({ type: 'OpenFiscalYear', data: { fiscalYear: 2025, thresholds: { A: 95, B: 75, C: 55 } } }, as(SYSTEM_ACTOR))
      .then([opened({ A: 95, B: 75, C: 55 }, SYSTEM_ACTOR, 'System')]);
  });

  it.each([
    ['a year out of range', { fiscalYear: 1999 }, /「年度」は2019〜2100/],
    ['a fractional year', { fiscalYear: 2025.5 }, /「年度」/],
    ['unordered thresholds', { fiscalYear: 2025, thresholds: { A: 60, B: 80, C: 100 } }, /0 < C < B < A/],
  ])('OpenFiscalYear with %s is refused', (_name, data, message) => {
    spec.given([]).when({ type: 'OpenFiscalYear', data } as FiscalYearCommand, as(testActors.admin)).thenThrows(ValidationError, message);
  });

  it('OpenFiscalYear by a CommitteeMember is forbidden', () => {
    spec.given([]).when({ type: 'OpenFiscalYear', data: { fiscalYear: 2025 } }, as(testActors.committee)).thenThrows(ForbiddenError);
  });

  it('settings of a year not opened: not found', () => {
    expect(() => fiscalYearSettings(foldFiscalYear([]), 2026)).toThrow(NotFoundError);
    expect(() => fiscalYearSettings(foldFiscalYear([]), 2026)).toThrow(/令和8年度\(2026年度\)はまだ開始されていません/);
  });
});

describe('fiscal year: open', () => {
  it('OpenFiscalYear again is refused: the thresholds of a year never change, so old grades stay', () => {
    spec
      .given([opened()])
      .when({ type: 'OpenFiscalYear', data: { fiscalYear: 2025, thresholds: { A: 90, B: 70, C: 50 } } }, as(testActors.admin))
      .thenThrows(IllegalTransitionError, /令和7年度\(2025年度\)は既に開始/);
  });

  it('settings carry the thresholds stored with the year', () => {
    expect(fiscalYearSettings(foldFiscalYear([opened({ A: 95, B: 75, C: 55 })]), 2025)).toEqual({ fiscalYear: 2025, thresholds: { A: 95, B: 75, C: 55 } });
    expect(formatFiscalYear(2027)).toBe('令和9年度(2027年度)');
  });
});
