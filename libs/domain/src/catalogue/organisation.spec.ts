import { describe, expect, it } from 'vitest';
import type { PlanCatalogue } from '@hyoka/catalogue';
import { DomainError, ForbiddenError, IllegalTransitionError, NotFoundError, ValidationError } from '../shared/errors.js';
import type { CommandContext } from '../shared/context.js';
import { SYSTEM_ACTOR, type Actor } from '../shared/roles.js';
import { specFor } from '../testing/spec.js';
import { TEST_NOW, testActors } from '../testing/fixtures.js';
import {
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
import { departmentsInForce, divisionOwners } from './organisation.js';

/** Two 部, two 推進会議, two 部門 (施設・介護サービス reviewed by 総務推進会議 by default), one item each. */
const fixture = (): PlanCatalogue => ({
  title: 'テスト計画',
  period: { from: 2025, to: 2027 },
  source: 'fixture',
  departments: [
    { id: 'general-affairs', name: '総務部' },
    { id: 'community-welfare', name: '地域福祉部' },
  ],
  reviewBodies: [
    { id: 'general-affairs-meeting', kind: 'PromotionMeeting', name: '総務推進会議', chair: '総務部長', members: '総務部の職員', roles: ['課題整理'], departmentId: 'general-affairs' },
    { id: 'community-welfare-meeting', kind: 'PromotionMeeting', name: '地域福祉推進会議', chair: '地域福祉部長', members: '地域福祉部の職員', roles: [], departmentId: 'community-welfare' },
    { id: 'managers-meeting', kind: 'ManagersMeeting', name: '管理職会議', chair: '事務局長', members: '課長級以上', roles: [] },
  ],
  divisions: ['corporate-management', 'facility-care'].map((id, index) => ({
    id,
    number: index + 1,
    name: index === 0 ? '法人経営部門' : '施設・介護サービス部門',
    promotionMeetingId: 'general-affairs-meeting',
    topics: [
      {
        id: `${id}/1`,
        number: 1,
        name: '推進項目',
        themes: [{ id: `${id}/1/1`, number: 1, name: 'テーマ', currentSituation: '現状', goal: '目標', listings: [{ itemId: `I-00${index + 1}`, relisting: false }] }],
      },
    ],
  })),
  items: ['corporate-management', 'facility-care'].map((divisionId, index) => ({
    id: `I-00${index + 1}`,
    name: `項目${index + 1}`,
    divisionId,
    themeId: `${divisionId}/1/1`,
    schedule: { 2025: { stage: '実施', continued: false }, 2026: { stage: '実施', continued: true }, 2027: { stage: '実施', continued: true } },
  })),
  evaluationRules: { quantitative: '', qualitative: '', overall: '', bands: [] },
});

const spec = specFor<CatalogueCommand, CatalogueState, CatalogueEvent, CommandContext>({
  decide: decideCatalogue,
  evolve: evolveCatalogue,
  initialState: initialCatalogueState,
});
const { admin, head, secretaryGeneral } = testActors;
const as = (actor: Actor, now = TEST_NOW): CommandContext => ({ actor, now });
const REVISION = { reason: '施設部の新設', approvedBy: '理事会(2026年3月)' };
const meta = (actor: Actor = admin, actingAs = 'Admin', at = TEST_NOW) => ({ by: actor.userId, actingAs, at, ...REVISION });
const importedEvent: CatalogueEvent = {
  type: 'PlanCatalogueImported',
  data: { catalogue: fixture(), by: 'system', actingAs: 'System', at: '2025-04-01T00:00:00.000Z' },
};
const FACILITY = { id: 'facility', name: '施設部' };
const FACILITY_MEETING = {
  id: 'facility-meeting',
  kind: 'PromotionMeeting' as const,
  name: '施設推進会議',
  chair: '施設部長',
  members: '施設部の職員',
  roles: ['課題整理・意見出し'],
  departmentId: 'facility',
};
const departmentAdded: CatalogueEvent = { type: 'DepartmentAdded', data: { ...meta(), department: FACILITY } };
const meetingAdded: CatalogueEvent = { type: 'ReviewBodyAdded', data: { ...meta(), body: FACILITY_MEETING } };
const remapped: CatalogueEvent = {
  type: 'DivisionRemapped',
  data: { ...meta(), divisionId: 'facility-care', from: 'general-affairs-meeting', to: 'facility-meeting' },
};

describe('organisation: before the import', () => {
  it('every organisation command is refused until the catalogue is imported', () => {
    spec.given([]).when({ type: 'AddDepartment', data: { department: FACILITY, ...REVISION } }, as(admin)).thenThrows(IllegalTransitionError, /まだ取り込まれていません/);
  });
});

describe('organisation: 部 (Department)', () => {
  it('AddDepartment records the 部 with the reason and approver', () => {
    const state = spec.given([importedEvent]).when({ type: 'AddDepartment', data: { department: FACILITY, ...REVISION } }, as(admin)).then([departmentAdded]);
    expect(state.status === 'Imported' && state.catalogue.departments.at(-1)).toEqual(FACILITY);
    expect(state.status === 'Imported' && state.revisions).toEqual([{ type: 'DepartmentAdded', level: 'department', id: 'facility', subjectId: 'facility', ...REVISION, by: admin.userId, at: TEST_NOW }]);
  });

  it.each([
    ['a used id', { department: { id: 'general-affairs', name: '新総務部' }, ...REVISION }, IllegalTransitionError, /部ID general-affairs は既に使われています/],
    ['a used name', { department: { id: 'x', name: '総務部' }, ...REVISION }, IllegalTransitionError, /「総務部」という部は既にあります/],
    ['no name', { department: { id: 'x', name: '' }, ...REVISION }, ValidationError, /「名称」/],
    ['no reason', { department: FACILITY, approvedBy: '理事会' }, ValidationError, /「理由」を入力/],
    ['no approver', { department: FACILITY, reason: '新設' }, ValidationError, /「承認者」を入力/],
  ] as [string, object, typeof DomainError, RegExp][])('AddDepartment with %s is refused', (_case, data, error, message) => {
    spec.given([importedEvent]).when({ type: 'AddDepartment', data } as CatalogueCommand, as(admin)).thenThrows(error, message);
  });

  it('only an administrator changes the organisation', () => {
    for (const actor of [head, secretaryGeneral]) {
      spec.given([importedEvent]).when({ type: 'AddDepartment', data: { department: FACILITY, ...REVISION } }, as(actor)).thenThrows(ForbiddenError, /部の追加/);
    }
    spec.given([importedEvent]).when({ type: 'AddDepartment', data: { department: FACILITY, ...REVISION } }, as(SYSTEM_ACTOR)).thenThrows(ForbiddenError);
  });

  it('RenameDepartment records from and to; the same name is refused', () => {
    spec
      .given([importedEvent])
      .when({ type: 'RenameDepartment', data: { departmentId: 'general-affairs', name: '総務企画部', ...REVISION } }, as(admin))
      .then([{ type: 'DepartmentRenamed', data: { ...meta(), departmentId: 'general-affairs', from: '総務部', to: '総務企画部' } }]);
    spec
      .given([importedEvent])
      .when({ type: 'RenameDepartment', data: { departmentId: 'general-affairs', name: '総務部', ...REVISION } }, as(admin))
      .thenThrows(IllegalTransitionError, /既に「総務部」です/);
    spec
      .given([importedEvent])
      .when({ type: 'RenameDepartment', data: { departmentId: 'nowhere', name: 'x', ...REVISION } }, as(admin))
      .thenThrows(NotFoundError, /部 nowhere は計画にありません/);
  });

  it('RetireDepartment is refused while a 推進会議 of the 部 reviews a 部門', () => {
    spec
      .given([importedEvent])
      .when({ type: 'RetireDepartment', data: { departmentId: 'general-affairs', ...REVISION } }, as(admin))
      .thenThrows(IllegalTransitionError, /総務部は廃止できません: 総務推進会議が法人経営部門、総務推進会議が施設・介護サービス部門を審査しています/);
  });

  it('RetireDepartment of a 部 whose 推進会議 reviews nothing; a retired 部 stays known but is offered for no new use', () => {
    const state = spec
      .given([importedEvent])
      .when({ type: 'RetireDepartment', data: { departmentId: 'community-welfare', ...REVISION } }, as(admin))
      .then([{ type: 'DepartmentRetired', data: { ...meta(), departmentId: 'community-welfare' } }]);
    if (state.status !== 'Imported') throw new Error('imported');
    expect(state.catalogue.departments.find((d) => d.id === 'community-welfare')).toEqual({ id: 'community-welfare', name: '地域福祉部', retired: true });
    expect(departmentsInForce(state.catalogue).map((d) => d.id)).toEqual(['general-affairs']);
    const retired: CatalogueEvent = { type: 'DepartmentRetired', data: { ...meta(), departmentId: 'community-welfare' } };
    spec
      .given([importedEvent, retired])
      .when({ type: 'RenameDepartment', data: { departmentId: 'community-welfare', name: 'x', ...REVISION } }, as(admin))
      .thenThrows(IllegalTransitionError, /地域福祉部は廃止されています/);
    spec
      .given([importedEvent, retired])
      .when({ type: 'AddReviewBody', data: { body: { ...FACILITY_MEETING, departmentId: 'community-welfare' }, ...REVISION } }, as(admin))
      .thenThrows(IllegalTransitionError, /地域福祉部は廃止されています/);
    spec
      .given([importedEvent, retired])
      .when({ type: 'RemapDivision', data: { divisionId: 'facility-care', promotionMeetingId: 'community-welfare-meeting', ...REVISION } }, as(admin))
      .thenThrows(IllegalTransitionError, /地域福祉部は廃止されています/);
  });
});

describe('organisation: 会議体 (ReviewBody)', () => {
  it('AddReviewBody of a 推進会議 names its 部', () => {
    const state = spec
      .given([importedEvent, departmentAdded])
      .when({ type: 'AddReviewBody', data: { body: FACILITY_MEETING, ...REVISION } }, as(admin))
      .then([meetingAdded]);
    expect(state.status === 'Imported' && state.catalogue.reviewBodies.at(-1)).toEqual(FACILITY_MEETING);
  });

  it('AddReviewBody of another kind takes no 部', () => {
    const body = { id: 'liaison', kind: 'ManagersMeeting' as const, name: '連絡会議', chair: null, members: '係長', roles: [] };
    spec.given([importedEvent]).when({ type: 'AddReviewBody', data: { body, ...REVISION } }, as(admin)).then([{ type: 'ReviewBodyAdded', data: { ...meta(), body } }]);
    spec
      .given([importedEvent])
      .when({ type: 'AddReviewBody', data: { body: { ...body, departmentId: 'general-affairs' }, ...REVISION } }, as(admin))
      .thenThrows(ValidationError, /「部」を指定できるのは推進会議だけです/);
  });

  it.each([
    ['a 推進会議 without a 部', { ...FACILITY_MEETING, departmentId: undefined }, ValidationError, /推進会議には「部」の指定が必要です/],
    ['an unknown 部', FACILITY_MEETING, NotFoundError, /部 facility は計画にありません/],
    ['an unknown kind', { ...FACILITY_MEETING, kind: 'Party' }, ValidationError, /「会議体の種類」は/],
    ['a used id', { ...FACILITY_MEETING, id: 'managers-meeting' }, IllegalTransitionError, /会議体ID managers-meeting は既に使われています/],
    ['a used name', { ...FACILITY_MEETING, name: '管理職会議' }, IllegalTransitionError, /「管理職会議」という会議体は既にあります/],
  ] as [string, object, typeof DomainError, RegExp][])('AddReviewBody with %s is refused', (_case, body, error, message) => {
    spec.given([importedEvent]).when({ type: 'AddReviewBody', data: { body, ...REVISION } } as CatalogueCommand, as(admin)).thenThrows(error, message);
  });

  it('ChangeReviewBody records what it was and what it becomes; the rest stays', () => {
    const state = spec
      .given([importedEvent])
      .when({ type: 'ChangeReviewBody', data: { bodyId: 'general-affairs-meeting', chair: '総務課長', roles: ['課題整理', '意見出し'], ...REVISION } }, as(admin))
      .then([
        {
          type: 'ReviewBodyChanged',
          data: {
            ...meta(),
            bodyId: 'general-affairs-meeting',
            from: { name: '総務推進会議', chair: '総務部長', members: '総務部の職員', roles: ['課題整理'] },
            to: { name: '総務推進会議', chair: '総務課長', members: '総務部の職員', roles: ['課題整理', '意見出し'] },
          },
        },
      ]);
    expect(state.status === 'Imported' && state.catalogue.reviewBodies[0]).toMatchObject({ chair: '総務課長', departmentId: 'general-affairs' });
    spec
      .given([importedEvent])
      .when({ type: 'ChangeReviewBody', data: { bodyId: 'general-affairs-meeting', chair: '総務部長', ...REVISION } }, as(admin))
      .thenThrows(IllegalTransitionError, /総務推進会議の内容は変わっていません/);
  });

  it('RetireReviewBody is refused while it reviews a 部門, and allowed once it reviews none', () => {
    spec
      .given([importedEvent])
      .when({ type: 'RetireReviewBody', data: { bodyId: 'general-affairs-meeting', ...REVISION } }, as(admin))
      .thenThrows(IllegalTransitionError, /総務推進会議は廃止できません: 法人経営部門、施設・介護サービス部門を審査しています/);
    const state = spec
      .given([importedEvent])
      .when({ type: 'RetireReviewBody', data: { bodyId: 'community-welfare-meeting', ...REVISION } }, as(admin))
      .then([{ type: 'ReviewBodyRetired', data: { ...meta(), bodyId: 'community-welfare-meeting' } }]);
    expect(state.status === 'Imported' && state.catalogue.reviewBodies[1]).toMatchObject({ name: '地域福祉推進会議', retired: true });
    const retired: CatalogueEvent = { type: 'ReviewBodyRetired', data: { ...meta(), bodyId: 'community-welfare-meeting' } };
    spec
      .given([importedEvent, retired])
      .when({ type: 'RemapDivision', data: { divisionId: 'facility-care', promotionMeetingId: 'community-welfare-meeting', ...REVISION } }, as(admin))
      .thenThrows(IllegalTransitionError, /地域福祉推進会議は廃止されています/);
  });
});

describe('organisation: which 推進会議 reviews a 部門', () => {
  it('RemapDivision moves the 部門 (and its items) to the 推進会議 of a new 部', () => {
    const state = spec
      .given([importedEvent, departmentAdded, meetingAdded])
      .when({ type: 'RemapDivision', data: { divisionId: 'facility-care', promotionMeetingId: 'facility-meeting', ...REVISION } }, as(admin))
      .then([remapped]);
    if (state.status !== 'Imported') throw new Error('imported');
    expect(divisionOwners(state.catalogue)).toEqual([
      { divisionId: 'corporate-management', promotionMeetingId: 'general-affairs-meeting', departmentId: 'general-affairs' },
      { divisionId: 'facility-care', promotionMeetingId: 'facility-meeting', departmentId: 'facility' },
    ]);
    expect(itemContext(state, 'I-002', 2025)).toMatchObject({ owningDepartmentId: 'facility', promotionMeetingId: 'facility-meeting' });
    expect(state.revisions.map((r) => [r.type, r.subjectId])).toEqual([
      ['DepartmentAdded', 'facility'],
      ['ReviewBodyAdded', 'facility-meeting'],
      ['DivisionRemapped', 'facility-care'],
    ]);
  });

  it.each([
    ['an unknown 部門', { divisionId: 'nowhere', promotionMeetingId: 'community-welfare-meeting' }, NotFoundError, /部門 nowhere は計画にありません/],
    ['an unknown 会議体', { divisionId: 'facility-care', promotionMeetingId: 'nowhere' }, NotFoundError, /会議体 nowhere は計画にありません/],
    ['a body that is no 推進会議', { divisionId: 'facility-care', promotionMeetingId: 'managers-meeting' }, ValidationError, /管理職会議は推進会議ではありません/],
    ['the 推進会議 it already has', { divisionId: 'facility-care', promotionMeetingId: 'general-affairs-meeting' }, IllegalTransitionError, /既に総務推進会議が審査しています/],
  ] as [string, Record<string, string>, typeof DomainError, RegExp][])('RemapDivision to %s is refused', (_case, data, error, message) => {
    spec.given([importedEvent]).when({ type: 'RemapDivision', data: { ...data, ...REVISION } } as CatalogueCommand, as(admin)).thenThrows(error, message);
  });

  it('the start-up process may record the first-start mapping', () => {
    spec
      .given([importedEvent])
      .when({ type: 'RemapDivision', data: { divisionId: 'facility-care', promotionMeetingId: 'community-welfare-meeting', ...REVISION } }, as(SYSTEM_ACTOR))
      .then([
        {
          type: 'DivisionRemapped',
          data: { ...meta(SYSTEM_ACTOR, 'System'), divisionId: 'facility-care', from: 'general-affairs-meeting', to: 'community-welfare-meeting' },
        },
      ]);
  });
});

describe('organisation: as of a date', () => {
  const at = (iso: string) => ({ ...meta(admin, 'Admin', iso) });
  const history: CatalogueEvent[] = [
    importedEvent,
    { type: 'DepartmentAdded', data: { ...at('2026-03-10T01:00:00.000Z'), department: FACILITY } },
    { type: 'ReviewBodyAdded', data: { ...at('2026-03-10T02:00:00.000Z'), body: FACILITY_MEETING } },
    { type: 'DivisionRemapped', data: { ...at('2026-03-20T01:00:00.000Z'), divisionId: 'facility-care', from: 'general-affairs-meeting', to: 'facility-meeting' } },
    { type: 'DepartmentRenamed', data: { ...at('2026-04-01T01:00:00.000Z'), departmentId: 'facility', from: '施設部', to: '施設サービス部' } },
  ];

  it('planAsOf shows the 部, 会議体 and mapping in force on each date', () => {
    expect(planAsOf(history, '2026-03-01')!.departments.map((d) => d.id)).toEqual(['general-affairs', 'community-welfare']);
    const march = planAsOf(history, '2026-03-15')!;
    expect(march.departments.at(-1)).toEqual(FACILITY);
    expect(march.divisions[1]!.promotionMeetingId).toBe('general-affairs-meeting');
    expect(planAsOf(history, '2026-03-20')!.divisions[1]!.promotionMeetingId).toBe('facility-meeting');
    expect(planAsOf(history, '2026-04-01')!.departments.at(-1)!.name).toBe('施設サービス部');
    expect(foldCatalogue(history)).toEqual(history.reduce(evolveCatalogue, initialCatalogueState()));
  });
});
