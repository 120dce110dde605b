/*
 * What the seed phase makes people do: for every 実施項目 × fiscal year, the route a real year would take (target,
 * self-evaluation, submit, returns and resubmits, approvals, forwards, finalisations, a reopen now and then), with
 * comment rounds at the review stages. Pure data: api-bench.ts runs it through the API's CommandBus.
 */

import type { ExecuteEvaluationCommand } from '../../../apps/api/dist/evaluations/commands/evaluation-command.js';

/** The domain's evaluation command ({ type, data }), as the API's ExecuteEvaluationCommand carries it. */
export type SeedCommand = ExecuteEvaluationCommand['command'];
type Grade = Extract<SeedCommand, { type: 'FinalizeEvaluation' }>['data']['overallGrade'];

export type SeedAction =
  | { kind: 'command'; as: string; command: SeedCommand }
  /** a round of comments at a review stage, by the people who may comment there; `count` is filled in by plan */
  | { kind: 'comments'; stage: ReviewStage; by: readonly string[]; count: number };

export type ReviewStage = 'PromotionMeetingReview' | 'ManagersMeetingReview' | 'CommitteeReview';
export type EndStage = 'Draft' | ReviewStage | 'Finalized';

export interface SeedItem {
  itemId: string;
  itemName: string;
  owningDepartmentId: string;
  plannedStage: string | null;
}

export interface StreamPlan {
  itemId: string;
  itemName: string;
  fiscalYear: number;
  endStage: EndStage;
  actions: SeedAction[];
}


/** login names of the demo accounts (apps/api/src/bootstrap/demo-accounts.ts) by 部 */
const STAFF: Record<string, string> = {
  'general-affairs': 'staff-general',
  'community-welfare': 'staff-community',
  'livelihood-support': 'staff-livelihood',
};
const HEAD: Record<string, string> = {
  'general-affairs': 'head-general',
  'community-welfare': 'head-community',
  'livelihood-support': 'head-livelihood',
};
const SECRETARY_GENERAL = 'secretary-general';
const COMMITTEE = ['committee-1', 'committee-2'] as const;

/** Numeric targets with an actual and the grade the domain computes for it (第3章: A ≥ 100%, B ≥ 80%, C ≥ 60%). */
type Direction = NonNullable<Extract<SeedCommand, { type: 'SaveAnnualPlan' }>['data']['direction']>;
const QUANTITATIVE: readonly { target: string; unit: string; direction: Direction; actual: string; grade: Grade }[] = [
  { target: '4', unit: '回', direction: 'higherIsBetter', actual: '5', grade: 'A' },
  { target: '120', unit: '人', direction: 'higherIsBetter', actual: '98', grade: 'B' },
  { target: '12', unit: '件', direction: 'higherIsBetter', actual: '12', grade: 'A' },
  { target: '30', unit: '団体', direction: 'higherIsBetter', actual: '21', grade: 'C' },
  { target: '10', unit: '件', direction: 'lowerIsBetter', actual: '12', grade: 'B' },
  { target: '6', unit: '回', direction: 'higherIsBetter', actual: '3', grade: 'D' },
  { target: '85', unit: '%', direction: 'higherIsBetter', actual: '86.5', grade: 'A' },
];
const QUALITATIVE_GRADES: readonly Grade[] = ['A', 'B', 'A', 'C', 'B', 'D'];

const COMMENTS = [
  '実績の根拠資料(参加者名簿・実施報告書)を添付してください。',
  '目標値の設定根拠を次回の推進会議で説明してください。',
  '課題欄に担い手不足への具体的な対応策を追記してください。',
  '前年度比較の数値があると分かりやすいです。',
  '関係機関との連携状況について聞き取りを行いました。概ね計画どおりです。',
  '次年度の方向性について、予算措置との関係を確認してください。',
  '地区社協からの意見を反映しているか確認をお願いします。',
  '評価の記載内容を確認しました。特に問題ありません。',
  '定性評価の理由をもう少し具体的に記載してください。',
  '事業の成果指標について、委員会で説明できるよう整理してください。',
  '他部門の類似事業との役割分担を整理してください。',
  '実施回数は達成していますが、参加者数の推移も記載してください。',
];

const NARRATIVE = [
  '計画に基づき事業を実施した。関係機関と連携し、地域の実情に応じた取組を進めた。',
  '研修会及び検討会を開催し、職員間で課題を共有した。',
  '地区社協・民生委員との協議の場を設け、取組の周知を図った。',
];

/** A small deterministic PRNG (mulberry32), so the same options give the same store. */
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

/** Where a year's evaluations stand at the end of the seed: the current year far along, the later ones earlier. */
const END_STAGE_SHARES: Record<number, [EndStage, number][]> = {
  0: [['Finalized', 0.55], ['CommitteeReview', 0.15], ['ManagersMeetingReview', 0.15], ['PromotionMeetingReview', 0.1], ['Draft', 0.05]],
  1: [['Finalized', 0.2], ['CommitteeReview', 0.15], ['ManagersMeetingReview', 0.2], ['PromotionMeetingReview', 0.2], ['Draft', 0.25]],
  2: [['Finalized', 0.05], ['CommitteeReview', 0.1], ['ManagersMeetingReview', 0.15], ['PromotionMeetingReview', 0.2], ['Draft', 0.5]],
};
const ORDER: EndStage[] = ['Draft', 'PromotionMeetingReview', 'ManagersMeetingReview', 'CommitteeReview', 'Finalized'];
const reaches = (end: EndStage, stage: EndStage) => ORDER.indexOf(end) >= ORDER.indexOf(stage);

function pick(shares: [EndStage, number][], r: number): EndStage {
  let acc = 0;
  for (const [stage, share] of shares) {
    acc += share;
    if (r < acc) return stage;
  }
  return shares.at(-1)![0];
}

const otherGrade = (g: Grade): Grade => (g === 'A' ? 'B' : g === 'D' ? 'C' : 'A');

/** The route of one evaluation, with empty comment rounds. */
export function planStream(item: SeedItem, fiscalYear: number, yearIndex: number, index: number, random: () => number): StreamPlan {
  const staff = STAFF[item.owningDepartmentId];
  const head = HEAD[item.owningDepartmentId];
  if (!staff || !head) throw new Error(`no demo staff/head for 部 '${item.owningDepartmentId}' (item ${item.itemId})`);
  const managers = ['manager', SECRETARY_GENERAL, head];
  const endStage = pick(END_STAGE_SHARES[Math.min(yearIndex, 2)]!, random());
  const actions: SeedAction[] = [];
  const cmd = <T extends SeedCommand['type']>(as: string, type: T, data: Extract<SeedCommand, { type: T }>['data']) =>
    actions.push({ kind: 'command', as, command: { type, data } as SeedCommand });
  const comments = (stage: ReviewStage, by: readonly string[]) => actions.push({ kind: 'comments', stage, by, count: 0 });

  const qualitativeOnly = index % 6 === 5;
  const quantitative = QUANTITATIVE[index % QUANTITATIVE.length]!;
  const qualitativeGrade = QUALITATIVE_GRADES[index % QUALITATIVE_GRADES.length]!;
  const selfGrade = qualitativeOnly ? qualitativeGrade : quantitative.grade;
  let saves = 0;
  const save = () => {
    saves += 1;
    cmd(staff, 'SaveSelfEvaluation', {
      ...(qualitativeOnly ? {} : { actual: quantitative.actual }),
      qualitativeGrade,
      actualStage: item.plannedStage ?? '実施',
      plannedStageReached: item.plannedStage === null ? null : qualitativeGrade !== 'D',
      narrative: {
        // each save differs from the last, as a re-save after a return would (an identical save records nothing)
        achievements: `${NARRATIVE[(index + saves) % NARRATIVE.length]}(第${saves}稿)`,
        issues: '担い手の確保と事業の周知が引き続き課題である。',
        nextYear: '関係機関との連携を強化し、事業の定着を図る。',
      },
      evidenceLinks: [`https://www.kumamoto-shakyo.example/reports/${fiscalYear}/${encodeURIComponent(item.itemId)}`],
    });
  };

  cmd(
    staff,
    'SaveAnnualPlan',
    qualitativeOnly
      ? { method: 'qualitative', actions: '関係機関と連携して事業を進める。' }
      : { method: 'quantitative', target: quantitative.target, unit: quantitative.unit, direction: quantitative.direction, actions: '関係機関と連携して事業を進める。' },
  );
  cmd(staff, 'SubmitAnnualPlan', {});
  cmd(head, 'ApproveAnnualPlan', {});
  save();
  if (endStage !== 'Draft') {
    cmd(staff, 'SubmitEvaluation', {});
    if (index % 10 === 3) {
      // 引き戻し: the submitter pulls it back before the 推進会議 acts, fixes it, submits again
      cmd(staff, 'RecallEvaluation', {});
      save();
      cmd(staff, 'SubmitEvaluation', {});
    }
    comments('PromotionMeetingReview', [head]);
    if (index % 4 === 0) {
      cmd(head, 'ReturnEvaluation', { toStage: 'Draft', reason: '実績の数値と根拠資料が一致していません。確認の上、再提出してください。' });
      save();
      cmd(staff, 'SubmitEvaluation', {});
      comments('PromotionMeetingReview', [head]);
    }
    if (reaches(endStage, 'ManagersMeetingReview')) {
      cmd(head, 'ApproveEvaluation', { batchId: null });
      comments('ManagersMeetingReview', managers);
      if (index % 7 === 1) {
        cmd(SECRETARY_GENERAL, 'ReturnEvaluation', { toStage: 'PromotionMeetingReview', reason: '推進会議での議論の経過を記録に残してください。' });
        comments('PromotionMeetingReview', [head]);
        cmd(head, 'ApproveEvaluation', { batchId: null });
        comments('ManagersMeetingReview', managers);
      } else if (index % 9 === 2) {
        cmd(SECRETARY_GENERAL, 'ReturnEvaluation', { toStage: 'Draft', reason: '自己評価の根拠が不足しています。担当部署で見直してください。' });
        save();
        cmd(staff, 'SubmitEvaluation', {});
        cmd(head, 'ApproveEvaluation', { batchId: null });
        comments('ManagersMeetingReview', managers);
      }
      if (reaches(endStage, 'CommitteeReview')) {
        const proposed = index % 8 === 1 ? otherGrade(selfGrade) : selfGrade;
        const forward = () =>
          cmd(SECRETARY_GENERAL, 'ForwardToCommittee', {
            proposedGrade: proposed,
            reason: proposed === selfGrade ? null : '聞き取りの結果、成果の定着に課題があるため評価を見直した。',
            batchId: null,
          });
        forward();
        comments('CommitteeReview', COMMITTEE);
        if (index % 11 === 4) {
          cmd(COMMITTEE[0], 'ReturnEvaluation', { toStage: 'ManagersMeetingReview', reason: '総合評価(案)の理由を補足してください。' });
          comments('ManagersMeetingReview', managers);
          forward();
          comments('CommitteeReview', COMMITTEE);
        }
        if (endStage === 'Finalized') {
          const finalGrade = index % 5 === 2 ? otherGrade(proposed) : proposed;
          const finalize = (as: string) =>
            cmd(as, 'FinalizeEvaluation', {
              overallGrade: finalGrade,
              rationale: '定量評価・定性評価及び担当部署への聞き取りの結果を踏まえて決定した。',
              reason: finalGrade === proposed ? null : '委員会での審議により、事業の波及効果を評価した。',
            });
          finalize(COMMITTEE[0]);
          if (index % 13 === 6) {
            cmd(COMMITTEE[1], 'ReopenEvaluation', { reason: '決算確定により実績値の確認が必要となったため再審査する。' });
            comments('CommitteeReview', COMMITTEE);
            finalize(COMMITTEE[1]);
          }
        }
      }
    }
  }
  return { itemId: item.itemId, itemName: item.itemName, fiscalYear, endStage, actions };
}

export interface SeedPlan {
  streams: StreamPlan[];
  /** route commands (each records one event) */
  routeCommands: number;
  comments: number;
}

/**
 * Every item × year, with comments spread over the comment rounds so the store reaches `eventsWanted` (counting the
 * `eventsAlready` of the first start). A stream's share of the comments varies (0.5–1.5 of the average).
 */
export function planSeed(items: readonly SeedItem[], fiscalYears: readonly number[], eventsWanted: number, eventsAlready: number): SeedPlan {
  const random = prng(20250401);
  const streams: StreamPlan[] = [];
  let index = 0;
  for (const [yearIndex, fiscalYear] of fiscalYears.entries()) {
    for (const item of items) streams.push(planStream(item, fiscalYear, yearIndex, index++, random));
  }
  const routeCommands = streams.reduce((n, s) => n + s.actions.filter((a) => a.kind === 'command').length, 0);
  const wanted = Math.max(0, eventsWanted - eventsAlready - routeCommands);
  const rounds = streams.flatMap((s) => s.actions.filter((a): a is Extract<SeedAction, { kind: 'comments' }> => a.kind === 'comments'));
  if (wanted > 0 && rounds.length === 0) throw new Error('no comment round in the plan to reach the wanted size');
  const weights = rounds.map(() => 0.5 + random());
  const total = weights.reduce((a, b) => a + b, 0);
  let given = 0;
  rounds.forEach((round, i) => {
    round.count = Math.floor((wanted * weights[i]!) / total);
    given += round.count;
  });
  for (let i = 0; given < wanted; i = (i + 1) % rounds.length, given++) rounds[i]!.count += 1;
  return { streams, routeCommands, comments: wanted };
}

export const commentText = (n: number): string => `${COMMENTS[n % COMMENTS.length]!}(${n + 1})`;
