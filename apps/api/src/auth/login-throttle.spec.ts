import { describe, expect, it } from 'vitest';
import { LoginThrottle, type ThrottlePolicy } from './login-throttle.js';

const MINUTE = 60_000;
const policy: ThrottlePolicy = {
  freePerClient: 3,
  baseDelayMs: MINUTE,
  maxDelayMs: 15 * MINUTE,
  clientMemoryMs: 60 * MINUTE,
  maxPerAddress: 5,
  windowMs: 15 * MINUTE,
};

describe('LoginThrottle', () => {
  it('lets a client (login name + address) try freely, then makes it wait, twice as long after each further failure', () => {
    const throttle = new LoginThrottle({ ...policy, maxPerAddress: 100 });
    for (let i = 0; i < 2; i++) {
      expect(throttle.retryAfterMs('auditor', '10.0.0.1', 0)).toBe(0);
      expect(throttle.recordFailure('auditor', '10.0.0.1', 0)).toBeNull();
    }
    expect(throttle.recordFailure('auditor', '10.0.0.1', 0)).toEqual({ scope: 'client', retryAfterMs: MINUTE });
    expect(throttle.retryAfterMs('auditor', '10.0.0.1', 0)).toBe(MINUTE);
    // the same name in other case or with spaces is the same client
    expect(throttle.retryAfterMs(' AUDITOR ', '10.0.0.1', 30_000)).toBe(30_000);
    expect(throttle.retryAfterMs('auditor', '10.0.0.1', MINUTE)).toBe(0);
    expect(throttle.recordFailure('auditor', '10.0.0.1', MINUTE)).toEqual({ scope: 'client', retryAfterMs: 2 * MINUTE });
    expect(throttle.recordFailure('auditor', '10.0.0.1', 3 * MINUTE)).toEqual({ scope: 'client', retryAfterMs: 4 * MINUTE });
    expect(throttle.recordFailure('auditor', '10.0.0.1', 7 * MINUTE)).toEqual({ scope: 'client', retryAfterMs: 8 * MINUTE });
    // capped
    expect(throttle.recordFailure('auditor', '10.0.0.1', 15 * MINUTE)).toEqual({ scope: 'client', retryAfterMs: 15 * MINUTE });
    expect(throttle.recordFailure('auditor', '10.0.0.1', 30 * MINUTE)).toEqual({ scope: 'client', retryAfterMs: 15 * MINUTE });
    // forgotten an hour after the last failure
    expect(throttle.retryAfterMs('auditor', '10.0.0.1', 90 * MINUTE)).toBe(0);
    expect(throttle.recordFailure('auditor', '10.0.0.1', 90 * MINUTE)).toBeNull();
  });

  it('never slows the victim: the guessed login name from another address goes on at once', () => {
    const throttle = new LoginThrottle({ ...policy, maxPerAddress: 100 });
    for (let i = 0; i < 10; i++) throttle.recordFailure('tanaka', '10.0.0.66', i);
    expect(throttle.retryAfterMs('tanaka', '10.0.0.66', 10)).toBeGreaterThan(0);
    expect(throttle.retryAfterMs('tanaka', '10.0.0.2', 10)).toBe(0);
    // and another login name from the attacker's address is not slowed by the client throttle either
    expect(throttle.retryAfterMs('suzuki', '10.0.0.66', 10)).toBe(0);
  });

  it('slows an address that fails across many login names (password spraying); other addresses go on', () => {
    const throttle = new LoginThrottle(policy);
    ['a', 'b', 'c', 'd'].forEach((name, i) => expect(throttle.recordFailure(name, '10.0.0.9', i * MINUTE)).toBeNull());
    expect(throttle.recordFailure('e', '10.0.0.9', 4 * MINUTE)).toEqual({ scope: 'address', retryAfterMs: 11 * MINUTE });
    expect(throttle.retryAfterMs('f', '10.0.0.9', 5 * MINUTE)).toBe(10 * MINUTE);
    expect(throttle.retryAfterMs('f', '10.0.0.8', 5 * MINUTE)).toBe(0);
    expect(throttle.retryAfterMs('f', '10.0.0.9', 15 * MINUTE)).toBe(0);
  });

  it("a success forgets the client's failures but not the address's", () => {
    const throttle = new LoginThrottle({ ...policy, maxPerAddress: 6 });
    ['x', 'auditor', 'auditor'].forEach((name) => throttle.recordFailure(name, '10.0.0.1', 0));
    throttle.recordSuccess('auditor', '10.0.0.1');
    throttle.recordFailure('auditor', '10.0.0.1', 1);
    throttle.recordFailure('auditor', '10.0.0.1', 1);
    // two since the success: still free
    expect(throttle.retryAfterMs('auditor', '10.0.0.1', 2)).toBe(0);
    // the sixth failure from 10.0.0.1 in all
    expect(throttle.recordFailure('z', '10.0.0.1', 2)).toEqual({ scope: 'address', retryAfterMs: 15 * MINUTE - 2 });
  });

  it('forgets clients and addresses nobody needs to remember', () => {
    const throttle = new LoginThrottle(policy);
    throttle.recordFailure('a', '10.0.0.1', 0);
    throttle.recordFailure('b', '10.0.0.2', 50 * MINUTE);
    expect(throttle.trackedKeys).toBe(4);
    throttle.purge(60 * MINUTE);
    expect(throttle.trackedKeys).toBe(2);
    throttle.purge(70 * MINUTE);
    expect(throttle.trackedKeys).toBe(1);
    throttle.purge(110 * MINUTE);
    expect(throttle.trackedKeys).toBe(0);
  });
});
