import { describe, expect, it } from 'vitest';
import { committedFile, sourceSha256, sourceText } from '../../test/support.js';
import { buildArtefacts } from './build.js';
import { applyFixes, ExtractionError, extractPlanCatalogue } from './extract.js';
import { FIX_TABLE, type FixTable } from './fixes.js';

const options = { source: 'test' };
const withoutFix = (line: number): FixTable => ({ ...FIX_TABLE, fixes: FIX_TABLE.fixes.filter((f) => f.line !== line) });

describe('the extractor', () => {
  it('makes exactly the committed data/plan.json and FIXES.md from the committed source', () => {
    const { planJson, fixesMarkdown } = buildArtefacts(sourceText(), sourceSha256());
    // On failure: run `npx tsx libs/catalogue/scripts/extract.ts` and review the diff.
    expect(committedFile('data/plan.json')).toBe(planJson);
    expect(committedFile('FIXES.md')).toBe(fixesMarkdown);
  });

  it('lists every fix in FIXES.md with its line', () => {
    const md = committedFile('FIXES.md');
    for (const f of FIX_TABLE.fixes) {
      const lines = f.type === 'lines' && f.was.length > 1 ? `${f.line}–${f.line + f.was.length - 1}` : `${f.line}`;
      expect(md).toContain(`| ${lines} |`);
    }
    expect(md).toContain('施設・介護サービス部門 has no 推進会議');
  });

  it('refuses a fix whose "was" no longer matches the document', () => {
    const changed = sourceText().replace('力議 加議', '協議');
    expect(() => extractPlanCatalogue(changed, FIX_TABLE, options)).toThrow(/line 484/);
  });

  it('refuses a text fix that does not occur exactly once', () => {
    const table: FixTable = {
      ...FIX_TABLE,
      fixes: [...FIX_TABLE.fixes, { type: 'text', kind: 'ocr', line: 350, find: 'nowhere', replace: 'x', why: 'test' }],
    };
    expect(() => applyFixes(sourceText(), table)).toThrow(ExtractionError);
  });

  it('refuses two fixes of the same line', () => {
    const first = FIX_TABLE.fixes.find((f) => f.line === 484)!;
    expect(() => applyFixes(sourceText(), { ...FIX_TABLE, fixes: [...FIX_TABLE.fixes, first] })).toThrow(/changed by two fixes/);
  });

  it('does not guess a stage that the document lost: without its fix, line 582 is an error', () => {
    expect(() => extractPlanCatalogue(sourceText(), withoutFix(582), options)).toThrow(/line 582: no stage for 2025/);
  });

  it('does not guess the item of a 【再掲】 row written differently: without the alias, line 684 is an error', () => {
    const table: FixTable = { ...FIX_TABLE, relistingAliases: {} };
    expect(() => extractPlanCatalogue(sourceText(), table, options)).toThrow(/line 684: 【再掲】 row "いきいき市民福祉資金助成事業の活用" matches 0 items/);
  });

  it('does not take OCR noise for text: without its fix, line 640 is an error', () => {
    expect(() => extractPlanCatalogue(sourceText(), withoutFix(640), options)).toThrow(/line 640: unexpected text/);
  });

  it('notices a 推進項目 that is really a 取組テーマ: without the fix of line 527, the outline cross-check fails', () => {
    expect(() => extractPlanCatalogue(sourceText(), withoutFix(527), options)).toThrow(ExtractionError);
  });

  it('applies line fixes keeping the original line numbers', () => {
    const lines = applyFixes(sourceText(), FIX_TABLE);
    const joined = lines.find((l) => l.text.startsWith('動画やリーフレットの活用など広報内容の検討'))!;
    expect(joined.line).toBe(503);
    expect(joined.fix?.line).toBe(503);
    expect(lines.some((l) => l.line === 504)).toBe(false);
    expect(lines.find((l) => l.line === 350)).toEqual({ line: 350, text: sourceText().split('\n')[349] });
  });
});
