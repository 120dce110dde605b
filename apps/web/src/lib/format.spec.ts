import { afterEach, describe, expect, it, vi } from 'vitest';
import { formatDateTime } from './format.js';

afterEach(() => vi.restoreAllMocks());

describe('formatDateTime', () => {
  it('gives the moment in Japan time', () => {
    expect(formatDateTime('2025-06-30T00:00:00.000Z')).toBe('2025/06/30 09:00:00');
    expect(formatDateTime('2025-12-31T15:30:05.000Z')).toBe('2026/01/01 00:30:05');
    expect(formatDateTime(null)).toBe('');
  });

  it('builds its formatter once, not once per moment (a page formats hundreds on one render)', () => {
    formatDateTime('2025-06-30T00:00:00.000Z');
    const built = vi.spyOn(Intl, 'DateTimeFormat');
    for (let i = 0; i < 50; i++) formatDateTime(`2025-06-30T00:00:${String(i % 60).padStart(2, '0')}.000Z`);
    expect(built).not.toHaveBeenCalled();
  });
});
