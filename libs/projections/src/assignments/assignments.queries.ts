import type { ReadModels } from '../read-models.js';
import { fromJson, stmt } from '../sql.js';

/** Every item's 担当者 (items nobody was ever assigned to are absent). */
export function assignments(readModels: ReadModels): Map<string, string[]> {
  const rows = stmt(readModels.db, `SELECT item_id, assignees FROM assignments`).all() as { item_id: string; assignees: string }[];
  return new Map(rows.map((r) => [r.item_id, fromJson<string[]>(r.assignees)]));
}

/** One item's 担当者 (none: an empty list). */
export function assigneesOf(readModels: ReadModels, itemId: string): string[] {
  const row = stmt(readModels.db, `SELECT assignees FROM assignments WHERE item_id = ?`).get(itemId) as { assignees: string } | undefined;
  return row ? fromJson<string[]>(row.assignees) : [];
}
