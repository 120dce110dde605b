import { Inject, Injectable } from '@nestjs/common';
import type { AppConfig } from '../config.js';
import { APP_CONFIG } from '../tokens.js';
import { Clock } from './clock.js';

export type SecurityEventName =
  | 'login.succeeded'
  | 'login.failed'
  | 'logout'
  | 'authz.denied'
  | 'session.expired'
  | 'session.revoked';

/** One line of the security log. Never put a password, a session token or text people typed (comments) here. */
export interface SecurityEvent {
  event: SecurityEventName;
  /** user id, when known */
  user?: string | null;
  /** the account's login name, when the account exists (a name typed for an unknown account is not logged) */
  loginName?: string | null;
  /** the GraphQL root field (a schema name, never the client's operation name) */
  operation?: string | null;
  ip?: string | null;
  /** a fixed word: e.g. wrong-password, throttled, idle, FORBIDDEN */
  reason?: string | null;
}

export interface SecurityLogLine {
  ts: string;
  event: SecurityEventName;
  user: string | null;
  loginName: string | null;
  operation: string | null;
  ip: string | null;
  reason: string | null;
}

/** Sign-ins, sign-outs, session ends and authorization denials as JSON lines on stdout, time in UTC. */
@Injectable()
export class SecurityLog {
  constructor(
    private readonly clock: Clock,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  write(entry: SecurityEvent): void {
    if (this.config.securityLog === 'off') return;
    const line: SecurityLogLine = {
      ts: new Date(this.clock.now()).toISOString(),
      event: entry.event,
      user: entry.user ?? null,
      loginName: entry.loginName ?? null,
      operation: entry.operation ?? null,
      ip: entry.ip ?? null,
      reason: entry.reason ?? null,
    };
    process.stdout.write(`${JSON.stringify(line)}\n`);
  }
}
