import { cleanup, fireEvent, screen, waitFor } from '@testing-library/vue';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { CommentPageFieldsFragment, EvaluationFieldsFragment, HistoryPageFieldsFragment } from '../gql/generated.js';
import { fakeApi, type FakeCall } from '../testing/fake-api.js';
import { plan as planWithThemes } from '../testing/fixtures.js';
import { renderPage } from '../testing/render-page.js';
import EvaluationPage from './EvaluationPage.vue';

const viewer = {
  userId: 'demo-staff-general',
  loginName: 'staff-general',
  displayName: '総務部 担当職員',
  roles: [{ role: 'Staff', departmentId: 'general-affairs', label: '担当職員(総務部)' }],
};

const approvedPlan = {
  planEdition: 1,
  target: { kind: 'quantitative', target: '4', unit: '回', direction: 'higherIsBetter' },
  actions: '研修会を年4回開催する',
  approvedBy: { userId: 'demo-head-general', displayName: '総務部長' },
  approvedAt: '2025-04-10T01:00:00.000Z',
  reason: null,
  legacy: false,
} as const satisfies NonNullable<EvaluationFieldsFragment['plan']>;

/** The evaluation as the page's query answers it: its fields and the first pages of its history and comments. */
type EvaluationAnswer = EvaluationFieldsFragment & { history: HistoryPageFieldsFragment; comments: CommentPageFieldsFragment };
const firstPage = <T,>(nodes: T[]) => ({ totalCount: nodes.length, pageInfo: { hasNextPage: false, endCursor: null }, nodes });

function evaluation(version: number, overrides: Partial<EvaluationAnswer> = {}): EvaluationAnswer {
  return {
    itemId: 'I-001',
    fiscalYear: 2025,
    version,
    stage: 'Draft',
    stageLabel: '自己評価作成中',
    dueDate: null,
    overdueDays: null,
    item: {
      id: 'I-001',
      name: '研修会の開催',
      divisionId: 'corporate-management',
      divisionName: '法人経営部門',
      owningDepartmentId: 'general-affairs',
      owningDepartmentName: '総務部',
      promotionMeetingId: 'general-affairs-meeting',
      promotionMeetingName: '総務推進会議',
      plannedStage: '実施',
    },
    target: { kind: 'quantitative', target: '4', unit: '回', direction: 'higherIsBetter' },
    plan: approvedPlan,
    planDraft: null,
    planHistory: [approvedPlan],
    gradedPlanEdition: null,
    selfEvaluation: null,
    evidence: { plan: [], selfEvaluation: [] },
    selfGrade: null,
    proposedGrade: null,
    proposedReason: null,
    finalGrade: null,
    finalRationale: null,
    finalReason: null,
    stageLag: false,
    recallable: false,
    openReturn: null,
    route: [],
    routeCount: 0,
    comments: firstPage([]),
    opinions: [],
    hearings: [],
    opinionCount: 0,
    editions: [],
    editionCount: 0,
    history: firstPage([]),
    allowedActions: ['SaveSelfEvaluation', 'SubmitEvaluation', 'ChangeAnnualPlan'],
    asOf: null,
    ...overrides,
  };
}

const plan = {
  title: '中期経営計画',
  periodFrom: 2025,
  periodTo: 2027,
  asOf: null,
  divisions: [],
  reviewBodies: [],
  items: [],
  evaluationRules: {
    quantitative: '',
    qualitative: '',
    bands: [
      { grade: 'A', label: '計画通り', minPercent: 100, quantitativeRule: '100%以上', qualitativeRule: '計画通りに進んでいる' },
      { grade: 'C', label: 'やや遅れている', minPercent: 60, quantitativeRule: '60%以上80%未満', qualitativeRule: 'やや遅れている' },
    ],
  },
};

function api(answerEvaluation: (call: FakeCall) => ReturnType<Parameters<typeof fakeApi>[0]>) {
  return fakeApi((call) => {
    switch (call.operationName) {
      case 'Viewer':
        return { data: { viewer } };
      case 'Plan':
        return { data: { plan } };
      case 'FiscalYears':
        return { data: { fiscalYears: [{ fiscalYear: 2025, label: '令和7年度(2025年度)', thresholds: { A: 100, B: 80, C: 60 } }] } };
      default:
        return answerEvaluation(call);
    }
  });
}

afterEach(cleanup);

describe('EvaluationPage', () => {
  it('shows the item’s 取組テーマ, folded, with its 現状と課題 and 推進目標 from the plan', async () => {
    const fake = fakeApi((call) => {
      if (call.operationName === 'Viewer') return { data: { viewer } };
      if (call.operationName === 'Plan') return { data: { plan: planWithThemes } };
      if (call.operationName === 'FiscalYears') return { data: { fiscalYears: [] } };
      return { data: { evaluation: evaluation(2) } };
    });
    await renderPage(EvaluationPage, '/evaluations/I-001/2025', fake);

    const summary = await screen.findByText('取組テーマ: 人材育成');
    const details = summary.closest('details')!;
    expect(details.open).toBe(false);
    expect(details.textContent).toContain('現状と課題研修の機会が部署ごとに偏っています。\n計画的な育成が急務です。');
    expect(details.textContent).toContain('推進目標全職員が年1回以上の研修を受けられる体制をつくります。');
    await fireEvent.click(summary);
    expect(details.open).toBe(true);
  });

  it('computes the 定量評価 as the actual is typed and shows the rule', async () => {
    const fake = api(() => ({ data: { evaluation: evaluation(2) } }));
    await renderPage(EvaluationPage, '/evaluations/I-001/2025', fake);

    const actual = await screen.findByRole('textbox', { name: /実績値/ });
    const preview = screen.getByRole('status', { name: '定量評価（入力中の値から計算）' });
    expect(preview.textContent).toContain('実績値を入力すると計算されます');
    expect(preview.textContent).toContain('A 100%以上、B 80%以上100%未満、C 60%以上80%未満、D 60%未満');

    await fireEvent.update(actual, '3');
    expect(preview.textContent).toContain('C（やや遅れている）');
    expect(preview.textContent).toContain('75.00%');

    await fireEvent.update(actual, '3.2');
    expect(preview.textContent).toContain('B（ほぼ計画通り）');
    expect(preview.textContent).toContain('80.00%');
  });

  it('at the 推進会議 staff give an 意見; a reviewer’s comment shows as a thread they can answer', async () => {
    const head = { userId: 'demo-head-general', displayName: '総務部長' };
    const comment = { number: 1, stage: 'PromotionMeetingReview', text: '実績の内訳を示してください', by: head, actingAs: 'DepartmentHead@general-affairs', at: '2026-02-01T01:00:00.000Z' } as const;
    const reply = { commentNumber: 1, text: '内訳を添付しました', by: { userId: viewer.userId, displayName: viewer.displayName }, actingAs: 'Staff@general-affairs', at: '2026-02-02T01:00:00.000Z' };
    const opinion = { number: 1, stage: 'PromotionMeetingReview', text: '広報を見直してはどうか', by: reply.by, actingAs: 'Staff@general-affairs', at: '2026-02-02T02:00:00.000Z' } as const;
    const atMeeting = (version: number, overrides: Partial<EvaluationAnswer>) =>
      evaluation(version, { stage: 'PromotionMeetingReview', allowedActions: ['RecallEvaluation', 'AddOpinion', 'ReplyToComment'], ...overrides });
    // the server's state: a mutation changes it, and the page's queries (the first pages after a change) read it
    let stored = atMeeting(6, { comments: firstPage([{ ...comment, replies: [] }]) });
    const fake = api((call) => {
      if (call.operationName === 'AddOpinion') stored = atMeeting(7, { comments: firstPage([{ ...comment, replies: [] }]), opinions: [opinion] });
      if (call.operationName === 'ReplyToComment') stored = atMeeting(8, { comments: firstPage([{ ...comment, replies: [reply] }]), opinions: [opinion] });
      const { history: _history, comments: _comments, ...fields } = stored;
      if (call.operationName === 'AddOpinion') return { data: { addOpinion: fields } };
      if (call.operationName === 'ReplyToComment') return { data: { replyToComment: fields } };
      return { data: { evaluation: stored } };
    });
    await renderPage(EvaluationPage, '/evaluations/I-001/2025', fake);

    await vi.waitFor(() => expect(screen.queryByText('意見はまだありません。')).not.toBeNull());
    await fireEvent.update(screen.getByRole('textbox', { name: '意見' }), '広報を見直してはどうか');
    await fireEvent.click(screen.getByRole('button', { name: '意見を述べる' }));
    await waitFor(() => expect(screen.getAllByTestId('opinion').map((o) => o.textContent)).toEqual([expect.stringContaining('広報を見直してはどうか')]));
    expect(fake.calls.find((c) => c.operationName === 'AddOpinion')?.variables).toMatchObject({ input: { expectedVersion: 6, opinion: '広報を見直してはどうか' } });

    await fireEvent.update(screen.getByRole('textbox', { name: '返信' }), '内訳を添付しました');
    await fireEvent.click(screen.getByRole('button', { name: '返信する' }));
    await waitFor(() => expect(screen.getByRole('list', { name: 'コメント1への返信' }).textContent).toContain('内訳を添付しました'));
    expect(fake.calls.find((c) => c.operationName === 'ReplyToComment')?.variables).toMatchObject({ input: { expectedVersion: 7, commentNumber: 1, reply: '内訳を添付しました' } });
  });

  it('pages the history with 「さらに表示」 after the last entry shown, and shows the first page again after a change', async () => {
    const entry = (revision: number) => ({
      revision,
      type: 'SelfEvaluationSaved',
      summary: `自己評価を保存 ${revision}`,
      by: { userId: viewer.userId, displayName: viewer.displayName },
      actingAs: 'Staff@general-affairs',
      at: '2025-06-01T00:00:00.000Z',
      recordedAt: `2025-06-01T00:00:${String(revision).padStart(2, '0')}.000Z`,
      stageBefore: 'Draft' as const,
      stageAfter: 'Draft' as const,
      reason: null,
      comment: null,
    });
    const pageOf = (revisions: number[], hasNextPage: boolean, total = 123) => ({
      totalCount: total,
      pageInfo: { hasNextPage, endCursor: `after-${revisions.at(-1)}` },
      nodes: revisions.map(entry),
    });
    const fake = api((call) => {
      if (call.operationName === 'Evaluation') return { data: { evaluation: evaluation(122, { history: pageOf([122, 121], true) }) } };
      if (call.operationName === 'EvaluationPages') {
        const v = call.variables as { historyAfter: string | null; withComments: boolean };
        const history = v.historyAfter === 'after-121' ? pageOf([120, 119], false) : pageOf([123, 122], true, 124);
        return { data: { evaluation: { itemId: 'I-001', version: 123, history, ...(v.withComments ? { comments: firstPage([]) } : {}) } } };
      }
      if (call.operationName === 'SaveSelfEvaluation') return { data: { saveSelfEvaluation: evaluation(123) } };
      throw new Error(`unexpected ${call.operationName}`);
    });
    await renderPage(EvaluationPage, '/evaluations/I-001/2025', fake);

    const rows = () => screen.getAllByText(/^自己評価を保存 \d+$/).map((r) => r.textContent);
    expect((await screen.findByTestId('history-total')).textContent).toBe('全123件');
    expect(rows()).toEqual(['自己評価を保存 122', '自己評価を保存 121']);
    await fireEvent.click(screen.getByRole('button', { name: 'さらに表示' }));
    await waitFor(() => expect(rows()).toEqual(['自己評価を保存 122', '自己評価を保存 121', '自己評価を保存 120', '自己評価を保存 119']));
    expect(screen.queryByRole('button', { name: 'さらに表示' })).toBeNull();

    await fireEvent.update(screen.getByRole('textbox', { name: /実績値/ }), '3');
    await fireEvent.click(screen.getByRole('button', { name: '自己評価を保存' }));
    await waitFor(() => expect(rows()).toEqual(['自己評価を保存 123', '自己評価を保存 122']));
    expect(screen.getByTestId('history-total').textContent).toBe('全124件');
  });

  it('offers only the actions the API allows the viewer', async () => {
    const fake = api(() => ({
      data: { evaluation: evaluation(5, { stage: 'PromotionMeetingReview', allowedActions: ['RecallEvaluation'] }) },
    }));
    await renderPage(EvaluationPage, '/evaluations/I-001/2025', fake);

    expect(await screen.findByRole('button', { name: '引き戻し' })).toBeTruthy();
    expect(screen.queryByRole('button', { name: '承認' })).toBeNull();
    expect(screen.queryByRole('button', { name: '提出' })).toBeNull();
    expect(screen.queryByRole('button', { name: '差し戻し' })).toBeNull();
  });

  it('on a conflict says so in Japanese, keeps what was typed and reloads without losing it', async () => {
    let stored = 2;
    const fake = api((call) => {
      if (call.operationName === 'Evaluation') return { data: { evaluation: evaluation(stored) } };
      if (call.operationName === 'SaveSelfEvaluation') {
        return { errors: [{ message: 'この評価は、あなたが表示した後に他の人が更新しました。', extensions: { code: 'CONFLICT' } }] };
      }
      throw new Error(`unexpected ${call.operationName}`);
    });
    await renderPage(EvaluationPage, '/evaluations/I-001/2025', fake);

    const actual = await screen.findByRole('textbox', { name: /実績値/ });
    await fireEvent.update(actual, '3');
    const achievements = screen.getByRole('textbox', { name: '実績・成果' });
    await fireEvent.update(achievements, '研修会を3回開催した');
    stored = 3; // somebody else saved meanwhile
    await fireEvent.click(screen.getByRole('button', { name: '自己評価を保存' }));

    const alert = await screen.findByRole('alert');
    expect(alert.textContent).toContain('他の人が先に更新しました。再読み込みしてください（入力内容は残っています）');
    expect((actual as HTMLInputElement).value).toBe('3');
    expect(fake.calls.find((c) => c.operationName === 'SaveSelfEvaluation')?.variables).toMatchObject({
      input: { expectedVersion: 2, actual: '3' },
    });

    await fireEvent.click(screen.getByRole('button', { name: '最新の内容を再読み込み（入力内容は残ります）' }));
    await waitFor(() => expect(screen.queryByRole('alert')).toBeNull());
    expect((screen.getByRole('textbox', { name: /実績値/ }) as HTMLInputElement).value).toBe('3');
    expect((screen.getByRole('textbox', { name: '実績・成果' }) as HTMLTextAreaElement).value).toBe('研修会を3回開催した');
    expect(fake.calls.filter((c) => c.operationName === 'Evaluation')).toHaveLength(2);
  });

  it('shows a return without a reason next to the reason box, marks it invalid, focuses it and announces it', async () => {
    const fake = api((call) => {
      if (call.operationName === 'Evaluation') {
        return { data: { evaluation: evaluation(4, { stage: 'PromotionMeetingReview', allowedActions: ['ReturnEvaluation', 'CommentOnEvaluation'] }) } };
      }
      return { errors: [{ message: '「理由」を入力してください', extensions: { code: 'VALIDATION', details: { field: 'reason' } } }] };
    });
    await renderPage(EvaluationPage, '/evaluations/I-001/2025', fake);

    await fireEvent.click(await screen.findByRole('button', { name: '差し戻し' }));

    const alert = await screen.findByRole('alert');
    expect(alert.textContent).toBe('「理由」を入力してください');
    const reason = screen.getByRole('textbox', { name: '差し戻しの理由' });
    expect(reason.getAttribute('aria-invalid')).toBe('true');
    expect(reason.getAttribute('aria-describedby')).toBe(alert.id);
    expect(reason.parentElement?.contains(alert)).toBe(true);
    await waitFor(() => expect(document.activeElement).toBe(reason));
    expect(screen.queryByTestId('problem')).toBeNull();
    // the 「理由」 of another form is not the one marked
    expect(screen.getByRole('textbox', { name: 'コメント' }).getAttribute('aria-invalid')).toBeNull();
  });

  it('shows what 提出 finds missing at the first missing input of the self-evaluation, focused', async () => {
    const fake = api((call) => {
      if (call.operationName === 'Evaluation') return { data: { evaluation: evaluation(2) } };
      return {
        errors: [
          {
            message: '提出する前に次の項目を入力してください: 実績値、定性評価、実績・成果',
            extensions: { code: 'VALIDATION', details: { field: 'actual' } },
          },
        ],
      };
    });
    await renderPage(EvaluationPage, '/evaluations/I-001/2025', fake);

    await fireEvent.click(await screen.findByRole('button', { name: '提出' }));

    const alert = await screen.findByRole('alert');
    expect(alert.textContent).toContain('実績値、定性評価、実績・成果');
    const actual = screen.getByRole('textbox', { name: /実績値/ });
    expect(actual.getAttribute('aria-describedby')).toBe(alert.id);
    await waitFor(() => expect(document.activeElement).toBe(actual));
  });

  it('keeps a problem naming no input on the page at the top', async () => {
    const fake = api((call) => {
      if (call.operationName === 'Evaluation') return { data: { evaluation: evaluation(2) } };
      return { errors: [{ message: 'コマンドの対象が一致しません', extensions: { code: 'VALIDATION', details: { field: 'itemId' } } }] };
    });
    await renderPage(EvaluationPage, '/evaluations/I-001/2025', fake);

    await fireEvent.click(await screen.findByRole('button', { name: '提出' }));

    expect((await screen.findByTestId('problem')).textContent).toContain('コマンドの対象が一致しません');
  });
});
