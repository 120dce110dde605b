import { cleanup, screen, within } from '@testing-library/vue';
import { afterEach, describe, expect, it } from 'vitest';
import { renderComponent } from '../../testing/render-page.js';
import ReportCalendar from './ReportCalendar.vue';

describe('ReportCalendar', () => {
  afterEach(cleanup);

  it('lists each due date with its Japanese label, 未設定 for none, and the JST time lateness is counted at', () => {
    renderComponent(ReportCalendar, {
      props: {
        calendar: [
          { key: 'planSubmission', label: '単年度計画の提出', date: '2025-04-30' },
          { key: 'committee', label: '評価検証委員会の審査', date: null },
        ],
        lateAsOf: '2025-07-31T15:30:00.000Z',
      },
    });
    const table = within(screen.getByTestId('report-calendar'));
    expect(table.getByRole('rowheader', { name: '単年度計画の提出' }).nextElementSibling?.textContent).toBe('2025/04/30');
    expect(table.getByRole('rowheader', { name: '評価検証委員会の審査' }).nextElementSibling?.textContent).toBe('未設定');
    // 15:30 UTC on 7/31 is 00:30 on 8/1 in Japan
    expect(screen.getByTestId('late-as-of').textContent).toBe('2025/08/01 00:30:00');
  });
});
