import { evaluateQuantitative, parseDecimal, ValidationError, DEFAULT_THRESHOLDS, type Direction, type Grade, type Thresholds } from '@hyoka/domain';

export { DEFAULT_THRESHOLDS, type Direction, type Grade, type Thresholds };

export type GradePreview =
  | { kind: 'grade'; grade: Grade; achievementPercent: string | null }
  /** what is typed is not (yet) a number the API would accept */
  | { kind: 'incomplete' }
  /** higher is better with a target of 0: the API refuses it */
  | { kind: 'zeroTarget' };

const decimalOrNull = (text: string, field: 'actual' | 'target'): string | null => {
  try {
    return parseDecimal(text, field);
  } catch (error) {
    if (error instanceof ValidationError) return null;
    throw error;
  }
};

/**
 * The 定量評価 the API will compute on save: the domain's own `evaluateQuantitative` (exact arithmetic, so 79.99% is
 * C and 80% is B), run on what is typed. Input the domain would refuse as a number is "incomplete"; once both are
 * numbers, the only refusal left is its zero-target rule (higher is better with a target of 0).
 */
export function previewQuantitativeGrade(
  actualText: string,
  targetText: string,
  direction: Direction,
  thresholds: Thresholds = DEFAULT_THRESHOLDS,
): GradePreview {
  const actual = decimalOrNull(actualText, 'actual');
  const target = decimalOrNull(targetText, 'target');
  if (actual === null || target === null) return { kind: 'incomplete' };
  try {
    const { grade, achievementPercent } = evaluateQuantitative(actual, target, direction, thresholds);
    return { kind: 'grade', grade, achievementPercent };
  } catch (error) {
    if (error instanceof ValidationError && error.details?.['field'] === 'target') return { kind: 'zeroTarget' };
    throw error;
  }
}
