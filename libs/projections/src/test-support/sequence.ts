import type { Scenario } from './scenario.js';

/**
 * A realistic stretch of FY2025, used by the projection specs:
 * - I-001 goes the whole route and is finalised A;
 * - I-002 is returned by the 推進会議 (actual 3 of 4: C), corrected (4: A), resubmitted, approved, commented on,
 *   forwarded with a lower proposed grade B and finalised B;
 * - I-003 is submitted and recalled by its staff;
 * - I-004 is submitted and waits at the 推進会議;
 * - I-044 (地域福祉部) has a qualitative self-evaluation C in draft;
 * - plan revisions: I-004 renamed, I-005 retired from FY2025, I-006's FY2025 stage changed;
 * - FY2026 is opened.
 */
export async function realisticSequence(
  s: Scenario,
  /** called at each named moment, e.g. to look at the live read models then */
  atMoment: (name: string, position: bigint) => Promise<void> = async () => {},
): Promise<{ positions: Record<string, bigint> }> {
  const positions: Record<string, bigint> = {};
  const mark = async (name: string) => {
    positions[name] = await s.store.headPosition();
    await atMoment(name, positions[name]);
  };
  await s.setUp();

  await s.draftAndSubmit('I-001', 2025, 4);
  await s.act('head', 'I-001', 2025, { type: 'ApproveEvaluation', data: {} });
  await s.act('sg', 'I-001', 2025, { type: 'ForwardToCommittee', data: { proposedGrade: 'A' } });
  await mark('i001Forwarded');
  await s.act('committee', 'I-001', 2025, { type: 'FinalizeEvaluation', data: { overallGrade: 'A', rationale: '計画通り実施された' } });

  await s.draftAndSubmit('I-002', 2025, 3);
  await mark('i002Submitted');
  await s.act('head', 'I-002', 2025, { type: 'ReturnEvaluation', data: { toStage: 'Draft', reason: '実績の根拠を追記してください' } });
  await s.act('staff', 'I-002', 2025, {
    type: 'SaveSelfEvaluation',
    data: { actual: 4, qualitativeGrade: 'A', actualStage: '検討', plannedStageReached: true, narrative: { achievements: '研修会を4回開催した(1回は年度末)', issues: null, nextYear: null } },
  });
  await s.act('staff', 'I-002', 2025, { type: 'SubmitEvaluation', data: {} });
  await s.act('head', 'I-002', 2025, { type: 'ApproveEvaluation', data: {} });
  await s.act('sg', 'I-002', 2025, { type: 'CommentOnEvaluation', data: { text: '年度末の開催分を確認しました' } });
  await s.act('sg', 'I-002', 2025, { type: 'ForwardToCommittee', data: { proposedGrade: 'B', reason: '1回は年度末で効果が未確認' } });
  await s.act('committee', 'I-002', 2025, { type: 'FinalizeEvaluation', data: { overallGrade: 'B', rationale: '概ね計画通り' } });

  await s.draftAndSubmit('I-003', 2025, 2);
  await s.act('staff', 'I-003', 2025, { type: 'RecallEvaluation', data: {} });

  await s.draftAndSubmit('I-004', 2025, 5);

  await s.approvedPlan('I-044', 2025, null, 'cwStaff', 'cwHead');
  await s.act('cwStaff', 'I-044', 2025, {
    type: 'SaveSelfEvaluation',
    data: { qualitativeGrade: 'C', actualStage: '検討', plannedStageReached: false, narrative: { achievements: '調整中', issues: '人員不足', nextYear: null } },
  });
  await mark('beforeRevisions');

  await s.catalogue({ type: 'RenameItem', data: { itemId: 'I-004', name: '評価結果の公表', reason: '名称の整理', approvedBy: '理事会' } });
  await s.catalogue({ type: 'RetireItem', data: { itemId: 'I-005', fromFiscalYear: 2025, reason: '他項目に統合', approvedBy: '理事会' } });
  await s.catalogue({ type: 'ChangeItemSchedule', data: { itemId: 'I-006', fiscalYear: 2025, stage: '準備', reason: '前倒し', approvedBy: '理事会' } });
  await s.openYear(2026);
  await mark('end');
  return { positions };
}
