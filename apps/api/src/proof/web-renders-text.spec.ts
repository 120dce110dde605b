import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

/**
 * Whatever people type (comments, reasons, narratives) reaches other people's screens. The web app must show it as
 * text: Vue's {{ }} and attribute bindings escape it; these do not, so none may appear in apps/web/src.
 */
const RAW_HTML = [
  { name: 'v-html', pattern: /\bv-html\b/ },
  { name: 'innerHTML', pattern: /\binnerHTML\b/ },
  { name: 'outerHTML', pattern: /\bouterHTML\b/ },
  { name: 'insertAdjacentHTML', pattern: /\binsertAdjacentHTML\b/ },
  { name: 'document.write', pattern: /\bdocument\.write(ln)?\s*\(/ },
  { name: 'createContextualFragment', pattern: /\bcreateContextualFragment\b/ },
  { name: 'DOMParser', pattern: /\bnew\s+DOMParser\b/ },
];

const webSrc = fileURLToPath(new URL('../../../web/src', import.meta.url));

function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return sources(path);
    return /\.(vue|ts|tsx|js|mjs|html)$/.test(entry.name) && !/\.spec\.ts$/.test(entry.name) ? [path] : [];
  });
}

function rawHtmlUses(text: string): string[] {
  return RAW_HTML.filter(({ pattern }) => pattern.test(text)).map(({ name }) => name);
}

describe('the web app never renders text as HTML', () => {
  it('the scan recognises every way of inserting raw HTML', () => {
    expect(rawHtmlUses('<div v-html="comment.text" />')).toEqual(['v-html']);
    expect(rawHtmlUses('el.innerHTML = text; el.insertAdjacentHTML("beforeend", t)')).toEqual(['innerHTML', 'insertAdjacentHTML']);
    expect(rawHtmlUses('h("p", { innerHTML: reason })')).toEqual(['innerHTML']);
    expect(rawHtmlUses('<p>{{ comment.text }}</p>')).toEqual([]);
  });

  it('no source file of apps/web/src uses v-html, innerHTML or the like', () => {
    const files = sources(webSrc);
    expect(files.filter((f) => f.endsWith('.vue')).length).toBeGreaterThan(5);
    const found = files.flatMap((file) => rawHtmlUses(readFileSync(file, 'utf8')).map((use) => `${relative(webSrc, file)}: ${use}`));
    expect(found).toEqual([]);
  });
});
