import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ValidationError } from './errors.js';
import { parseDecimal } from './decimal.js';
import { DEFAULT_THRESHOLDS, evaluateQuantitative, quantitativeGrade, validateThresholds, type Grade } from './grading.js';

describe('定量評価: exact boundaries (第3章: A ≥100%, B ≥80%, C ≥60%, D <60%)', () => {
  it.each([
    ['100', '100', 'A', '100.00'],
    ['150', '100', 'A', '150.00'],
    ['99.99', '100', 'B', '99.99'],
    ['80', '100', 'B', '80.00'],
    ['79.99', '100', 'C', '79.99'],
    ['79.9999', '100', 'C', '79.99'],
    ['60', '100', 'C', '60.00'],
    ['59.99', '100', 'D', '59.99'],
    ['0', '100', 'D', '0.00'],
    // float division gets these wrong: 2.4 / 3 = 0.7999999999999999, 9.04 / 11.3 * 100 = 79.99999999999999
    ['2.4', '3', 'B', '80.00'],
    ['9.04', '11.3', 'B', '80.00'],
    ['0.6', '0.75', 'B', '80.00'],
    ['10', '12.5', 'B', '80.00'],
    ['1.8', '3', 'C', '60.00'],
  ])('higher is better: actual %s of target %s → %s (%s%%)', (actual, target, grade, percent) => {
    expect(evaluateQuantitative(actual, target, 'higherIsBetter', DEFAULT_THRESHOLDS)).toEqual({ grade, achievementPercent: percent });
  });

  it('a float check would misgrade 2.4 of 3 and 9.04 of 11.3 (documents why the arithmetic is rational)', () => {
    expect(2.4 / 3 >= 0.8).toBe(false);
    expect((9.04 / 11.3) * 100 >= 80).toBe(false);
    expect(quantitativeGrade(2.4, 3, 'higherIsBetter')).toBe('B');
    expect(quantitativeGrade(9.04, 11.3, 'higherIsBetter')).toBe('B');
  });

  it.each([
    ['12.5', '10', 'B', '80.00'],
    ['12.51', '10', 'C', '79.93'],
    ['10', '10', 'A', '100.00'],
    ['5', '10', 'A', '200.00'],
    ['20', '10', 'D', '50.00'],
    ['0', '10', 'A', null],
  ])('lower is better: actual %s against target %s → %s (%s%%)', (actual, target, grade, percent) => {
    expect(evaluateQuantitative(actual, target, 'lowerIsBetter', DEFAULT_THRESHOLDS)).toEqual({ grade, achievementPercent: percent });
  });

  it('zero target: refused when higher is better; when lower is better 0 is A and anything more is D', () => {
    expect(() => quantitativeGrade(5, 0, 'higherIsBetter')).toThrow(ValidationError);
    expect(() => quantitativeGrade(5, 0, 'higherIsBetter')).toThrow(/目標値は0より大きい値を入力してください/);
    expect(evaluateQuantitative(0, 0, 'lowerIsBetter', DEFAULT_THRESHOLDS)).toEqual({ grade: 'A', achievementPercent: '100.00' });
    expect(evaluateQuantitative('0.001', 0, 'lowerIsBetter', DEFAULT_THRESHOLDS)).toEqual({ grade: 'D', achievementPercent: '0.00' });
  });

  it('thresholds are data of the year: the same numbers grade differently under other thresholds', () => {
    expect(quantitativeGrade('89.99', 100, 'higherIsBetter', { A: 90, B: 70, C: 50 })).toBe('B');
    expect(quantitativeGrade('90', 100, 'higherIsBetter', { A: 90, B: 70, C: 50 })).toBe('A');
    expect(quantitativeGrade('79.5', 100, 'higherIsBetter', { A: 100, B: 79.5, C: 60 })).toBe('B');
    expect(quantitativeGrade('79.49', 100, 'higherIsBetter', { A: 100, B: 79.5, C: 60 })).toBe('C');
  });

  const rank: Record<Grade, number> = { A: 3, B: 2, C: 1, D: 0 };
  const decimal = fc
    .tuple(fc.integer({ min: 0, max: 100_000 }), fc.integer({ min: 0, max: 99 }))
    .map(([i, f]) => `${i}.${String(f).padStart(2, '0')}`);

  it('property: a larger actual never lowers the grade (higher is better), never raises it (lower is better)', () => {
    fc.assert(
      fc.property(decimal, decimal, decimal, (a, b, t) => {
        const [low, high] = Number(a) <= Number(b) ? [a, b] : [b, a];
        const target = Number(t) === 0 ? '1' : t;
        expect(rank[quantitativeGrade(high, target, 'higherIsBetter')]).toBeGreaterThanOrEqual(rank[quantitativeGrade(low, target, 'higherIsBetter')]);
        expect(rank[quantitativeGrade(high, target, 'lowerIsBetter')]).toBeLessThanOrEqual(rank[quantitativeGrade(low, target, 'lowerIsBetter')]);
      }),
      { numRuns: 300 },
    );
  });

  it('property: the grade agrees with integer cross-multiplication on whole numbers', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 10_000 }), fc.integer({ min: 1, max: 10_000 }), (actual, target) => {
        const expected: Grade = actual * 100 >= 100 * target ? 'A' : actual * 100 >= 80 * target ? 'B' : actual * 100 >= 60 * target ? 'C' : 'D';
        expect(quantitativeGrade(actual, target, 'higherIsBetter')).toBe(expected);
      }),
      { numRuns: 300 },
    );
  });
});

describe('decimal input', () => {
  it.each([
    [12.5, '12.5'],
    ['012.50', '12.5'],
    ['１２．５', '12.5'],
    [' 7 ', '7'],
    ['+3', '3'],
    [-0, '0'],
    ['0.000001', '0.000001'],
    ['999999999999', '999999999999'],
  ])('%j → %s', (input, canonical) => {
    expect(parseDecimal(input, 'actual')).toBe(canonical);
  });

  it.each([[Number.NaN], [Number.POSITIVE_INFINITY], [-1], ['-0.5'], ['1,000'], ['1e5'], [1e21], ['0x10'], ['.5'], [''], [null], [true], ['1000000000000'], ['0.0000001']])(
    'refuses %j with a ValidationError naming the field',
    (input) => {
      expect(() => parseDecimal(input, 'actual')).toThrow(ValidationError);
      expect(() => parseDecimal(input, 'actual')).toThrow(/実績値/);
    },
  );
});

describe('thresholds', () => {
  it('accepts 0 < C < B < A ≤ 1000', () => {
    expect(validateThresholds({ A: 100, B: 80, C: 60 })).toEqual({ A: 100, B: 80, C: 60 });
    expect(validateThresholds({ A: '100', B: '79.5', C: '60' })).toEqual({ A: 100, B: 79.5, C: 60 });
  });
  it.each([
    [{ A: 80, B: 100, C: 60 }],
    [{ A: 100, B: 80, C: 0 }],
    [{ A: 100, B: 80, C: 80 }],
    [{ A: 2000, B: 80, C: 60 }],
    [{ A: 100, B: 80 }],
    [{ A: Number.NaN, B: 80, C: 60 }],
    [null],
    [[100, 80, 60]],
  ])('refuses %j', (value) => {
    expect(() => validateThresholds(value)).toThrow(ValidationError);
  });
});
