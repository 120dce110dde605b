import type { RecordedEvent } from '@hyoka/event-store';

const EVALUATION_STREAM = /^evaluation-(.+)-(\d{4})$/;
const FISCAL_YEAR_STREAM = /^fiscal-year-(\d{4})$/;

/** itemId and fiscal year of an `evaluation-<itemId>-<fy>` stream; undefined for any other stream */
export function parseEvaluationStream(stream: string): { itemId: string; fiscalYear: number } | undefined {
  const match = EVALUATION_STREAM.exec(stream);
  return match ? { itemId: match[1]!, fiscalYear: Number(match[2]) } : undefined;
}

export function affectedFiscalYear(event: RecordedEvent): number | null {
  const evaluation = parseEvaluationStream(event.stream);
  if (evaluation) return evaluation.fiscalYear;
  const year = FISCAL_YEAR_STREAM.exec(event.stream);
  return year ? Number(year[1]) : null;
}

export function affectsBoard(event: RecordedEvent): boolean {
  return parseEvaluationStream(event.stream) !== undefined || event.stream === 'plan-catalogue';
}
