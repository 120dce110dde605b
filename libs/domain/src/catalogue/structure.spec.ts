import { describe, expect, it } from 'vitest';
import type { PlanCatalogue, Theme } from '@hyoka/catalogue';
import { ForbiddenError, IllegalTransitionError, NotFoundError, ValidationError } from '../shared/errors.js';
import type { CommandContext } from '../shared/context.js';
import { SYSTEM_ACTOR, type Actor } from '../shared/roles.js';
import { specFor } from '../testing/spec.js';
import { TEST_NOW, testActors } from '../testing/fixtures.js';
import {
  currentPlan,
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
import { STRUCTURE_COMMAND_TYPES } from './structure.js';

const schedule = { 2025: { stage: '実施', continued: false }, 2026: { stage: '実施', continued: true }, 2027: { stage: '実施', continued: true } };
const theme = (id: string, name: string, itemIds: string[], relisted: string[] = []): Theme => ({
  id,
  number: Number(id.split('/').at(-1)),
  name,
  currentSituation: `${name}の現状`,
  goal: `${name}の目標`,
  listings: [...itemIds.map((itemId) => ({ itemId, relisting: false })), ...relisted.map((itemId) => ({ itemId, relisting: true }))],
});

/** Two 部門 reviewed by two 推進会議 of two 部: enough to see a move change the owning 部. */
const fixture = (): PlanCatalogue => ({
  title: 'テスト計画',
  period: { from: 2025, to: 2027 },
  source: 'fixture',
  departments: [
    { id: 'general-affairs', name: '総務部' },
    { id: 'community-welfare', name: '地域福祉部' },
  ],
  reviewBodies: [
    { id: 'general-affairs-meeting', kind: 'PromotionMeeting', name: '総務推進会議', chair: '総務部長', members: '', roles: [], departmentId: 'general-affairs' },
    { id: 'community-welfare-meeting', kind: 'PromotionMeeting', name: '地域福祉推進会議', chair: '地域福祉部長', members: '', roles: [], departmentId: 'community-welfare' },
    { id: 'managers-meeting', kind: 'ManagersMeeting', name: '管理職会議', chair: '事務局長', members: '', roles: [] },
  ],
  divisions: [
    {
      id: 'corporate-management',
      number: 1,
      name: '法人経営部門',
      promotionMeetingId: 'general-affairs-meeting',
      topics: [
        { id: 'corporate-management/1', number: 1, name: '組織の強化', themes: [theme('corporate-management/1/1', '人材育成', ['I-001', 'I-002']), theme('corporate-management/1/2', '財務', [])] },
        { id: 'corporate-management/2', number: 2, name: '広報', themes: [theme('corporate-management/2/1', '情報発信', ['I-003'])] },
      ],
    },
    {
      id: 'community-welfare',
      number: 2,
      name: '地域福祉推進部門',
      promotionMeetingId: 'community-welfare-meeting',
      topics: [{ id: 'community-welfare/1', number: 1, name: '地域づくり', themes: [theme('community-welfare/1/1', '見守り', ['I-004'], ['I-001'])] }],
    },
  ],
  items: [
    { id: 'I-001', name: '研修体系の整備', divisionId: 'corporate-management', themeId: 'corporate-management/1/1', schedule },
    { id: 'I-002', name: '研修会の開催', divisionId: 'corporate-management', themeId: 'corporate-management/1/1', schedule },
    { id: 'I-003', name: '広報誌の発行', divisionId: 'corporate-management', themeId: 'corporate-management/2/1', schedule },
    { id: 'I-004', name: '見守り活動', divisionId: 'community-welfare', themeId: 'community-welfare/1/1', schedule },
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
const REVISION = { reason: '理事会で計画を見直し', approvedBy: '理事会(2026年3月)' };
const meta = { by: admin.userId, actingAs: 'Admin', at: TEST_NOW, ...REVISION };
const imported: CatalogueEvent = { type: 'PlanCatalogueImported', data: { catalogue: fixture(), by: SYSTEM_ACTOR.userId, actingAs: 'System', at: '2025-04-01T00:00:00.000Z' } };
const command = (type: string, data: Record<string, unknown>) => ({ type, data: { ...REVISION, ...data } }) as CatalogueCommand;
const imported$ = () => foldCatalogue([imported]) as Extract<CatalogueState, { status: 'Imported' }>;
const after = (...events: CatalogueEvent[]) => foldCatalogue([imported, ...events]) as Extract<CatalogueState, { status: 'Imported' }>;
const decided = (state: CatalogueState, type: string, data: Record<string, unknown>) => decideCatalogue(command(type, data), state, as(admin));
const themeOf = (state: Extract<CatalogueState, { status: 'Imported' }>, id: string) =>
  state.catalogue.divisions.flatMap((d) => d.topics.flatMap((t) => t.themes)).find((th) => th.id === id);

describe('structure: who and when', () => {
  it('every level revision is for Admins only', () => {
    for (const type of STRUCTURE_COMMAND_TYPES) {
      for (const actor of [testActors.staff, testActors.head, testActors.committee, testActors.auditor, SYSTEM_ACTOR]) {
        spec.given([imported]).when(command(type, {}), as(actor)).thenThrows(ForbiddenError, /管理者のみ/);
      }
    }
  });

  it('before the import nothing can be revised', () => {
    spec.given([]).when(command('RenameTheme', { themeId: 'corporate-management/1/1', name: 'x' }), as(admin)).thenThrows(IllegalTransitionError, /まだ取り込まれていません/);
  });

  it('a revision needs its reason and approver', () => {
    spec
      .given([imported])
      .when({ type: 'RenameTopic', data: { topicId: 'corporate-management/1', name: 'x', reason: ' ', approvedBy: '理事会' } }, as(admin))
      .thenThrows(ValidationError, /理由/);
  });
});

describe('structure: 部門', () => {
  it('AddDivision records the 部門 with its 推進会議 and the next number', () => {
    spec
      .given([imported])
      .when(command('AddDivision', { divisionId: 'facility-care', name: '施設・介護サービス部門', promotionMeetingId: 'general-affairs-meeting' }), as(admin))
      .then([
        {
          type: 'DivisionAdded',
          data: { ...meta, division: { id: 'facility-care', number: 3, name: '施設・介護サービス部門', promotionMeetingId: 'general-affairs-meeting' } },
        },
      ]);
  });

  it('AddDivision is refused for a used id, a used name or a body that is not a 推進会議', () => {
    const add = (data: Record<string, unknown>) => command('AddDivision', { divisionId: 'x', name: '新部門', promotionMeetingId: 'general-affairs-meeting', ...data });
    spec.given([imported]).when(add({ divisionId: 'community-welfare' }), as(admin)).thenThrows(IllegalTransitionError, /部門ID community-welfare は既に使われています/);
    spec.given([imported]).when(add({ name: '法人経営部門' }), as(admin)).thenThrows(IllegalTransitionError, /計画には同じ名称の部門「法人経営部門」/);
    spec.given([imported]).when(add({ promotionMeetingId: 'managers-meeting' }), as(admin)).thenThrows(NotFoundError, /推進会議 managers-meeting は計画にありません/);
  });

  it('RenameDivision keeps the old name; the same name or a sibling name is refused', () => {
    spec
      .given([imported])
      .when(command('RenameDivision', { divisionId: 'community-welfare', name: '地域福祉部門' }), as(admin))
      .then([{ type: 'DivisionRenamed', data: { ...meta, divisionId: 'community-welfare', from: '地域福祉推進部門', to: '地域福祉部門' } }]);
    spec.given([imported]).when(command('RenameDivision', { divisionId: 'community-welfare', name: '地域福祉推進部門' }), as(admin)).thenThrows(IllegalTransitionError, /既に「地域福祉推進部門」/);
    spec.given([imported]).when(command('RenameDivision', { divisionId: 'community-welfare', name: '法人経営部門' }), as(admin)).thenThrows(IllegalTransitionError, /同じ名称の部門/);
  });

  it('RetireDivision is refused while it holds an item in force, in Japanese', () => {
    spec
      .given([imported])
      .when(command('RetireDivision', { divisionId: 'community-welfare', fromFiscalYear: 2026 }), as(admin))
      .thenThrows(IllegalTransitionError, /部門 community-welfare には令和8年度\(2026年度\)以降も計画にある実施項目(.*)があります: I-004、I-001。先に移動するか廃止してください/);
  });

  it('RetireDivision after its items are retired (by then): its levels leave the plan; nothing more can be added to it', () => {
    const itemRetired: CatalogueEvent = { type: 'PlanItemRetired', data: { ...meta, itemId: 'I-004', fromFiscalYear: 2025 } };
    const relistingRemoved: CatalogueEvent = { type: 'ListingRemoved', data: { ...meta, themeId: 'community-welfare/1/1', itemId: 'I-001' } };
    const state = spec
      .given([imported, itemRetired, relistingRemoved])
      .when(command('RetireDivision', { divisionId: 'community-welfare', fromFiscalYear: 2025 }), as(admin))
      .then([{ type: 'DivisionRetired', data: { ...meta, divisionId: 'community-welfare', fromFiscalYear: 2025 } }]);
    expect(currentPlan(state as Extract<CatalogueState, { status: 'Imported' }>).divisions.map((d) => d.id)).toEqual(['corporate-management']);
    expect(() => decided(state, 'AddTopic', { topicId: 'community-welfare/2', divisionId: 'community-welfare', name: '新' })).toThrow(/部門 community-welfare は令和7年度\(2025年度\)から廃止されています/);
    expect(() => decided(state, 'MoveItem', { itemId: 'I-002', themeId: 'community-welfare/1/1' })).toThrow(IllegalTransitionError);
    // a retired name may be used again
    expect(decided(state, 'AddDivision', { divisionId: 'community', name: '地域福祉推進部門', promotionMeetingId: 'community-welfare-meeting' })).toHaveLength(1);
  });

  it('a 部門 retired from a later year stays in the plan for the earlier years', () => {
    const state = after(
      { type: 'PlanItemRetired', data: { ...meta, itemId: 'I-004', fromFiscalYear: 2027 } },
      { type: 'ListingRemoved', data: { ...meta, themeId: 'community-welfare/1/1', itemId: 'I-001' } },
    );
    expect(() => decided(state, 'RetireDivision', { divisionId: 'community-welfare', fromFiscalYear: 2026 })).toThrow(/I-004/);
    const retired = foldCatalogue([imported, { type: 'PlanItemRetired', data: { ...meta, itemId: 'I-004', fromFiscalYear: 2027 } }, { type: 'ListingRemoved', data: { ...meta, themeId: 'community-welfare/1/1', itemId: 'I-001' } }, ...decided(state, 'RetireDivision', { divisionId: 'community-welfare', fromFiscalYear: 2027 })]);
    expect(currentPlan(retired as Extract<CatalogueState, { status: 'Imported' }>).divisions.map((d) => d.id)).toEqual(['corporate-management', 'community-welfare']);
    expect(itemContext(retired, 'I-004', 2026).owningDepartmentId).toBe('community-welfare');
  });
});

describe('structure: 推進項目', () => {
  it('AddTopic numbers it after its siblings; a name used in the same 部門 is refused, in another 部門 allowed', () => {
    spec
      .given([imported])
      .when(command('AddTopic', { topicId: 'corporate-management/3', divisionId: 'corporate-management', name: '地域との連携' }), as(admin))
      .then([{ type: 'TopicAdded', data: { ...meta, topic: { id: 'corporate-management/3', divisionId: 'corporate-management', number: 3, name: '地域との連携' } } }]);
    spec.given([imported]).when(command('AddTopic', { topicId: 'x', divisionId: 'corporate-management', name: '広報' }), as(admin)).thenThrows(IllegalTransitionError, /法人経営部門には同じ名称の推進項目「広報」/);
    expect(decided(imported$(), 'AddTopic', { topicId: 'x', divisionId: 'community-welfare', name: '広報' })).toHaveLength(1);
    spec.given([imported]).when(command('AddTopic', { topicId: 'corporate-management/1', divisionId: 'community-welfare', name: 'x' }), as(admin)).thenThrows(IllegalTransitionError, /既に使われています/);
    spec.given([imported]).when(command('AddTopic', { topicId: 'y', divisionId: 'nowhere', name: 'x' }), as(admin)).thenThrows(NotFoundError, /部門 nowhere は計画にありません/);
  });

  it('RenameTopic keeps the old name and refuses a sibling name', () => {
    spec
      .given([imported])
      .when(command('RenameTopic', { topicId: 'corporate-management/2', name: '広報・広聴' }), as(admin))
      .then([{ type: 'TopicRenamed', data: { ...meta, topicId: 'corporate-management/2', from: '広報', to: '広報・広聴' } }]);
    spec.given([imported]).when(command('RenameTopic', { topicId: 'corporate-management/2', name: '組織の強化' }), as(admin)).thenThrows(IllegalTransitionError, /同じ名称の推進項目/);
  });

  it('MoveTopic takes its themes and items to the other 部門: their owning 部 follows', () => {
    const state = spec
      .given([imported])
      .when(command('MoveTopic', { topicId: 'corporate-management/2', divisionId: 'community-welfare' }), as(admin))
      .then([{ type: 'TopicMoved', data: { ...meta, topicId: 'corporate-management/2', from: 'corporate-management', to: 'community-welfare', number: 2 } }]);
    expect(itemContext(state, 'I-003', 2026)).toMatchObject({ divisionId: 'community-welfare', owningDepartmentId: 'community-welfare', promotionMeetingId: 'community-welfare-meeting' });
    expect(() => decided(state, 'MoveTopic', { topicId: 'corporate-management/2', divisionId: 'community-welfare' })).toThrow(/既に地域福祉推進部門にあります/);
  });

  it('RetireTopic is refused while an item is in force; allowed once it is moved away', () => {
    spec.given([imported]).when(command('RetireTopic', { topicId: 'corporate-management/2', fromFiscalYear: 2026 }), as(admin)).thenThrows(IllegalTransitionError, /推進項目 corporate-management\/2 には.*I-003/);
    const moved: CatalogueEvent = { type: 'PlanItemMoved', data: { ...meta, itemId: 'I-003', from: { themeId: 'corporate-management/2/1', divisionId: 'corporate-management' }, to: { themeId: 'corporate-management/1/2', divisionId: 'corporate-management' } } };
    spec
      .given([imported, moved])
      .when(command('RetireTopic', { topicId: 'corporate-management/2', fromFiscalYear: 2026 }), as(admin))
      .then([{ type: 'TopicRetired', data: { ...meta, topicId: 'corporate-management/2', fromFiscalYear: 2026 } }]);
    spec.given([imported]).when(command('RetireTopic', { topicId: 'corporate-management/2', fromFiscalYear: 2030 }), as(admin)).thenThrows(ValidationError, /計画期間/);
  });
});

describe('structure: 取組テーマ', () => {
  it('AddTheme with its 現状と課題 and 推進目標', () => {
    spec
      .given([imported])
      .when(command('AddTheme', { themeId: 'corporate-management/1/3', topicId: 'corporate-management/1', name: 'DX', currentSituation: '紙の帳票が多い', goal: '電子化' }), as(admin))
      .then([
        {
          type: 'ThemeAdded',
          data: { ...meta, theme: { id: 'corporate-management/1/3', topicId: 'corporate-management/1', number: 3, name: 'DX', currentSituation: '紙の帳票が多い', goal: '電子化' } },
        },
      ]);
    spec.given([imported]).when(command('AddTheme', { themeId: 'x', topicId: 'corporate-management/1', name: '財務' }), as(admin)).thenThrows(IllegalTransitionError, /組織の強化には同じ名称の取組テーマ「財務」/);
  });

  it('RenameTheme keeps the old name', () => {
    const state = spec
      .given([imported])
      .when(command('RenameTheme', { themeId: 'corporate-management/1/1', name: '人材の育成と定着' }), as(admin))
      .then([{ type: 'ThemeRenamed', data: { ...meta, themeId: 'corporate-management/1/1', from: '人材育成', to: '人材の育成と定着' } }]);
    expect(themeOf(state as never, 'corporate-management/1/1')?.name).toBe('人材の育成と定着');
  });

  it('ChangeThemeTexts changes the field given and keeps the other; no change is refused', () => {
    const state = spec
      .given([imported])
      .when(command('ChangeThemeTexts', { themeId: 'corporate-management/1/1', currentSituation: '離職が多い' }), as(admin))
      .then([
        {
          type: 'ThemeTextsChanged',
          data: {
            ...meta,
            themeId: 'corporate-management/1/1',
            from: { currentSituation: '人材育成の現状', goal: '人材育成の目標' },
            to: { currentSituation: '離職が多い', goal: '人材育成の目標' },
          },
        },
      ]);
    expect(themeOf(state as never, 'corporate-management/1/1')).toMatchObject({ currentSituation: '離職が多い', goal: '人材育成の目標' });
    spec.given([imported]).when(command('ChangeThemeTexts', { themeId: 'corporate-management/1/1', goal: '人材育成の目標' }), as(admin)).thenThrows(IllegalTransitionError, /既にその記載/);
    spec.given([imported]).when(command('ChangeThemeTexts', { themeId: 'corporate-management/1/1' }), as(admin)).thenThrows(ValidationError, /少なくとも一方/);
  });

  it('MoveTheme to a 推進項目 of another 部門 takes its items along', () => {
    const state = spec
      .given([imported])
      .when(command('MoveTheme', { themeId: 'corporate-management/2/1', topicId: 'community-welfare/1' }), as(admin))
      .then([{ type: 'ThemeMoved', data: { ...meta, themeId: 'corporate-management/2/1', from: 'corporate-management/2', to: 'community-welfare/1', number: 2 } }]);
    expect(itemContext(state, 'I-003', 2025).owningDepartmentId).toBe('community-welfare');
    expect((state as Extract<CatalogueState, { status: 'Imported' }>).catalogue.divisions[1]!.topics[0]!.themes.map((th) => th.id)).toEqual(['community-welfare/1/1', 'corporate-management/2/1']);
  });

  it('RetireTheme is refused while it lists an item in force, even as 【再掲】; an empty theme retires', () => {
    spec.given([imported]).when(command('RetireTheme', { themeId: 'community-welfare/1/1', fromFiscalYear: 2025 }), as(admin)).thenThrows(IllegalTransitionError, /I-004、I-001/);
    const state = spec
      .given([imported])
      .when(command('RetireTheme', { themeId: 'corporate-management/1/2', fromFiscalYear: 2025 }), as(admin))
      .then([{ type: 'ThemeRetired', data: { ...meta, themeId: 'corporate-management/1/2', fromFiscalYear: 2025 } }]);
    expect(() => decided(state, 'RenameTheme', { themeId: 'corporate-management/1/2', name: 'x' })).toThrow(/廃止されています/);
    expect(() => decided(state, 'AddItem', { item: { id: 'I-100', name: '新', divisionId: 'corporate-management', themeId: 'corporate-management/1/2' } })).toThrow(/廃止されています/);
  });
});

describe('structure: an item’s place and its 【再掲】 listings', () => {
  it('MoveItem records from and to, keeps its id, moves its primary listing and its owning 部', () => {
    const state = spec
      .given([imported])
      .when(command('MoveItem', { itemId: 'I-002', themeId: 'community-welfare/1/1' }), as(admin))
      .then([
        {
          type: 'PlanItemMoved',
          data: {
            ...meta,
            itemId: 'I-002',
            from: { themeId: 'corporate-management/1/1', divisionId: 'corporate-management' },
            to: { themeId: 'community-welfare/1/1', divisionId: 'community-welfare' },
          },
        },
      ]) as Extract<CatalogueState, { status: 'Imported' }>;
    expect(themeOf(state, 'corporate-management/1/1')!.listings.map((l) => l.itemId)).toEqual(['I-001']);
    expect(themeOf(state, 'community-welfare/1/1')!.listings).toContainEqual({ itemId: 'I-002', relisting: false });
    expect(itemContext(state, 'I-002', 2025)).toEqual({ id: 'I-002', divisionId: 'community-welfare', owningDepartmentId: 'community-welfare', owningDepartmentName: '地域福祉部', promotionMeetingId: 'community-welfare-meeting', plannedStage: '実施' });
  });

  it('MoveItem is refused to its own theme, to a theme listing it as 【再掲】 and for an unknown item', () => {
    spec.given([imported]).when(command('MoveItem', { itemId: 'I-002', themeId: 'corporate-management/1/1' }), as(admin)).thenThrows(IllegalTransitionError, /既に取組テーマ/);
    spec.given([imported]).when(command('MoveItem', { itemId: 'I-001', themeId: 'community-welfare/1/1' }), as(admin)).thenThrows(IllegalTransitionError, /【再掲】として載っています/);
    spec.given([imported]).when(command('MoveItem', { itemId: 'I-999', themeId: 'community-welfare/1/1' }), as(admin)).thenThrows(NotFoundError, /I-999 は計画にありません/);
  });

  it('AddListing and RemoveListing; the primary listing cannot be removed', () => {
    const state = spec
      .given([imported])
      .when(command('AddListing', { themeId: 'corporate-management/2/1', itemId: 'I-004' }), as(admin))
      .then([{ type: 'ListingAdded', data: { ...meta, themeId: 'corporate-management/2/1', itemId: 'I-004' } }]);
    expect(themeOf(state as never, 'corporate-management/2/1')!.listings).toContainEqual({ itemId: 'I-004', relisting: true });
    spec.given([imported]).when(command('AddListing', { themeId: 'community-welfare/1/1', itemId: 'I-001' }), as(admin)).thenThrows(IllegalTransitionError, /既に載っています/);
    spec
      .given([imported])
      .when(command('RemoveListing', { themeId: 'community-welfare/1/1', itemId: 'I-001' }), as(admin))
      .then([{ type: 'ListingRemoved', data: { ...meta, themeId: 'community-welfare/1/1', itemId: 'I-001' } }]);
    spec.given([imported]).when(command('RemoveListing', { themeId: 'community-welfare/1/1', itemId: 'I-004' }), as(admin)).thenThrows(IllegalTransitionError, /主たる掲載先/);
  });
});

describe('structure: the plan as of a date', () => {
  const at = (iso: string) => ({ ...meta, at: iso });
  const history: CatalogueEvent[] = [
    imported,
    { type: 'ThemeRenamed', data: { ...at('2025-10-01T03:00:00.000Z'), themeId: 'corporate-management/1/1', from: '人材育成', to: '人材の育成と定着' } },
    {
      type: 'PlanItemMoved',
      data: { ...at('2026-02-01T03:00:00.000Z'), itemId: 'I-002', from: { themeId: 'corporate-management/1/1', divisionId: 'corporate-management' }, to: { themeId: 'community-welfare/1/1', divisionId: 'community-welfare' } },
    },
    { type: 'TopicAdded', data: { ...at('2026-04-01T03:00:00.000Z'), topic: { id: 'community-welfare/2', divisionId: 'community-welfare', number: 2, name: '災害への備え' } } },
    { type: 'ThemeTextsChanged', data: { ...at('2026-05-01T03:00:00.000Z'), themeId: 'community-welfare/1/1', from: { currentSituation: '見守りの現状', goal: '見守りの目標' }, to: { currentSituation: '担い手が不足', goal: '見守りの目標' } } },
  ];

  it('each date shows the words, places and levels in force then', () => {
    const name = (date: string) => planAsOf(history, date)!.divisions[0]!.topics[0]!.themes[0]!.name;
    expect(name('2025-09-30')).toBe('人材育成');
    expect(name('2025-10-01')).toBe('人材の育成と定着');
    const item = (date: string) => planAsOf(history, date)!.items.find((i) => i.id === 'I-002')!;
    expect(item('2026-01-31')).toMatchObject({ themeId: 'corporate-management/1/1', divisionId: 'corporate-management' });
    expect(item('2026-02-01')).toMatchObject({ themeId: 'community-welfare/1/1', divisionId: 'community-welfare' });
    const topics = (date: string) => planAsOf(history, date)!.divisions[1]!.topics.map((t) => t.name);
    expect(topics('2026-03-31')).toEqual(['地域づくり']);
    expect(topics('2026-04-01')).toEqual(['地域づくり', '災害への備え']);
    const situation = (date: string) => planAsOf(history, date)!.divisions[1]!.topics[0]!.themes[0]!.currentSituation;
    expect(situation('2026-04-30')).toBe('見守りの現状');
    expect(situation('2026-05-01')).toBe('担い手が不足');
  });

  it('the revision history lists every kind with its level and id', () => {
    const state = foldCatalogue(history) as Extract<CatalogueState, { status: 'Imported' }>;
    expect(state.revisions.map((r) => [r.type, r.level, r.id, r.itemId])).toEqual([
      ['ThemeRenamed', 'theme', 'corporate-management/1/1', undefined],
      ['PlanItemMoved', 'item', 'I-002', 'I-002'],
      ['TopicAdded', 'topic', 'community-welfare/2', undefined],
      ['ThemeTextsChanged', 'theme', 'community-welfare/1/1', undefined],
    ]);
    expect(state.revisions[0]).toMatchObject({ reason: REVISION.reason, approvedBy: REVISION.approvedBy, by: admin.userId, at: '2025-10-01T03:00:00.000Z' });
  });
});
