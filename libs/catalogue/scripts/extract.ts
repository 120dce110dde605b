/**
 * Regenerates data/plan.json and FIXES.md from source/plan-document.txt and src/extraction/fixes.ts.
 * Run from the repository root: npx tsx libs/catalogue/scripts/extract.ts
 */
import { createHash } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { buildArtefacts } from '../src/extraction/build.js';
import { catalogueCounts } from '../src/catalogue.js';

const at = (path: string) => new URL(`../${path}`, import.meta.url);
const bytes = readFileSync(at('source/plan-document.txt'));
const { catalogue, planJson, fixesMarkdown } = buildArtefacts(
  bytes.toString('utf8'),
  createHash('sha256').update(bytes).digest('hex'),
);
writeFileSync(at('data/plan.json'), planJson);
writeFileSync(at('FIXES.md'), fixesMarkdown);
console.log(JSON.stringify(catalogueCounts(catalogue)));
