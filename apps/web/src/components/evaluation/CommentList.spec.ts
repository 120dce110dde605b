import { cleanup, fireEvent, screen, within } from '@testing-library/vue';
import { afterEach, describe, expect, it } from 'vitest';
import type { CommentPageFieldsFragment } from '../../gql/generated.js';
import { renderComponent } from '../../testing/render-page.js';
import CommentList from './CommentList.vue';

const head = { userId: 'demo-head-general', displayName: '総務部長' };
const staff = { userId: 'demo-staff-general', displayName: '総務部 担当職員' };
const comment = (number: number, replies: CommentPageFieldsFragment['nodes'][number]['replies'] = []) => ({
  number,
  stage: 'PromotionMeetingReview' as const,
  text: `コメント${number}`,
  by: head,
  actingAs: 'DepartmentHead@general-affairs',
  at: '2026-02-01T01:00:00.000Z',
  replies,
});
const page = (nodes: CommentPageFieldsFragment['nodes'], totalCount: number, hasNextPage: boolean): CommentPageFieldsFragment => ({
  totalCount,
  pageInfo: { hasNextPage, endCursor: nodes.length ? 'cursor' : null },
  nodes,
});

afterEach(cleanup);

describe('CommentList', () => {
  it('shows each comment with its replies, the total, and offers the next page while there is one', async () => {
    const reply = { commentNumber: 41, text: '内訳を添付しました', by: staff, actingAs: 'Staff@general-affairs', at: '2026-02-02T01:00:00.000Z' };
    const { emitted } = renderComponent(CommentList, { props: { comments: page([comment(42), comment(41, [reply])], 42, true) } });

    expect(screen.getByTestId('comments-total').textContent).toBe('全42件');
    expect(within(screen.getByTestId('comment-41')).getByRole('list', { name: 'コメント41への返信' }).textContent).toContain('内訳を添付しました');
    expect(within(screen.getByTestId('comment-42')).queryByRole('list')).toBeNull();
    await fireEvent.click(screen.getByRole('button', { name: 'さらに表示' }));
    expect(emitted('loadMore')).toHaveLength(1);
  });

  it('says there are none, with no total and no next page', () => {
    renderComponent(CommentList, { props: { comments: page([], 0, false) } });

    expect(screen.queryByText('コメントはありません。')).not.toBeNull();
    expect(screen.queryByTestId('comments-total')).toBeNull();
    expect(screen.queryByRole('button', { name: 'さらに表示' })).toBeNull();
  });
});
