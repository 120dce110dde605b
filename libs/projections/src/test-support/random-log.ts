import { foldEvaluation, evaluationStream, upcast, type EvaluationCommand, type EvaluationState, type Grade } from '@hyoka/domain';
import type { Person, Scenario } from './scenario.js';

/** A small seeded PRNG (mulberry32), so a failing property run can be replayed from its seed. */
export function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const GRADES: Grade[] = ['A', 'B', 'C', 'D'];

/** general-affairs items (staff, head) and community-welfare items (cwStaff, nobody to approve them) */
const ITEMS: { itemId: string; staff: Person }[] = [
  ...['I-001', 'I-002', 'I-003', 'I-004', 'I-006', 'I-007', 'I-008', 'I-010'].map((itemId) => ({ itemId, staff: 'staff' as Person })),
  { itemId: 'I-044', staff: 'cwStaff' },
  { itemId: 'I-045', staff: 'cwStaff' },
];

/**
 * A realistic random log: the people of the specs walk items of FY2025 and FY2026 along the route, with drafts saved
 * again and again, comments, returns, recalls, reopenings, a late user registration and plan revisions. Only commands
 * the domain accepts are recorded (a refused one is skipped), so the log is one the API could have written.
 */
export async function randomLog(s: Scenario, options: { seed: number; commands: number }): Promise<void> {
  const random = prng(options.seed);
  const pick = <T>(list: readonly T[]): T => list[Math.floor(random() * list.length)]!;
  await s.importCatalogue();
  for (const person of ['admin', 'staff', 'head', 'sg', 'committee', 'auditor'] as Person[]) await s.register(person);
  await s.openYear(2025);
  for (let n = 0; n < options.commands; n++) {
    if (n === Math.floor(options.commands / 3)) await s.openYear(2026);
    // cwStaff acts unnamed until registered halfway: the board names them by id, then by name
    if (n === Math.floor(options.commands / 2)) await s.register('cwStaff');
    if (n === Math.floor((options.commands * 2) / 3)) {
      await s.catalogue({ type: 'RenameItem', data: { itemId: 'I-003', name: '研修体系の再構築', reason: '名称の整理', approvedBy: '理事会' } });
    }
    const fiscalYear = n > options.commands / 3 && random() < 0.6 ? 2026 : 2025;
    const { itemId, staff } = pick(ITEMS);
    const state = foldEvaluation((await s.store.readStream(evaluationStream(itemId, fiscalYear))).map(upcast));
    const [person, command] = nextCommand(state, staff, random, pick);
    try {
      await s.act(person, itemId, fiscalYear, command);
    } catch {
      // refused by the domain (e.g. a recall after the next stage acted): nothing recorded, as in the API
    }
  }
}

function nextCommand(
  state: EvaluationState,
  staff: Person,
  random: () => number,
  pick: <T>(list: readonly T[]) => T,
): [Person, EvaluationCommand] {
  const comment = (person: Person): [Person, EvaluationCommand] => [person, { type: 'CommentOnEvaluation', data: { text: `確認しました(${Math.floor(random() * 1000)})` } }];
  switch (state.status) {
    case 'NotStarted':
    case 'PlanDraft':
      if (state.status === 'PlanDraft' && random() < 0.6) return [staff, { type: 'SubmitAnnualPlan', data: {} }];
      return random() < 0.7
        ? [staff, { type: 'SaveAnnualPlan', data: { method: 'quantitative', target: 1 + Math.floor(random() * 10), unit: '回', direction: 'higherIsBetter', actions: '研修会を開催する' } }]
        : [staff, { type: 'SaveAnnualPlan', data: { method: 'qualitative', actions: '検討会を開く' } }];
    case 'PlanReview':
    case 'PlanChangeReview': {
      const r = random();
      if (r < 0.6) return ['head', { type: 'ApproveAnnualPlan', data: {} }];
      if (r < 0.8) return ['head', { type: 'ReturnEvaluation', data: { toStage: state.status === 'PlanReview' ? 'PlanDraft' : 'Draft', reason: '目標値を見直してください' } }];
      return [staff, { type: 'RecallEvaluation', data: {} }];
    }
    case 'Draft': {
      const saved = state.selfEvaluation !== null;
      if (saved && random() < 0.35) return [staff, { type: 'SubmitEvaluation', data: {} }];
      if (random() < 0.05) {
        return [staff, { type: 'ChangeAnnualPlan', data: { method: 'quantitative', target: 1 + Math.floor(random() * 10), unit: '回', direction: 'higherIsBetter', actions: '研修会を開催する', reason: '計画の見直し' } }];
      }
      return [
        staff,
        {
          type: 'SaveSelfEvaluation',
          data: {
            actual: state.plan.target.kind === 'quantitative' ? Math.floor(random() * 12) : null,
            qualitativeGrade: pick(GRADES),
            actualStage: '検討',
            plannedStageReached: random() < 0.8,
            narrative: { achievements: `取組を進めた(${Math.floor(random() * 1000)})`, issues: random() < 0.5 ? '人員不足' : null, nextYear: null },
          },
        },
      ];
    }
    case 'PromotionMeetingReview': {
      const r = random();
      if (r < 0.5) return ['head', { type: 'ApproveEvaluation', data: random() < 0.3 ? { batchId: 'bulk-1' } : {} }];
      if (r < 0.7) return ['head', { type: 'ReturnEvaluation', data: { toStage: 'Draft', reason: '根拠を追記してください' } }];
      if (r < 0.85) return comment('head');
      return [staff, { type: 'RecallEvaluation', data: {} }];
    }
    case 'ManagersMeetingReview': {
      const r = random();
      const self = state.selfEvaluation.quantitativeGrade ?? state.selfEvaluation.qualitativeGrade ?? 'B';
      if (r < 0.5) return ['sg', { type: 'ForwardToCommittee', data: { proposedGrade: self } }];
      if (r < 0.65) return ['sg', { type: 'ReturnEvaluation', data: { toStage: pick(['Draft', 'PromotionMeetingReview'] as const), reason: '再確認' } }];
      if (r < 0.85) return comment(pick(['sg', 'head'] as Person[]));
      return ['head', { type: 'RecallEvaluation', data: {} }];
    }
    case 'CommitteeReview': {
      const r = random();
      if (r < 0.5) return ['committee', { type: 'FinalizeEvaluation', data: { overallGrade: state.proposed.grade, rationale: '妥当' } }];
      if (r < 0.65) return ['committee', { type: 'ReturnEvaluation', data: { toStage: 'ManagersMeetingReview', reason: '聞き取りの結果' } }];
      if (r < 0.85) return comment('committee');
      return ['sg', { type: 'RecallEvaluation', data: {} }];
    }
    case 'Finalized':
      return ['committee', { type: 'ReopenEvaluation', data: { reason: '再審議' } }];
  }
}
