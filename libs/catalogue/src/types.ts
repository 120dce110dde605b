/**
 * The shape of the plan catalogue (中期経営計画 FY2025–2027) as shipped in `data/plan.json`.
 * English code names follow the README's glossary.
 */

/** A fiscal year (西暦, April–March) of a plan period: any plan, not only the shipped one (2025–2027). */
export type FiscalYear = number;
/** The years of the shipped document, as the extractor reads them. */
export type ShippedFiscalYear = 2025 | 2026 | 2027;
/** The years of the shipped plan (the extractor's document). */
export const FISCAL_YEARS: readonly ShippedFiscalYear[] = [2025, 2026, 2027];

/** 部門 */
export interface Division {
  /** e.g. 'corporate-management' */
  id: string;
  /** 1..4, the number in the document ("1. 法人経営部門") */
  number: number;
  /** e.g. '法人経営部門' */
  name: string;
  /** the PromotionMeeting that reviews this division's items (施設・介護サービス部門: configurable, default 総務推進会議) */
  promotionMeetingId: string;
  /** true when the document does not name the reviewing PromotionMeeting and the value is a configurable default */
  promotionMeetingConfigurable?: boolean;
  topics: PromotionTopic[];
}

/** 推進項目 ((1), (2), …) */
export interface PromotionTopic {
  /** e.g. 'corporate-management/1' */
  id: string;
  number: number;
  name: string;
  /** the name as written in 計画の体系 (chapter 2 section 2) when it differs from the heading in section 3 */
  outlineName?: string;
  themes: Theme[];
}

/** 取組テーマ (①, ②, …) */
export interface Theme {
  /** e.g. 'corporate-management/1/1' */
  id: string;
  number: number;
  name: string;
  /** the name as written in 計画の体系 (chapter 2 section 2) when it differs from the heading in section 3 */
  outlineName?: string;
  /** 現状と課題 */
  currentSituation: string;
  /** 推進目標 */
  goal: string;
  listings: ItemListing[];
}

/** One row of a theme's 実施項目 table. A 【再掲】 row is a relisting of an item whose primary listing is elsewhere. */
export interface ItemListing {
  itemId: string;
  /** true for a 【再掲】 row */
  relisting: boolean;
  /** line of the row in source/plan-document.txt (the first line when the row was split over several) */
  sourceLine?: number;
  /** a 【再掲】 row's name as printed, when it differs from the item's name */
  printedName?: string;
  /** a 【再掲】 row's stages as printed, when they differ from the item's schedule (the item's primary row wins) */
  printedSchedule?: Record<FiscalYear, PlannedStage>;
}

/** A planned stage for one fiscal year, e.g. 検討 / 実施 / 導入. */
export interface PlannedStage {
  /** null when the document gives none at all for this year (see the catalogue's ambiguity list) */
  stage: string | null;
  /** true when the cell was an arrow or blank after a value and continues the previous year's stage */
  continued: boolean;
  /** present when the cell was not legible and its value was decided by judgement (required when stage is null); see FIXES.md */
  note?: string;
}

/** 実施項目: evaluated once per fiscal year wherever it is listed. */
export interface ImplementationItem {
  /** stable id, e.g. 'I-001' */
  id: string;
  name: string;
  divisionId: string;
  /** the theme of its primary (non-再掲) listing */
  themeId: string;
  schedule: Record<FiscalYear, PlannedStage>;
}

/** The review bodies of 推進体制 */
export interface ReviewBody {
  /** e.g. 'managers-meeting' (the shipped plan's ids are in data/plan.json) */
  id: string;
  kind: 'PromotionMeeting' | 'ManagersMeeting' | 'EvaluationCommittee';
  name: string;
  /** 〔議長〕, e.g. '総務部長' */
  chair: string | null;
  /** 構成 */
  members: string;
  /** 役割 */
  roles: string[];
  /** for a PromotionMeeting: the 部 (Department) whose staff it is made of */
  departmentId?: string;
  /** other names the document gives in parentheses, e.g. 区事務所連携会議 */
  alsoKnownAs?: string[];
  /** (新設): the body is new with this plan */
  newlyEstablished?: boolean;
  /** retired by a plan revision: kept for the names of history, offered for no new use */
  retired?: boolean;
}

/** 部 of the council's organisation that owns items and sits in a PromotionMeeting */
export interface Department {
  /** a stable id, e.g. the shipped plan's ids in data/plan.json */
  id: string;
  name: string;
  /** retired by a plan revision: kept for the names of history, offered for no new use */
  retired?: boolean;
}

/** A grade band of 第3章 */
export interface GradeBand {
  grade: 'A' | 'B' | 'C' | 'D';
  /** 計画通り / ほぼ計画通り / やや遅れている / 遅れている */
  label: string;
  /** 定量: lower bound of achievement in percent (inclusive); null for D */
  minPercent: number | null;
  /** 定量 考え方 as written */
  quantitativeRule: string;
  /** 定性 考え方 as written */
  qualitativeRule: string;
}

export interface EvaluationRules {
  quantitative: string;
  qualitative: string;
  /** ≪総合評価≫ as written */
  overall: string;
  bands: GradeBand[];
}

export interface PlanCatalogue {
  title: string;
  period: { from: FiscalYear; to: FiscalYear };
  /** source document the data was read from */
  source: string;
  /** SHA-256 (hex) of the source document's bytes */
  sourceSha256?: string;
  departments: Department[];
  reviewBodies: ReviewBody[];
  divisions: Division[];
  items: ImplementationItem[];
  evaluationRules: EvaluationRules;
}
