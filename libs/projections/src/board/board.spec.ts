import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadPlanCatalogue } from '@hyoka/catalogue';
import { startHarness, type Harness } from '../test-support/harness.js';
import { realisticSequence } from '../test-support/sequence.js';
import { board } from './board.queries.js';

describe('the board', () => {
  let h: Harness;
  beforeAll(async () => {
    h = startHarness();
    await realisticSequence(h.scenario);
    await h.settle();
  });
  afterAll(() => h.close());

  const row = (fiscalYear: number, itemId: string) => {
    const found = board(h.readModels, fiscalYear).find((r) => r.itemId === itemId);
    if (!found) throw new Error(`${itemId} is not on the FY${fiscalYear} board`);
    return found;
  };

  it('lists every current item of the year once, in document order, retired ones left out', () => {
    const catalogue = loadPlanCatalogue();
    const expected = catalogue.items.map((i) => i.id).filter((id) => id !== 'I-005');
    expect(board(h.readModels, 2025).map((r) => r.itemId)).toEqual(expected);
    expect(board(h.readModels, 2026).map((r) => r.itemId)).toEqual(expected);
  });

  it('shows a finalised evaluation with its three grades, last actor and stream version', async () => {
    const events = await h.store.readStream('evaluation-I-001-2025');
    expect(row(2025, 'I-001')).toMatchObject({
      status: 'Finalized',
      stageLabel: '確定',
      targetKind: 'quantitative',
      selfGrade: 'A',
      proposedGrade: 'A',
      finalGrade: 'A',
      quantitativeGrade: 'A',
      qualitativeGrade: 'B',
      achievementPercent: '100.00',
      lastActor: 'u-committee',
      lastActorName: '伊藤 委員',
      lastActingAs: 'CommitteeMember',
      lastActedAt: events.at(-1)!.metadata.occurredAt,
      version: Number(events.at(-1)!.revision),
      divisionId: 'corporate-management',
      owningDepartmentId: 'general-affairs',
    });
  });

  it('keeps the grades side by side when the proposal differs from the self grade', () => {
    expect(row(2025, 'I-002')).toMatchObject({ status: 'Finalized', selfGrade: 'A', proposedGrade: 'B', finalGrade: 'B' });
  });

  it('shows work in progress at its stage, and items nobody started as NotStarted with no version', () => {
    expect(row(2025, 'I-003')).toMatchObject({ status: 'Draft', selfGrade: 'D', lastActorName: '佐藤 花子', finalGrade: null });
    expect(row(2025, 'I-004')).toMatchObject({ status: 'PromotionMeetingReview', version: 4, lastActingAs: 'Staff@general-affairs' });
    expect(row(2025, 'I-044')).toMatchObject({
      status: 'Draft',
      targetKind: 'qualitative',
      selfGrade: 'C',
      quantitativeGrade: null,
      stageLag: true,
      owningDepartmentId: 'community-welfare',
    });
    expect(row(2025, 'I-010')).toMatchObject({ status: 'NotStarted', version: null, selfGrade: null, lastActor: null });
    expect(row(2026, 'I-001')).toMatchObject({ status: 'NotStarted', version: null });
  });

  it('applies plan revisions: new name, revised planned stage', () => {
    expect(row(2025, 'I-004').itemName).toBe('評価結果の公表');
    expect(row(2025, 'I-006').plannedStage).toBe('準備');
    expect(row(2026, 'I-001').plannedStage).toBe(loadPlanCatalogue().items[0]!.schedule[2026]!.stage);
  });
});
