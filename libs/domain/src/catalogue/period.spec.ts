import { describe, expect, it } from 'vitest';
import type { ImplementationItem, PlanCatalogue } from '@hyoka/catalogue';
import { ForbiddenError, IllegalTransitionError, NotFoundError, ValidationError } from '../shared/errors.js';
import type { CommandContext } from '../shared/context.js';
import { SYSTEM_ACTOR, type Actor } from '../shared/roles.js';
import { TEST_NOW, testActors } from '../testing/fixtures.js';
import {
  currentPlan,
  decideCatalogue,
  foldCatalogue,
  itemContext,
  planAsOf,
  planForYear,
  type CatalogueCommand,
  type CatalogueEvent,
  type CatalogueState,
} from './catalogue.js';
import { catalogueStateFor, planPeriodsOf, periodStateFor } from './period.js';

const schedule = (from: number, stages: (string | null)[]): ImplementationItem['schedule'] =>
  Object.fromEntries(stages.map((stage, i) => [from + i, { stage, continued: false }])) as ImplementationItem['schedule'];

/** A one-部 plan of three years from `from`, its items named with `label`. */
const planOf = (from: number, label: string, departments: { id: string; name: string }[]): PlanCatalogue => ({
  title: `${label}計画`,
  period: { from, to: from + 2 },
  source: 'fixture',
  departments,
  reviewBodies: departments.map((d) => ({
    id: `${d.id}-meeting`,
    kind: 'PromotionMeeting' as const,
    name: `${d.name}推進会議`,
    chair: `${d.name}長`,
    members: `${d.name}の職員`,
    roles: [],
    departmentId: d.id,
  })),
  divisions: departments.map((d, n) => ({
    id: `${d.id}-division`,
    number: n + 1,
    name: `${d.name}部門`,
    promotionMeetingId: `${d.id}-meeting`,
    topics: [
      {
        id: `${d.id}-division/1`,
        number: 1,
        name: '推進項目',
        themes: [
          {
            id: `${d.id}-division/1/1`,
            number: 1,
            name: 'テーマ',
            currentSituation: '現状',
            goal: '目標',
            listings: [{ itemId: `I-00${n + 1}`, relisting: false }],
          },
        ],
      },
    ],
  })),
  items: departments.map((d, n) => ({
    id: `I-00${n + 1}`,
    name: `${label}の実施項目${n + 1}`,
    divisionId: `${d.id}-division`,
    themeId: `${d.id}-division/1/1`,
    schedule: schedule(from, ['検討', '実施', '実施']),
  })),
  evaluationRules: { quantitative: '', qualitative: '', overall: '', bands: [] },
});

const first = () => planOf(2025, '第1期', [{ id: 'general-affairs', name: '総務部' }]);
const second = () =>
  planOf(2028, '第2期', [
    { id: 'general-affairs', name: '総務部' },
    { id: 'facility', name: '施設部' },
  ]);

const { admin, staff } = testActors;
const as = (actor: Actor, now = TEST_NOW): CommandContext => ({ actor, now });
const OPENING = { reason: '第2期中期経営計画の開始', approvedBy: '理事会(2028年3月)' };

const timed = (events: CatalogueEvent[], at: string[]) =>
  events.map((e, i) => ({ ...e, metadata: { occurredAt: at[i]! } }) as CatalogueEvent & { metadata: { occurredAt: string } });

function run(commands: [CatalogueCommand, Actor, string][]): CatalogueEvent[] {
  const events: CatalogueEvent[] = [];
  for (const [command, actor, now] of commands) events.push(...decideCatalogue(command, foldCatalogue(events), as(actor, now)));
  return events;
}

const imported = () => run([[{ type: 'ImportPlanCatalogue', data: { catalogue: first() } }, SYSTEM_ACTOR, '2025-04-01T00:00:00.000Z']]);
const open = (catalogue: PlanCatalogue = second(), actor: Actor = admin): CatalogueCommand => ({
  type: 'OpenPlanPeriod',
  data: { catalogue, ...OPENING },
});

describe('catalogue: a new plan period (計画期間)', () => {
  it('the administrator opens FY2028–2030 from a sound catalogue after the current period', () => {
    const events = decideCatalogue(open(), foldCatalogue(imported()), as(admin));
    expect(events).toEqual([
      { type: 'PlanPeriodOpened', data: { catalogue: second(), ...OPENING, by: admin.userId, actingAs: 'Admin', at: TEST_NOW } },
    ]);
  });

  it('each year keeps the plan of its own period: items, names and owners', () => {
    const state = foldCatalogue([...imported(), ...decideCatalogue(open(), foldCatalogue(imported()), as(admin))]);
    expect(planPeriodsOf(state).map((p) => p.catalogue.period)).toEqual([
      { from: 2025, to: 2027 },
      { from: 2028, to: 2030 },
    ]);
    // the same item id names a different item in each period
    expect(planForYear(state, 2026)!.items.map((i) => i.name)).toEqual(['第1期の実施項目1']);
    expect(planForYear(state, 2029)!.items.map((i) => i.name)).toEqual(['第2期の実施項目1', '第2期の実施項目2']);
    expect(planForYear(state, 2031)).toBeNull();
    expect(currentPlan(state as Extract<CatalogueState, { status: 'Imported' }>).period).toEqual({ from: 2028, to: 2030 });
    // a 部 of the new period owns its items from 2028 on; the old years evaluate against the old plan
    expect(itemContext(state, 'I-002', 2028).owningDepartmentId).toBe('facility');
    expect(() => itemContext(state, 'I-002', 2027)).toThrow(NotFoundError);
    expect(itemContext(state, 'I-001', 2027)).toMatchObject({ divisionId: 'general-affairs-division', plannedStage: '実施' });
    expect(() => itemContext(state, 'I-001', 2031)).toThrow('「年度」は計画期間(2025〜2027年度、2028〜2030年度)の中で指定してください');
    expect(catalogueStateFor(state, 2024)).toEqual({ status: 'Empty' });
    expect(periodStateFor(state, 2027)?.catalogue.title).toBe('第1期計画');
  });

  it('revisions after the opening change the period in force only', () => {
    const events = run([
      [{ type: 'ImportPlanCatalogue', data: { catalogue: first() } }, SYSTEM_ACTOR, '2025-04-01T00:00:00.000Z'],
      [open(), admin, '2028-03-20T00:00:00.000Z'],
      [{ type: 'RenameItem', data: { itemId: 'I-001', name: '改名した項目', reason: '見直し', approvedBy: '理事会' } }, admin, '2028-06-01T00:00:00.000Z'],
    ]);
    const state = foldCatalogue(events);
    expect(planForYear(state, 2028)!.items[0]!.name).toBe('改名した項目');
    expect(planForYear(state, 2025)!.items[0]!.name).toBe('第1期の実施項目1');
    // the plan as of a date before the opening is the first period's
    const at = timed(events, ['2025-04-01T00:00:00.000Z', '2028-03-20T00:00:00.000Z', '2028-06-01T00:00:00.000Z']);
    expect(planAsOf(at, '2028-03-19')!.period).toEqual({ from: 2025, to: 2027 });
    expect(planAsOf(at, '2028-04-01')!.items.map((i) => i.name)).toEqual(['第2期の実施項目1', '第2期の実施項目2']);
  });

  it('refuses a period that overlaps the current one, a broken catalogue, no plan yet, a missing reason, and a non-administrator', () => {
    const state = foldCatalogue(imported());
    expect(() => decideCatalogue(open(planOf(2027, '重複', [{ id: 'general-affairs', name: '総務部' }])), state, as(admin))).toThrow(
      '新しい計画期間(2027〜2029年度)は現在の計画期間(2025〜2027年度)が終わった後に始まる必要があります',
    );
    const broken = second();
    broken.items.push({ ...broken.items[0]! });
    expect(() => decideCatalogue(open(broken), state, as(admin))).toThrow(ValidationError);
    expect(() => decideCatalogue(open(), foldCatalogue([]), as(admin))).toThrow(IllegalTransitionError);
    expect(() =>
      decideCatalogue({ type: 'OpenPlanPeriod', data: { catalogue: second(), reason: ' ', approvedBy: '理事会' } }, state, as(admin)),
    ).toThrow(ValidationError);
    expect(() => decideCatalogue(open(), state, as(staff))).toThrow(ForbiddenError);
  });

  it('a third period keeps both finished ones', () => {
    const events = run([
      [{ type: 'ImportPlanCatalogue', data: { catalogue: first() } }, SYSTEM_ACTOR, '2025-04-01T00:00:00.000Z'],
      [open(), admin, '2028-03-20T00:00:00.000Z'],
      [open(planOf(2031, '第3期', [{ id: 'general-affairs', name: '総務部' }])), admin, '2031-03-20T00:00:00.000Z'],
    ]);
    const state = foldCatalogue(events);
    expect(planPeriodsOf(state).map((p) => p.catalogue.title)).toEqual(['第1期計画', '第2期計画', '第3期計画']);
    expect(itemContext(state, 'I-002', 2030).owningDepartmentId).toBe('facility');
  });
});
