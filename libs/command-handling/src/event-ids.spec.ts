import { describe, expect, it } from 'vitest';
import { deriveEventId } from './event-ids.js';

describe('event ids derived from the command id', () => {
  it('are UUIDs, the same for a retry, different per stream and per index', () => {
    const id = deriveEventId('cmd-12345678', 'evaluation-I-001-2025', 0);
    expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(deriveEventId('cmd-12345678', 'evaluation-I-001-2025', 0)).toBe(id);
    expect(deriveEventId('cmd-12345678', 'evaluation-I-001-2025', 1)).not.toBe(id);
    expect(deriveEventId('cmd-12345678', 'evaluation-I-002-2025', 0)).not.toBe(id);
    expect(deriveEventId('cmd-12345679', 'evaluation-I-001-2025', 0)).not.toBe(id);
  });
});
