import type { Writable } from 'node:stream';

/** Where a command writes: results to `out`, progress and notes to `err` (so `> file` captures results only). */
export interface Io {
  out: Writable & { isTTY?: boolean };
  err: Writable & { isTTY?: boolean };
  /** standard input, for passwords */
  in: NodeJS.ReadableStream & { isTTY?: boolean; setRawMode?: (raw: boolean) => unknown };
  env: NodeJS.ProcessEnv;
  cwd: string;
}

export const processIo = (): Io => ({ out: process.stdout, err: process.stderr, in: process.stdin, env: process.env, cwd: process.cwd() });

export function line(stream: Writable, text = ''): void {
  stream.write(`${text}\n`);
}

/** Writes to a stream and waits when it asks us to (large exports). */
export function write(stream: Writable, text: string): Promise<void> | void {
  if (stream.write(text)) return;
  return new Promise((resolve) => stream.once('drain', resolve));
}

/** A fixed-width table for people (no colours, no box drawing that breaks in a Windows console). */
export function table(rows: readonly string[][]): string {
  if (rows.length === 0) return '';
  const widths = rows[0]!.map((_, i) => Math.max(...rows.map((r) => displayWidth(r[i] ?? ''))));
  return rows
    .map((r) => r.map((cell, i) => (i === r.length - 1 ? cell : cell + ' '.repeat(widths[i]! - displayWidth(cell)))).join('  ').trimEnd())
    .join('\n');
}

/** Columns a string takes in a terminal: East Asian wide characters take two. */
export function displayWidth(text: string): number {
  let width = 0;
  for (const ch of text) {
    const code = ch.codePointAt(0)!;
    width += (code >= 0x1100 && code <= 0x115f) || (code >= 0x2e80 && code <= 0xa4cf) || (code >= 0xac00 && code <= 0xd7a3) ||
      (code >= 0xf900 && code <= 0xfaff) || (code >= 0xfe30 && code <= 0xfe4f) || (code >= 0xff00 && code <= 0xff60) ||
      (code >= 0xffe0 && code <= 0xffe6) || (code >= 0x20000 && code <= 0x3fffd)
      ? 2
      : 1;
  }
  return width;
}
