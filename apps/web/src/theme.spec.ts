// @vitest-environment node
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { HyokaTheme, THEMED_COMPONENTS } from './theme.js';

const src = fileURLToPath(new URL('.', import.meta.url));
const files = (dir: string): string[] =>
  readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? files(path) : /\.(vue|ts)$/.test(name) && !name.endsWith('.spec.ts') ? [path] : [];
  });

describe('the PrimeVue theme', () => {
  it('carries the tokens of the components the app uses, and only those', () => {
    const used = new Set<string>();
    for (const file of files(src)) {
      for (const match of readFileSync(file, 'utf8').matchAll(/from 'primevue\/([a-z]+)'/g)) if (match[1] !== 'config') used.add(match[1]!);
    }
    expect([...used].sort()).toEqual([...THEMED_COMPONENTS].sort());
    expect(Object.keys((HyokaTheme as { components: Record<string, unknown> }).components).sort()).toEqual([...THEMED_COMPONENTS].sort());
  });
});
