export const ABORTED: unique symbol = Symbol('aborted');

/**
 * `promise`'s outcome, or ABORTED once `signal` aborts, whichever comes first. Unlike a `Promise.race` against a
 * promise that settles on abort, it leaves nothing behind once `promise` settles: each race adds a reaction to the
 * long-lived promise that keeps the race's result reachable until that promise settles, so a loop that races every
 * event it reads against one keeps every event it has read (docs/design.md, "Memory").
 */
export function untilAborted<T>(promise: Promise<T>, signal: AbortSignal): Promise<T | typeof ABORTED> {
  if (signal.aborted) return Promise.resolve(ABORTED);
  return new Promise<T | typeof ABORTED>((resolve, reject) => {
    const onAbort = () => resolve(ABORTED);
    signal.addEventListener('abort', onAbort, { once: true });
    promise.then(
      (value) => {
        signal.removeEventListener('abort', onAbort);
        resolve(value);
      },
      (error: unknown) => {
        signal.removeEventListener('abort', onAbort);
        reject(error);
      },
    );
  });
}
