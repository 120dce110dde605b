import { closeSync, mkdirSync, openSync, writeSync } from 'node:fs';
import { dirname } from 'node:path';
import { Inject, Injectable, type OnModuleDestroy } from '@nestjs/common';
import type { AppConfig } from '../config.js';
import { APP_CONFIG } from '../tokens.js';
import { Clock } from './clock.js';

export type SecurityEventName =
  | 'login.succeeded'
  | 'login.failed'
  | 'login.throttled'
  | 'password.changed'
  | 'password.change.failed'
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
  /** what was refused (authz.denied): a stream name such as evaluation-I-001-2025, never input text */
  target?: string | null;
  ip?: string | null;
  /** a fixed word: e.g. wrong-password, throttled, idle, FORBIDDEN; for login.throttled the scope and the wait */
  reason?: string | null;
}

export interface SecurityLogLine {
  ts: string;
  event: SecurityEventName;
  user: string | null;
  loginName: string | null;
  operation: string | null;
  target: string | null;
  ip: string | null;
  reason: string | null;
}

/**
 * Sign-ins, sign-outs, session ends and authorization denials as JSON lines, time in UTC: on stderr by default (stdout
 * carries what the operator must read, such as the first start's passwords), or appended to a file.
 */
@Injectable()
export class SecurityLog implements OnModuleDestroy {
  private fd: number | null;

  constructor(
    private readonly clock: Clock,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {
    const target = config.securityLog;
    if (target.kind === 'file') {
      mkdirSync(dirname(target.file), { recursive: true });
      this.fd = openSync(target.file, 'a', 0o600);
    } else {
      this.fd = null;
    }
  }

  onModuleDestroy(): void {
    if (this.fd !== null) closeSync(this.fd);
    this.fd = null;
  }

  write(entry: SecurityEvent): void {
    const target = this.config.securityLog;
    // after shutdown a file target has nowhere to write
    if (target.kind === 'off' || (target.kind === 'file' && this.fd === null)) return;
    const line: SecurityLogLine = {
      ts: new Date(this.clock.now()).toISOString(),
      event: entry.event,
      user: entry.user ?? null,
      loginName: entry.loginName ?? null,
      operation: entry.operation ?? null,
      target: entry.target ?? null,
      ip: entry.ip ?? null,
      reason: entry.reason ?? null,
    };
    const text = `${JSON.stringify(line)}\n`;
    if (this.fd !== null) writeSync(this.fd, text);
    else if (target.kind === 'stdout') process.stdout.write(text);
    else process.stderr.write(text);
  }
}
