import type { ShippedFiscalYear } from '../types.js';

/**
 * Every correction made to source/plan-document.txt before it is read, and every ambiguity resolved by judgement.
 * The extractor refuses to run when a fix's `was` no longer matches the document, so a changed source is noticed.
 * FIXES.md is generated from this file.
 */

export type FixKind = 'ocr' | 'judgement';

/** Replaces whole lines `line`..`line + was.length - 1` with `now` (empty `now` drops them). */
export interface LinesFix {
  type: 'lines';
  kind: FixKind;
  /** 1-based line number in source/plan-document.txt */
  line: number;
  was: string[];
  now: string[];
  /** stage cells (by fiscal year) whose value this fix decided rather than read; they carry `why` as their note */
  decidedStages?: ShippedFiscalYear[];
  why: string;
}

/** Replaces one occurrence of `find` inside line `line`. */
export interface TextFix {
  type: 'text';
  kind: FixKind;
  line: number;
  find: string;
  replace: string;
  why: string;
}

export type Fix = LinesFix | TextFix;

export interface Ambiguity {
  topic: string;
  resolution: string;
}

export interface FixTable {
  fixes: Fix[];
  /** a 【再掲】 row's normalised name → the name of the item it relists, when they are written differently */
  relistingAliases: Record<string, { itemName: string; why: string }>;
  ambiguities: Ambiguity[];
}

const LOST_STAGE =
  'The three stage cells are empty in the OCR text (the printed arrow and its label were not captured). ' +
  'Judged 実施 from 2025, continued to 2027: the activity already runs (広報委員会 since 令和5年度, 広報紙 twice a year). ' +
  'Confirm against the printed plan; change it by a 計画の見直し if it differs.';

const cyrillic = (line: number, letter: 'A' | 'B' | 'C', was: string): TextFix => ({
  type: 'text',
  kind: 'ocr',
  line,
  find: was,
  replace: letter,
  why: `Grade letter read as the Cyrillic capital ${was} (U+${was.codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0')}); Latin ${letter}.`,
});

export const FIX_TABLE: FixTable = {
  fixes: [
    {
      type: 'text',
      kind: 'ocr',
      line: 360,
      find: 'サイバーセキュリティ一対策',
      replace: 'サイバーセキュリティー対策',
      why: 'The kanji 一 (one) read for the long-vowel mark ー.',
    },
    {
      type: 'text',
      kind: 'ocr',
      line: 405,
      find: '管理棟に関する',
      replace: '管理等に関する',
      why: '棟 (building) for 等 (etc.): the checklist is 「…預かり金品の管理等に関する6つのチェックポイント」.',
    },
    {
      type: 'lines',
      kind: 'ocr',
      line: 484,
      was: ['補助・委託事業に係る必要経費の要求\t力議 加議\t\t'],
      now: ['補助・委託事業に係る必要経費の要求\t協議\t\t'],
      decidedStages: [2025],
      why: '「力議 加議」 is no word: 協 (劦, three 力) broken up by OCR; read as 協議 (cf. 継続協議 in line 546). 2026 and 2027 are blank, so 協議 continues.',
    },
    {
      type: 'lines',
      kind: 'ocr',
      line: 502,
      was: ['大心境口(取り組み)\t(2025年度)\t(2026年度)\t(2027年度)'],
      now: ['実施項目(取り組み)\t(2025年度)\t(2026年度)\t(2027年度)'],
      why: 'Second line of the table header; 大心境口 is 実施項目 misread.',
    },
    {
      type: 'lines',
      kind: 'ocr',
      line: 503,
      was: ['動画やリーフレットの活用など広報\t検討\t実施\t', '内容の検討\t1742\t7 4,30\t'],
      now: ['動画やリーフレットの活用など広報内容の検討\t検討\t実施\t'],
      why: 'One row split over two lines: the name is joined; the second line\'s stage cells "1742" and "7 4,30" are OCR noise (no stage word) and dropped. 2027 is blank, so 実施 continues.',
    },
    {
      type: 'lines',
      kind: 'ocr',
      line: 505,
      was: ['利便性を考慮したオンラインによる\t調査・検討\t導入\t', '会費納入システムの検討\t\tサハ\t'],
      now: ['利便性を考慮したオンラインによる会費納入システムの検討\t調査・検討\t導入\t'],
      why: 'One row split over two lines: the name is joined; "サハ" under 導入 is OCR noise and dropped. 2027 is blank, so 導入 continues.',
    },
    {
      type: 'lines',
      kind: 'ocr',
      line: 527,
      was: ['(1)社協の事業・活動への理解促進とソーシャルアクションの強化'],
      now: ['①社協の事業・活動への理解促進とソーシャルアクションの強化'],
      why: 'The 取組テーマ number ① read as (1), which would make it a 推進項目; 計画の体系 (line 272) lists it as ① of (5).',
    },
    {
      type: 'lines',
      kind: 'ocr',
      line: 542,
      was: ['天肥項目(取り組み)\t(2025年度)\t(2026年度)\t(2027年度)'],
      now: ['実施項目(取り組み)\t(2025年度)\t(2026年度)\t(2027年度)'],
      why: 'Second line of the table header; 天肥項目 is 実施項目 misread.',
    },
    {
      type: 'lines',
      kind: 'ocr',
      line: 543,
      was: ['各計画を踏まえた本会における中長\t実施\t\t', '期的な指針の共有\t人 心\t\t'],
      now: ['各計画を踏まえた本会における中長期的な指針の共有\t実施\t\t'],
      why: 'One row split over two lines: the name is joined; "人 心" under 実施 is OCR noise and dropped.',
    },
    {
      type: 'lines',
      kind: 'judgement',
      line: 547,
      was: ['女心 「間切 す木 ツバ」台(大部)\t小性小りじけか直找\t\t'],
      now: [],
      why:
        'Unreadable line after the last row of (5)① (image OCR: 女心 is how 委託 reads in the ghost line 624, so it starts with 委託; ' +
        'perhaps 「委託・補助事業の内容検討(各部)」 with a 2025 stage of about nine characters). Neither its name nor its stages can be read, ' +
        'so it is NOT imported as an item. It may be a fourth row of (5)① whose text layer was lost: check the printed plan and add it by a 計画の見直し (AddItem) if so.',
    },
    {
      type: 'lines',
      kind: 'judgement',
      line: 582,
      was: ['定期的な広報委員会の開催\t\t\t'],
      now: ['定期的な広報委員会の開催\t実施\t\t'],
      decidedStages: [2025, 2026, 2027],
      why: LOST_STAGE,
    },
    {
      type: 'lines',
      kind: 'judgement',
      line: 583,
      was: ['広報に係る研修会への参加と勉強会\t\t\t', 'の開催\t\t\t'],
      now: ['広報に係る研修会への参加と勉強会の開催\t実施\t\t'],
      decidedStages: [2025, 2026, 2027],
      why: 'One row split over two lines (name joined). ' + LOST_STAGE,
    },
    {
      type: 'lines',
      kind: 'judgement',
      line: 585,
      was: ['広報紙・区事務所だよりの発行\t\t\t', '(年2回)\t\t\t'],
      now: ['広報紙・区事務所だよりの発行(年2回)\t実施\t\t'],
      decidedStages: [2025, 2026, 2027],
      why: 'One row split over two lines (name joined). ' + LOST_STAGE,
    },
    {
      type: 'lines',
      kind: 'ocr',
      line: 620,
      was: ['12183 - 131 - 131 - 131\t\t\t'],
      now: [],
      why: 'OCR noise from a graphic between the 推進目標 text and the table; dropped.',
    },
    {
      type: 'lines',
      kind: 'ocr',
      line: 623,
      was: [' 経営診断の実施(外部委託)\t経営診断実施\t結果に基づく運営方針\t', '性名秒例の 大 ル(外別安心) \t性名砂如 大 加 \tの決定及び実施\t'],
      now: ['経営診断の実施(外部委託)\t経営診断実施\t結果に基づく運営方針の決定及び実施\t'],
      why: 'The 2026 cell continues on line 624 (の決定及び実施, as in line 606); line 624\'s other cells are an OCR ghost of line 623 (性名秒例の 大 ル(外別安心) = 経営診断の実施(外部委託), 性名砂如 大 加 = 経営診断実施) and are dropped.',
    },
    {
      type: 'lines',
      kind: 'ocr',
      line: 640,
      was: ['動の信任は色色の色とは、人間自然とパングノーンに動のに進行したという。\t\t\t\t'],
      now: [],
      why: 'OCR ghost of the 推進目標 text above the table; no row. Dropped.',
    },
    {
      type: 'lines',
      kind: 'ocr',
      line: 642,
      was: ['校区社協行動計画策定推進\t見直し・検証\t\t(2021 1)27\t'],
      now: ['校区社協行動計画策定推進\t見直し・検証\t\t\t'],
      decidedStages: [2027],
      why: '"(2021 1)27" in the 2027 cell is the header\'s "(2027 年度)" leaking into the row, not a stage; read as blank, so 見直し・検証 continues (as in the 【再掲】 row 784).',
    },
    {
      type: 'text',
      kind: 'ocr',
      line: 658,
      find: '子育で中',
      replace: '子育て中',
      why: 'Dakuten misread: で for て (子育て中, as in line 654).',
    },
    {
      type: 'lines',
      kind: 'ocr',
      line: 660,
      was: ['212 0 12 0 0 0 12 1 2 0 0 1 2\t\tO\t'],
      now: [],
      why: 'OCR noise from a graphic above the table; dropped.',
    },
    {
      type: 'lines',
      kind: 'ocr',
      line: 692,
      was: ['推准日標'],
      now: ['推進目標'],
      why: 'Heading 推進目標 misread (准 for 進, 日 for 目).',
    },
    {
      type: 'lines',
      kind: 'ocr',
      line: 710,
      was: ['推准日標'],
      now: ['推進目標'],
      why: 'Heading 推進目標 misread (准 for 進, 日 for 目).',
    },
    {
      type: 'text',
      kind: 'ocr',
      line: 756,
      find: '·',
      replace: '・',
      why: 'Middle dot U+00B7 for the Japanese 中黒 ・ (計画の体系, line 303, has ・).',
    },
    {
      type: 'lines',
      kind: 'ocr',
      line: 801,
      was: ['Mention of the control of the contro\t\t\t\t'],
      now: [],
      why: 'OCR noise from a graphic above the table; dropped.',
    },
    {
      type: 'lines',
      kind: 'ocr',
      line: 952,
      was: ['管理職会議 〔議長〕事務局長\t\t\t〔議長〕事務局長'],
      now: ['管理職会議\t〔議長〕事務局長'],
      why: 'The chair 〔議長〕事務局長 is printed twice in the OCR text; kept once.',
    },
    {
      type: 'lines',
      kind: 'judgement',
      line: 953,
      was: ['構成\t課長級以上の職員\t役割\t計画の進捗管理及び評価検証(案)の検討評価検証委員会へ報告'],
      now: ['構成\t課長級以上の職員\t役割\t・計画の進捗管理及び評価検証(案)の検討・評価検証委員会へ報告'],
      why: 'Two duties run together without their bullets (…(案)の検討 | 評価検証委員会へ報告); split into two roles like the other bodies\' bullet lists.',
    },
    {
      type: 'lines',
      kind: 'ocr',
      line: 958,
      was: ['地域\t福祉推進会議(区事務所連携会議\t〔議長〕地域福祉部長\t'],
      now: ['地域福祉推進会議(区事務所連携会議)\t〔議長〕地域福祉部長'],
      why: 'The name is split into the side label 地域 and 福祉推進会議; the closing parenthesis of (区事務所連携会議) is missing.',
    },
    {
      type: 'lines',
      kind: 'ocr',
      line: 959,
      was: ['構\t構地域福祉部に所属する職員\t役割\t・各事業における課題整理', '成\t\t\t・課題解決に向けた意見出し'],
      now: ['構成\t地域福祉部に所属する職員\t役割\t・各事業における課題整理・課題解決に向けた意見出し'],
      why: 'The label 構成 is split over two lines and its 構 repeated into the members cell; the second role continues on line 960.',
    },
    {
      type: 'lines',
      kind: 'ocr',
      line: 962,
      was: ['生活\t支援推進会議\t\t〔議長〕生活支援部長'],
      now: ['生活支援推進会議\t〔議長〕生活支援部長'],
      why: 'The name is split into the side label 生活 and 支援推進会議.',
    },
    {
      type: 'lines',
      kind: 'ocr',
      line: 965,
      was: ['評価\t評価検証委員会(新設)\t\t'],
      now: ['評価検証委員会(新設)'],
      why: 'The side label 評価 is repeated before the name.',
    },
    cyrillic(981, 'A', 'А'),
    cyrillic(982, 'B', 'В'),
    cyrillic(983, 'C', 'С'),
    cyrillic(991, 'A', 'А'),
    cyrillic(992, 'B', 'В'),
    cyrillic(993, 'C', 'С'),
  ],
  relistingAliases: {
    いきいき市民福祉資金助成事業の活用: {
      itemName: 'いきいき市民福祉基金助成事業の活用',
      why: 'Line 684 writes 資金 where the original row (646) and the other three 【再掲】 rows (666, 702, 753) write 基金; the fund is the いきいき市民福祉基金. Same item; the printed name is kept on the listing.',
    },
  },
  ambiguities: [
    {
      topic: '施設・介護サービス部門 has no 推進会議 in 推進体制',
      resolution:
        'Configurable, default 総務推進会議 (general-affairs-meeting), so its items are owned by 総務部. The division carries ' +
        'promotionMeetingConfigurable: true; promotionMeetingForDivision(catalogue, divisionId, overrides) and ' +
        'owningDepartmentOfItem(catalogue, itemId, overrides) take an override map divisionId → meeting id.',
    },
    {
      topic: '部門 → 推進会議 for the other three divisions',
      resolution:
        'Not stated as a table in the document; paired by name as in docs/design.md: 法人経営部門 → 総務推進会議, ' +
        '地域福祉推進部門 → 地域福祉推進会議, 生活支援推進部門 → 生活支援推進会議.',
    },
    {
      topic: 'Blank cells, dashes and arrows in the schedule',
      resolution:
        'A blank cell, a missing trailing cell, or a dash/arrow (-, —, ——, ———, ─, →) after a value continues the previous ' +
        'year\'s stage (continued: true). So a row with only 2025 filled (e.g. 継続, 実施) plans that stage for all three years.',
    },
    {
      topic: 'Rows with the same name that are not marked 【再掲】',
      resolution:
        'Kept as separate items, because the document does not mark them as relistings: 経営診断の実施(外部委託) under ' +
        '2.(1)① 養護老人ホーム (606) and 2.(1)② 介護保険事業所 (623) are clearly two diagnoses; 日常生活自立支援事業契約締結審査会 ' +
        '(852, 925) and 法人後見事業運営委員会 (853, 924) under 4.(2)① and 4.(4)① are probably unmarked 【再掲】 rows, but that is ' +
        'the council\'s call: if so, retire the second by a 計画の見直し.',
    },
    {
      topic: '熊本市成年後見支援センター運営(相談受付のシステム化) (870) and 熊本市成年後見支援センター運営事業 (940)',
      resolution: 'Different names and schedules (新規/継続 vs 継続) and neither is 【再掲】: two items.',
    },
    {
      topic: 'A 【再掲】 row whose stages differ from its original row',
      resolution:
        'The item has one schedule, that of its primary (non-再掲) row; the relisting keeps its printed stages as printedSchedule. ' +
        'The cases are listed below.',
    },
    {
      topic: 'Names of 推進項目 and 取組テーマ that differ between 計画の体系 (ch. 2 §2) and the headings of §3',
      resolution: 'The §3 heading is the name; the outline\'s spelling is kept as outlineName. The cases are listed below.',
    },
    {
      topic: 'Spaces inside names and texts',
      resolution:
        'The PDF export leaves a space wherever a line wrapped (活用し た, QR コード, 65 歳); every name and text is normalised by ' +
        'removing whitespace next to a Japanese character (normaliseText). Paragraphs of 現状と課題 and 推進目標 are joined with a newline. ' +
        'These are not listed line by line.',
    },
    {
      topic: 'Percent bounds of the grade bands',
      resolution:
        'minPercent is the "N%以上" of each 定量 rule (A 100, B 80, C 60); D ("60%未満") has none. The upper bounds ("…%未満") are the next band\'s lower bound.',
    },
    {
      topic: 'Chair of the 評価検証委員会',
      resolution: 'The document names none (members are chosen from 理事, 評議員 and 監事): chair is null. (新設) is kept as newlyEstablished.',
    },
    {
      topic: 'Departments (部)',
      resolution: 'Taken from the 推進会議 members ("総務部に所属する職員" etc.): 総務部, 地域福祉部, 生活支援部.',
    },
    {
      topic: '官界団体 in 4.(4)② 推進目標 (line 935)',
      resolution: 'Left as written: possibly 関係団体, but not certain enough to change.',
    },
    {
      topic: '【再掲】 rows without an original',
      resolution: 'None: every 【再掲】 row matches exactly one earlier non-再掲 row of the same division (one through the alias above).',
    },
  ],
};
