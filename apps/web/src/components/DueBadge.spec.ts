import { cleanup, screen } from '@testing-library/vue';
import { afterEach, describe, expect, it } from 'vitest';
import { renderComponent } from '../testing/render-page.js';
import DueBadge from './DueBadge.vue';

describe('DueBadge', () => {
  afterEach(cleanup);

  it('flags overdue work by days, in Japanese', () => {
    renderComponent(DueBadge, { props: { dueDate: '2026-01-31', overdueDays: 3 } });
    expect(screen.getByTestId('due').textContent).toContain('期限 2026/01/31');
    expect(screen.queryByText('期限を3日超過')).not.toBeNull();
  });

  it('counts the days left, and the due day itself', () => {
    renderComponent(DueBadge, { props: { dueDate: '2026-01-31', overdueDays: -5 } });
    expect(screen.queryByText('期限まで5日')).not.toBeNull();
    cleanup();
    renderComponent(DueBadge, { props: { dueDate: '2026-01-31', overdueDays: 0 } });
    expect(screen.queryByText('本日が期限')).not.toBeNull();
  });

  it('shows nothing without a due date', () => {
    renderComponent(DueBadge, { props: { dueDate: null, overdueDays: null } });
    expect(screen.queryByTestId('due')).toBeNull();
  });
});
