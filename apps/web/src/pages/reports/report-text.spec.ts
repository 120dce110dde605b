import { describe, expect, it } from 'vitest';
import { cssString, dueLine, pageStyle, stampLine } from './report-text.js';

const stamp = { position: '1234', digest: `hyoka-log:v1:1234:1200:${'0f'.repeat(32)}`, generatedAt: '2026-03-31T06:00:00.000Z' };

describe('the print page setup', () => {
  it('quotes text for a CSS string: backslashes, quotes and line breaks cannot end or break the rule', () => {
    expect(cssString('a"b\\c\nd')).toBe('"a\\"b\\\\c d"');
  });

  it('A4 landscape with the title, the scope, the stamp and the page number in the margins', () => {
    const css = pageStyle({ title: '令和7年度(2025年度) 中期経営計画 年度評価報告書', scopeLabel: '全部門', stamp });
    expect(css).toContain('size: A4 landscape');
    expect(css).toContain('@top-left { content: "令和7年度(2025年度) 中期経営計画 年度評価報告書"');
    expect(css).toContain('@top-right { content: "全部門"');
    expect(css).toContain(`@bottom-left { content: "${stampLine(stamp)}"`);
    expect(css).toContain('counter(page) " / " counter(pages)');
    expect(stampLine(stamp)).toBe(`ログ位置 1234 ・ ダイジェスト ${stamp.digest} ・ 作成 2026/03/31 15:00:00（日本時間）`);
  });
});

describe('a row against the calendar', () => {
  it('the due date, the JST finalisation time and the days late, in Japanese', () => {
    expect(dueLine({ dueDate: '2025-07-31', finalizedAt: '2025-07-31T15:30:00.000Z', lateDays: 1 })).toBe(
      '期限 2025/07/31 ・ 確定 2025/08/01 00:30:00 ・ 期限を1日超過',
    );
    expect(dueLine({ dueDate: '2025-06-30', finalizedAt: null, lateDays: 35 })).toBe('期限 2025/06/30 ・ 期限を35日超過');
    expect(dueLine({ dueDate: '2025-07-31', finalizedAt: '2025-07-31T14:59:59.000Z', lateDays: null })).toBe('期限 2025/07/31 ・ 確定 2025/07/31 23:59:59');
    expect(dueLine({ dueDate: null, finalizedAt: null, lateDays: null })).toBe('');
  });
});
