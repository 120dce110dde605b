import { ValidationError } from './errors.js';
import { atLeast, isZero, parseDecimal, rational, type Rational } from './decimal.js';
import { invalid } from './validation.js';

export const GRADES = ['A', 'B', 'C', 'D'] as const;
export type Grade = (typeof GRADES)[number];
export const isGrade = (value: unknown): value is Grade => typeof value === 'string' && (GRADES as readonly string[]).includes(value);

export const DIRECTIONS = ['higherIsBetter', 'lowerIsBetter'] as const;
export type Direction = (typeof DIRECTIONS)[number];

/** Lower bounds (inclusive, in percent of achievement) of A, B and C; below C is D. Stored with each fiscal year. */
export type Thresholds = { A: number; B: number; C: number };

/** 第3章 定量評価: A 100%以上, B 80%以上100%未満, C 60%以上80%未満, D 60%未満. */
export const DEFAULT_THRESHOLDS: Thresholds = Object.freeze({ A: 100, B: 80, C: 60 });

/** Validates thresholds: finite decimals with 0 < C < B < A ≤ 1000. */
export function validateThresholds(value: unknown): Thresholds {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw invalid('thresholds', '「評価基準」は A・B・C の下限(%)で指定してください');
  }
  const input = value as Record<string, unknown>;
  const parsed = {
    A: Number(parseDecimal(input.A, 'thresholds.A')),
    B: Number(parseDecimal(input.B, 'thresholds.B')),
    C: Number(parseDecimal(input.C, 'thresholds.C')),
  };
  if (!(parsed.C > 0 && parsed.C < parsed.B && parsed.B < parsed.A && parsed.A <= 1000)) {
    throw invalid('thresholds', '「評価基準」は 0 < C < B < A ≤ 1000 (%) となるように指定してください');
  }
  return parsed;
}

/**
 * Achievement as an exact ratio (1 = 100%), or 'unbounded' when lower-is-better and the actual is 0 with a positive target.
 *
 * Zero-target rule (documented in the README):
 * - higher is better: a target of 0 is meaningless (any actual would be "infinitely" achieved) and is refused;
 * - lower is better: a target of 0 means "none at all": an actual of 0 meets it exactly (100%, A), any positive actual is 0% (D).
 */
export function achievementRatio(actual: string, target: string, direction: Direction): Rational | 'unbounded' {
  const a = rational(actual);
  const t = rational(target);
  if (direction === 'higherIsBetter') {
    if (isZero(t)) throw zeroTargetError();
    return { num: a.num * t.den, den: a.den * t.num };
  }
  if (isZero(t)) return isZero(a) ? { num: 1n, den: 1n } : { num: 0n, den: 1n };
  if (isZero(a)) return 'unbounded';
  return { num: t.num * a.den, den: t.den * a.num };
}

export const zeroTargetError = (): ValidationError =>
  invalid('target', '目標値は0より大きい値を入力してください(「高いほど良い」項目の目標値0は評価できません)');

export type QuantitativeResult = {
  grade: Grade;
  /** achievement in percent, rounded down to 2 decimals ("79.99"); null when unbounded (lower is better, actual 0) */
  achievementPercent: string | null;
};

/** 定量評価: exact grade and achievement for an actual against a target under the year's thresholds. */
export function evaluateQuantitative(
  actual: number | string,
  target: number | string,
  direction: Direction,
  thresholds: Thresholds,
): QuantitativeResult {
  const ratio = achievementRatio(parseDecimal(actual, 'actual'), parseDecimal(target, 'target'), direction);
  if (ratio === 'unbounded') return { grade: 'A', achievementPercent: null };
  const percent: Rational = { num: ratio.num * 100n, den: ratio.den };
  const at = (threshold: number) => atLeast(percent, rational(parseDecimal(threshold, 'thresholds')));
  const grade: Grade = at(thresholds.A) ? 'A' : at(thresholds.B) ? 'B' : at(thresholds.C) ? 'C' : 'D';
  const hundredths = (percent.num * 100n) / percent.den; // BigInt division floors for non-negative values
  const whole = hundredths / 100n;
  const cents = (hundredths % 100n).toString().padStart(2, '0');
  return { grade, achievementPercent: `${whole}.${cents}` };
}

/** 定量評価 grade only; see `evaluateQuantitative`. */
export const quantitativeGrade = (
  actual: number | string,
  target: number | string,
  direction: Direction,
  thresholds: Thresholds = DEFAULT_THRESHOLDS,
): Grade => evaluateQuantitative(actual, target, direction, thresholds).grade;
