import { getEventListeners } from 'node:events';
import { describe, expect, it } from 'vitest';
import { ABORTED, untilAborted } from './abortable.js';

describe('untilAborted', () => {
  it("gives the promise's value, or its error, while the signal has not aborted", async () => {
    const signal = new AbortController().signal;
    await expect(untilAborted(Promise.resolve(7), signal)).resolves.toBe(7);
    await expect(untilAborted(Promise.reject(new Error('no')), signal)).rejects.toThrow('no');
  });

  it('gives ABORTED once the signal aborts, and at once when it had', async () => {
    const controller = new AbortController();
    const waiting = untilAborted(new Promise(() => undefined), controller.signal);
    controller.abort();
    await expect(waiting).resolves.toBe(ABORTED);
    await expect(untilAborted(Promise.resolve(1), controller.signal)).resolves.toBe(ABORTED);
  });

  it('leaves no listener on the signal once the promise settles (a race against the abort would keep every result)', async () => {
    const signal = new AbortController().signal;
    for (let i = 0; i < 100; i += 1) await untilAborted(Promise.resolve({ i }), signal);
    await expect(untilAborted(Promise.reject(new Error('no')), signal)).rejects.toThrow();
    expect(getEventListeners(signal, 'abort')).toHaveLength(0);
  });
});
