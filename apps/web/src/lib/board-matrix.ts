import type { BoardQuery, Grade } from '../gql/generated.js';

export type BoardEntry = BoardQuery['board']['entries'][number];
export type GradeCounts = Record<Grade, number> & { none: number };

/** The grade the board colours by: the latest decided one (総合評価, else 総合評価(案), else 自己評価). */
export const shownGrade = (e: Pick<BoardEntry, 'finalGrade' | 'proposedGrade' | 'selfGrade'> | undefined): Grade | null =>
  e?.finalGrade ?? e?.proposedGrade ?? e?.selfGrade ?? null;

export interface MatrixRow {
  itemId: string;
  itemName: string;
  /** the entry per fiscal year; missing when the item is not in that year's board */
  years: Map<number, BoardEntry>;
}

export interface MatrixDivision {
  divisionId: string;
  divisionName: string;
  rows: MatrixRow[];
  /** counts of the shown grade per fiscal year */
  counts: Map<number, GradeCounts>;
}

const emptyCounts = (): GradeCounts => ({ A: 0, B: 0, C: 0, D: 0, none: 0 });

/**
 * Every 実施項目 × fiscal year, grouped by 部門 in the boards' order (the catalogue's), with each 部門's grade counts
 * per year for the distribution charts. An item that exists only in some years (a plan revision) gets those cells.
 */
export function buildMatrix(boards: ReadonlyMap<number, readonly BoardEntry[]>, years: readonly number[]): MatrixDivision[] {
  const divisions = new Map<string, MatrixDivision>();
  const rows = new Map<string, MatrixRow>();
  for (const year of years) {
    for (const entry of boards.get(year) ?? []) {
      let division = divisions.get(entry.divisionId);
      if (!division) {
        division = { divisionId: entry.divisionId, divisionName: entry.divisionName, rows: [], counts: new Map(years.map((y) => [y, emptyCounts()])) };
        divisions.set(entry.divisionId, division);
      }
      let row = rows.get(entry.itemId);
      if (!row) {
        row = { itemId: entry.itemId, itemName: entry.itemName, years: new Map() };
        rows.set(entry.itemId, row);
        division.rows.push(row);
      }
      row.years.set(year, entry);
      const counts = division.counts.get(year)!;
      counts[shownGrade(entry) ?? 'none'] += 1;
    }
  }
  return [...divisions.values()];
}
