import { describe, expect, it } from 'vitest';
import { LoginThrottle } from './login-throttle.js';

const MINUTE = 60_000;
const policy = { windowMs: 15 * MINUTE, maxPerAccount: 3, maxPerAddress: 5 };

describe('LoginThrottle', () => {
  it('lets attempts through until the login name has failed max times within the window', () => {
    const throttle = new LoginThrottle(policy);
    for (const minute of [0, 1, 2]) {
      expect(throttle.retryAfterMs('auditor', '10.0.0.1', minute * MINUTE)).toBe(0);
      throttle.recordFailure('auditor', '10.0.0.1', minute * MINUTE);
    }
    // locked until the first of the three failures leaves the window (minute 15)
    expect(throttle.retryAfterMs('auditor', '10.0.0.1', 3 * MINUTE)).toBe(12 * MINUTE);
    // from another address too: the lock is on the account
    expect(throttle.retryAfterMs('auditor', '10.0.0.2', 3 * MINUTE)).toBe(12 * MINUTE);
    // the same name in other case or with spaces is the same account
    expect(throttle.retryAfterMs(' AUDITOR ', '10.0.0.2', 3 * MINUTE)).toBe(12 * MINUTE);
    // another account from the same address is not locked yet
    expect(throttle.retryAfterMs('manager', '10.0.0.1', 3 * MINUTE)).toBe(0);
    expect(throttle.retryAfterMs('auditor', '10.0.0.1', 15 * MINUTE - 1)).toBe(1);
    expect(throttle.retryAfterMs('auditor', '10.0.0.1', 15 * MINUTE)).toBe(0);
  });

  it('locks an address that fails across many login names', () => {
    const throttle = new LoginThrottle(policy);
    ['a', 'b', 'c', 'd', 'e'].forEach((name, i) => throttle.recordFailure(name, '10.0.0.9', i * MINUTE));
    expect(throttle.retryAfterMs('f', '10.0.0.9', 5 * MINUTE)).toBe(10 * MINUTE);
    expect(throttle.retryAfterMs('f', '10.0.0.8', 5 * MINUTE)).toBe(0);
  });

  it('a success forgets the login name\'s failures but not the address\'s', () => {
    const throttle = new LoginThrottle(policy);
    ['x', 'y', 'auditor', 'auditor'].forEach((name) => throttle.recordFailure(name, '10.0.0.1', 0));
    throttle.recordSuccess('auditor');
    throttle.recordFailure('auditor', '10.0.0.1', 1);
    expect(throttle.retryAfterMs('auditor', '10.0.0.2', 2)).toBe(0);
    // five failures from 10.0.0.1 in all
    expect(throttle.retryAfterMs('z', '10.0.0.1', 2)).toBe(15 * MINUTE - 2);
  });

  it('forgets names and addresses whose failures left the window', () => {
    const throttle = new LoginThrottle(policy);
    throttle.recordFailure('a', '10.0.0.1', 0);
    throttle.recordFailure('b', '10.0.0.2', 10 * MINUTE);
    expect(throttle.trackedKeys).toBe(4);
    throttle.purge(15 * MINUTE);
    expect(throttle.trackedKeys).toBe(2);
    throttle.purge(25 * MINUTE);
    expect(throttle.trackedKeys).toBe(0);
  });
});
