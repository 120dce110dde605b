import { describe, expect, it } from 'vitest';
import { documentLines, sourceSha256, sourceText } from '../test/support.js';
import { FIX_TABLE } from './extraction/fixes.js';
import {
  catalogueCounts,
  FISCAL_YEARS,
  findItem,
  loadPlanCatalogue,
  normaliseText,
  validateCatalogue,
  type ItemListing,
  type PlanCatalogue,
  type Theme,
} from './index.js';

const catalogue = loadPlanCatalogue();
const line = documentLines();

/** The lines of §3 具体的な取り組み, read straight from the document (no fixes applied). */
function section3(): { n: number; text: string }[] {
  const all = sourceText().split('\n').map((text, k) => ({ n: k + 1, text }));
  const start = all.findIndex((l) => l.text.trim() === '3 具体的な取り組み');
  const end = all.findIndex((l) => l.text.trim() === '4 推進体制');
  expect(start).toBeGreaterThan(0);
  expect(end).toBeGreaterThan(start);
  return all.slice(start + 1, end);
}

function listingAt(c: PlanCatalogue, sourceLine: number): { listing: ItemListing; theme: Theme; divisionId: string } {
  for (const d of c.divisions) {
    for (const t of d.topics) {
      for (const theme of t.themes) {
        const listing = theme.listings.find((l) => l.sourceLine === sourceLine);
        if (listing) return { listing, theme, divisionId: d.id };
      }
    }
  }
  throw new Error(`no listing from line ${sourceLine}`);
}

describe('the shipped plan catalogue', () => {
  it('is sound: validateCatalogue finds no problem', () => {
    expect(validateCatalogue(catalogue)).toEqual([]);
  });

  it('was read from the committed copy of the plan document', () => {
    expect(catalogue.sourceSha256).toBe(sourceSha256());
    expect(catalogue.title).toBe('熊本市社会福祉協議会 中期経営計画');
    expect(catalogue.period).toEqual({ from: 2025, to: 2027 });
  });

  describe('counts', () => {
    it('matches the hand count of the document: 4 部門, 15 推進項目, 33 テーマ, 113 rows, 19 【再掲】, 94 実施項目', () => {
      expect(catalogueCounts(catalogue)).toEqual({
        divisions: 4,
        topics: 15,
        themes: 33,
        listings: 113,
        relistings: 19,
        items: 94,
      });
      expect(catalogue.divisions.map((d) => d.name)).toEqual([
        '法人経営部門',
        '施設・介護サービス部門',
        '地域福祉推進部門',
        '生活支援推進部門',
      ]);
      expect(catalogue.divisions.map((d) => d.topics.length)).toEqual([6, 1, 4, 4]);
      expect(catalogue.divisions.map((d) => d.topics.reduce((n, t) => n + t.themes.length, 0))).toEqual([13, 2, 9, 9]);
    });

    it('has one theme per 実施項目 table header line of §3', () => {
      const headers = section3().filter((l) => l.text.startsWith('実施項目'));
      expect(headers).toHaveLength(catalogueCounts(catalogue).themes);
    });

    it('has one relisting per 【再掲】 marker of §3, each at the line of its marker', () => {
      const marked = section3().filter((l) => l.text.includes('【再掲】'));
      const relistings = catalogue.divisions
        .flatMap((d) => d.topics.flatMap((t) => t.themes.flatMap((th) => th.listings)))
        .filter((l) => l.relisting);
      expect(relistings.map((l) => l.sourceLine)).toEqual(marked.map((l) => l.n));
    });

    it('has the topics and themes listed in 計画の体系 (ch. 2 §2)', () => {
      const all = sourceText().split('\n');
      const from = all.findIndex((l, k) => k > 200 && l.trim() === '2 計画の体系');
      const to = all.findIndex((l) => l.trim() === '3 具体的な取り組み');
      const outline = all.slice(from, to).map((l) => l.replace(/^\s*-\s*/, '').trim());
      expect(outline.filter((l) => /^\(\d\)/.test(l))).toHaveLength(catalogueCounts(catalogue).topics);
      expect(outline.filter((l) => /^[①-⑳]/.test(l))).toHaveLength(catalogueCounts(catalogue).themes);
    });

    it('has one listing per table row of §3, once split rows are joined and noise lines dropped', () => {
      // Table lines run from a header to the next blank line; header lines and their second lines are not rows.
      const rowLines: number[] = [];
      let inTable = false;
      for (const l of section3()) {
        if (l.text.trim() === '') inTable = false;
        else if (l.text.startsWith('実施項目')) inTable = true;
        else if (inTable && !/^\s*\S*\t\(2025/.test(l.text)) rowLines.push(l.n);
      }
      // second lines of split rows (504 506 544 584 586 624) and the unreadable line 547, see FIXES.md
      const notRows = [504, 506, 544, 547, 584, 586, 624];
      for (const n of notRows) expect(rowLines).toContain(n);
      expect(rowLines.length - notRows.length).toBe(catalogueCounts(catalogue).listings);
    });
  });

  describe('a sample of rows, checked by hand against the document', () => {
    type Stage = [stage: string, continued: boolean];
    const rows: { line: number; name: string; theme: string; stages: [Stage, Stage, Stage] }[] = [
      { line: 352, name: 'SNSを活用した計画の周知', theme: 'corporate-management/1/1', stages: [['検討', false], ['実施', false], ['実施', true]] },
      { line: 390, name: '電子決裁及び勤怠管理システム導入による業務効率化', theme: 'corporate-management/1/3', stages: [['調査', false], ['検討', false], ['導入', false]] },
      { line: 443, name: '65歳定年制の導入', theme: 'corporate-management/2/1', stages: [['整備', false], ['導入', false], ['導入', true]] },
      { line: 484, name: '補助・委託事業に係る必要経費の要求', theme: 'corporate-management/3/1', stages: [['協議', false], ['協議', true], ['協議', true]] },
      { line: 503, name: '動画やリーフレットの活用など広報内容の検討', theme: 'corporate-management/4/1', stages: [['検討', false], ['実施', false], ['実施', true]] },
      { line: 545, name: '取り組み及び効果の数値化・映像化の促進', theme: 'corporate-management/5/1', stages: [['調査・検討', false], ['試験的導入', false], ['実施', false]] },
      { line: 567, name: '全部門参加による行政との協議の場の設定', theme: 'corporate-management/5/2', stages: [['実施', false], ['実施', true], ['実施', true]] },
      { line: 582, name: '定期的な広報委員会の開催', theme: 'corporate-management/6/1', stages: [['実施', false], ['実施', true], ['実施', true]] },
      { line: 583, name: '広報に係る研修会への参加と勉強会の開催', theme: 'corporate-management/6/1', stages: [['実施', false], ['実施', true], ['実施', true]] },
      { line: 623, name: '経営診断の実施(外部委託)', theme: 'facility-care/1/2', stages: [['経営診断実施', false], ['結果に基づく運営方針の決定及び実施', false], ['結果に基づく運営方針の決定及び実施', true]] },
      { line: 642, name: '校区社協行動計画策定推進', theme: 'community-welfare/1/1', stages: [['見直し・検証', false], ['見直し・検証', true], ['見直し・検証', true]] },
      { line: 679, name: 'ボランティアセンターの広報活動の強化', theme: 'community-welfare/2/2', stages: [['検討・実施', false], ['実施', false], ['見直し・実施', false]] },
      { line: 700, name: '福祉教育プログラムの推進', theme: 'community-welfare/2/3', stages: [['検討', false], ['実施', false], ['継続・見直し', false]] },
      { line: 769, name: '地域福祉活動計画', theme: 'community-welfare/4/1', stages: [['実施', false], ['見直し・検証', false], ['見直し・検証', true]] },
      { line: 870, name: '熊本市成年後見支援センター運営(相談受付のシステム化)', theme: 'livelihood-support/2/2', stages: [['新規', false], ['継続', false], ['継続', true]] },
      { line: 941, name: '市民後見人養成事業', theme: 'livelihood-support/4/2', stages: [['継続', false], ['継続', true], ['継続', true]] },
    ];

    it.each(rows)('line $line: $name', ({ line: n, name, theme, stages }) => {
      const { listing, theme: found, divisionId } = listingAt(catalogue, n);
      expect(listing.relisting).toBe(false);
      expect(found.id).toBe(theme);
      const item = findItem(catalogue, listing.itemId)!;
      expect(item.name).toBe(name);
      expect(item.themeId).toBe(theme);
      expect(item.divisionId).toBe(divisionId);
      expect(theme.startsWith(`${divisionId}/`)).toBe(true);
      expect(FISCAL_YEARS.map((y) => [item.schedule[y]!.stage, item.schedule[y]!.continued])).toEqual(stages);
    });

    it('records why the lost stages of (6)① were judged', () => {
      for (const n of [582, 583, 585]) {
        const item = findItem(catalogue, listingAt(catalogue, n).listing.itemId)!;
        for (const y of FISCAL_YEARS) expect(item.schedule[y]!.note).toMatch(/実施/);
      }
      const readVerbatim = findItem(catalogue, listingAt(catalogue, 587).listing.itemId)!;
      for (const y of FISCAL_YEARS) expect(readVerbatim.schedule[y]!.note).toBeUndefined();
    });

    it('keeps the two 経営診断の実施(外部委託) rows of 施設・介護サービス as two items', () => {
      const a = listingAt(catalogue, 606).listing.itemId;
      const b = listingAt(catalogue, 623).listing.itemId;
      expect(a).not.toBe(b);
      expect(findItem(catalogue, a)!.themeId).toBe('facility-care/1/1');
    });
  });

  describe('【再掲】 rows', () => {
    it('list the item of their original row (line 868 → line 831)', () => {
      const relisted = listingAt(catalogue, 868);
      expect(relisted.listing.relisting).toBe(true);
      expect(relisted.theme.id).toBe('livelihood-support/2/2');
      expect(relisted.listing.itemId).toBe(listingAt(catalogue, 831).listing.itemId);
      const item = findItem(catalogue, relisted.listing.itemId)!;
      expect(item.name).toBe('日常生活自立支援事業');
      expect(item.themeId).toBe('livelihood-support/1/3');
    });

    it('resolve いきいき市民福祉資金 (684) to the いきいき市民福祉基金 item (646), keeping the printed name', () => {
      const relisted = listingAt(catalogue, 684).listing;
      expect(relisted.itemId).toBe(listingAt(catalogue, 646).listing.itemId);
      expect(relisted.printedName).toBe('いきいき市民福祉資金助成事業の活用');
      expect(findItem(catalogue, relisted.itemId)!.name).toBe('いきいき市民福祉基金助成事業の活用');
      expect(line(684)).toContain('資金');
    });

    it('keep their own printed stages when they differ, the item keeping its primary row’s (785 vs 645)', () => {
      const relisted = listingAt(catalogue, 785).listing;
      const item = findItem(catalogue, relisted.itemId)!;
      expect(item.name).toBe('校区社協ブロック会議');
      expect(FISCAL_YEARS.map((y) => item.schedule[y]!.stage)).toEqual(['見直し・実施', '実施', '実施']);
      expect(FISCAL_YEARS.map((y) => relisted.printedSchedule?.[y]?.stage)).toEqual(['実施', '実施', '実施']);
    });

    it('each relist an item of their own division whose primary row comes earlier', () => {
      for (const d of catalogue.divisions) {
        for (const t of d.topics) {
          for (const th of t.themes) {
            for (const l of th.listings.filter((x) => x.relisting)) {
              const item = findItem(catalogue, l.itemId)!;
              expect(item.divisionId).toBe(d.id);
              expect(findPrimaryLine(item.id)).toBeLessThan(l.sourceLine!);
            }
          }
        }
      }
    });
  });

  it('names every item as the document writes it (after normalisation), or as a listed fix made it', () => {
    const fixedLines = new Map<number, string[]>();
    for (const f of FIX_TABLE.fixes) {
      if (f.type === 'lines') f.was.forEach((_, k) => fixedLines.set(f.line + k, f.now));
      else fixedLines.set(f.line, [line(f.line).replace(f.find, f.replace)]);
    }
    let checked = 0;
    for (const d of catalogue.divisions) {
      for (const t of d.topics) {
        for (const th of t.themes) {
          for (const l of th.listings) {
            const printed = l.printedName ?? findItem(catalogue, l.itemId)!.name;
            const fixed = fixedLines.get(l.sourceLine!);
            const written = fixed ? fixed.join('\n') : line(l.sourceLine!).split('\t')[0]!;
            expect(normaliseText(written.split('\t')[0]!).replace('【再掲】', '')).toBe(printed);
            checked++;
          }
        }
      }
    }
    expect(checked).toBe(113);
  });

  it('takes theme texts from the document: 現状と課題 and 推進目標 of 1.(1)①', () => {
    const theme = catalogue.divisions[0]!.topics[0]!.themes[0]!;
    expect(theme.name).toBe('使命、理念、基本方針の明文化と周知');
    expect(theme.currentSituation.split('\n')).toEqual([normaliseText(line(341)), normaliseText(line(343))]);
    expect(theme.goal).toBe(normaliseText(line(347)));
    for (const th of catalogue.divisions.flatMap((d) => d.topics.flatMap((t) => t.themes))) {
      expect(th.currentSituation.length).toBeGreaterThan(20);
      expect(th.goal.length).toBeGreaterThan(20);
    }
  });

  describe('推進体制', () => {
    it('has the five review bodies with their chairs and members', () => {
      expect(catalogue.reviewBodies.map((b) => [b.id, b.kind, b.name, b.chair, b.members, b.departmentId])).toEqual([
        ['managers-meeting', 'ManagersMeeting', '管理職会議', '事務局長', '課長級以上の職員', undefined],
        ['general-affairs-meeting', 'PromotionMeeting', '総務推進会議', '総務部長', '総務部に所属する職員', 'general-affairs'],
        ['community-welfare-meeting', 'PromotionMeeting', '地域福祉推進会議', '地域福祉部長', '地域福祉部に所属する職員', 'community-welfare'],
        ['livelihood-support-meeting', 'PromotionMeeting', '生活支援推進会議', '生活支援部長', '生活支援部に所属する職員', 'livelihood-support'],
        ['evaluation-committee', 'EvaluationCommittee', '評価検証委員会', null, '理事、評議員及び監事より選出', undefined],
      ]);
      expect(catalogue.reviewBodies[0]!.roles).toEqual(['計画の進捗管理及び評価検証(案)の検討', '評価検証委員会へ報告']);
      expect(catalogue.reviewBodies[2]!.roles).toEqual(['各事業における課題整理', '課題解決に向けた意見出し']);
      expect(catalogue.reviewBodies[2]!.alsoKnownAs).toEqual(['区事務所連携会議']);
      expect(catalogue.reviewBodies[4]!.newlyEstablished).toBe(true);
      expect(catalogue.departments).toEqual([
        { id: 'general-affairs', name: '総務部' },
        { id: 'community-welfare', name: '地域福祉部' },
        { id: 'livelihood-support', name: '生活支援部' },
      ]);
    });

    it('maps each division to its 推進会議, 施設・介護サービス by a configurable default', () => {
      expect(catalogue.divisions.map((d) => [d.id, d.promotionMeetingId, d.promotionMeetingConfigurable ?? false])).toEqual([
        ['corporate-management', 'general-affairs-meeting', false],
        ['facility-care', 'general-affairs-meeting', true],
        ['community-welfare', 'community-welfare-meeting', false],
        ['livelihood-support', 'livelihood-support-meeting', false],
      ]);
    });
  });

  describe('第3章 evaluation rules', () => {
    it('has four grade bands: A ≥ 100%, B ≥ 80%, C ≥ 60%, D below', () => {
      const { bands } = catalogue.evaluationRules;
      expect(bands.map((b) => [b.grade, b.label, b.minPercent])).toEqual([
        ['A', '計画通り', 100],
        ['B', 'ほぼ計画通り', 80],
        ['C', 'やや遅れている', 60],
        ['D', '遅れている', null],
      ]);
      expect(bands[1]!.quantitativeRule).toBe('計画と比較し、80%以上100%未満の実績');
      expect(bands[3]!.qualitativeRule).toBe('取組みの半分以上が遅れているまたは、未実施');
    });

    it('keeps the texts of 定量評価, 定性評価 and 総合評価', () => {
      const rules = catalogue.evaluationRules;
      expect(rules.quantitative).toBe(normaliseText(line(978)));
      expect(rules.qualitative).toBe(normaliseText(line(988)));
      expect(rules.overall).toBe(normaliseText(line(998)));
      expect(rules.overall).toContain('評価検証委員会');
    });
  });
});

function findPrimaryLine(itemId: string): number {
  for (const d of catalogue.divisions) {
    for (const t of d.topics) {
      for (const th of t.themes) {
        const l = th.listings.find((x) => x.itemId === itemId && !x.relisting);
        if (l) return l.sourceLine!;
      }
    }
  }
  throw new Error(`no primary listing of ${itemId}`);
}
