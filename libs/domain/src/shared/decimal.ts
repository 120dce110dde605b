import { invalid, label, type FieldKey } from './validation.js';

/** Decimal inputs: at most 12 integer digits and 6 decimals, never negative. */
export const DECIMAL_LIMITS = { integerDigits: 12, fractionDigits: 6 } as const;

/**
 * Parses a non-negative decimal given as a number or a string ("12.5", full-width "１２．５" too) into its
 * canonical string ("12.5"). NaN, Infinity, negatives, exponents, separators and too many digits are refused.
 */
export function parseDecimal(value: unknown, field: FieldKey): string {
  let text: string;
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) throw invalid(field, `「${label(field)}」は有限の数値で入力してください`);
    text = Object.is(value, -0) ? '0' : String(value);
  } else if (typeof value === 'string') {
    text = value.normalize('NFKC').trim();
  } else {
    throw invalid(field, `「${label(field)}」は数値で入力してください`);
  }
  if (text === '') throw invalid(field, `「${label(field)}」を入力してください`);
  if (/^-/.test(text)) throw invalid(field, `「${label(field)}」は0以上の数値で入力してください`);
  const match = /^\+?(\d+)(?:\.(\d+))?$/.exec(text);
  if (!match) throw invalid(field, `「${label(field)}」は数値で入力してください(例: 12 または 12.5、桁区切りや指数表記は使えません)`);
  const integer = match[1]!.replace(/^0+(?=\d)/, '');
  const fraction = (match[2] ?? '').replace(/0+$/, '');
  if (integer.length > DECIMAL_LIMITS.integerDigits || fraction.length > DECIMAL_LIMITS.fractionDigits) {
    throw invalid(
      field,
      `「${label(field)}」の桁数が多すぎます(整数部${DECIMAL_LIMITS.integerDigits}桁・小数部${DECIMAL_LIMITS.fractionDigits}桁まで)`,
    );
  }
  return fraction ? `${integer}.${fraction}` : integer;
}

/** An exact non-negative rational number, so grade boundaries never suffer float rounding. */
export type Rational = { num: bigint; den: bigint };

/** The rational value of a canonical decimal string (from `parseDecimal`). */
export function rational(decimal: string): Rational {
  const [integer = '0', fraction = ''] = decimal.split('.');
  return { num: BigInt(integer + fraction), den: 10n ** BigInt(fraction.length) };
}

/** a ≥ b for non-negative rationals with positive denominators. */
export const atLeast = (a: Rational, b: Rational): boolean => a.num * b.den >= b.num * a.den;

export const isZero = (a: Rational): boolean => a.num === 0n;
