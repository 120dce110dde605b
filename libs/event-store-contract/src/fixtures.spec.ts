import { prepareAppend } from '@hyoka/event-store';
import { describe, expect, it } from 'vitest';
import { testEvent, uniqueStream } from './fixtures.js';

describe('contract fixtures', () => {
  it('make events and stream names every adapter must accept, never the same twice', () => {
    const events = [testEvent(), testEvent('AnnualTargetSet', { target: 4 }, { actingAs: 'Staff' })];
    expect(() => prepareAppend(uniqueStream(), events, { expectedRevision: 'any' })).not.toThrow();
    expect(events[0]!.id).not.toBe(events[1]!.id);
    expect(uniqueStream()).not.toBe(uniqueStream());
  });
});
