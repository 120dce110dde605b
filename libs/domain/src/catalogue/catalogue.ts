import type { ImplementationItem, PlanCatalogue, PlannedStage } from '@hyoka/catalogue';
import { IllegalTransitionError, NotFoundError, ValidationError } from '../shared/errors.js';
import type { Command, DomainEvent } from '../shared/json.js';
import { requireAuthorized, type CommandContext } from '../shared/context.js';
import { invalid, LIMITS, optionalText, requireId, requireObject, requireText, requireTimestamp } from '../shared/validation.js';
import type { EvaluationItem } from '../evaluation/types.js';
import { formatFiscalYear } from '../fiscal-year/fiscal-year.js';
import {
  decideOpenPlanPeriod,
  describePeriods,
  evolvePlanPeriodOpened,
  periodStateFor,
  type OpenPlanPeriod,
  type PlanPeriodOpened,
  type PlanPeriodOpening,
  type PlanPeriodState,
} from './period.js';
import {
  decideStructure,
  evolveStructure,
  isStructureCommand,
  isStructureEvent,
  liveTheme,
  STRUCTURE_COMMAND_TYPES,
  subjectOf,
  withoutRetiredLevels,
  type PlanLevel,
  type RetiredLevel,
  type StructureCommand,
  type StructureEvent,
} from './structure.js';
import {
  decideOrganisation,
  evolveOrganisation,
  isOrganisationCommand,
  isOrganisationEvent,
  organisationSubject,
  ORGANISATION_COMMAND_TYPES,
  type OrganisationCommand,
  type OrganisationEvent,
} from './organisation.js';

// ---- state ----

/** 計画の見直し, as listed in the catalogue's revision history. */
export type PlanRevision = {
  type: 'PlanItemScheduleChanged' | 'PlanItemAdded' | 'PlanItemRetired' | 'PlanItemRenamed' | StructureEvent['type'] | OrganisationEvent['type'] | 'PlanPeriodOpened';
  /**
   * the level revised and the id of its entry (for a 【再掲】 listing: the theme; for a 推進会議 mapping: the 部門; for a
   * period opened: 'period' and 2028-2030)
   */
  level: PlanLevel | 'department' | 'reviewBody' | 'period';
  id: string;
  /** the same as `id`: what the revision is about (the item, 部, 会議体 or 部門) */
  subjectId: string;
  /** the item concerned, for item and listing revisions */
  itemId?: string;
  reason: string;
  approvedBy: string;
  by: string;
  at: string;
};

export type RetiredItem = { itemId: string; fromFiscalYear: number; reason: string; approvedBy: string; at: string };

export type CatalogueState =
  | { status: 'Empty' }
  | {
      status: 'Imported';
      /** the catalogue of the period in force (the latest one) */
      catalogue: PlanCatalogue;
      retired: Record<string, RetiredItem>;
      revisions: PlanRevision[];
      /** 部門・推進項目・取組テーマ retired, by `retiredLevelKey` (see structure.ts) */
      retiredLevels?: Record<string, RetiredLevel>;
      /** for a period after the first: when and why it was opened (see period.ts) */
      opened?: PlanPeriodOpening;
      /** the finished periods before it, oldest first (absent while there is one) */
      earlier?: PlanPeriodState[];
    };

export const initialCatalogueState = (): CatalogueState => ({ status: 'Empty' });

// ---- commands ----

type Revision = { reason: string; approvedBy: string };
export type ImportPlanCatalogue = Command<'ImportPlanCatalogue', { catalogue: PlanCatalogue }>;
/** Sets one year's planned stage (null: none); later years that continued it (arrow cells) follow. */
export type ChangeItemSchedule = Command<'ChangeItemSchedule', Revision & { itemId: string; fiscalYear: number; stage: string | null }>;
export type AddItem = Command<
  'AddItem',
  Revision & { item: { id: string; name: string; divisionId: string; themeId: string; schedule: Record<string, string | null> } }
>;
/** Retires an item from `fromFiscalYear` on; evaluations of earlier years stay valid. */
export type RetireItem = Command<'RetireItem', Revision & { itemId: string; fromFiscalYear: number }>;
export type RenameItem = Command<'RenameItem', Revision & { itemId: string; name: string }>;
export type CatalogueCommand = ImportPlanCatalogue | ChangeItemSchedule | AddItem | RetireItem | RenameItem | OpenPlanPeriod | StructureCommand | OrganisationCommand;
export const CATALOGUE_COMMAND_TYPES: readonly CatalogueCommand['type'][] = [
  'ImportPlanCatalogue',
  'OpenPlanPeriod',
  'ChangeItemSchedule',
  'AddItem',
  'RetireItem',
  'RenameItem',
  ...STRUCTURE_COMMAND_TYPES,
  ...ORGANISATION_COMMAND_TYPES,
];

// ---- events ----

type Meta = { by: string; actingAs: string; at: string };
type RevisionMeta = Meta & Revision;
export type PlanCatalogueImported = DomainEvent<'PlanCatalogueImported', Meta & { catalogue: PlanCatalogue }>;
export type PlanItemScheduleChanged = DomainEvent<
  'PlanItemScheduleChanged',
  RevisionMeta & { itemId: string; fiscalYear: number; from: PlannedStage; to: PlannedStage; schedule: ImplementationItem['schedule'] }
>;
export type PlanItemAdded = DomainEvent<'PlanItemAdded', RevisionMeta & { item: ImplementationItem }>;
export type PlanItemRetired = DomainEvent<'PlanItemRetired', RevisionMeta & { itemId: string; fromFiscalYear: number }>;
export type PlanItemRenamed = DomainEvent<'PlanItemRenamed', RevisionMeta & { itemId: string; from: string; to: string }>;
export type CatalogueEvent = PlanCatalogueImported | PlanItemScheduleChanged | PlanItemAdded | PlanItemRetired | PlanItemRenamed | PlanPeriodOpened | StructureEvent | OrganisationEvent;

// ---- structural check of an imported catalogue ----

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

const yearsOf = (catalogue: PlanCatalogue): number[] => {
  const years: number[] = [];
  for (let y = catalogue.period.from; y <= catalogue.period.to; y++) years.push(y);
  return years;
};

/** Problems that would make the catalogue unusable for evaluations; an empty list when it is sound. */
export function catalogueProblems(value: unknown): string[] {
  if (!isObject(value)) return ['計画カタログがオブジェクトではありません'];
  const problems: string[] = [];
  const { period, departments, reviewBodies, divisions, items } = value as Record<string, unknown>;
  if (!isObject(period) || !Number.isInteger(period.from) || !Number.isInteger(period.to) || (period.from as number) > (period.to as number)) {
    problems.push('period(計画期間)が正しくありません');
  }
  for (const [name, list] of Object.entries({ departments, reviewBodies, divisions, items })) {
    if (!Array.isArray(list)) problems.push(`${name} が配列ではありません`);
  }
  if (problems.length) return problems;
  const catalogue = value as unknown as PlanCatalogue;
  const departmentIds = new Set(catalogue.departments.map((d) => d.id));
  const meetings = new Map(catalogue.reviewBodies.filter((b) => b.kind === 'PromotionMeeting').map((b) => [b.id, b]));
  const themes = new Map<string, string>();
  for (const division of catalogue.divisions) {
    const meeting = meetings.get(division.promotionMeetingId);
    if (!meeting) problems.push(`部門 ${division.id} の推進会議 ${division.promotionMeetingId} がありません`);
    else if (!meeting.departmentId || !departmentIds.has(meeting.departmentId)) problems.push(`推進会議 ${meeting.id} の部がありません`);
    for (const topic of division.topics ?? []) for (const theme of topic.themes ?? []) themes.set(theme.id, division.id);
  }
  const itemIds = new Set<string>();
  for (const item of catalogue.items) {
    if (typeof item?.id !== 'string' || item.id === '') {
      problems.push('IDのない実施項目があります');
      continue;
    }
    if (itemIds.has(item.id)) problems.push(`実施項目 ${item.id} が重複しています`);
    itemIds.add(item.id);
    if (typeof item.name !== 'string' || item.name.trim() === '') problems.push(`実施項目 ${item.id} に名称がありません`);
    if (themes.get(item.themeId) !== item.divisionId) problems.push(`実施項目 ${item.id} の取組テーマ ${item.themeId} が部門 ${item.divisionId} にありません`);
    for (const year of yearsOf(catalogue)) {
      const cell = (item.schedule as Record<number, PlannedStage> | undefined)?.[year];
      if (!isObject(cell) || (cell.stage !== null && typeof cell.stage !== 'string') || typeof cell.continued !== 'boolean') {
        problems.push(`実施項目 ${item.id} の${year}年度の計画段階が正しくありません`);
      }
    }
  }
  for (const division of catalogue.divisions) {
    for (const topic of division.topics ?? []) {
      for (const theme of topic.themes ?? []) {
        for (const listing of theme.listings ?? []) {
          if (!itemIds.has(listing.itemId)) problems.push(`取組テーマ ${theme.id} が存在しない実施項目 ${listing.itemId} を掲載しています`);
        }
      }
    }
  }
  return problems;
}

// ---- decide ----

function imported(state: CatalogueState) {
  if (state.status !== 'Imported') throw new IllegalTransitionError('計画カタログがまだ取り込まれていません');
  return state;
}

function liveItem(state: Extract<CatalogueState, { status: 'Imported' }>, itemId: unknown): ImplementationItem {
  const id = requireId(itemId, 'itemId');
  const item = state.catalogue.items.find((i) => i.id === id);
  if (!item) throw new NotFoundError(`実施項目 ${id} は計画にありません`);
  if (state.retired[id]) throw new IllegalTransitionError(`実施項目 ${id} は${formatFiscalYear(state.retired[id].fromFiscalYear)}から廃止されています`);
  return item;
}

function requirePlanYear(catalogue: PlanCatalogue, value: unknown, field: 'fiscalYear' | 'fromFiscalYear'): number {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < catalogue.period.from || value > catalogue.period.to) {
    throw invalid(field, `「年度」は計画期間(${catalogue.period.from}〜${catalogue.period.to}年度)の中で指定してください`);
  }
  return value;
}

const requireStage = (value: unknown): string | null => optionalText(value, 'stage', { max: LIMITS.stage });

function revision(data: Record<string, unknown>): Revision {
  return {
    reason: requireText(data.reason, 'reason', { max: LIMITS.reason, multiline: true }),
    approvedBy: requireText(data.approvedBy, 'approvedBy', { max: LIMITS.approvedBy }),
  };
}

/** The schedule after setting one year; later years that continued (arrow cells) the old value follow the new one. */
function rescheduled(catalogue: PlanCatalogue, item: ImplementationItem, year: number, stage: string | null): ImplementationItem['schedule'] {
  const schedule = structuredClone(item.schedule) as Record<number, PlannedStage>;
  schedule[year] = { stage, continued: false };
  for (const later of yearsOf(catalogue).filter((y) => y > year)) {
    const cell = schedule[later];
    if (!cell?.continued) break;
    schedule[later] = { stage, continued: true };
  }
  return schedule as ImplementationItem['schedule'];
}

/** decide for the plan catalogue stream (plan-catalogue): the import and each 計画の見直し with its reason and approver. */
export function decideCatalogue(command: CatalogueCommand, state: CatalogueState, ctx: CommandContext): CatalogueEvent[] {
  if (!(CATALOGUE_COMMAND_TYPES as readonly string[]).includes(command?.type)) {
    throw new ValidationError(`不明な計画カタログのコマンドです: ${String(command?.type).slice(0, 50)}`);
  }
  const at = requireTimestamp(ctx.now);
  const actingAs = requireAuthorized(ctx.actor, command.type);
  const meta: Meta = { by: ctx.actor.userId, actingAs, at };
  const data = requireObject(command.data ?? {}, 'data');
  if (isStructureCommand(command)) return decideStructure(command, imported(state), meta, revision(data));
  if (isOrganisationCommand(command)) return decideOrganisation(command, imported(state), { ...meta, ...revision(data) });

  switch (command.type) {
    case 'ImportPlanCatalogue': {
      if (state.status === 'Imported') throw new IllegalTransitionError('計画カタログは既に取り込まれています。変更は計画の見直しとして記録してください');
      const problems = catalogueProblems(data.catalogue);
      if (problems.length) {
        throw new ValidationError(`計画カタログに問題があります(${problems.length}件): ${problems.slice(0, 5).join('、')}`, {
          field: 'catalogue',
          problems,
        });
      }
      return [{ type: 'PlanCatalogueImported', data: { ...meta, catalogue: structuredClone(data.catalogue as PlanCatalogue) } }];
    }
    case 'ChangeItemSchedule': {
      const current = imported(state);
      const item = liveItem(current, data.itemId);
      const fiscalYear = requirePlanYear(current.catalogue, data.fiscalYear, 'fiscalYear');
      const stage = requireStage(data.stage);
      const from = (item.schedule as Record<number, PlannedStage>)[fiscalYear] ?? { stage: null, continued: false };
      if (from.stage === stage) throw new IllegalTransitionError(`${formatFiscalYear(fiscalYear)}の計画段階は既に「${stage ?? 'なし'}」です`);
      const schedule = rescheduled(current.catalogue, item, fiscalYear, stage);
      return [
        {
          type: 'PlanItemScheduleChanged',
          data: { ...meta, ...revision(data), itemId: item.id, fiscalYear, from, to: { stage, continued: false }, schedule },
        },
      ];
    }
    case 'AddItem': {
      const current = imported(state);
      const input = requireObject(data.item, 'itemId');
      const id = requireId(input.id, 'itemId');
      if (current.catalogue.items.some((i) => i.id === id)) throw new IllegalTransitionError(`実施項目ID ${id} は既に使われています`);
      const name = requireText(input.name, 'name', { max: LIMITS.name });
      const divisionId = requireId(input.divisionId, 'divisionId');
      const division = current.catalogue.divisions.find((d) => d.id === divisionId);
      if (!division) throw new NotFoundError(`部門 ${divisionId} は計画にありません`);
      const themeId = requireId(input.themeId, 'themeId');
      if (!division.topics.some((t) => t.themes.some((th) => th.id === themeId))) {
        throw new NotFoundError(`取組テーマ ${themeId} は ${division.name} にありません`);
      }
      liveTheme(current, themeId);
      const stages = input.schedule === undefined || input.schedule === null ? {} : requireObject(input.schedule, 'schedule');
      const schedule = Object.fromEntries(
        yearsOf(current.catalogue).map((year) => [year, { stage: requireStage(stages[String(year)]), continued: false }]),
      ) as unknown as ImplementationItem['schedule'];
      const item: ImplementationItem = { id, name, divisionId, themeId, schedule };
      return [{ type: 'PlanItemAdded', data: { ...meta, ...revision(data), item } }];
    }
    case 'RetireItem': {
      const current = imported(state);
      const item = liveItem(current, data.itemId);
      const fromFiscalYear = requirePlanYear(current.catalogue, data.fromFiscalYear, 'fromFiscalYear');
      return [{ type: 'PlanItemRetired', data: { ...meta, ...revision(data), itemId: item.id, fromFiscalYear } }];
    }
    case 'RenameItem': {
      const current = imported(state);
      const item = liveItem(current, data.itemId);
      const name = requireText(data.name, 'name', { max: LIMITS.name });
      if (name === item.name) throw new IllegalTransitionError(`実施項目 ${item.id} の名称は既に「${name}」です`);
      return [{ type: 'PlanItemRenamed', data: { ...meta, ...revision(data), itemId: item.id, from: item.name, to: name } }];
    }
    case 'OpenPlanPeriod':
      return decideOpenPlanPeriod(data, state, meta);
    default: {
      const unhandled: never = command;
      throw new ValidationError(`不明な計画カタログのコマンドです: ${JSON.stringify(unhandled).slice(0, 50)}`);
    }
  }
}

// ---- evolve ----

const withItem = (catalogue: PlanCatalogue, itemId: string, change: (item: ImplementationItem) => ImplementationItem): PlanCatalogue => ({
  ...catalogue,
  items: catalogue.items.map((item) => (item.id === itemId ? change(item) : item)),
});

export function evolveCatalogue(state: CatalogueState, event: CatalogueEvent | { type: string; data: unknown }): CatalogueState {
  const e = event as CatalogueEvent;
  if (e.type === 'PlanCatalogueImported') return { status: 'Imported', catalogue: e.data.catalogue, retired: {}, revisions: [] };
  if (state.status !== 'Imported') return state;
  if (e.type === 'PlanPeriodOpened') return evolvePlanPeriodOpened(state, e);
  if (isStructureEvent(e)) {
    const { reason, approvedBy, by, at } = e.data;
    const subject = subjectOf(e);
    return { ...evolveStructure(state, e), revisions: [...state.revisions, { type: e.type, ...subject, subjectId: subject.id, reason, approvedBy, by, at }] };
  }
  if (isOrganisationEvent(e)) {
    const { reason, approvedBy, by, at } = e.data;
    const id = organisationSubject(e);
    const level = e.type.startsWith('Department') ? 'department' : e.type.startsWith('ReviewBody') ? 'reviewBody' : 'division';
    return { ...state, catalogue: evolveOrganisation(state.catalogue, e), revisions: [...state.revisions, { type: e.type, level, id, subjectId: id, reason, approvedBy, by, at }] };
  }
  const record = (itemId: string): PlanRevision[] => [
    ...state.revisions,
    { type: e.type as PlanRevision['type'], level: 'item', id: itemId, subjectId: itemId, itemId, reason: (e.data as Revision).reason, approvedBy: (e.data as Revision).approvedBy, by: (e.data as Meta).by, at: (e.data as Meta).at },
  ];
  switch (e.type) {
    case 'PlanItemScheduleChanged':
      return { ...state, catalogue: withItem(state.catalogue, e.data.itemId, (item) => ({ ...item, schedule: e.data.schedule })), revisions: record(e.data.itemId) };
    case 'PlanItemRenamed':
      return { ...state, catalogue: withItem(state.catalogue, e.data.itemId, (item) => ({ ...item, name: e.data.to })), revisions: record(e.data.itemId) };
    case 'PlanItemAdded': {
      const { item } = e.data;
      const catalogue: PlanCatalogue = {
        ...state.catalogue,
        items: [...state.catalogue.items, item],
        divisions: state.catalogue.divisions.map((division) =>
          division.id !== item.divisionId
            ? division
            : {
                ...division,
                topics: division.topics.map((topic) => ({
                  ...topic,
                  themes: topic.themes.map((theme) =>
                    theme.id === item.themeId ? { ...theme, listings: [...theme.listings, { itemId: item.id, relisting: false }] } : theme,
                  ),
                })),
              },
        ),
      };
      return { ...state, catalogue, revisions: record(item.id) };
    }
    case 'PlanItemRetired': {
      const { itemId, fromFiscalYear, reason, approvedBy, at } = e.data;
      return { ...state, retired: { ...state.retired, [itemId]: { itemId, fromFiscalYear, reason, approvedBy, at } }, revisions: record(itemId) };
    }
    default:
      return state;
  }
}

export const foldCatalogue = (events: readonly { type: string; data: unknown }[]): CatalogueState =>
  events.reduce<CatalogueState>(evolveCatalogue, initialCatalogueState());

// ---- the plan as of a date ----

/** When an event happened: metadata.occurredAt, else the time in its data, else when the store recorded it. */
function timeOf(event: { data: unknown; metadata?: { occurredAt?: string }; recordedAt?: string }): number {
  const at = event.metadata?.occurredAt ?? (isObject(event.data) && typeof event.data.at === 'string' ? event.data.at : undefined) ?? event.recordedAt;
  return at === undefined ? Number.NaN : Date.parse(at);
}

/**
 * The instant a date means: an ISO timestamp as given; a bare date (YYYY-MM-DD) means the end of that day in Japan
 * (UTC+9), so revisions recorded on that day are included.
 */
export function asOfInstant(asOf: string): number {
  if (typeof asOf === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(asOf)) {
    const start = Date.parse(`${asOf}T00:00:00+09:00`);
    if (!Number.isNaN(start)) return start + 24 * 60 * 60 * 1000 - 1;
  } else if (typeof asOf === 'string' && /^\d{4}-\d{2}-\d{2}T/.test(asOf) && !Number.isNaN(Date.parse(asOf))) {
    return Date.parse(asOf);
  }
  throw new ValidationError('日付は YYYY-MM-DD か ISO 8601 の日時で指定してください', { field: 'asOf' });
}

type TimedEvent = { type: string; data: unknown; metadata?: { occurredAt?: string }; recordedAt?: string };

/** The catalogue stream folded up to `asOf` (events are in stream order; later ones are ignored). */
export function catalogueAsOf(events: readonly TimedEvent[], asOf: string): CatalogueState {
  const limit = asOfInstant(asOf);
  return foldCatalogue(events.filter((event) => timeOf(event) <= limit));
}

/**
 * The plan as it stood at `asOf`, or null before the import. Items retired from the first plan year are left out
 * with their listings; items retired later keep their earlier years and show no stage from the retirement on.
 */
export function planAsOf(events: readonly TimedEvent[], asOf: string): PlanCatalogue | null {
  const state = catalogueAsOf(events, asOf);
  return state.status === 'Imported' ? currentPlan(state) : null;
}

/** The plan of the period a fiscal year belongs to, retirements applied; null when no period holds the year. */
export function planForYear(state: CatalogueState, fiscalYear: number): PlanCatalogue | null {
  const period = periodStateFor(state, fiscalYear);
  return period ? currentPlan(period) : null;
}

/** The plan of an imported catalogue state (its period in force) with retirements applied (see `planAsOf`). */
export function currentPlan(state: Extract<CatalogueState, { status: 'Imported' }>): PlanCatalogue {
  const { retired } = state;
  const catalogue = withoutRetiredLevels(state.catalogue, state.retiredLevels);
  const gone = new Set(Object.values(retired).filter((r) => r.fromFiscalYear <= catalogue.period.from).map((r) => r.itemId));
  return {
    ...catalogue,
    items: catalogue.items
      .filter((item) => !gone.has(item.id))
      .map((item) => {
        const retirement = retired[item.id];
        if (!retirement) return item;
        const schedule = Object.fromEntries(
          Object.entries(item.schedule).map(([year, cell]) => [year, Number(year) >= retirement.fromFiscalYear ? { stage: null, continued: false } : cell]),
        ) as unknown as ImplementationItem['schedule'];
        return { ...item, schedule };
      }),
    divisions: catalogue.divisions.map((division) => ({
      ...division,
      topics: division.topics.map((topic) => ({
        ...topic,
        themes: topic.themes.map((theme) => ({ ...theme, listings: theme.listings.filter((l) => !gone.has(l.itemId)) })),
      })),
    })),
  };
}

/**
 * The evaluation context's item: its division, reviewing 推進会議 and owning 部, and the year's planned stage.
 * The owner is read from the plan in force, so a 部門 remapped to another 推進会議 moves its open evaluations there
 * (docs/design.md "The plan and the organisation are data").
 */
export function itemContext(state: CatalogueState, itemId: string, fiscalYear: number): EvaluationItem {
  if (state.status !== 'Imported') throw new NotFoundError('計画カタログがまだ取り込まれていません');
  // the plan of the period the year belongs to: an earlier period's years keep the items and owners they had
  const period = periodStateFor(state, fiscalYear);
  if (!period) throw invalid('fiscalYear', `「年度」は計画期間(${describePeriods(state)})の中で指定してください`);
  const { catalogue } = period;
  const item = catalogue.items.find((i) => i.id === itemId);
  if (!item) {
    const which = state.earlier?.length ? `${catalogue.period.from}〜${catalogue.period.to}年度の` : '';
    throw new NotFoundError(`実施項目 ${itemId} は${which}計画にありません`);
  }
  const retirement = period.retired[itemId];
  if (retirement && fiscalYear >= retirement.fromFiscalYear) {
    throw new NotFoundError(`実施項目 ${itemId} は${formatFiscalYear(retirement.fromFiscalYear)}から廃止されています`);
  }
  const division = catalogue.divisions.find((d) => d.id === item.divisionId);
  if (!division) throw new NotFoundError(`部門 ${item.divisionId} は計画にありません`);
  const meetingId = division.promotionMeetingId;
  const meeting = catalogue.reviewBodies.find((b) => b.id === meetingId && b.kind === 'PromotionMeeting');
  if (!meeting?.departmentId) throw new NotFoundError(`${division.name}を審査する推進会議 ${meetingId} がありません`);
  const cell = (item.schedule as Record<number, PlannedStage>)[fiscalYear];
  return {
    id: item.id,
    divisionId: division.id,
    owningDepartmentId: meeting.departmentId,
    owningDepartmentName: catalogue.departments.find((d) => d.id === meeting.departmentId)?.name ?? meeting.departmentId,
    promotionMeetingId: meeting.id,
    plannedStage: cell?.stage ?? null,
  };
}
