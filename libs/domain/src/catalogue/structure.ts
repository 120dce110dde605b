import type { Division, ImplementationItem, PlanCatalogue, PromotionTopic, Theme } from '@hyoka/catalogue';
import { IllegalTransitionError, NotFoundError, ValidationError } from '../shared/errors.js';
import type { Command, DomainEvent } from '../shared/json.js';
import { invalid, LIMITS, optionalText, requireId, requireText } from '../shared/validation.js';
import { formatFiscalYear } from '../fiscal-year/fiscal-year.js';
import type { CatalogueState } from './catalogue.js';

/**
 * 計画の見直し of the plan's levels above the item (部門, 推進項目, 取組テーマ with their texts), an item's place and its
 * 【再掲】 listings. Ids never change: a moved level or item keeps its id, so evaluations keep pointing at it.
 */

export type PlanLevel = 'division' | 'topic' | 'theme' | 'item' | 'listing';

type Revision = { reason: string; approvedBy: string };
type Meta = { by: string; actingAs: string; at: string };
type RevisionMeta = Meta & Revision;

// ---- commands ----

export type AddDivision = Command<'AddDivision', Revision & { divisionId: string; name: string; number?: number; promotionMeetingId: string }>;
export type RenameDivision = Command<'RenameDivision', Revision & { divisionId: string; name: string }>;
/** Retires a 部門 from `fromFiscalYear` on; refused while it holds an item in force in that year or later. */
export type RetireDivision = Command<'RetireDivision', Revision & { divisionId: string; fromFiscalYear: number }>;
export type AddTopic = Command<'AddTopic', Revision & { topicId: string; divisionId: string; name: string; number?: number }>;
export type RenameTopic = Command<'RenameTopic', Revision & { topicId: string; name: string }>;
/** Moves a 推進項目 with its 取組テーマ and their items to another 部門. */
export type MoveTopic = Command<'MoveTopic', Revision & { topicId: string; divisionId: string; number?: number }>;
export type RetireTopic = Command<'RetireTopic', Revision & { topicId: string; fromFiscalYear: number }>;
export type AddTheme = Command<
  'AddTheme',
  Revision & { themeId: string; topicId: string; name: string; number?: number; currentSituation?: string; goal?: string }
>;
export type RenameTheme = Command<'RenameTheme', Revision & { themeId: string; name: string }>;
/** Moves a 取組テーマ with its items to another 推進項目 (of any 部門). */
export type MoveTheme = Command<'MoveTheme', Revision & { themeId: string; topicId: string; number?: number }>;
export type RetireTheme = Command<'RetireTheme', Revision & { themeId: string; fromFiscalYear: number }>;
/** 現状と課題 / 推進目標: a field left out stays as it is. */
export type ChangeThemeTexts = Command<'ChangeThemeTexts', Revision & { themeId: string; currentSituation?: string; goal?: string }>;
/** Moves an item's primary listing to another 取組テーマ; its 部門 follows the theme's. */
export type MoveItem = Command<'MoveItem', Revision & { itemId: string; themeId: string }>;
/** 【再掲】: lists an item a second time under another theme. */
export type AddListing = Command<'AddListing', Revision & { themeId: string; itemId: string }>;
export type RemoveListing = Command<'RemoveListing', Revision & { themeId: string; itemId: string }>;

export type StructureCommand =
  | AddDivision
  | RenameDivision
  | RetireDivision
  | AddTopic
  | RenameTopic
  | MoveTopic
  | RetireTopic
  | AddTheme
  | RenameTheme
  | MoveTheme
  | RetireTheme
  | ChangeThemeTexts
  | MoveItem
  | AddListing
  | RemoveListing;

export const STRUCTURE_COMMAND_TYPES: readonly StructureCommand['type'][] = [
  'AddDivision',
  'RenameDivision',
  'RetireDivision',
  'AddTopic',
  'RenameTopic',
  'MoveTopic',
  'RetireTopic',
  'AddTheme',
  'RenameTheme',
  'MoveTheme',
  'RetireTheme',
  'ChangeThemeTexts',
  'MoveItem',
  'AddListing',
  'RemoveListing',
];

export const isStructureCommand = (command: { type: string }): command is StructureCommand =>
  (STRUCTURE_COMMAND_TYPES as readonly string[]).includes(command.type);

// ---- events ----

export type ThemeTexts = { currentSituation: string; goal: string };
export type ItemPlace = { themeId: string; divisionId: string };

export type DivisionAdded = DomainEvent<'DivisionAdded', RevisionMeta & { division: { id: string; number: number; name: string; promotionMeetingId: string } }>;
export type DivisionRenamed = DomainEvent<'DivisionRenamed', RevisionMeta & { divisionId: string; from: string; to: string }>;
export type DivisionRetired = DomainEvent<'DivisionRetired', RevisionMeta & { divisionId: string; fromFiscalYear: number }>;
export type TopicAdded = DomainEvent<'TopicAdded', RevisionMeta & { topic: { id: string; divisionId: string; number: number; name: string } }>;
export type TopicRenamed = DomainEvent<'TopicRenamed', RevisionMeta & { topicId: string; from: string; to: string }>;
export type TopicMoved = DomainEvent<'TopicMoved', RevisionMeta & { topicId: string; from: string; to: string; number: number }>;
export type TopicRetired = DomainEvent<'TopicRetired', RevisionMeta & { topicId: string; fromFiscalYear: number }>;
export type ThemeAdded = DomainEvent<'ThemeAdded', RevisionMeta & { theme: { id: string; topicId: string; number: number; name: string } & ThemeTexts }>;
export type ThemeRenamed = DomainEvent<'ThemeRenamed', RevisionMeta & { themeId: string; from: string; to: string }>;
export type ThemeMoved = DomainEvent<'ThemeMoved', RevisionMeta & { themeId: string; from: string; to: string; number: number }>;
export type ThemeRetired = DomainEvent<'ThemeRetired', RevisionMeta & { themeId: string; fromFiscalYear: number }>;
export type ThemeTextsChanged = DomainEvent<'ThemeTextsChanged', RevisionMeta & { themeId: string; from: ThemeTexts; to: ThemeTexts }>;
export type PlanItemMoved = DomainEvent<'PlanItemMoved', RevisionMeta & { itemId: string; from: ItemPlace; to: ItemPlace }>;
export type ListingAdded = DomainEvent<'ListingAdded', RevisionMeta & { themeId: string; itemId: string }>;
export type ListingRemoved = DomainEvent<'ListingRemoved', RevisionMeta & { themeId: string; itemId: string }>;

export type StructureEvent =
  | DivisionAdded
  | DivisionRenamed
  | DivisionRetired
  | TopicAdded
  | TopicRenamed
  | TopicMoved
  | TopicRetired
  | ThemeAdded
  | ThemeRenamed
  | ThemeMoved
  | ThemeRetired
  | ThemeTextsChanged
  | PlanItemMoved
  | ListingAdded
  | ListingRemoved;

/** The level and subject each structure event revises, for the plan's revision history. */
export const STRUCTURE_EVENT_LEVELS: Readonly<Record<StructureEvent['type'], PlanLevel>> = {
  DivisionAdded: 'division',
  DivisionRenamed: 'division',
  DivisionRetired: 'division',
  TopicAdded: 'topic',
  TopicRenamed: 'topic',
  TopicMoved: 'topic',
  TopicRetired: 'topic',
  ThemeAdded: 'theme',
  ThemeRenamed: 'theme',
  ThemeMoved: 'theme',
  ThemeRetired: 'theme',
  ThemeTextsChanged: 'theme',
  PlanItemMoved: 'item',
  ListingAdded: 'listing',
  ListingRemoved: 'listing',
};

export const isStructureEvent = (event: { type: string }): event is StructureEvent => Object.hasOwn(STRUCTURE_EVENT_LEVELS, event.type);

/** What a structure event revises: its level, the id of that level's entry and, for items and listings, the item. */
export function subjectOf(event: StructureEvent): { level: PlanLevel; id: string; itemId?: string } {
  const level = STRUCTURE_EVENT_LEVELS[event.type];
  switch (event.type) {
    case 'DivisionAdded':
      return { level, id: event.data.division.id };
    case 'TopicAdded':
      return { level, id: event.data.topic.id };
    case 'ThemeAdded':
      return { level, id: event.data.theme.id };
    case 'DivisionRenamed':
    case 'DivisionRetired':
      return { level, id: event.data.divisionId };
    case 'TopicRenamed':
    case 'TopicMoved':
    case 'TopicRetired':
      return { level, id: event.data.topicId };
    case 'ThemeRenamed':
    case 'ThemeMoved':
    case 'ThemeRetired':
    case 'ThemeTextsChanged':
      return { level, id: event.data.themeId };
    case 'PlanItemMoved':
      return { level, id: event.data.itemId, itemId: event.data.itemId };
    case 'ListingAdded':
    case 'ListingRemoved':
      return { level, id: event.data.themeId, itemId: event.data.itemId };
  }
}

// ---- state: retired levels ----

/** A 部門, 推進項目 or 取組テーマ retired from a fiscal year on (its children go with it). */
export type RetiredLevel = { level: 'division' | 'topic' | 'theme'; id: string; fromFiscalYear: number; reason: string; approvedBy: string; at: string };

type Imported = Extract<CatalogueState, { status: 'Imported' }>;

export const retiredLevelKey = (level: RetiredLevel['level'], id: string): string => `${level}:${id}`;

const LEVEL_NAMES = { division: '部門', topic: '推進項目', theme: '取組テーマ' } as const;

type Located = { division: Division; topic?: PromotionTopic; theme?: Theme };

function findTopic(catalogue: PlanCatalogue, topicId: string): { division: Division; topic: PromotionTopic } | undefined {
  for (const division of catalogue.divisions) {
    const topic = division.topics.find((t) => t.id === topicId);
    if (topic) return { division, topic };
  }
  return undefined;
}

function findTheme(catalogue: PlanCatalogue, themeId: string): { division: Division; topic: PromotionTopic; theme: Theme } | undefined {
  for (const division of catalogue.divisions) {
    for (const topic of division.topics) {
      const theme = topic.themes.find((th) => th.id === themeId);
      if (theme) return { division, topic, theme };
    }
  }
  return undefined;
}

/** The retirement that takes this entry (or a level above it) out of the plan, if any. */
function retirementOf(state: Imported, at: Located): RetiredLevel | undefined {
  const retired = state.retiredLevels ?? {};
  return (
    (at.theme && retired[retiredLevelKey('theme', at.theme.id)]) ||
    (at.topic && retired[retiredLevelKey('topic', at.topic.id)]) ||
    retired[retiredLevelKey('division', at.division.id)]
  );
}

function refuseRetired(state: Imported, at: Located, what: string): void {
  const retirement = retirementOf(state, at);
  if (retirement) {
    throw new IllegalTransitionError(
      `${what} は${formatFiscalYear(retirement.fromFiscalYear)}から廃止されています(${LEVEL_NAMES[retirement.level]} ${retirement.id} の廃止)`,
    );
  }
}

function liveDivision(state: Imported, value: unknown): Division {
  const id = requireId(value, 'divisionId');
  const division = state.catalogue.divisions.find((d) => d.id === id);
  if (!division) throw new NotFoundError(`部門 ${id} は計画にありません`);
  refuseRetired(state, { division }, `部門 ${id}`);
  return division;
}

function liveTopic(state: Imported, value: unknown): { division: Division; topic: PromotionTopic } {
  const id = requireId(value, 'topicId');
  const found = findTopic(state.catalogue, id);
  if (!found) throw new NotFoundError(`推進項目 ${id} は計画にありません`);
  refuseRetired(state, found, `推進項目 ${id}`);
  return found;
}

/** A 取組テーマ in force (neither it nor its 推進項目 or 部門 retired). */
export function liveTheme(state: Imported, value: unknown): { division: Division; topic: PromotionTopic; theme: Theme } {
  const id = requireId(value, 'themeId');
  const found = findTheme(state.catalogue, id);
  if (!found) throw new NotFoundError(`取組テーマ ${id} は計画にありません`);
  refuseRetired(state, found, `取組テーマ ${id}`);
  return found;
}

function liveItem(state: Imported, value: unknown): ImplementationItem {
  const id = requireId(value, 'itemId');
  const item = state.catalogue.items.find((i) => i.id === id);
  if (!item) throw new NotFoundError(`実施項目 ${id} は計画にありません`);
  if (state.retired[id]) throw new IllegalTransitionError(`実施項目 ${id} は${formatFiscalYear(state.retired[id].fromFiscalYear)}から廃止されています`);
  return item;
}

// ---- decide ----

function planYear(catalogue: PlanCatalogue, value: unknown): number {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < catalogue.period.from || value > catalogue.period.to) {
    throw invalid('fromFiscalYear', `「年度」は計画期間(${catalogue.period.from}〜${catalogue.period.to}年度)の中で指定してください`);
  }
  return value;
}

function numberIn(value: unknown, siblings: readonly { number: number }[]): number {
  if (value === undefined || value === null) return Math.max(0, ...siblings.map((s) => s.number)) + 1;
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 1 || value > 999) throw invalid('number', '「番号」は1〜999の整数で指定してください');
  return value;
}

const name = (value: unknown): string => requireText(value, 'name', { max: LIMITS.name });

/** Names are unique among the entries in force of one parent (retired ones may be named again). */
function refuseDuplicateName(state: Imported, siblings: readonly { id: string; name: string }[], located: (id: string) => Located | undefined, wanted: string, what: string, where: string): void {
  const clash = siblings.find((s) => s.name === wanted && !retirementOf(state, located(s.id)!));
  if (clash) throw new IllegalTransitionError(`${where}には同じ名称の${what}「${wanted}」(${clash.id})が既にあります`);
}

const themeText = (data: Record<string, unknown>, field: 'currentSituation' | 'goal'): string =>
  optionalText(data[field], field, { max: LIMITS.narrative, multiline: true }) ?? '';

/** Items whose primary listing is under `themeIds` and are still in force in `fromFiscalYear` (or later). */
function itemsInForce(state: Imported, themeIds: ReadonlySet<string>, fromFiscalYear: number): string[] {
  const primary = state.catalogue.items.filter((i) => themeIds.has(i.themeId)).map((i) => i.id);
  const relisted = state.catalogue.divisions
    .flatMap((d) => d.topics.flatMap((t) => t.themes))
    .filter((th) => themeIds.has(th.id))
    .flatMap((th) => th.listings.map((l) => l.itemId));
  return [...new Set([...primary, ...relisted])].filter((id) => {
    const retirement = state.retired[id];
    return !retirement || retirement.fromFiscalYear > fromFiscalYear;
  });
}

function refuseWhileHoldingItems(state: Imported, level: RetiredLevel['level'], id: string, themeIds: ReadonlySet<string>, fromFiscalYear: number): void {
  const held = itemsInForce(state, themeIds, fromFiscalYear);
  if (held.length) {
    throw new IllegalTransitionError(
      `${LEVEL_NAMES[level]} ${id} には${formatFiscalYear(fromFiscalYear)}以降も計画にある実施項目(【再掲】を含む)があります: ${held.slice(0, 10).join('、')}` +
        `${held.length > 10 ? ` ほか${held.length - 10}件` : ''}。先に移動するか廃止してください(【再掲】は外してください)`,
    );
  }
}

const themesIn = (topics: readonly PromotionTopic[]): Set<string> => new Set(topics.flatMap((t) => t.themes.map((th) => th.id)));

function locateTopic(catalogue: PlanCatalogue) {
  return (id: string): Located | undefined => findTopic(catalogue, id);
}
function locateTheme(catalogue: PlanCatalogue) {
  return (id: string): Located | undefined => findTheme(catalogue, id);
}

/** decide for the plan's levels; `state` is imported and the caller has authorised the command. */
export function decideStructure(command: StructureCommand, state: Imported, meta: Meta, revision: Revision): StructureEvent[] {
  const data = command.data as unknown as Record<string, unknown>;
  const { catalogue } = state;
  const base = { ...meta, ...revision };
  switch (command.type) {
    case 'AddDivision': {
      const id = requireId(data.divisionId, 'divisionId');
      if (catalogue.divisions.some((d) => d.id === id)) throw new IllegalTransitionError(`部門ID ${id} は既に使われています`);
      const divisionName = name(data.name);
      refuseDuplicateName(state, catalogue.divisions, (d) => ({ division: catalogue.divisions.find((x) => x.id === d)! }), divisionName, '部門', '計画');
      const promotionMeetingId = requireId(data.promotionMeetingId, 'promotionMeetingId');
      const meeting = catalogue.reviewBodies.find((b) => b.id === promotionMeetingId);
      if (!meeting || meeting.kind !== 'PromotionMeeting') throw new NotFoundError(`推進会議 ${promotionMeetingId} は計画にありません`);
      const number = numberIn(data.number, catalogue.divisions);
      return [{ type: 'DivisionAdded', data: { ...base, division: { id, number, name: divisionName, promotionMeetingId } } }];
    }
    case 'RenameDivision': {
      const division = liveDivision(state, data.divisionId);
      const to = name(data.name);
      if (to === division.name) throw new IllegalTransitionError(`部門 ${division.id} の名称は既に「${to}」です`);
      refuseDuplicateName(state, catalogue.divisions, (d) => ({ division: catalogue.divisions.find((x) => x.id === d)! }), to, '部門', '計画');
      return [{ type: 'DivisionRenamed', data: { ...base, divisionId: division.id, from: division.name, to } }];
    }
    case 'RetireDivision': {
      const division = liveDivision(state, data.divisionId);
      const fromFiscalYear = planYear(catalogue, data.fromFiscalYear);
      refuseWhileHoldingItems(state, 'division', division.id, themesIn(division.topics), fromFiscalYear);
      return [{ type: 'DivisionRetired', data: { ...base, divisionId: division.id, fromFiscalYear } }];
    }
    case 'AddTopic': {
      const id = requireId(data.topicId, 'topicId');
      if (findTopic(catalogue, id)) throw new IllegalTransitionError(`推進項目ID ${id} は既に使われています`);
      const division = liveDivision(state, data.divisionId);
      const topicName = name(data.name);
      refuseDuplicateName(state, division.topics, locateTopic(catalogue), topicName, '推進項目', division.name);
      const number = numberIn(data.number, division.topics);
      return [{ type: 'TopicAdded', data: { ...base, topic: { id, divisionId: division.id, number, name: topicName } } }];
    }
    case 'RenameTopic': {
      const { division, topic } = liveTopic(state, data.topicId);
      const to = name(data.name);
      if (to === topic.name) throw new IllegalTransitionError(`推進項目 ${topic.id} の名称は既に「${to}」です`);
      refuseDuplicateName(state, division.topics, locateTopic(catalogue), to, '推進項目', division.name);
      return [{ type: 'TopicRenamed', data: { ...base, topicId: topic.id, from: topic.name, to } }];
    }
    case 'MoveTopic': {
      const { division: from, topic } = liveTopic(state, data.topicId);
      const to = liveDivision(state, data.divisionId);
      if (to.id === from.id) throw new IllegalTransitionError(`推進項目 ${topic.id} は既に${to.name}にあります`);
      refuseDuplicateName(state, to.topics, locateTopic(catalogue), topic.name, '推進項目', to.name);
      const number = numberIn(data.number, to.topics);
      return [{ type: 'TopicMoved', data: { ...base, topicId: topic.id, from: from.id, to: to.id, number } }];
    }
    case 'RetireTopic': {
      const { topic } = liveTopic(state, data.topicId);
      const fromFiscalYear = planYear(catalogue, data.fromFiscalYear);
      refuseWhileHoldingItems(state, 'topic', topic.id, themesIn([topic]), fromFiscalYear);
      return [{ type: 'TopicRetired', data: { ...base, topicId: topic.id, fromFiscalYear } }];
    }
    case 'AddTheme': {
      const id = requireId(data.themeId, 'themeId');
      if (findTheme(catalogue, id)) throw new IllegalTransitionError(`取組テーマID ${id} は既に使われています`);
      const { topic } = liveTopic(state, data.topicId);
      const themeName = name(data.name);
      refuseDuplicateName(state, topic.themes, locateTheme(catalogue), themeName, '取組テーマ', topic.name);
      const number = numberIn(data.number, topic.themes);
      const theme = { id, topicId: topic.id, number, name: themeName, currentSituation: themeText(data, 'currentSituation'), goal: themeText(data, 'goal') };
      return [{ type: 'ThemeAdded', data: { ...base, theme } }];
    }
    case 'RenameTheme': {
      const { topic, theme } = liveTheme(state, data.themeId);
      const to = name(data.name);
      if (to === theme.name) throw new IllegalTransitionError(`取組テーマ ${theme.id} の名称は既に「${to}」です`);
      refuseDuplicateName(state, topic.themes, locateTheme(catalogue), to, '取組テーマ', topic.name);
      return [{ type: 'ThemeRenamed', data: { ...base, themeId: theme.id, from: theme.name, to } }];
    }
    case 'MoveTheme': {
      const { topic: from, theme } = liveTheme(state, data.themeId);
      const { topic: to } = liveTopic(state, data.topicId);
      if (to.id === from.id) throw new IllegalTransitionError(`取組テーマ ${theme.id} は既に推進項目 ${to.id} にあります`);
      refuseDuplicateName(state, to.themes, locateTheme(catalogue), theme.name, '取組テーマ', to.name);
      const number = numberIn(data.number, to.themes);
      return [{ type: 'ThemeMoved', data: { ...base, themeId: theme.id, from: from.id, to: to.id, number } }];
    }
    case 'RetireTheme': {
      const { theme } = liveTheme(state, data.themeId);
      const fromFiscalYear = planYear(catalogue, data.fromFiscalYear);
      refuseWhileHoldingItems(state, 'theme', theme.id, new Set([theme.id]), fromFiscalYear);
      return [{ type: 'ThemeRetired', data: { ...base, themeId: theme.id, fromFiscalYear } }];
    }
    case 'ChangeThemeTexts': {
      const { theme } = liveTheme(state, data.themeId);
      if (data.currentSituation === undefined && data.goal === undefined) {
        throw new ValidationError('「現状と課題」か「推進目標」の少なくとも一方を指定してください', { field: 'currentSituation' });
      }
      const from = { currentSituation: theme.currentSituation, goal: theme.goal };
      const to = {
        currentSituation: data.currentSituation === undefined ? from.currentSituation : themeText(data, 'currentSituation'),
        goal: data.goal === undefined ? from.goal : themeText(data, 'goal'),
      };
      if (to.currentSituation === from.currentSituation && to.goal === from.goal) {
        throw new IllegalTransitionError(`取組テーマ ${theme.id} の現状と課題・推進目標は既にその記載です`);
      }
      return [{ type: 'ThemeTextsChanged', data: { ...base, themeId: theme.id, from, to } }];
    }
    case 'MoveItem': {
      const item = liveItem(state, data.itemId);
      const { division, theme } = liveTheme(state, data.themeId);
      if (theme.id === item.themeId) throw new IllegalTransitionError(`実施項目 ${item.id} は既に取組テーマ ${theme.id} にあります`);
      if (theme.listings.some((l) => l.itemId === item.id)) {
        throw new IllegalTransitionError(`取組テーマ ${theme.id} には実施項目 ${item.id} が既に【再掲】として載っています。先に再掲を外してください`);
      }
      return [
        {
          type: 'PlanItemMoved',
          data: { ...base, itemId: item.id, from: { themeId: item.themeId, divisionId: item.divisionId }, to: { themeId: theme.id, divisionId: division.id } },
        },
      ];
    }
    case 'AddListing': {
      const item = liveItem(state, data.itemId);
      const { theme } = liveTheme(state, data.themeId);
      if (theme.listings.some((l) => l.itemId === item.id)) throw new IllegalTransitionError(`取組テーマ ${theme.id} には実施項目 ${item.id} が既に載っています`);
      return [{ type: 'ListingAdded', data: { ...base, themeId: theme.id, itemId: item.id } }];
    }
    case 'RemoveListing': {
      const itemId = requireId(data.itemId, 'itemId');
      const { theme } = liveTheme(state, data.themeId);
      const listing = theme.listings.find((l) => l.itemId === itemId);
      if (!listing) throw new NotFoundError(`取組テーマ ${theme.id} に実施項目 ${itemId} の【再掲】はありません`);
      if (!listing.relisting) {
        throw new IllegalTransitionError(`取組テーマ ${theme.id} は実施項目 ${itemId} の主たる掲載先です。外すには実施項目を移動するか廃止してください`);
      }
      return [{ type: 'ListingRemoved', data: { ...base, themeId: theme.id, itemId } }];
    }
    default: {
      const unhandled: never = command;
      throw new ValidationError(`不明な計画カタログのコマンドです: ${JSON.stringify(unhandled).slice(0, 50)}`);
    }
  }
}

// ---- evolve ----

const mapTopics = (catalogue: PlanCatalogue, change: (topic: PromotionTopic, division: Division) => PromotionTopic): PlanCatalogue => ({
  ...catalogue,
  divisions: catalogue.divisions.map((d) => ({ ...d, topics: d.topics.map((t) => change(t, d)) })),
});
const mapThemes = (catalogue: PlanCatalogue, change: (theme: Theme) => Theme): PlanCatalogue =>
  mapTopics(catalogue, (topic) => ({ ...topic, themes: topic.themes.map(change) }));
const withItems = (catalogue: PlanCatalogue, change: (item: ImplementationItem) => ImplementationItem): PlanCatalogue => ({
  ...catalogue,
  items: catalogue.items.map(change),
});

function retire(state: Imported, level: RetiredLevel['level'], id: string, data: RevisionMeta & { fromFiscalYear: number }): Imported {
  const entry: RetiredLevel = { level, id, fromFiscalYear: data.fromFiscalYear, reason: data.reason, approvedBy: data.approvedBy, at: data.at };
  return { ...state, retiredLevels: { ...state.retiredLevels, [retiredLevelKey(level, id)]: entry } };
}

/** The catalogue after one structure event (the revision history is kept by the caller). */
export function evolveStructure(state: Imported, event: StructureEvent): Imported {
  const { catalogue } = state;
  switch (event.type) {
    case 'DivisionAdded':
      return { ...state, catalogue: { ...catalogue, divisions: [...catalogue.divisions, { ...event.data.division, topics: [] }] } };
    case 'DivisionRenamed':
      return { ...state, catalogue: { ...catalogue, divisions: catalogue.divisions.map((d) => (d.id === event.data.divisionId ? { ...d, name: event.data.to } : d)) } };
    case 'DivisionRetired':
      return retire(state, 'division', event.data.divisionId, event.data);
    case 'TopicAdded': {
      const { id, divisionId, number, name: topicName } = event.data.topic;
      const divisions = catalogue.divisions.map((d) => (d.id === divisionId ? { ...d, topics: [...d.topics, { id, number, name: topicName, themes: [] }] } : d));
      return { ...state, catalogue: { ...catalogue, divisions } };
    }
    case 'TopicRenamed':
      return { ...state, catalogue: mapTopics(catalogue, (t) => (t.id === event.data.topicId ? { ...t, name: event.data.to } : t)) };
    case 'TopicMoved': {
      const found = findTopic(catalogue, event.data.topicId);
      if (!found) return state;
      const moved = { ...found.topic, number: event.data.number };
      const themeIds = themesIn([moved]);
      const divisions = catalogue.divisions.map((d) =>
        d.id === event.data.from ? { ...d, topics: d.topics.filter((t) => t.id !== moved.id) } : d.id === event.data.to ? { ...d, topics: [...d.topics, moved] } : d,
      );
      const items = catalogue.items.map((i) => (themeIds.has(i.themeId) ? { ...i, divisionId: event.data.to } : i));
      return { ...state, catalogue: { ...catalogue, divisions, items } };
    }
    case 'TopicRetired':
      return retire(state, 'topic', event.data.topicId, event.data);
    case 'ThemeAdded': {
      const { topicId, ...theme } = event.data.theme;
      return { ...state, catalogue: mapTopics(catalogue, (t) => (t.id === topicId ? { ...t, themes: [...t.themes, { ...theme, listings: [] }] } : t)) };
    }
    case 'ThemeRenamed':
      return { ...state, catalogue: mapThemes(catalogue, (th) => (th.id === event.data.themeId ? { ...th, name: event.data.to } : th)) };
    case 'ThemeMoved': {
      const found = findTheme(catalogue, event.data.themeId);
      const target = findTopic(catalogue, event.data.to);
      if (!found || !target) return state;
      const moved = { ...found.theme, number: event.data.number };
      const removed = mapTopics(catalogue, (t) => (t.id === event.data.from ? { ...t, themes: t.themes.filter((th) => th.id !== moved.id) } : t));
      const added = mapTopics(removed, (t) => (t.id === event.data.to ? { ...t, themes: [...t.themes, moved] } : t));
      return { ...state, catalogue: withItems(added, (i) => (i.themeId === moved.id ? { ...i, divisionId: target.division.id } : i)) };
    }
    case 'ThemeRetired':
      return retire(state, 'theme', event.data.themeId, event.data);
    case 'ThemeTextsChanged':
      return { ...state, catalogue: mapThemes(catalogue, (th) => (th.id === event.data.themeId ? { ...th, ...event.data.to } : th)) };
    case 'PlanItemMoved': {
      const { itemId, from, to } = event.data;
      const relisted = mapThemes(catalogue, (th) =>
        th.id === from.themeId
          ? { ...th, listings: th.listings.filter((l) => !(l.itemId === itemId && !l.relisting)) }
          : th.id === to.themeId
            ? { ...th, listings: [...th.listings, { itemId, relisting: false }] }
            : th,
      );
      return { ...state, catalogue: withItems(relisted, (i) => (i.id === itemId ? { ...i, themeId: to.themeId, divisionId: to.divisionId } : i)) };
    }
    case 'ListingAdded':
      return {
        ...state,
        catalogue: mapThemes(catalogue, (th) => (th.id === event.data.themeId ? { ...th, listings: [...th.listings, { itemId: event.data.itemId, relisting: true }] } : th)),
      };
    case 'ListingRemoved':
      return {
        ...state,
        catalogue: mapThemes(catalogue, (th) =>
          th.id === event.data.themeId ? { ...th, listings: th.listings.filter((l) => !(l.itemId === event.data.itemId && l.relisting)) } : th,
        ),
      };
    default:
      return state;
  }
}

/**
 * The plan's levels with retirements applied: a level retired from the first plan year is left out (its items are
 * gone by then); one retired later stays, as its items stay for the earlier years.
 */
export function withoutRetiredLevels(catalogue: PlanCatalogue, retiredLevels: Readonly<Record<string, RetiredLevel>> | undefined): PlanCatalogue {
  const gone = (level: RetiredLevel['level'], id: string) => {
    const r = retiredLevels?.[retiredLevelKey(level, id)];
    return r !== undefined && r.fromFiscalYear <= catalogue.period.from;
  };
  if (!retiredLevels || !Object.values(retiredLevels).some((r) => r.fromFiscalYear <= catalogue.period.from)) return catalogue;
  return {
    ...catalogue,
    divisions: catalogue.divisions
      .filter((d) => !gone('division', d.id))
      .map((d) => ({
        ...d,
        topics: d.topics.filter((t) => !gone('topic', t.id)).map((t) => ({ ...t, themes: t.themes.filter((th) => !gone('theme', th.id)) })),
      })),
  };
}
