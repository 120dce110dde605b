import type { PlanCatalogue, PlannedStage, ReviewBody } from '@hyoka/catalogue';
import type { CatalogueCommand, CatalogueState } from '@hyoka/domain';

/**
 * What a 計画の見直し needs to record a change of a level above the item: the new name, the new parent (and number),
 * a theme's changed text, a 【再掲】 listing's theme and item.
 */
export type LevelData = {
  name?: string;
  number?: number;
  /** a 部門's 推進会議 */
  promotionMeetingId?: string;
  /** the parent: a 推進項目's 部門, a 取組テーマ's 推進項目 */
  parentId?: string;
  currentSituation?: string;
  goal?: string;
  /** a theme's text change: which text, and its new value */
  field?: 'currentSituation' | 'goal' | 'outlineName';
  value?: string;
  /** a 【再掲】 listing */
  themeId?: string;
  itemId?: string;
};

/**
 * One difference between the current plan and an imported one. `level` and `change` say what kind it is; `text` is
 * the line a person reads. Item changes, and `data` of the other levels, carry what a 計画の見直し needs to record them.
 */
export type PlanChange =
  | { level: 'item'; change: 'added'; id: string; text: string; item: { id: string; name: string; divisionId: string; themeId: string; schedule: Record<string, string | null> } }
  | { level: 'item'; change: 'renamed'; id: string; text: string; name: string }
  | { level: 'item'; change: 'retired'; id: string; text: string }
  | { level: 'item'; change: 'schedule'; id: string; text: string; fiscalYear: number; stage: string | null }
  | { level: 'item'; change: 'moved'; id: string; text: string; themeId: string }
  | {
      level: 'plan' | 'department' | 'reviewBody' | 'division' | 'topic' | 'theme' | 'relisting' | 'rules';
      change: 'added' | 'renamed' | 'retired' | 'moved' | 'text' | 'remapped';
      id: string;
      text: string;
      data?: LevelData;
      /** the organisation as the workbook has it, for the revision that records it (see `organisationCommands`) */
      organisation?: { department?: { id: string; name: string }; body?: ReviewBody; promotionMeetingId?: string; recordable?: boolean };
    };

const LEVEL_NAME = {
  plan: '計画',
  department: '部',
  reviewBody: '会議体',
  division: '部門',
  topic: '推進項目',
  theme: '取組テーマ',
  item: '実施項目',
  relisting: '再掲',
  rules: '評価基準',
} as const;

const CHANGE_NAME = { added: '追加', renamed: '名称変更', retired: '廃止', moved: '移動', text: '記載の変更', remapped: '推進会議の変更', schedule: '計画段階の変更' } as const;

/** 「取組テーマの名称変更」: the kind of a change, as a refusal names it. */
export const kindOf = (c: PlanChange): string => `${LEVEL_NAME[c.level]}の${CHANGE_NAME[c.change]}`;

const stageText = (cell: PlannedStage | undefined): string => cell?.stage ?? '（なし）';
const quote = (s: string, max = 40): string => `「${s.length > max ? `${s.slice(0, max)}…` : s}」`;

interface Named {
  id: string;
  name: string;
}

type More = { change: 'moved' | 'text' | 'remapped'; text: string; data?: LevelData };

/** Added, retired and renamed entries of one level (by id), with extra per-entry comparisons. */
function compare<T extends Named>(
  changes: PlanChange[],
  level: Exclude<PlanChange['level'], 'item'>,
  before: readonly T[],
  after: readonly T[],
  more: (a: T, b: T) => More[] = () => [],
  added: (b: T) => LevelData = () => ({}),
): void {
  const old = new Map(before.map((x) => [x.id, x]));
  const now = new Map(after.map((x) => [x.id, x]));
  const label = LEVEL_NAME[level];
  for (const b of after) {
    const a = old.get(b.id);
    if (!a) {
      changes.push({ level, change: 'added', id: b.id, text: `${label} ${b.id} を追加: ${quote(b.name)}`, data: { name: b.name, ...added(b) } });
      continue;
    }
    if (a.name !== b.name) changes.push({ level, change: 'renamed', id: b.id, text: `${label} ${b.id} の名称を変更: ${quote(a.name)} → ${quote(b.name)}`, data: { name: b.name } });
    for (const m of more(a, b)) changes.push({ level, change: m.change, id: b.id, text: `${label} ${b.id} ${m.text}`, ...(m.data ? { data: m.data } : {}) });
  }
  for (const a of before) if (!now.has(a.id)) changes.push({ level, change: 'retired', id: a.id, text: `${label} ${a.id} を廃止: ${quote(a.name)}` });
}

const topicsOf = (p: PlanCatalogue) => p.divisions.flatMap((d) => d.topics.map((t) => ({ ...t, divisionId: d.id })));
const themesOf = (p: PlanCatalogue) => topicsOf(p).flatMap((t) => t.themes.map((th) => ({ ...th, topicId: t.id })));
const relistingsOf = (p: PlanCatalogue) =>
  themesOf(p).flatMap((th) => th.listings.filter((l) => l.relisting).map((l) => ({ id: `${th.id} ${l.itemId}`, name: l.itemId })));
const yearsOf = (p: PlanCatalogue) => Array.from({ length: p.period.to - p.period.from + 1 }, (_, i) => p.period.from + i);

/** What importing `next` would change in `current`, level by level (an empty list: nothing). */
export function diffPlans(current: PlanCatalogue, next: PlanCatalogue): PlanChange[] {
  // retired 部 and 会議体 stay in the catalogue for their names; the workbook holds those in force
  current = { ...current, departments: current.departments.filter((d) => !d.retired), reviewBodies: current.reviewBodies.filter((b) => !b.retired) };
  const changes: PlanChange[] = [];
  if (current.title !== next.title) changes.push({ level: 'plan', change: 'renamed', id: 'title', text: `計画名を変更: ${quote(current.title)} → ${quote(next.title)}` });
  if (current.period.from !== next.period.from || current.period.to !== next.period.to) {
    changes.push({ level: 'plan', change: 'text', id: 'period', text: `計画期間を変更: ${current.period.from}〜${current.period.to}年度 → ${next.period.from}〜${next.period.to}年度` });
  }
  compare(changes, 'department', current.departments, next.departments);
  compare(changes, 'reviewBody', current.reviewBodies, next.reviewBodies, (a, b) =>
    JSON.stringify([a.kind, a.chair, a.members, a.roles, a.departmentId ?? null, a.alsoKnownAs ?? [], !!a.newlyEstablished]) !==
    JSON.stringify([b.kind, b.chair, b.members, b.roles, b.departmentId ?? null, b.alsoKnownAs ?? [], !!b.newlyEstablished])
      ? [{ change: 'text', text: 'の種別・議長・構成・役割・部を変更' }]
      : [],
  );
  compare(
    changes,
    'division',
    current.divisions,
    next.divisions,
    (a, b) =>
      a.promotionMeetingId !== b.promotionMeetingId ? [{ change: 'remapped', text: `を審査する推進会議を変更: ${a.promotionMeetingId} → ${b.promotionMeetingId}` }] : [],
    (b) => ({ number: b.number, promotionMeetingId: b.promotionMeetingId }),
  );
  compare(
    changes,
    'topic',
    topicsOf(current),
    topicsOf(next),
    (a, b) => [
      ...(a.divisionId !== b.divisionId
        ? [{ change: 'moved' as const, text: `を移動: 部門 ${a.divisionId} → ${b.divisionId}`, data: { parentId: b.divisionId, number: b.number } }]
        : []),
      ...((a.outlineName ?? '') !== (b.outlineName ?? '') ? [{ change: 'text' as const, text: 'の計画の体系での名称を変更', data: { field: 'outlineName' as const } }] : []),
    ],
    (b) => ({ parentId: b.divisionId, number: b.number }),
  );
  compare(
    changes,
    'theme',
    themesOf(current),
    themesOf(next),
    (a, b) => [
      ...(a.topicId !== b.topicId ? [{ change: 'moved' as const, text: `を移動: 推進項目 ${a.topicId} → ${b.topicId}`, data: { parentId: b.topicId, number: b.number } }] : []),
      ...((a.outlineName ?? '') !== (b.outlineName ?? '') ? [{ change: 'text' as const, text: 'の計画の体系での名称を変更', data: { field: 'outlineName' as const } }] : []),
      ...(a.currentSituation !== b.currentSituation
        ? [{ change: 'text' as const, text: 'の現状と課題を変更', data: { field: 'currentSituation' as const, value: b.currentSituation } }]
        : []),
      ...(a.goal !== b.goal ? [{ change: 'text' as const, text: 'の推進目標を変更', data: { field: 'goal' as const, value: b.goal } }] : []),
    ],
    (b) => ({ parentId: b.topicId, number: b.number, currentSituation: b.currentSituation, goal: b.goal }),
  );

  const old = new Map(current.items.map((i) => [i.id, i]));
  const now = new Set(next.items.map((i) => i.id));
  const years = yearsOf(next);
  for (const b of next.items) {
    const a = old.get(b.id);
    const schedule = b.schedule as Record<number, PlannedStage>;
    if (!a) {
      changes.push({
        level: 'item',
        change: 'added',
        id: b.id,
        text: `実施項目 ${b.id} を追加: ${quote(b.name)}（取組テーマ ${b.themeId}）`,
        item: { id: b.id, name: b.name, divisionId: b.divisionId, themeId: b.themeId, schedule: Object.fromEntries(years.map((y) => [String(y), schedule[y]?.stage ?? null])) },
      });
      continue;
    }
    if (a.name !== b.name) changes.push({ level: 'item', change: 'renamed', id: b.id, text: `実施項目 ${b.id} の名称を変更: ${quote(a.name)} → ${quote(b.name)}`, name: b.name });
    if (a.themeId !== b.themeId) {
      changes.push({ level: 'item', change: 'moved', id: b.id, text: `実施項目 ${b.id} を移動: 取組テーマ ${a.themeId} → ${b.themeId}`, themeId: b.themeId });
    }
    const before = a.schedule as Record<number, PlannedStage>;
    for (const y of years) {
      if ((before[y]?.stage ?? null) !== (schedule[y]?.stage ?? null)) {
        changes.push({
          level: 'item',
          change: 'schedule',
          id: b.id,
          fiscalYear: y,
          stage: schedule[y]?.stage ?? null,
          text: `実施項目 ${b.id} ${y}年度の計画段階を変更: ${stageText(before[y])} → ${stageText(schedule[y])}`,
        });
      }
    }
  }
  for (const a of current.items) if (!now.has(a.id)) changes.push({ level: 'item', change: 'retired', id: a.id, text: `実施項目 ${a.id} を廃止: ${quote(a.name)}` });

  const oldRel = new Set(relistingsOf(current).map((r) => r.id));
  const newRel = new Set(relistingsOf(next).map((r) => r.id));
  const listing = (id: string): LevelData => ({ themeId: id.split(' ')[0], itemId: id.split(' ')[1] });
  for (const id of newRel) {
    if (!oldRel.has(id)) changes.push({ level: 'relisting', change: 'added', id, text: `再掲を追加: 取組テーマ ${id.replace(' ', ' に 実施項目 ')}`, data: listing(id) });
  }
  for (const id of oldRel) {
    if (!newRel.has(id)) changes.push({ level: 'relisting', change: 'retired', id, text: `再掲をやめる: 取組テーマ ${id.replace(' ', ' の 実施項目 ')}`, data: listing(id) });
  }

  attachOrganisation(changes, current, next);
  const rules = (p: PlanCatalogue) => JSON.stringify({ ...p.evaluationRules, bands: p.evaluationRules.bands.map((b) => ({ ...b })) });
  if (rules(current) !== rules(next)) changes.push({ level: 'rules', change: 'text', id: 'evaluationRules', text: '評価基準（第3章）の記載を変更' });
  return changes;
}

/** What a 会議体 change by a revision (ChangeReviewBody) cannot set: its kind, 部 and the document's notes. */
const fixedOf = (b: ReviewBody) => JSON.stringify([b.kind, b.departmentId ?? null, b.alsoKnownAs ?? [], !!b.newlyEstablished]);

/** Gives the organisation's changes what their commands need, from the workbook's plan. */
function attachOrganisation(changes: PlanChange[], current: PlanCatalogue, next: PlanCatalogue): void {
  for (const c of changes) {
    if (c.level === 'department' && c.change !== 'retired') c.organisation = { department: next.departments.find((d) => d.id === c.id)! };
    if (c.level === 'reviewBody' && c.change !== 'retired') {
      const body = next.reviewBodies.find((b) => b.id === c.id)!;
      const before = current.reviewBodies.find((b) => b.id === c.id);
      c.organisation = { body, recordable: c.change === 'added' ? !body.alsoKnownAs?.length && !body.newlyEstablished : fixedOf(before!) === fixedOf(body) };
    }
    if (c.level === 'division' && c.change === 'remapped') c.organisation = { promotionMeetingId: next.divisions.find((d) => d.id === c.id)!.promotionMeetingId };
  }
}

/** Whether the domain records this change of the organisation (部 and 会議体 added, renamed, changed, retired; 部門 remapped). */
const isRecordableOrganisation = (c: PlanChange): boolean =>
  c.level === 'department' ? c.change !== 'moved' && c.change !== 'text' : c.level === 'reviewBody' ? c.change === 'retired' || c.organisation?.recordable === true : c.level === 'division' && c.change === 'remapped';


/**
 * The organisation's commands of a revision, in the order the domain can decide them: new and renamed 部, new and
 * changed 会議体, then the remaps (a new 部 and its 推進会議 exist before a 部門 is mapped to it); retirements come
 * last, once nothing reviews through what is retired.
 */
function organisationCommands(changes: readonly PlanChange[], revision: { reason: string; approvedBy: string }): { first: CatalogueCommand[]; last: CatalogueCommand[] } {
  const first: CatalogueCommand[] = [];
  const last: CatalogueCommand[] = [];
  type Organisational = Exclude<PlanChange, { level: 'item' }>;
  const of = (level: Organisational['level'], ...kinds: Organisational['change'][]) =>
    changes.filter((c): c is Organisational => c.level === level && (kinds as string[]).includes(c.change));
  for (const c of of('department', 'added')) first.push({ type: 'AddDepartment', data: { ...revision, department: c.organisation!.department! } });
  for (const c of of('department', 'renamed')) first.push({ type: 'RenameDepartment', data: { ...revision, departmentId: c.id, name: c.organisation!.department!.name } });
  for (const c of of('reviewBody', 'added')) {
    const { id, kind, name, chair, members, roles, departmentId } = c.organisation!.body!;
    first.push({ type: 'AddReviewBody', data: { ...revision, body: { id, kind, name, chair, members, roles, departmentId: departmentId ?? null } } });
  }
  // a body renamed and otherwise changed is one change
  for (const id of new Set(of('reviewBody', 'renamed', 'text').map((c) => c.id))) {
    const body = of('reviewBody', 'renamed', 'text').find((c) => c.id === id && c.organisation?.body)!.organisation!.body!;
    first.push({ type: 'ChangeReviewBody', data: { ...revision, bodyId: id, name: body.name, chair: body.chair, members: body.members, roles: body.roles } });
  }
  for (const c of of('division', 'remapped')) first.push({ type: 'RemapDivision', data: { ...revision, divisionId: c.id, promotionMeetingId: c.organisation!.promotionMeetingId! } });
  for (const c of of('reviewBody', 'retired')) last.push({ type: 'RetireReviewBody', data: { ...revision, bodyId: c.id } });
  for (const c of of('department', 'retired')) last.push({ type: 'RetireDepartment', data: { ...revision, departmentId: c.id } });
  return { first, last };
}

/**
 * Whether a 計画の見直し can record the change. Not yet: the plan's title and period, a 会議体's kind or 部, the
 * 計画の体系 names and the 評価基準 (第3章) — the
 * grading rules are data of each fiscal year once it is opened, so a mid-period change would not reach the years
 * already graded; a new plan period carries new rules.
 */
function recordable(c: PlanChange): boolean {
  switch (c.level) {
    case 'item':
    case 'relisting':
      return true;
    case 'department':
    case 'reviewBody':
      return isRecordableOrganisation(c);
    case 'division':
      return c.change === 'remapped' ? isRecordableOrganisation(c) : c.change === 'added' || c.change === 'renamed' || c.change === 'retired';
    case 'topic':
      return c.change !== 'text';
    case 'theme':
      return c.change !== 'text' || c.data?.field !== 'outlineName';
    default:
      return false;
  }
}

/** The kinds among `changes` a 計画の見直し cannot record yet (empty: every change can be recorded). */
export function unrecordableKinds(changes: readonly PlanChange[]): string[] {
  return [...new Set(changes.filter((c) => !recordable(c)).map(kindOf))];
}

/**
 * Whether a schedule change of a revision holds already when its turn comes: a year that continued (→) an earlier
 * changed year of the same item has followed it, so deciding it again would be refused as no change.
 */
export function followedAlready(command: CatalogueCommand, state: CatalogueState): boolean {
  if (command.type !== 'ChangeItemSchedule' || state.status !== 'Imported') return false;
  const item = state.catalogue.items.find((i) => i.id === command.data.itemId);
  const cell = (item?.schedule as Record<number, { stage: string | null }> | undefined)?.[command.data.fiscalYear];
  return cell !== undefined && cell.stage === command.data.stage;
}

/** A plan revision as the domain can record it today: its commands, or the kinds of change it cannot record yet. */
export type RevisionPlan = { ok: true; commands: CatalogueCommand[] } | { ok: false; unsupported: string[] };

const LEVEL_COMMANDS = {
  division: { added: 'AddDivision', renamed: 'RenameDivision', retired: 'RetireDivision', idField: 'divisionId', parentField: null },
  topic: { added: 'AddTopic', renamed: 'RenameTopic', moved: 'MoveTopic', retired: 'RetireTopic', idField: 'topicId', parentField: 'divisionId' },
  theme: { added: 'AddTheme', renamed: 'RenameTheme', moved: 'MoveTheme', retired: 'RetireTheme', idField: 'themeId', parentField: 'topicId' },
} as const;

/**
 * The order a revision records its changes in, so each command finds what it needs: new levels (parents before
 * children) first, 【再掲】 taken off before items move onto those themes, renames, texts and moves, the item changes,
 * new 【再掲】, then retirements: items before the themes, 推進項目 and 部門 that held them.
 */
function stepOf(c: PlanChange): number {
  const levels = ['division', 'topic', 'theme'];
  if (c.change === 'added' && levels.includes(c.level)) return levels.indexOf(c.level);
  if (c.level === 'relisting') return c.change === 'retired' ? 3 : 6;
  if (levels.includes(c.level)) return c.change === 'retired' ? 10 - levels.indexOf(c.level) : 4;
  return c.change === 'retired' ? 7 : 5;
}

/**
 * The 計画の見直し commands that record `changes` with one reason and approver, in an order the domain accepts. Any
 * kind it cannot record makes the whole revision impossible, so nothing is half-recorded. Retirements (of items and
 * of levels) take effect from `retireFrom`.
 */
export function revisionCommands(changes: readonly PlanChange[], revision: { reason: string; approvedBy: string; retireFrom?: number }): RevisionPlan {
  const unsupported = unrecordableKinds(changes);
  if (unsupported.length) return { ok: false, unsupported };
  const { reason, approvedBy } = revision;
  const r = { reason, approvedBy };
  // the organisation first (a new 部 and its 推進会議 before a 部門 is added or mapped to them), its retirements last
  const organisation = organisationCommands(changes, r);
  const ordered = changes.map((c, i) => ({ c, i })).sort((a, b) => stepOf(a.c) - stepOf(b.c) || a.i - b.i);
  const commands: CatalogueCommand[] = [...organisation.first];
  for (const { c } of ordered) {
    if (c.level === 'department' || c.level === 'reviewBody' || (c.level === 'division' && c.change === 'remapped')) continue;
    if (c.change === 'retired' && revision.retireFrom === undefined) {
      return { ok: false, unsupported: [`廃止する年度の指定がない${LEVEL_NAME[c.level]}の廃止`] };
    }
    const retireFrom = revision.retireFrom!;
    if (c.level === 'item') {
      switch (c.change) {
        case 'added':
          commands.push({ type: 'AddItem', data: { ...r, item: c.item } });
          break;
        case 'renamed':
          commands.push({ type: 'RenameItem', data: { ...r, itemId: c.id, name: c.name } });
          break;
        case 'retired':
          commands.push({ type: 'RetireItem', data: { ...r, itemId: c.id, fromFiscalYear: retireFrom } });
          break;
        case 'schedule':
          commands.push({ type: 'ChangeItemSchedule', data: { ...r, itemId: c.id, fiscalYear: c.fiscalYear, stage: c.stage } });
          break;
        case 'moved':
          commands.push({ type: 'MoveItem', data: { ...r, itemId: c.id, themeId: c.themeId } });
          break;
      }
      continue;
    }
    const data = c.data ?? {};
    if (c.level === 'relisting') {
      const listing = { ...r, themeId: data.themeId!, itemId: data.itemId! };
      commands.push(c.change === 'added' ? { type: 'AddListing', data: listing } : { type: 'RemoveListing', data: listing });
      continue;
    }
    if (c.level === 'theme' && c.change === 'text') {
      commands.push({ type: 'ChangeThemeTexts', data: { ...r, themeId: c.id, [data.field!]: data.value ?? '' } });
      continue;
    }
    const level = LEVEL_COMMANDS[c.level as keyof typeof LEVEL_COMMANDS];
    const id = { [level.idField]: c.id };
    const parent = level.parentField ? { [level.parentField]: data.parentId } : {};
    switch (c.change) {
      case 'added': {
        const extra =
          c.level === 'division'
            ? { promotionMeetingId: data.promotionMeetingId }
            : c.level === 'theme'
              ? { currentSituation: data.currentSituation, goal: data.goal }
              : {};
        commands.push({ type: level.added, data: { ...r, ...id, ...parent, name: data.name, number: data.number, ...extra } } as CatalogueCommand);
        break;
      }
      case 'renamed':
        commands.push({ type: level.renamed, data: { ...r, ...id, name: data.name } } as CatalogueCommand);
        break;
      case 'moved':
        if ('moved' in level) commands.push({ type: level.moved, data: { ...r, ...id, ...parent, number: data.number } } as CatalogueCommand);
        break;
      case 'retired':
        commands.push({ type: level.retired, data: { ...r, ...id, fromFiscalYear: retireFrom } } as CatalogueCommand);
        break;
    }
  }
  return { ok: true, commands: [...commands, ...organisation.last] };
}
