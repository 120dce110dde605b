import { describe, expect, it } from 'vitest';
import { previewQuantitativeGrade } from './grade-preview.js';

describe('previewQuantitativeGrade (same rule as the domain)', () => {
  it('grades at the exact boundaries', () => {
    expect(previewQuantitativeGrade('4', '4', 'higherIsBetter')).toEqual({ kind: 'grade', grade: 'A', achievementPercent: '100.00' });
    expect(previewQuantitativeGrade('80', '100', 'higherIsBetter')).toMatchObject({ grade: 'B', achievementPercent: '80.00' });
    expect(previewQuantitativeGrade('79.99', '100', 'higherIsBetter')).toMatchObject({ grade: 'C', achievementPercent: '79.99' });
    expect(previewQuantitativeGrade('60', '100', 'higherIsBetter')).toMatchObject({ grade: 'C' });
    expect(previewQuantitativeGrade('59.999', '100', 'higherIsBetter')).toMatchObject({ grade: 'D', achievementPercent: '59.99' });
  });

  it('inverts when lower is better', () => {
    expect(previewQuantitativeGrade('5', '4', 'lowerIsBetter')).toMatchObject({ grade: 'B', achievementPercent: '80.00' });
    expect(previewQuantitativeGrade('0', '4', 'lowerIsBetter')).toEqual({ kind: 'grade', grade: 'A', achievementPercent: null });
    expect(previewQuantitativeGrade('0', '0', 'lowerIsBetter')).toMatchObject({ grade: 'A' });
    expect(previewQuantitativeGrade('1', '0', 'lowerIsBetter')).toMatchObject({ grade: 'D' });
  });

  it('refuses a zero target when higher is better, and waits for a number', () => {
    expect(previewQuantitativeGrade('3', '0', 'higherIsBetter')).toEqual({ kind: 'zeroTarget' });
    expect(previewQuantitativeGrade('', '4', 'higherIsBetter')).toEqual({ kind: 'incomplete' });
    expect(previewQuantitativeGrade('3回', '4', 'higherIsBetter')).toEqual({ kind: 'incomplete' });
    expect(previewQuantitativeGrade('-1', '4', 'higherIsBetter')).toEqual({ kind: 'incomplete' });
  });

  it('reads full-width digits as the API does, and uses the year’s thresholds', () => {
    expect(previewQuantitativeGrade('３', '４', 'higherIsBetter')).toMatchObject({ grade: 'C', achievementPercent: '75.00' });
    expect(previewQuantitativeGrade('3', '4', 'higherIsBetter', { A: 100, B: 70, C: 50 })).toMatchObject({ grade: 'B' });
  });

  it('grades every number the API accepts, as the API reads it (leading zeros, trailing decimal zeros)', () => {
    expect(previewQuantitativeGrade('0000000000003', '4', 'higherIsBetter')).toMatchObject({ grade: 'C', achievementPercent: '75.00' });
    expect(previewQuantitativeGrade('3.20000000', '4', 'higherIsBetter')).toMatchObject({ grade: 'B', achievementPercent: '80.00' });
    expect(previewQuantitativeGrade(' 3 ', '4.0', 'higherIsBetter')).toMatchObject({ grade: 'C' });
  });
});
