import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { compareEditions } from '@hyoka/domain';
import { startHarness, type Harness } from '../test-support/harness.js';
import { realisticSequence } from '../test-support/sequence.js';
import { history, historyCount, historyEventsAfter, historyPage } from './history.queries.js';

describe('the history of an evaluation', () => {
  let h: Harness;
  beforeAll(async () => {
    h = startHarness();
    await realisticSequence(h.scenario);
    await h.settle();
  });
  afterAll(() => h.close());

  it('lists every event with who, as what, when, and the stage before and after', async () => {
    const story = await history(h.readModels, 'I-002', 2025);
    const recorded = await h.store.readStream('evaluation-I-002-2025');
    expect(story.entries.map((e) => e.position)).toEqual(recorded.map((e) => e.position));
    expect(story.entries.map((e) => [e.type, e.actorName, e.actingAs, e.stageBefore, e.stageAfter])).toEqual([
      ['AnnualPlanSaved', '佐藤 花子', 'Staff@general-affairs', 'NotStarted', 'PlanDraft'],
      ['AnnualPlanSubmitted', '佐藤 花子', 'Staff@general-affairs', 'PlanDraft', 'PlanReview'],
      ['AnnualPlanApproved', '鈴木 部長', 'DepartmentHead@general-affairs', 'PlanReview', 'Draft'],
      ['SelfEvaluationSaved', '佐藤 花子', 'Staff@general-affairs', 'Draft', 'Draft'],
      ['EvaluationSubmitted', '佐藤 花子', 'Staff@general-affairs', 'Draft', 'PromotionMeetingReview'],
      ['EvaluationReturned', '鈴木 部長', 'DepartmentHead@general-affairs', 'PromotionMeetingReview', 'Draft'],
      ['SelfEvaluationSaved', '佐藤 花子', 'Staff@general-affairs', 'Draft', 'Draft'],
      ['EvaluationSubmitted', '佐藤 花子', 'Staff@general-affairs', 'Draft', 'PromotionMeetingReview'],
      ['EvaluationApproved', '鈴木 部長', 'DepartmentHead@general-affairs', 'PromotionMeetingReview', 'ManagersMeetingReview'],
      ['EvaluationCommented', '高橋 事務局長', 'SecretaryGeneral', 'ManagersMeetingReview', 'ManagersMeetingReview'],
      ['EvaluationForwardedToCommittee', '高橋 事務局長', 'SecretaryGeneral', 'ManagersMeetingReview', 'CommitteeReview'],
      ['EvaluationFinalized', '伊藤 委員', 'CommitteeMember', 'CommitteeReview', 'Finalized'],
    ]);
    expect(story.entries[5]).toMatchObject({ reason: '実績の根拠を追記してください', occurredAt: recorded[5]!.metadata.occurredAt });
    expect(story.entries[9]!.comment).toBe('年度末の開催分を確認しました');
    expect(story.entries[10]!.reason).toBe('1回は年度末で効果が未確認');
    expect(story.version).toBe(Number(recorded.at(-1)!.revision));
    expect(story.summary).toMatchObject({ status: 'Finalized', finalGrade: { grade: 'B', label: 'ほぼ計画通り' } });
  });

  it('keeps every edition (第n版), so the editions around a return can be compared', async () => {
    const story = await history(h.readModels, 'I-002', 2025);
    expect(story.editions.map((e) => [e.edition, e.kind, e.byName])).toEqual([
      [1, 'submission', '佐藤 花子'],
      [2, 'submission', '佐藤 花子'],
      [3, 'proposal', '高橋 事務局長'],
      [4, 'decision', '伊藤 委員'],
    ]);
    expect(story.entries.filter((e) => e.editionNumber !== null).map((e) => [e.type, e.editionNumber])).toEqual([
      ['EvaluationSubmitted', 1],
      ['EvaluationSubmitted', 2],
      ['EvaluationForwardedToCommittee', 3],
      ['EvaluationFinalized', 4],
    ]);
    const changed = compareEditions(story.editions[0]!, story.editions[1]!).map((d) => [d.field, d.before, d.after]);
    expect(changed).toContainEqual(['selfEvaluation.actual', '3', '4']);
    expect(changed).toContainEqual(['selfEvaluation.quantitativeGrade', 'C', 'A']);
  });

  it('is empty and NotStarted for an evaluation nobody began', async () => {
    const story = await history(h.readModels, 'I-010', 2025);
    expect(story).toMatchObject({ stream: 'evaluation-I-010-2025', version: null, entries: [], editions: [] });
    expect(story.state.status).toBe('NotStarted');
  });

  it('pages the same entries newest first, counts them, and hands out the events after a revision', async () => {
    const stream = 'evaluation-I-002-2025';
    const whole = (await history(h.readModels, 'I-002', 2025)).entries;
    const pages = [];
    for (let before: number | null = null; ; ) {
      const page = await historyPage(h.readModels, stream, 5, before);
      pages.push(...page.entries);
      if (!page.hasNextPage) break;
      before = page.entries.at(-1)!.revision;
    }
    expect(pages).toEqual([...whole].reverse());
    expect(historyCount(h.readModels, stream)).toBe(whole.length);
    expect(historyCount(h.readModels, stream, 4)).toBe(5);
    const after = await historyEventsAfter(h.readModels, stream, 8);
    expect(after.map((e) => [e.revision, e.type, e.actorName])).toEqual(whole.slice(9).map((e) => [e.revision, e.type, e.actorName]));
    expect(after.map((e) => e.data)).toEqual(whole.slice(9).map((e) => e.data));
  });

  it('keeps a reference to each event, not a copy of its data, and reads a page of events from the store in one read', async () => {
    const { history_entries: rows } = h.dump();
    const recorded = (await h.store.readAll()).filter((e) => e.stream.startsWith('evaluation-'));
    expect(rows).toHaveLength(recorded.length);
    const text = JSON.stringify(rows);
    const reason = recorded.find((e) => e.type === 'EvaluationReturned')!.data.reason as string;
    expect(text).not.toContain(reason);
    const reads = vi.spyOn(h.store, 'readPositions');
    try {
      const page = await historyPage(h.readModels, 'evaluation-I-002-2025', 10, null);
      expect(page.entries).toHaveLength(10);
      expect(reads).toHaveBeenCalledTimes(1);
    } finally {
      reads.mockRestore();
    }
  });
});
