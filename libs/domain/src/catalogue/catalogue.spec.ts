import { describe, expect, it } from 'vitest';
import type { PlanCatalogue } from '@hyoka/catalogue';
import { DomainError, ForbiddenError, IllegalTransitionError, NotFoundError, ValidationError } from '../shared/errors.js';
import type { CommandContext } from '../shared/context.js';
import { SYSTEM_ACTOR, type Actor } from '../shared/roles.js';
import { specFor } from '../testing/spec.js';
import { TEST_NOW, testActors } from '../testing/fixtures.js';
import {
  asOfInstant,
  catalogueProblems,
  decideCatalogue,
  evolveCatalogue,
  foldCatalogue,
  initialCatalogueState,
  itemContext,
  planAsOf,
  type CatalogueCommand,
  type CatalogueEvent,
  type CatalogueState,
} from './catalogue.js';

/** A two-division miniature of the plan: enough to exercise every rule without the shipped data. */
const fixture = (): PlanCatalogue => ({
  title: 'テスト計画',
  period: { from: 2025, to: 2027 },
  source: 'fixture',
  departments: [
    { id: 'general-affairs', name: '総務部' },
    { id: 'community-welfare', name: '地域福祉部' },
  ],
  reviewBodies: [
    { id: 'general-affairs-meeting', kind: 'PromotionMeeting', name: '総務推進会議', chair: '総務部長', members: '総務部の職員', roles: [], departmentId: 'general-affairs' },
    { id: 'community-welfare-meeting', kind: 'PromotionMeeting', name: '地域福祉推進会議', chair: '地域福祉部長', members: '地域福祉部の職員', roles: [], departmentId: 'community-welfare' },
    { id: 'managers-meeting', kind: 'ManagersMeeting', name: '管理職会議', chair: '事務局長', members: '課長級以上', roles: [] },
  ],
  divisions: [
    {
      id: 'corporate-management',
      number: 1,
      name: '法人経営部門',
      promotionMeetingId: 'general-affairs-meeting',
      topics: [
        {
          id: 'corporate-management/1',
          number: 1,
          name: '推進項目',
          themes: [
            {
              id: 'corporate-management/1/1',
              number: 1,
              name: 'テーマ',
              currentSituation: '現状',
              goal: '目標',
              listings: [
                { itemId: 'I-001', relisting: false },
                { itemId: 'I-002', relisting: false },
              ],
            },
          ],
        },
      ],
    },
    {
      id: 'facility-care',
      number: 2,
      name: '施設・介護サービス部門',
      promotionMeetingId: 'general-affairs-meeting',
      topics: [
        {
          id: 'facility-care/1',
          number: 1,
          name: '推進項目',
          themes: [
            {
              id: 'facility-care/1/1',
              number: 1,
              name: 'テーマ',
              currentSituation: '現状',
              goal: '目標',
              listings: [
                { itemId: 'I-003', relisting: false },
                { itemId: 'I-001', relisting: true },
              ],
            },
          ],
        },
      ],
    },
  ],
  items: [
    {
      id: 'I-001',
      name: '評価・進捗状況の周知',
      divisionId: 'corporate-management',
      themeId: 'corporate-management/1/1',
      schedule: { 2025: { stage: '検討', continued: false }, 2026: { stage: '実施', continued: false }, 2027: { stage: '実施', continued: true } },
    },
    {
      id: 'I-002',
      name: '研修会の開催',
      divisionId: 'corporate-management',
      themeId: 'corporate-management/1/1',
      schedule: { 2025: { stage: '継続', continued: false }, 2026: { stage: '継続', continued: true }, 2027: { stage: '継続', continued: true } },
    },
    {
      id: 'I-003',
      name: '介護サービスの質の向上',
      divisionId: 'facility-care',
      themeId: 'facility-care/1/1',
      schedule: { 2025: { stage: '実施', continued: false }, 2026: { stage: null, continued: false }, 2027: { stage: null, continued: false } },
    },
  ],
  evaluationRules: { quantitative: '', qualitative: '', overall: '', bands: [] },
});

const spec = specFor<CatalogueCommand, CatalogueState, CatalogueEvent, CommandContext>({
  decide: decideCatalogue,
  evolve: evolveCatalogue,
  initialState: initialCatalogueState,
});
const { admin } = testActors;
const as = (actor: Actor, now = TEST_NOW): CommandContext => ({ actor, now });
const meta = (actor: Actor = admin, actingAs = 'Admin', at = TEST_NOW) => ({ by: actor.userId, actingAs, at });
const REVISION = { reason: '理事会で計画を見直し', approvedBy: '理事会(2026年3月)' };
const importedEvent = (at = '2025-04-01T00:00:00.000Z'): CatalogueEvent => ({
  type: 'PlanCatalogueImported',
  data: { catalogue: fixture(), ...meta(SYSTEM_ACTOR, 'System', at) },
});

describe('catalogue: empty', () => {
  it('ImportPlanCatalogue by the system at first start', () => {
    spec
      .given([])
      .when({ type: 'ImportPlanCatalogue', data: { catalogue: fixture() } }, as(SYSTEM_ACTOR, '2025-04-01T00:00:00.000Z'))
      .then([importedEvent()]);
  });

  it('ImportPlanCatalogue of a broken catalogue lists its problems', () => {
    const broken = fixture();
    broken.items.push({ ...broken.items[0]!, name: '重複' });
    broken.divisions[0]!.topics[0]!.themes[0]!.listings.push({ itemId: 'I-404', relisting: false });
    broken.divisions[1]!.promotionMeetingId = 'nowhere';
    const error = spec.given([]).when({ type: 'ImportPlanCatalogue', data: { catalogue: broken } }, as(SYSTEM_ACTOR)).thenThrows(ValidationError, /計画カタログに問題があります\(3件\)/);
    expect(error.details?.problems).toEqual([
      '部門 facility-care の推進会議 nowhere がありません',
      '実施項目 I-001 が重複しています',
      '取組テーマ corporate-management/1/1 が存在しない実施項目 I-404 を掲載しています',
    ]);
  });

  it('the structural check refuses non-catalogues and missing schedule years', () => {
    expect(catalogueProblems('plan')).toEqual(['計画カタログがオブジェクトではありません']);
    expect(catalogueProblems({ period: { from: 2025, to: 2027 } })).toContain('items が配列ではありません');
    const gap = fixture();
    delete (gap.items[2]!.schedule as Record<number, unknown>)[2027];
    expect(catalogueProblems(gap)).toEqual(['実施項目 I-003 の2027年度の計画段階が正しくありません']);
    expect(catalogueProblems(fixture())).toEqual([]);
  });

  it('ImportPlanCatalogue by a CommitteeMember is forbidden; revisions before the import are refused', () => {
    spec.given([]).when({ type: 'ImportPlanCatalogue', data: { catalogue: fixture() } }, as(testActors.committee)).thenThrows(ForbiddenError);
    spec
      .given([])
      .when({ type: 'RenameItem', data: { itemId: 'I-001', name: 'x', ...REVISION } }, as(admin))
      .thenThrows(IllegalTransitionError, /まだ取り込まれていません/);
  });
});

describe('catalogue: imported (計画の見直し)', () => {
  it('ImportPlanCatalogue again is refused', () => {
    spec.given([importedEvent()]).when({ type: 'ImportPlanCatalogue', data: { catalogue: fixture() } }, as(admin)).thenThrows(IllegalTransitionError, /既に取り込まれています/);
  });

  it('ChangeItemSchedule records from/to with reason and approver; years continuing it follow', () => {
    const state = spec
      .given([importedEvent()])
      .when({ type: 'ChangeItemSchedule', data: { itemId: 'I-001', fiscalYear: 2026, stage: '導入', ...REVISION } }, as(admin))
      .then([
        {
          type: 'PlanItemScheduleChanged',
          data: {
            ...meta(),
            ...REVISION,
            itemId: 'I-001',
            fiscalYear: 2026,
            from: { stage: '実施', continued: false },
            to: { stage: '導入', continued: false },
            schedule: { 2025: { stage: '検討', continued: false }, 2026: { stage: '導入', continued: false }, 2027: { stage: '導入', continued: true } },
          },
        },
      ]);
    expect(itemContext(state, 'I-001', 2027).plannedStage).toBe('導入');
    expect(state.status === 'Imported' && state.revisions).toMatchObject([{ type: 'PlanItemScheduleChanged', itemId: 'I-001', ...REVISION }]);
  });

  it.each([
    ['no reason', { itemId: 'I-001', fiscalYear: 2026, stage: '導入', approvedBy: '理事会' }, ValidationError, /「理由」を入力/],
    ['no approver', { itemId: 'I-001', fiscalYear: 2026, stage: '導入', reason: '見直し' }, ValidationError, /「承認者」を入力/],
    ['a year outside the plan', { itemId: 'I-001', fiscalYear: 2028, stage: '導入', ...REVISION }, ValidationError, /計画期間/],
    ['an unknown item', { itemId: 'I-999', fiscalYear: 2026, stage: '導入', ...REVISION }, NotFoundError, /I-999 は計画にありません/],
    ['the same stage', { itemId: 'I-001', fiscalYear: 2026, stage: '実施', ...REVISION }, IllegalTransitionError, /既に「実施」/],
    ['a stage with a line break', { itemId: 'I-001', fiscalYear: 2026, stage: '導\n入', ...REVISION }, ValidationError, /計画段階/],
  ] as [string, object, typeof DomainError, RegExp][])('ChangeItemSchedule with %s is refused', (_name, data, errorClass, message) => {
    spec.given([importedEvent()]).when({ type: 'ChangeItemSchedule', data } as unknown as CatalogueCommand, as(admin)).thenThrows(errorClass, message);
  });

  it('AddItem lists the new item under its theme', () => {
    const item = { id: 'I-100', name: '新規事業', divisionId: 'corporate-management', themeId: 'corporate-management/1/1', schedule: { 2026: '検討', 2027: '実施' } };
    const state = spec
      .given([importedEvent()])
      .when({ type: 'AddItem', data: { item, ...REVISION } }, as(admin))
      .then([
        {
          type: 'PlanItemAdded',
          data: {
            ...meta(),
            ...REVISION,
            item: {
              ...item,
              schedule: { 2025: { stage: null, continued: false }, 2026: { stage: '検討', continued: false }, 2027: { stage: '実施', continued: false } },
            },
          },
        },
      ]);
    if (state.status !== 'Imported') throw new Error('unreachable');
    expect(state.catalogue.divisions[0]!.topics[0]!.themes[0]!.listings.at(-1)).toEqual({ itemId: 'I-100', relisting: false });
    expect(itemContext(state, 'I-100', 2026)).toMatchObject({ plannedStage: '検討', owningDepartmentId: 'general-affairs' });
  });

  it('AddItem refuses a used id, an unknown division, and a theme of another division', () => {
    const add = (item: object) => spec.given([importedEvent()]).when({ type: 'AddItem', data: { item, ...REVISION } } as CatalogueCommand, as(admin));
    add({ id: 'I-001', name: 'x', divisionId: 'corporate-management', themeId: 'corporate-management/1/1' }).thenThrows(IllegalTransitionError, /既に使われています/);
    add({ id: 'I-100', name: 'x', divisionId: 'sales', themeId: 'corporate-management/1/1' }).thenThrows(NotFoundError, /部門 sales/);
    add({ id: 'I-100', name: 'x', divisionId: 'corporate-management', themeId: 'facility-care/1/1' }).thenThrows(NotFoundError, /取組テーマ facility-care\/1\/1/);
    add({ id: 'I-100', name: '', divisionId: 'corporate-management', themeId: 'corporate-management/1/1' }).thenThrows(ValidationError, /「名称」を入力/);
  });

  it('RenameItem keeps the old name in the event', () => {
    spec
      .given([importedEvent()])
      .when({ type: 'RenameItem', data: { itemId: 'I-002', name: '職員研修会の開催', ...REVISION } }, as(admin))
      .then([{ type: 'PlanItemRenamed', data: { ...meta(), ...REVISION, itemId: 'I-002', from: '研修会の開催', to: '職員研修会の開催' } }]);
    spec
      .given([importedEvent()])
      .when({ type: 'RenameItem', data: { itemId: 'I-002', name: '研修会の開催', ...REVISION } }, as(admin))
      .thenThrows(IllegalTransitionError, /既に「研修会の開催」/);
  });

  it('RetireItem from a year: earlier years stay evaluable, later ones are not', () => {
    const state = spec
      .given([importedEvent()])
      .when({ type: 'RetireItem', data: { itemId: 'I-002', fromFiscalYear: 2026, ...REVISION } }, as(admin))
      .then([{ type: 'PlanItemRetired', data: { ...meta(), ...REVISION, itemId: 'I-002', fromFiscalYear: 2026 } }]);
    expect(itemContext(state, 'I-002', 2025).plannedStage).toBe('継続');
    expect(() => itemContext(state, 'I-002', 2026)).toThrow(/令和8年度\(2026年度\)から廃止/);
    spec
      .given([importedEvent(), ...decideCatalogue({ type: 'RetireItem', data: { itemId: 'I-002', fromFiscalYear: 2026, ...REVISION } }, foldCatalogue([importedEvent()]), as(admin))])
      .when({ type: 'RenameItem', data: { itemId: 'I-002', name: 'x', ...REVISION } }, as(admin))
      .thenThrows(IllegalTransitionError, /廃止されています/);
  });

  it('revisions are for Admins only', () => {
    for (const actor of [testActors.staff, testActors.committee, testActors.auditor, SYSTEM_ACTOR]) {
      spec.given([importedEvent()]).when({ type: 'RenameItem', data: { itemId: 'I-002', name: 'x', ...REVISION } }, as(actor)).thenThrows(ForbiddenError, /管理者のみ/);
    }
  });
});

describe('catalogue: the plan as of a date', () => {
  const history: CatalogueEvent[] = [
    importedEvent('2025-04-01T00:00:00.000Z'),
    {
      type: 'PlanItemRenamed',
      data: { ...meta(admin, 'Admin', '2026-03-20T05:00:00.000Z'), ...REVISION, itemId: 'I-002', from: '研修会の開催', to: '職員研修会の開催' },
    },
    { type: 'PlanItemRetired', data: { ...meta(admin, 'Admin', '2026-03-31T16:00:00.000Z'), ...REVISION, itemId: 'I-003', fromFiscalYear: 2025 } },
  ];

  it('before the import there is no plan', () => {
    expect(planAsOf(history, '2025-03-31')).toBeNull();
  });

  it('each date shows the revisions made up to the end of that day (Japan time)', () => {
    expect(planAsOf(history, '2026-03-19')?.items.map((i) => i.name)).toEqual(['評価・進捗状況の周知', '研修会の開催', '介護サービスの質の向上']);
    expect(planAsOf(history, '2026-03-20')?.items.map((i) => i.name)).toEqual(['評価・進捗状況の周知', '職員研修会の開催', '介護サービスの質の向上']);
    // 2026-03-31T16:00Z is 2026-04-01 01:00 in Japan
    expect(planAsOf(history, '2026-03-31')?.items.map((i) => i.id)).toEqual(['I-001', 'I-002', 'I-003']);
    const after = planAsOf(history, '2026-04-01');
    expect(after?.items.map((i) => i.id)).toEqual(['I-001', 'I-002']);
    expect(after?.divisions[1]!.topics[0]!.themes[0]!.listings).toEqual([{ itemId: 'I-001', relisting: true }]);
  });

  it('uses metadata.occurredAt when the event is recorded', () => {
    const recorded = history.map((event) => ({ ...event, metadata: { occurredAt: '2030-01-01T00:00:00.000Z' } }));
    expect(planAsOf(recorded, '2026-12-31')).toBeNull();
  });

  it('accepts an ISO instant and refuses anything else', () => {
    expect(planAsOf(history, '2026-03-20T04:59:59.999Z')?.items[1]!.name).toBe('研修会の開催');
    expect(asOfInstant('2026-03-20')).toBe(Date.parse('2026-03-20T14:59:59.999Z'));
    expect(() => planAsOf(history, 'yesterday')).toThrow(ValidationError);
    expect(() => planAsOf(history, '2026-13-45')).toThrow(ValidationError);
  });
});

describe('catalogue: item context for evaluations', () => {
  const state = foldCatalogue([importedEvent()]);

  it('derives division, reviewing 推進会議, owning 部 and the year planned stage', () => {
    expect(itemContext(state, 'I-001', 2026)).toEqual({
      id: 'I-001',
      divisionId: 'corporate-management',
      owningDepartmentId: 'general-affairs',
      owningDepartmentName: '総務部',
      promotionMeetingId: 'general-affairs-meeting',
      plannedStage: '実施',
    });
  });

  it('施設・介護サービス部門 defaults to 総務推進会議; a recorded remap moves it to another 推進会議 and its 部', () => {
    expect(itemContext(state, 'I-003', 2025).owningDepartmentId).toBe('general-affairs');
    const remapped = foldCatalogue([
      importedEvent(),
      {
        type: 'DivisionRemapped',
        data: { ...meta(SYSTEM_ACTOR, 'System'), ...REVISION, divisionId: 'facility-care', from: 'general-affairs-meeting', to: 'community-welfare-meeting' },
      },
    ]);
    expect(itemContext(remapped, 'I-003', 2025)).toMatchObject({ owningDepartmentId: 'community-welfare', promotionMeetingId: 'community-welfare-meeting' });
  });

  it('refuses unknown items, years outside the plan, and a catalogue not imported', () => {
    expect(() => itemContext(state, 'I-999', 2025)).toThrow(/I-999 は計画にありません/);
    expect(() => itemContext(state, 'I-001', 2028)).toThrow(/計画期間/);
    // a year outside the plan is bad input, said without a 令和 label of a year that has none
    expect(() => itemContext(state, 'I-001', -1)).toThrow(ValidationError);
    expect(() => itemContext(state, 'I-001', -1)).not.toThrow(/令和/);
    expect(() => itemContext(initialCatalogueState(), 'I-001', 2025)).toThrow(NotFoundError);
  });
});
