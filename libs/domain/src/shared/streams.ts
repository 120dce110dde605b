/**
 * Stream names: one evaluation per (実施項目, fiscal year), one stream per user, one catalogue, one stream per year,
 * and the 担当者 of each 実施項目 (all years).
 */
export const evaluationStream = (itemId: string, fiscalYear: number): string => `evaluation-${itemId}-${fiscalYear}`;
export const userStream = (userId: string): string => `user-${userId}`;
export const catalogueStream = (): string => 'plan-catalogue';
export const fiscalYearStream = (fiscalYear: number): string => `fiscal-year-${fiscalYear}`;
export const assignmentStream = (itemId: string): string => `assignment-${itemId}`;
export const meetingStream = (meetingId: string): string => `meeting-${meetingId}`;
