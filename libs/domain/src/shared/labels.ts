import type { Grade } from '../evaluation/types.js';

/** 作成中 → 推進会議審査 → 管理職会議審査 → 評価検証委員会審査 → 確定: the route table's labels. */
export { STAGE_LABELS, ROUTE_ACTION_LABELS } from '../evaluation/route.js';

/** 第3章 自己評価の区分 */
export const GRADE_LABELS: Readonly<Record<Grade, string>> = {
  A: '計画通り',
  B: 'ほぼ計画通り',
  C: 'やや遅れている',
  D: '遅れている',
};

export { ROLE_LABELS } from './roles.js';

export const DIRECTION_LABELS = { higherIsBetter: '高いほど良い', lowerIsBetter: '低いほど良い' } as const;
