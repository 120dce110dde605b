import type { PlanCatalogue } from '../types.js';
import { extractPlanCatalogue, toStableJson } from './extract.js';
import { FIX_TABLE } from './fixes.js';
import { renderFixesMarkdown } from './report.js';

export const SOURCE_PATH = 'libs/catalogue/source/plan-document.txt';

/** The committed artefacts (data/plan.json, FIXES.md) as the extractor makes them from the source text. */
export function buildArtefacts(documentText: string, sourceSha256: string): {
  catalogue: PlanCatalogue;
  planJson: string;
  fixesMarkdown: string;
} {
  const catalogue = extractPlanCatalogue(documentText, FIX_TABLE, { source: SOURCE_PATH, sourceSha256 });
  return { catalogue, planJson: toStableJson(catalogue), fixesMarkdown: renderFixesMarkdown(catalogue, FIX_TABLE) };
}
