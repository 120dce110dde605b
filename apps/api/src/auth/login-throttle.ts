/** How many failed sign-ins are tolerated within a sliding window, per login name and per client address. */
export interface ThrottlePolicy {
  windowMs: number;
  /** failures of one login name (whatever the address) */
  maxPerAccount: number;
  /** failures from one address (whatever the login name); higher, since an office shares one address */
  maxPerAddress: number;
}

export const LOGIN_THROTTLE: ThrottlePolicy = { windowMs: 15 * 60_000, maxPerAccount: 5, maxPerAddress: 20 };

/** Beyond this many tracked names and addresses the oldest are forgotten, so a flood of made-up names stays bounded. */
const MAX_KEYS = 50_000;

/**
 * Sign-in throttling in memory (per API process): after `max` failures within the window, further attempts are refused
 * without checking the password until the oldest of those failures leaves the window. Refused attempts do not count,
 * so a lock never outlasts the window; a successful sign-in clears its login name's failures.
 */
export class LoginThrottle {
  /** key → failure times, oldest first, at most `max` of them */
  private readonly failures = new Map<string, number[]>();

  constructor(private readonly policy: ThrottlePolicy = LOGIN_THROTTLE) {}

  /** 0 when an attempt may proceed; otherwise how long until one may, in milliseconds. */
  retryAfterMs(loginName: string, address: string | null, now: number): number {
    const waits = [this.wait(accountKey(loginName), this.policy.maxPerAccount, now)];
    if (address) waits.push(this.wait(addressKey(address), this.policy.maxPerAddress, now));
    return Math.max(...waits);
  }

  recordFailure(loginName: string, address: string | null, now: number): void {
    this.push(accountKey(loginName), this.policy.maxPerAccount, now);
    if (address) this.push(addressKey(address), this.policy.maxPerAddress, now);
  }

  /** The login name's failures are forgotten; the address keeps its count (one good account must not unlock guessing at others). */
  recordSuccess(loginName: string): void {
    this.failures.delete(accountKey(loginName));
  }

  /** how many login names and addresses have failures on record */
  get trackedKeys(): number {
    return this.failures.size;
  }

  /** Drops what has left the window. */
  purge(now: number): void {
    for (const [key, times] of this.failures) {
      if (times.every((t) => t + this.policy.windowMs <= now)) this.failures.delete(key);
    }
  }

  private wait(key: string, max: number, now: number): number {
    const recent = this.recent(key, now);
    if (recent.length < max) return 0;
    return recent[recent.length - max]! + this.policy.windowMs - now;
  }

  private recent(key: string, now: number): number[] {
    return (this.failures.get(key) ?? []).filter((t) => t + this.policy.windowMs > now);
  }

  private push(key: string, max: number, now: number): void {
    const times = [...this.recent(key, now), now].slice(-max);
    this.failures.delete(key);
    this.failures.set(key, times);
    if (this.failures.size > MAX_KEYS) this.failures.delete(this.failures.keys().next().value!);
  }
}

// Login names are compared as typed elsewhere; here case and surrounding spaces do not buy extra attempts.
const accountKey = (loginName: string) => `account:${loginName.trim().toLowerCase()}`;
const addressKey = (address: string) => `address:${address}`;
