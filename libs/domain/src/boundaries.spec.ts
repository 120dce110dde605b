import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const root = fileURLToPath(new URL('.', import.meta.url));
const sources = (dir: string): string[] =>
  readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return sources(path);
    return entry.name.endsWith('.ts') && !entry.name.endsWith('.spec.ts') ? [path] : [];
  });
const files = sources(root).map((path) => ({ path: relative(root, path), text: readFileSync(path, 'utf8') }));
const imports = (text: string) => [...text.matchAll(/^\s*(?:import|export)\s+(type\s+)?[^'";]*?from\s+['"]([^'"]+)['"]/gm)].map((m) => ({ typeOnly: Boolean(m[1]), specifier: m[2]! }));

describe('module boundary: the domain is pure TypeScript', () => {
  it('finds the library sources', () => {
    expect(files.map((f) => f.path)).toContain('index.ts');
    expect(files.length).toBeGreaterThan(10);
  });

  it.each(files)('$path imports only relative modules and types of @hyoka/catalogue', ({ text }) => {
    for (const { specifier, typeOnly } of imports(text)) {
      if (specifier.startsWith('./') || specifier.startsWith('../')) {
        expect(specifier).toMatch(/\.js$/);
        continue;
      }
      // no framework, no store, no Node built-ins: only the catalogue's types
      expect(specifier).toBe('@hyoka/catalogue');
      expect(typeOnly).toBe(true);
    }
    expect(text).not.toMatch(/\brequire\(|\bimport\(/);
  });

  it.each(files)('$path reads no clock, randomness or environment', ({ text }) => {
    expect(text).not.toMatch(/Date\.now\(|new Date\(\s*\)|Math\.random\(|crypto\.|process\.|setTimeout\(|setInterval\(/);
  });

  it('the boundary check itself catches a framework import', () => {
    const offending = imports("import { Injectable } from '@nestjs/common';\nimport type { X } from './x.js';");
    expect(offending).toEqual([
      { typeOnly: false, specifier: '@nestjs/common' },
      { typeOnly: true, specifier: './x.js' },
    ]);
  });
});
