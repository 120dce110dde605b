import { describe, expect, it } from 'vitest';
import { documentPageStyle, personLine } from './document-style.js';

describe('the print setup of a session document', () => {
  it('is A4 portrait with the title on top and the stamp at the foot of every page', () => {
    const css = documentPageStyle({ title: '評価検証委員会 議事録', date: '2026-05-20', stamp: { position: '42', digest: 'hyoka-log:v1:42:42:ab', generatedAt: '2026-05-20T01:00:00.000Z' } });
    expect(css).toContain('size: A4 portrait');
    expect(css).toContain('@top-left { content: "評価検証委員会 議事録"');
    expect(css).toContain('ログ位置 42 ・ ダイジェスト hyoka-log:v1:42:42:ab');
  });

  it('prints a committee member with the office', () => {
    expect(personLine({ displayName: '評価検証委員 1', officeLabel: '監事' })).toBe('評価検証委員 1（監事）');
    expect(personLine({ displayName: '総務部長', officeLabel: null })).toBe('総務部長');
  });
});
