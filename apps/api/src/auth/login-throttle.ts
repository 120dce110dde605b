/**
 * How failed sign-ins slow down whoever makes them (OWASP Authentication Cheat Sheet: throttle per client, not per
 * account, so that an attacker cannot lock a person out).
 */
export interface ThrottlePolicy {
  /** failures of one login name from one address (a "client") before it has to wait */
  freePerClient: number;
  /** the client's first wait; doubled at each further failure, up to maxDelayMs */
  baseDelayMs: number;
  maxDelayMs: number;
  /** a client's failures are forgotten this long after its last one */
  clientMemoryMs: number;
  /** failures from one address, whatever the login names, within windowMs (password spraying); high, since an office shares one address */
  maxPerAddress: number;
  windowMs: number;
}

export const LOGIN_THROTTLE: ThrottlePolicy = {
  freePerClient: 5,
  baseDelayMs: 60_000,
  maxDelayMs: 15 * 60_000,
  clientMemoryMs: 60 * 60_000,
  maxPerAddress: 100,
  windowMs: 15 * 60_000,
};

/** What a failure started: the client (address + login name) or the whole address must now wait this long. */
export interface ThrottleStarted {
  scope: 'client' | 'address';
  retryAfterMs: number;
}

/** Beyond this many tracked clients and addresses the oldest are forgotten, so a flood of made-up names stays bounded. */
const MAX_KEYS = 50_000;

interface ClientFailures {
  count: number;
  last: number;
}

/**
 * Sign-in throttling in memory (per API process). A client (one login name from one address) gets `freePerClient`
 * attempts, then waits `baseDelayMs`, doubled at each further failure up to `maxDelayMs`; the same login name from
 * another address is not slowed, so the person whose name is being guessed still signs in. An address also waits once it
 * has failed `maxPerAddress` times within the window across any login names. Refused attempts do not count; a successful
 * sign-in clears its client.
 */
export class LoginThrottle {
  private readonly clients = new Map<string, ClientFailures>();
  /** address → failure times, oldest first, at most maxPerAddress of them */
  private readonly addresses = new Map<string, number[]>();

  constructor(private readonly policy: ThrottlePolicy = LOGIN_THROTTLE) {}

  /** 0 when an attempt may proceed; otherwise how long until one may, in milliseconds. */
  retryAfterMs(loginName: string, address: string | null, now: number): number {
    return Math.max(this.clientWait(clientKey(loginName, address), now), address ? this.addressWait(address, now) : 0);
  }

  /** Records a failure; says which throttle it started (or lengthened), for the security log. */
  recordFailure(loginName: string, address: string | null, now: number): ThrottleStarted | null {
    const key = clientKey(loginName, address);
    const previous = this.clients.get(key);
    const count = previous && now - previous.last < this.policy.clientMemoryMs ? previous.count + 1 : 1;
    this.clients.delete(key);
    this.clients.set(key, { count, last: now });
    bound(this.clients);
    if (address) {
      const times = [...this.recentFrom(address, now), now].slice(-this.policy.maxPerAddress);
      this.addresses.delete(address);
      this.addresses.set(address, times);
      bound(this.addresses);
    }
    const clientWait = this.clientWait(key, now);
    const addressWait = address ? this.addressWait(address, now) : 0;
    if (addressWait > 0 && addressWait >= clientWait) return { scope: 'address', retryAfterMs: addressWait };
    if (clientWait > 0) return { scope: 'client', retryAfterMs: clientWait };
    return null;
  }

  /** The client's failures are forgotten; the address keeps its count (one good account must not unlock guessing at others). */
  recordSuccess(loginName: string, address: string | null): void {
    this.clients.delete(clientKey(loginName, address));
  }

  /** how many clients and addresses have failures on record */
  get trackedKeys(): number {
    return this.clients.size + this.addresses.size;
  }

  /** Drops what nobody needs to remember any more. */
  purge(now: number): void {
    for (const [key, { last }] of this.clients) if (now - last >= this.policy.clientMemoryMs) this.clients.delete(key);
    for (const [address, times] of this.addresses) {
      if (times.every((t) => t + this.policy.windowMs <= now)) this.addresses.delete(address);
    }
  }

  private clientWait(key: string, now: number): number {
    const failures = this.clients.get(key);
    if (!failures || now - failures.last >= this.policy.clientMemoryMs) return 0;
    const over = failures.count - this.policy.freePerClient;
    if (over < 0) return 0;
    const delay = Math.min(this.policy.baseDelayMs * 2 ** over, this.policy.maxDelayMs);
    return Math.max(0, failures.last + delay - now);
  }

  private addressWait(address: string, now: number): number {
    const recent = this.recentFrom(address, now);
    const max = this.policy.maxPerAddress;
    if (recent.length < max) return 0;
    return recent[recent.length - max]! + this.policy.windowMs - now;
  }

  private recentFrom(address: string, now: number): number[] {
    return (this.addresses.get(address) ?? []).filter((t) => t + this.policy.windowMs > now);
  }
}

function bound(map: Map<string, unknown>): void {
  if (map.size > MAX_KEYS) map.delete(map.keys().next().value!);
}

// Login names are compared as typed elsewhere; here case and surrounding spaces do not buy extra attempts.
const clientKey = (loginName: string, address: string | null) => `${address ?? '-'}\u0000${loginName.trim().toLowerCase()}`;
