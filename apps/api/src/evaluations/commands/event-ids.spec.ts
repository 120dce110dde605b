import { describe, expect, it } from 'vitest';
import { deriveItemCommandId } from './event-ids.js';

describe('bulk item command ids', () => {
  it('are stable per bulk id and item', () => {
    const a = deriveItemCommandId('bulk-12345678', 'evaluation-I-001-2025');
    expect(deriveItemCommandId('bulk-12345678', 'evaluation-I-001-2025')).toBe(a);
    expect(deriveItemCommandId('bulk-12345678', 'evaluation-I-002-2025')).not.toBe(a);
    expect(a.startsWith('bulk-12345678/')).toBe(true);
  });
});
