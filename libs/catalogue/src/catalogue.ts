import type {
  Department,
  Division,
  ImplementationItem,
  ItemListing,
  PlanCatalogue,
  PromotionTopic,
  ReviewBody,
  Theme,
} from './types.js';
import { FISCAL_YEARS } from './types.js';

/** Where one listing of an item sits in the catalogue. */
export interface ListingLocation {
  listing: ItemListing;
  theme: Theme;
  topic: PromotionTopic;
  division: Division;
}

/** divisionId → PromotionMeeting id, replacing the catalogue's default (e.g. for 施設・介護サービス部門). */
export type PromotionMeetingOverrides = Readonly<Record<string, string>>;

export class CatalogueLookupError extends Error {
  override name = 'CatalogueLookupError';
}

export function findItem(catalogue: PlanCatalogue, itemId: string): ImplementationItem | undefined {
  return catalogue.items.find((i) => i.id === itemId);
}

function requireItem(catalogue: PlanCatalogue, itemId: string): ImplementationItem {
  const item = findItem(catalogue, itemId);
  if (!item) throw new CatalogueLookupError(`実施項目 ${itemId} は計画にありません`);
  return item;
}

/** Every listing of an item in document order: its primary row and its 【再掲】 rows. */
export function listingsOfItem(catalogue: PlanCatalogue, itemId: string): ListingLocation[] {
  const found: ListingLocation[] = [];
  for (const division of catalogue.divisions) {
    for (const topic of division.topics) {
      for (const theme of topic.themes) {
        for (const listing of theme.listings) {
          if (listing.itemId === itemId) found.push({ listing, theme, topic, division });
        }
      }
    }
  }
  return found;
}

export function findDivision(catalogue: PlanCatalogue, divisionId: string): Division | undefined {
  return catalogue.divisions.find((d) => d.id === divisionId);
}

export function divisionOfItem(catalogue: PlanCatalogue, itemId: string): Division {
  const item = requireItem(catalogue, itemId);
  const division = findDivision(catalogue, item.divisionId);
  if (!division) throw new CatalogueLookupError(`部門 ${item.divisionId} は計画にありません`);
  return division;
}

/**
 * The 推進会議 that reviews a division's items. The document names none for 施設・介護サービス部門, so its default
 * (総務推進会議) can be replaced through `overrides`.
 */
export function promotionMeetingForDivision(
  catalogue: PlanCatalogue,
  divisionId: string,
  overrides: PromotionMeetingOverrides = {},
): ReviewBody {
  const division = findDivision(catalogue, divisionId);
  if (!division) throw new CatalogueLookupError(`部門 ${divisionId} は計画にありません`);
  const meetingId = overrides[divisionId] ?? division.promotionMeetingId;
  const meeting = catalogue.reviewBodies.find((b) => b.id === meetingId);
  if (!meeting || meeting.kind !== 'PromotionMeeting') {
    throw new CatalogueLookupError(`${division.name} の審査機関 ${meetingId} は推進会議ではありません`);
  }
  return meeting;
}

/** The 部 owning an item: the department whose 推進会議 reviews the item's division. */
export function owningDepartmentOfItem(
  catalogue: PlanCatalogue,
  itemId: string,
  overrides: PromotionMeetingOverrides = {},
): Department {
  const meeting = promotionMeetingForDivision(catalogue, requireItem(catalogue, itemId).divisionId, overrides);
  const department = catalogue.departments.find((d) => d.id === meeting.departmentId);
  if (!department) throw new CatalogueLookupError(`${meeting.name} に所属する部がありません`);
  return department;
}

export interface CatalogueCounts {
  divisions: number;
  topics: number;
  themes: number;
  /** 実施項目 table rows, 【再掲】 rows included */
  listings: number;
  /** 【再掲】 rows */
  relistings: number;
  /** distinct items (rows without 【再掲】) */
  items: number;
}

export function catalogueCounts(catalogue: PlanCatalogue): CatalogueCounts {
  const topics = catalogue.divisions.flatMap((d) => d.topics);
  const themes = topics.flatMap((t) => t.themes);
  const listings = themes.flatMap((t) => t.listings);
  return {
    divisions: catalogue.divisions.length,
    topics: topics.length,
    themes: themes.length,
    listings: listings.length,
    relistings: listings.filter((l) => l.relisting).length,
    items: catalogue.items.length,
  };
}

export interface CatalogueProblem {
  /** where, e.g. 'items[3].schedule.2026' or a theme id */
  path: string;
  message: string;
}

/** Integrity of a catalogue: returns every problem found (an empty list when it is sound). */
export function validateCatalogue(catalogue: PlanCatalogue): CatalogueProblem[] {
  const problems: CatalogueProblem[] = [];
  const problem = (path: string, message: string) => problems.push({ path, message });
  const unique = (what: string, ids: string[]) => {
    const seen = new Set<string>();
    for (const id of ids) {
      if (seen.has(id)) problem(what, `duplicate id ${id}`);
      seen.add(id);
    }
  };

  if (catalogue.period.from !== FISCAL_YEARS[0] || catalogue.period.to !== FISCAL_YEARS.at(-1)) {
    problem('period', `period ${catalogue.period.from}–${catalogue.period.to} is not ${FISCAL_YEARS[0]}–${FISCAL_YEARS.at(-1)}`);
  }

  const departments = new Set(catalogue.departments.map((d) => d.id));
  unique('departments', catalogue.departments.map((d) => d.id));
  unique('reviewBodies', catalogue.reviewBodies.map((b) => b.id));
  for (const kind of ['ManagersMeeting', 'EvaluationCommittee'] as const) {
    const n = catalogue.reviewBodies.filter((b) => b.kind === kind).length;
    if (n !== 1) problem('reviewBodies', `expected one ${kind}, found ${n}`);
  }
  for (const body of catalogue.reviewBodies) {
    if (body.kind === 'PromotionMeeting' && (!body.departmentId || !departments.has(body.departmentId))) {
      problem(`reviewBodies.${body.id}`, `推進会議 without a known department (${body.departmentId ?? 'none'})`);
    }
    if (body.members.trim() === '') problem(`reviewBodies.${body.id}`, 'no members');
  }

  const topics = catalogue.divisions.flatMap((d) => d.topics);
  const themes = topics.flatMap((t) => t.themes);
  unique('divisions', catalogue.divisions.map((d) => d.id));
  unique('topics', topics.map((t) => t.id));
  unique('themes', themes.map((t) => t.id));
  unique('items', catalogue.items.map((i) => i.id));

  const items = new Map(catalogue.items.map((i) => [i.id, i]));
  const primaries = new Map<string, { theme: Theme; division: Division }[]>();
  const listed = new Set<string>();
  for (const division of catalogue.divisions) {
    const meeting = catalogue.reviewBodies.find((b) => b.id === division.promotionMeetingId);
    if (!meeting || meeting.kind !== 'PromotionMeeting') {
      problem(division.id, `promotionMeetingId ${division.promotionMeetingId} is not a 推進会議`);
    }
    if (division.topics.length === 0) problem(division.id, 'no 推進項目');
    division.topics.forEach((topic, k) => {
      if (topic.number !== k + 1) problem(topic.id, `numbered ${topic.number}, expected ${k + 1}`);
      if (topic.themes.length === 0) problem(topic.id, 'no 取組テーマ');
      topic.themes.forEach((theme, j) => {
        if (theme.number !== j + 1) problem(theme.id, `numbered ${theme.number}, expected ${j + 1}`);
        if (theme.currentSituation.trim() === '') problem(theme.id, 'no 現状と課題');
        if (theme.goal.trim() === '') problem(theme.id, 'no 推進目標');
        if (theme.listings.length === 0) problem(theme.id, 'no 実施項目');
        theme.listings.forEach((listing, n) => {
          const path = `${theme.id}.listings[${n}]`;
          if (!items.has(listing.itemId)) {
            problem(path, `lists unknown item ${listing.itemId}`);
            return;
          }
          listed.add(listing.itemId);
          if (!listing.relisting) {
            const list = primaries.get(listing.itemId) ?? [];
            list.push({ theme, division });
            primaries.set(listing.itemId, list);
          }
        });
      });
    });
  }

  catalogue.items.forEach((item, k) => {
    const path = `items[${k}] ${item.id}`;
    if (item.name.trim() === '') problem(path, 'no name');
    const primary = primaries.get(item.id) ?? [];
    if (primary.length !== 1) {
      problem(path, `has ${primary.length} primary (non-再掲) listings, expected 1`);
    } else {
      if (primary[0]!.theme.id !== item.themeId) problem(path, `themeId ${item.themeId} is not its primary listing's ${primary[0]!.theme.id}`);
      if (primary[0]!.division.id !== item.divisionId) problem(path, `divisionId ${item.divisionId} is not its primary listing's ${primary[0]!.division.id}`);
    }
    let previous: string | null | undefined;
    FISCAL_YEARS.forEach((year, n) => {
      const cell = item.schedule?.[year];
      const at = `${path}.schedule.${year}`;
      if (!cell) {
        problem(at, 'no planned stage');
        return;
      }
      if (cell.stage === null && !cell.note) problem(at, 'stage is null without a recorded reason (note)');
      if (cell.stage !== null && cell.stage.trim() === '') problem(at, 'empty stage');
      if (cell.continued && (n === 0 || cell.stage !== previous)) problem(at, 'continued, but does not continue the previous year\'s stage');
      previous = cell.stage;
    });
  });
  for (const id of items.keys()) if (!listed.has(id)) problem(`items ${id}`, 'not listed under any theme');

  const rules = catalogue.evaluationRules;
  for (const key of ['quantitative', 'qualitative', 'overall'] as const) {
    if (rules[key].trim() === '') problem(`evaluationRules.${key}`, 'empty');
  }
  const bands = rules.bands;
  if (bands.map((b) => b.grade).join('') !== 'ABCD') problem('evaluationRules.bands', 'grades are not A, B, C, D in order');
  bands.forEach((band, k) => {
    const isLast = k === bands.length - 1;
    if (isLast !== (band.minPercent === null)) problem(`evaluationRules.bands.${band.grade}`, 'only the last band has no lower bound');
    const next = bands[k + 1]?.minPercent;
    if (band.minPercent !== null && next != null && next >= band.minPercent) {
      problem(`evaluationRules.bands.${band.grade}`, 'lower bounds must decrease from A to D');
    }
  });
  return problems;
}
