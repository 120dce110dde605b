export type Grade = 'A' | 'B' | 'C' | 'D';
export type Direction = 'higherIsBetter' | 'lowerIsBetter';
export interface Thresholds {
  A: number;
  B: number;
  C: number;
}

/** 第3章 定量評価: A 100%以上, B 80%以上100%未満, C 60%以上80%未満, D 60%未満 (the API sends the year's own values). */
export const DEFAULT_THRESHOLDS: Thresholds = { A: 100, B: 80, C: 60 };

export type GradePreview =
  | { kind: 'grade'; grade: Grade; achievementPercent: string | null }
  /** what is typed is not (yet) a number the API would accept */
  | { kind: 'incomplete' }
  /** higher is better with a target of 0: the API refuses it */
  | { kind: 'zeroTarget' };

interface Rational {
  num: bigint;
  den: bigint;
}

/** A non-negative decimal as typed (full-width digits too, as the API accepts), or null. */
function parse(text: string): Rational | null {
  const match = /^\+?(\d{1,12})(?:\.(\d{1,6}))?$/.exec(text.normalize('NFKC').trim());
  if (!match) return null;
  const fraction = match[2] ?? '';
  return { num: BigInt(match[1]! + fraction), den: 10n ** BigInt(fraction.length) };
}

const atLeast = (a: Rational, b: Rational) => a.num * b.den >= b.num * a.den;
const ofNumber = (n: number): Rational => parse(String(n)) ?? { num: 0n, den: 1n };

/**
 * The 定量評価 the API will compute on save, with the same exact arithmetic (no floating point at the
 * boundaries: 79.99% is C, 80% is B). Achievement = actual ÷ target; target ÷ actual when lower is better.
 * Zero targets follow the domain's rule: refused when higher is better; when lower is better, 0 meets it exactly.
 */
export function previewQuantitativeGrade(
  actualText: string,
  targetText: string,
  direction: Direction,
  thresholds: Thresholds = DEFAULT_THRESHOLDS,
): GradePreview {
  const actual = parse(actualText);
  const target = parse(targetText);
  if (!actual || !target) return { kind: 'incomplete' };
  let ratio: Rational;
  if (direction === 'higherIsBetter') {
    if (target.num === 0n) return { kind: 'zeroTarget' };
    ratio = { num: actual.num * target.den, den: actual.den * target.num };
  } else if (target.num === 0n) {
    ratio = actual.num === 0n ? { num: 1n, den: 1n } : { num: 0n, den: 1n };
  } else if (actual.num === 0n) {
    return { kind: 'grade', grade: 'A', achievementPercent: null };
  } else {
    ratio = { num: target.num * actual.den, den: target.den * actual.num };
  }
  const percent = { num: ratio.num * 100n, den: ratio.den };
  const grade: Grade = atLeast(percent, ofNumber(thresholds.A))
    ? 'A'
    : atLeast(percent, ofNumber(thresholds.B))
      ? 'B'
      : atLeast(percent, ofNumber(thresholds.C))
        ? 'C'
        : 'D';
  const hundredths = (percent.num * 100n) / percent.den;
  return { kind: 'grade', grade, achievementPercent: `${hundredths / 100n}.${(hundredths % 100n).toString().padStart(2, '0')}` };
}
