import { RETURN_TARGETS, STAGE_LABELS, isRouteStage } from '@hyoka/domain';
import { cleanup, fireEvent, screen, within } from '@testing-library/vue';
import { afterEach, describe, expect, it } from 'vitest';
import { reactive } from 'vue';
import type { ReviewDraft } from '../../composables/useEvaluation.js';
import type { EvaluationAction, EvaluationStage } from '../../gql/generated.js';
import { renderComponent } from '../../testing/render-page.js';
import ReviewActions from './ReviewActions.vue';

const emptyDraft = (overrides: Partial<ReviewDraft> = {}): ReviewDraft =>
  reactive({
    comment: '',
    opinion: '',
    replies: {},
    returnTo: '',
    returnReason: '',
    proposedGrade: '',
    proposedReason: '',
    overallGrade: '',
    rationale: '',
    finalReason: '',
    reopenReason: '',
    meetingId: '',
    hearingPeople: '',
    hearingOn: '',
    hearingSummary: '',
    ...overrides,
  });

function renderActions(stage: EvaluationStage, allowedActions: EvaluationAction[], options: { busy?: boolean; draft?: ReviewDraft } = {}) {
  const draft = options.draft ?? emptyDraft();
  const view = renderComponent(ReviewActions, { props: { stage, allowedActions, busy: options.busy ?? false, draft } });
  return { ...view, draft };
}

const optionTexts = (select: HTMLElement) => within(select).getAllByRole('option').map((o) => o.textContent?.trim());

afterEach(cleanup);

describe('ReviewActions', () => {
  it('offers as return targets the stages the route allows from the managers meeting, the usual one first', () => {
    renderActions('ManagersMeetingReview', ['ReturnEvaluation']);

    expect(optionTexts(screen.getByRole('combobox', { name: '差し戻し先' }))).toEqual(['推進会議審査', '自己評価作成中']);
  });

  it.each(Object.keys(RETURN_TARGETS).filter(isRouteStage))('offers from %s exactly the domain’s return targets', (stage) => {
    renderActions(stage, ['ReturnEvaluation']);

    expect(optionTexts(screen.getByRole('combobox', { name: '差し戻し先' }))).toEqual((RETURN_TARGETS[stage] ?? []).map((s) => STAGE_LABELS[s]));
  });

  it('returns to the chosen stage with the reason typed', async () => {
    const { draft, emitted } = renderActions('ManagersMeetingReview', ['ReturnEvaluation', 'CommentOnEvaluation'], {
      draft: emptyDraft({ returnTo: 'PromotionMeetingReview' }),
    });

    await fireEvent.update(screen.getByRole('combobox', { name: '差し戻し先' }), 'Draft');
    await fireEvent.update(screen.getByRole('textbox', { name: '差し戻しの理由' }), '目標の根拠を追記してください。');
    await fireEvent.click(screen.getByRole('button', { name: '差し戻し' }));

    expect(draft).toMatchObject({ returnTo: 'Draft', returnReason: '目標の根拠を追記してください。' });
    expect(Object.keys(emitted())).toContain('return');
    expect(emitted('comment')).toBeUndefined();
  });

  it('shows only the actions the API allows, and says so when there are none', () => {
    renderActions('PromotionMeetingReview', ['ApproveEvaluation', 'CommentOnEvaluation']);
    expect(screen.queryByRole('button', { name: '承認' })).not.toBeNull();
    expect(screen.queryByRole('button', { name: 'コメントを追加' })).not.toBeNull();
    expect(screen.queryByRole('button', { name: '提出' })).toBeNull();
    expect(screen.queryByRole('button', { name: '差し戻し' })).toBeNull();
    expect(screen.queryByText('いまあなたが行える操作はありません。')).toBeNull();
    cleanup();

    renderActions('Finalized', []);
    expect(screen.queryByText('いまあなたが行える操作はありません。')).not.toBeNull();
    expect(screen.queryAllByRole('button')).toHaveLength(0);
  });

  it('offers the four grades with their meaning for the proposal, and holds the buttons while a command runs', () => {
    renderActions('ManagersMeetingReview', ['ForwardToCommittee', 'ApproveEvaluation'], { busy: true });

    expect(optionTexts(screen.getByRole('combobox', { name: '総合評価(案)' }))).toEqual([
      '選択してください',
      'A（計画通り）',
      'B（ほぼ計画通り）',
      'C（やや遅れている）',
      'D（遅れている）',
    ]);
    expect((screen.getByRole('button', { name: '承認' }) as HTMLButtonElement).disabled).toBe(true);
    expect((screen.getByRole('button', { name: '総合評価(案)を付けて委員会へ送付' }) as HTMLButtonElement).disabled).toBe(true);
  });
});
