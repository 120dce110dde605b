import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';

/** Test-only: the committed files of this package, read from disk (kept out of src so the build never ships I/O). */
const at = (path: string) => new URL(`../${path}`, import.meta.url);

export const sourceBytes = (): Buffer => readFileSync(at('source/plan-document.txt'));
export const sourceText = (): string => sourceBytes().toString('utf8');
export const sourceSha256 = (): string => createHash('sha256').update(sourceBytes()).digest('hex');
export const committedFile = (path: 'data/plan.json' | 'FIXES.md'): string => readFileSync(at(path), 'utf8');

/** The document's lines, 1-based: documentLine(n) is line n of plan-document.txt. */
export function documentLines(): (n: number) => string {
  const lines = sourceText().split('\n');
  return (n) => {
    const line = lines[n - 1];
    if (line === undefined) throw new Error(`no line ${n}`);
    return line;
  };
}
