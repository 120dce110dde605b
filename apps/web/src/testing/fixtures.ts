import type { BoardQuery, InboxQuery, ViewerFieldsFragment } from '../gql/generated.js';
import { Stage } from '../lib/route.js';

/** People as the API's `viewer` describes them. */
export const viewers = {
  staff: {
    userId: 'demo-staff-general',
    loginName: 'staff-general',
    displayName: '総務部 担当職員',
    roles: [{ role: 'Staff', departmentId: 'general-affairs', label: '担当職員(総務部)' }],
  },
  chair: {
    userId: 'demo-head-general',
    loginName: 'head-general',
    displayName: '総務部長',
    roles: [
      { role: 'DepartmentHead', departmentId: 'general-affairs', label: '部長(総務部)' },
      { role: 'Manager', departmentId: null, label: '管理職' },
    ],
  },
  secretaryGeneral: {
    userId: 'demo-secretary-general',
    loginName: 'secretary-general',
    displayName: '事務局長',
    roles: [
      { role: 'SecretaryGeneral', departmentId: null, label: '事務局長' },
      { role: 'Manager', departmentId: null, label: '管理職' },
    ],
  },
  auditor: {
    userId: 'demo-auditor',
    loginName: 'auditor',
    displayName: '監査担当',
    roles: [{ role: 'Auditor', departmentId: null, label: '監査' }],
  },
} satisfies Record<string, ViewerFieldsFragment>;

type InboxItem = InboxQuery['inbox']['groups'][number]['items'][number];

export function inboxItem(itemId: string, overrides: Partial<InboxItem> = {}): InboxItem {
  return {
    itemId,
    itemName: `実施項目 ${itemId}`,
    divisionId: 'corporate-management',
    fiscalYear: 2025,
    stage: Stage.PromotionMeetingReview,
    action: 'ApproveEvaluation',
    actionLabel: '承認',
    actingAs: 'DepartmentHead@general-affairs',
    since: '2025-06-01T00:00:00.000Z',
    version: 3,
    returnedReason: null,
    mine: false,
    assignees: [],
    dueDate: null,
    overdueDays: null,
    ...overrides,
  };
}

/** The inbox grouped by stage and in working order, as the API gives it. */
export function inbox(items: InboxItem[]): InboxQuery['inbox'] {
  const stages = [...new Set(items.map((i) => i.stage))];
  return {
    total: items.length,
    groups: stages.map((stage) => {
      const of = items.filter((i) => i.stage === stage);
      return { stage, stageLabel: stage, count: of.length, items: of };
    }),
    // working order: returned first, then the viewer's own, then the rest
    items: [
      ...items.filter((i) => i.returnedReason !== null),
      ...items.filter((i) => i.returnedReason === null && i.mine),
      ...items.filter((i) => i.returnedReason === null && !i.mine),
    ],
  };
}

type BoardEntry = BoardQuery['board']['entries'][number];

export function boardEntry(itemId: string, fiscalYear: number, overrides: Partial<BoardEntry> = {}): BoardEntry {
  return {
    itemId,
    itemName: `実施項目 ${itemId}`,
    divisionId: 'corporate-management',
    divisionName: '法人経営部門',
    themeId: 'T-1',
    owningDepartmentId: 'general-affairs',
    fiscalYear,
    plannedStage: '実施',
    retired: false,
    stage: Stage.NotStarted,
    stageLabel: '未着手',
    targetKind: null,
    selfGrade: null,
    proposedGrade: null,
    finalGrade: null,
    stageLag: false,
    returnedReason: null,
    version: null,
    dueDate: null,
    overdueDays: null,
    ...overrides,
  };
}

const schedule = (a: string | null, b: string | null, c: string | null) => [
  { fiscalYear: 2025, stage: a, continued: false },
  { fiscalYear: 2026, stage: b, continued: b === null },
  { fiscalYear: 2027, stage: c, continued: c === null },
];

/** A small plan: two 部門, one of them reviewed by a configurable 推進会議, one item listed twice (【再掲】). */
export const plan = {
  title: '中期経営計画',
  periodFrom: 2025,
  periodTo: 2027,
  asOf: null,
  departments: [
    { id: 'general-affairs', name: '総務部', retired: false },
    { id: 'community-welfare', name: '地域福祉部', retired: false },
    { id: 'livelihood-support', name: '生活支援部', retired: false },
  ],
  divisions: [
    {
      id: 'corporate-management',
      number: 1,
      name: '法人経営部門',
      promotionMeetingId: 'general-affairs-meeting',
      promotionMeetingConfigurable: false,
      topics: [
        {
          id: 'P-1',
          number: 1,
          name: '組織運営の強化',
          themes: [
            {
              id: 'T-1',
              number: 1,
              name: '人材育成',
              currentSituation: '研修の機会が部署ごとに偏っています。\n計画的な育成が急務です。',
              goal: '全職員が年1回以上の研修を受けられる体制をつくります。',
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
      promotionMeetingConfigurable: true,
      topics: [
        {
          id: 'P-2',
          number: 1,
          name: 'サービスの質の向上',
          themes: [
            {
              id: 'T-2',
              number: 1,
              name: '介護サービス',
              currentSituation: '',
              goal: '',
              listings: [
                { itemId: 'I-010', relisting: false },
                { itemId: 'I-001', relisting: true },
              ],
            },
          ],
        },
      ],
    },
  ],
  reviewBodies: [],
  items: [
    { id: 'I-001', name: '研修会の開催', divisionId: 'corporate-management', themeId: 'T-1', schedule: schedule('検討', '実施', null) },
    { id: 'I-002', name: '人事評価制度の見直し', divisionId: 'corporate-management', themeId: 'T-1', schedule: schedule('実施', null, null) },
    { id: 'I-010', name: '介護記録の電子化', divisionId: 'facility-care', themeId: 'T-2', schedule: schedule('検討', '導入', '実施') },
  ],
  evaluationRules: { quantitative: '', qualitative: '', bands: [] },
  revisions: [
    { type: 'ThemeRenamed', label: '取組テーマの名称変更', level: 'theme', id: 'T-1', itemId: null, reason: '体系の整理', approvedBy: '理事会', at: '2026-03-20T01:00:00.000Z' },
    { type: 'PlanItemMoved', label: '実施項目の移動', level: 'item', id: 'I-010', itemId: 'I-010', reason: '所管の変更', approvedBy: '理事会', at: '2026-03-20T01:00:00.000Z' },
  ],
};

export const fiscalYears = [2025, 2026, 2027].map((fiscalYear) => ({
  fiscalYear,
  label: `${fiscalYear}`,
  thresholds: { A: 100, B: 80, C: 60 },
}));
