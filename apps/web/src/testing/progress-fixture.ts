import { EVALUATION_STATUSES, ROUTE_PHASES, ROUTE_PHASE_LABELS, STAGE_LABELS, STAGE_PHASES, type EvaluationStatus } from '@hyoka/domain';
import type { ProgressGroupFieldsFragment, ProgressQuery } from '../gql/generated.js';

type Item = ProgressQuery['progress']['items'][number];

const ITEMS: Item[] = [
  { itemId: 'I-001', itemName: '実施項目 I-001', divisionName: '法人経営部門', owningDepartmentId: 'general-affairs', stage: 'Finalized' },
  { itemId: 'I-002', itemName: '実施項目 I-002', divisionName: '法人経営部門', owningDepartmentId: 'general-affairs', stage: 'PromotionMeetingReview' },
  { itemId: 'I-003', itemName: '実施項目 I-003', divisionName: '法人経営部門', owningDepartmentId: 'general-affairs', stage: 'Draft' },
  { itemId: 'I-010', itemName: '実施項目 I-010', divisionName: '法人経営部門', owningDepartmentId: 'general-affairs', stage: 'NotStarted' },
  { itemId: 'I-044', itemName: '実施項目 I-044', divisionName: '地域福祉推進部門', owningDepartmentId: 'community-welfare', stage: 'Draft' },
];

function group(departmentId: string | null, departmentName: string, items: Item[], overdue: readonly EvaluationStatus[]): ProgressGroupFieldsFragment {
  const cells = EVALUATION_STATUSES.map((stage) => {
    const itemIds = items.filter((i) => i.stage === stage).map((i) => i.itemId);
    const late = overdue.includes(stage);
    return {
      stage,
      stageLabel: STAGE_LABELS[stage],
      count: itemIds.length,
      dueDate: late ? '2026-01-31' : null,
      overdueCount: late ? itemIds.length : 0,
      itemIds,
      overdueItemIds: late ? itemIds : [],
    };
  });
  const phases = ROUTE_PHASES.map((phase) => {
    const stages = cells.filter((c) => STAGE_PHASES[c.stage] === phase);
    return {
      phase,
      label: ROUTE_PHASE_LABELS[phase],
      count: stages.reduce((n, c) => n + c.count, 0),
      overdueCount: stages.reduce((n, c) => n + c.overdueCount, 0),
      stages,
    };
  });
  return { departmentId, departmentName, itemCount: items.length, overdueCount: phases.reduce((n, p) => n + p.overdueCount, 0), phases };
}

/** A FY2025 progress as the API answers it: 総務部 with four items, 地域福祉部 with one; 自己評価 past its due date. */
export function progressFixture(overdue: readonly EvaluationStatus[] = ['Draft']): ProgressQuery['progress'] {
  const of = (d: string) => ITEMS.filter((i) => i.owningDepartmentId === d);
  return {
    fiscalYear: 2025,
    total: group(null, '全体', ITEMS, overdue),
    departments: [group('general-affairs', '総務部', of('general-affairs'), overdue), group('community-welfare', '地域福祉部', of('community-welfare'), overdue)],
    items: ITEMS,
  };
}
