import { Inject, Injectable, type OnModuleDestroy, type OnModuleInit } from '@nestjs/common';
import type { ProjectionRunner } from '@hyoka/projections';
import { PROJECTION_RUNNER } from '../tokens.js';
import { AuthService } from './auth.service.js';

/** How often open WebSockets are checked for an idle or too old session (the expiry itself is exact: see sweep). */
export const SWEEP_INTERVAL_MS = 30_000;

const USER_STREAM = /^user-(.+)$/;

/**
 * Ends sessions that nobody's request ends: a periodic sweep closes the WebSockets of expired sessions, and a
 * UserDisabled event, once the read models hold it, ends every session of that account and closes its sockets.
 * A role granted or revoked closes the person's sockets so that they reconnect with their new roles.
 */
@Injectable()
export class SessionWatch implements OnModuleInit, OnModuleDestroy {
  private timer: NodeJS.Timeout | undefined;
  private unsubscribe: (() => void) | undefined;

  constructor(
    private readonly auth: AuthService,
    @Inject(PROJECTION_RUNNER) private readonly runner: ProjectionRunner,
  ) {}

  onModuleInit(): void {
    this.unsubscribe = this.runner.onApplied(({ event }) => {
      const userId = USER_STREAM.exec(event.stream)?.[1];
      if (!userId) return;
      if (event.type === 'UserDisabled') this.auth.revokeUser(userId);
      else if (event.type === 'RoleGranted' || event.type === 'RoleRevoked') this.auth.rolesChanged(userId);
    });
    this.timer = setInterval(() => this.auth.sweep(), SWEEP_INTERVAL_MS);
    this.timer.unref();
  }

  onModuleDestroy(): void {
    this.unsubscribe?.();
    if (this.timer) clearInterval(this.timer);
  }
}
