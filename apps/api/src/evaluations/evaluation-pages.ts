import type { CommentReply, EvaluationComment, EvaluationState } from '@hyoka/domain';
import { InputError } from '../errors/api-errors.js';

/** Page sizes of the evaluation's lists: `first`/`last` default and most. */
export const PAGE_DEFAULT = 20;
export const PAGE_MAX = 100;
/**
 * Text (UTF-8 bytes) after which a page ends early, so that no answer grows with what people wrote: 20 comments of
 * 2,000 characters each would be 120 KB. A page always holds at least one row.
 */
export const PAGE_TEXT_BUDGET = 16 * 1024;

export function pageSize(value: number | null | undefined, field: string): number {
  const n = value ?? PAGE_DEFAULT;
  if (!Number.isInteger(n) || n < 1 || n > PAGE_MAX) throw new InputError(`${field} は 1〜${PAGE_MAX} で指定してください`, field);
  return n;
}

/**
 * Cursors name the row itself (the history's stream revision, the comment's number), never an offset: a page read
 * after new events were recorded goes on exactly where the previous one ended.
 */
export function encodeCursor(kind: 'h' | 'c', key: number): string {
  return Buffer.from(`${kind}:${key}`).toString('base64url');
}

export function decodeCursor(kind: 'h' | 'c', cursor: string | null | undefined): number | null {
  if (cursor === null || cursor === undefined) return null;
  const match = /^([hc]):(\d{1,15})$/.exec(Buffer.from(cursor, 'base64url').toString());
  if (!match || match[1] !== kind) throw new InputError('after には前のページの pageInfo.endCursor を指定してください', 'after');
  return Number(match[2]);
}

export const textBytes = (...texts: (string | null | undefined)[]): number =>
  texts.reduce((sum, t) => sum + (t ? Buffer.byteLength(t) : 0), 0);

/** Takes rows while `first` and the text budget allow (at least one). */
export function withinBudget<T>(rows: readonly T[], first: number, bytes: (row: T) => number): T[] {
  const taken: T[] = [];
  let used = 0;
  for (const row of rows) {
    if (taken.length >= first) break;
    used += bytes(row);
    if (taken.length > 0 && used > PAGE_TEXT_BUDGET) break;
    taken.push(row);
  }
  return taken;
}

export interface CommentThreadPage {
  threads: { comment: EvaluationComment; replies: CommentReply[] }[];
  totalCount: number;
  hasNextPage: boolean;
}

/** A page of comment threads, newest comment first, each with all its replies (oldest first). */
export function commentPage(state: EvaluationState, first: number, beforeNumber: number | null): CommentThreadPage {
  if (state.status === 'NotStarted') return { threads: [], totalCount: 0, hasNextPage: false };
  const comments = state.comments;
  // comments are numbered 1, 2, … in order: number n is comments[n - 1]
  const end = beforeNumber === null ? comments.length : Math.min(comments.length, Math.max(0, beforeNumber - 1));
  const candidates = comments.slice(Math.max(0, end - first), end).reverse();
  const wanted = new Set(candidates.map((c) => c.number));
  const replies = new Map<number, CommentReply[]>();
  for (const r of state.replies ?? []) {
    if (!wanted.has(r.commentNumber)) continue;
    const list = replies.get(r.commentNumber);
    if (list) list.push(r);
    else replies.set(r.commentNumber, [r]);
  }
  const threads = withinBudget(
    candidates.map((comment) => ({ comment, replies: replies.get(comment.number) ?? [] })),
    first,
    (t) => textBytes(t.comment.text, ...t.replies.map((r) => r.text)),
  );
  const last = threads.at(-1)?.comment.number;
  return { threads, totalCount: comments.length, hasNextPage: last !== undefined && last > 1 };
}
