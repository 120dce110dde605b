import { Inject, Injectable } from '@nestjs/common';
import { findUserById, type ReadModels } from '@hyoka/projections';
import type { AppConfig } from '../config.js';
import { passwordProblem } from '@hyoka/domain';
import { InputError, LoginFailedError, TooManyAttemptsError, UnauthenticatedError } from '../errors/api-errors.js';
import { APP_CONFIG, PASSWORD_HASHER, READ_MODELS, SESSION_STORE } from '../tokens.js';
import { UserCommands } from '../users/user-commands.js';
import { UserDirectory } from '../users/user-directory.js';
import { clientAddress } from './client-address.js';
import { Clock } from './clock.js';
import { clearSessionCookie, sessionTokenOf, setSessionCookie, type HttpRequest, type HttpResponse } from './cookies.js';
import { LoginThrottle } from './login-throttle.js';
import { CLOSE_REASONS, OpenSockets, SOCKET_CLOSE, type ClosableSocket } from './open-sockets.js';
import type { PasswordHasher } from './password-hasher.js';
import { SecurityLog, type SecurityEvent } from './security-log.js';
import type { SessionStore } from './session-store.js';
import type { RequestContext, Viewer } from './viewer.js';

/** whom a security log line is about */
type Who = Omit<SecurityEvent, 'event' | 'reason'> & { ip: string | null };

// A hash to verify against when the login name is unknown, so a wrong name costs as long as a wrong password.
const UNKNOWN_USER_PASSWORD = 'no such user: keep the timing even';

@Injectable()
export class AuthService {
  private dummyHash: Promise<string> | undefined;

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(SESSION_STORE) private readonly sessions: SessionStore,
    @Inject(PASSWORD_HASHER) private readonly hasher: PasswordHasher,
    @Inject(READ_MODELS) private readonly readModels: ReadModels,
    private readonly users: UserDirectory,
    private readonly userCommands: UserCommands,
    private readonly clock: Clock,
    private readonly throttle: LoginThrottle,
    private readonly sockets: OpenSockets,
    private readonly log: SecurityLog,
  ) {}

  /**
   * The viewer of a request (HTTP or WebSocket upgrade), from its session cookie; a use of the session unless
   * `extend` is false (a look for the log).
   */
  viewerOf(req: HttpRequest, options: { extend: boolean } = { extend: true }): { viewer: Viewer | null; sessionToken: string | null } {
    const token = sessionTokenOf(req) ?? null;
    if (!token) return { viewer: null, sessionToken: null };
    const check = this.sessions.check(token, this.clock.now(), options);
    if (check.status === 'expired') {
      this.sessionEnded(token, check.userId, check.reason, clientAddress(req));
      return { viewer: null, sessionToken: token };
    }
    if (check.status !== 'open') return { viewer: null, sessionToken: token };
    const viewer = this.users.viewer(check.session.userId);
    if (!viewer) {
      // the account was disabled or is unknown: the session ends with it
      this.sessions.destroy(token);
      return { viewer: null, sessionToken: token };
    }
    return { viewer, sessionToken: token };
  }

  contextFor(req: HttpRequest, res?: HttpResponse): RequestContext {
    return { req, ...(res ? { res } : {}), ...this.viewerOf(req) };
  }

  /**
   * Checks the password (argon2id) and opens a fresh session: any session the request carried is ended first,
   * so a session id planted before login is never promoted (session fixation). Throttled per client (login name +
   * address) and per address: past the limit the password is not even checked.
   */
  async login(context: RequestContext, loginName: string, password: string): Promise<Viewer> {
    const ip = clientAddress(context.req);
    if (context.sessionToken) this.endSession(context.sessionToken, CLOSE_REASONS.replaced);
    const name = loginName.trim();
    const account = this.users.account(name);
    const who = { user: account?.userId ?? null, loginName: account?.loginName ?? null, operation: 'login', ip };

    this.refuseIfThrottled(name, who, 'login.failed');
    const failed = (reason: string) => {
      this.log.write({ event: 'login.failed', ...who, reason });
      this.countFailure(name, who);
      return new LoginFailedError();
    };
    if (!account) {
      this.dummyHash ??= this.hasher.hash(UNKNOWN_USER_PASSWORD);
      await this.hasher.verify(await this.dummyHash, password);
      throw failed('unknown-login-name');
    }
    if (!(await this.hasher.verify(account.passwordHash, password))) throw failed('wrong-password');
    // Only someone who knows the password learns that the account is disabled.
    if (account.disabled) {
      this.log.write({ event: 'login.failed', ...who, reason: 'account-disabled' });
      throw new UnauthenticatedError('このアカウントは無効化されています。管理者に連絡してください。');
    }
    const viewer = this.users.viewer(account.userId);
    if (!viewer) throw failed('account-unavailable');
    this.throttle.recordSuccess(name, ip);
    this.openSession(context, viewer);
    this.log.write({ event: 'login.succeeded', ...who });
    return viewer;
  }

  /**
   * The signed-in person changes their own password: the current one is checked (a wrong one counts for the sign-in
   * throttle of this address and login name), the new one must follow the password policy and is stored as an
   * argon2id hash; then every session of the person ends (other browsers included, their sockets closed) and this
   * browser gets a fresh session id.
   */
  async changeOwnPassword(context: RequestContext, currentPassword: string, newPassword: string): Promise<Viewer> {
    const viewer = context.viewer;
    if (!viewer || !context.sessionToken) throw new UnauthenticatedError();
    const ip = clientAddress(context.req);
    const who = { user: viewer.userId, loginName: viewer.loginName, operation: 'changeOwnPassword', ip };
    const problem = passwordProblem(newPassword);
    if (problem) throw new InputError(`新しいパスワード: ${problem}。`, 'newPassword');
    this.refuseIfThrottled(viewer.loginName, who, 'password.change.failed');
    const account = this.users.account(viewer.loginName);
    if (!account || !(await this.hasher.verify(account.passwordHash, currentPassword))) {
      this.log.write({ event: 'password.change.failed', ...who, reason: 'wrong-password' });
      this.countFailure(viewer.loginName, who);
      throw new InputError('現在のパスワードが正しくありません。入力を確かめて、もう一度お試しください。', 'currentPassword');
    }
    if (newPassword === currentPassword) {
      throw new InputError('新しいパスワードが現在のパスワードと同じです。別のパスワードにしてください。', 'newPassword');
    }
    await this.userCommands.execute(viewer, viewer.userId, { type: 'ChangePassword', data: { passwordHash: await this.hasher.hash(newPassword) } });
    this.throttle.recordSuccess(viewer.loginName, ip);
    this.sessions.destroyAllOf(viewer.userId);
    this.sockets.closeUser(viewer.userId, SOCKET_CLOSE.sessionEnded, CLOSE_REASONS.passwordChanged);
    this.openSession(context, viewer);
    this.log.write({ event: 'password.changed', ...who });
    return viewer;
  }

  logout(context: RequestContext): void {
    if (context.sessionToken) {
      if (context.viewer) {
        this.log.write({
          event: 'logout',
          user: context.viewer.userId,
          loginName: context.viewer.loginName,
          operation: 'logout',
          ip: clientAddress(context.req),
        });
      }
      this.endSession(context.sessionToken, CLOSE_REASONS.logout);
    }
    if (context.res) clearSessionCookie(context.res, { secure: this.config.secureCookies });
    context.viewer = null;
    context.sessionToken = null;
  }

  /**
   * A graphql-ws connection asks to open: accepted with a live session, and registered under it so that logout,
   * expiry and disabling the account close it.
   */
  openSocket(socket: ClosableSocket, upgrade: HttpRequest): boolean {
    const { viewer, sessionToken } = this.viewerOf(upgrade);
    if (!viewer || !sessionToken) {
      this.log.write({ event: 'authz.denied', operation: 'subscribe', ip: clientAddress(upgrade), reason: 'UNAUTHENTICATED' });
      return false;
    }
    // each socket holds server memory and subscriptions: one session cannot open them without end
    if (this.sockets.countSession(sessionToken) >= this.config.maxSocketsPerSession) {
      this.log.write({
        event: 'authz.denied',
        user: viewer.userId,
        loginName: viewer.loginName,
        operation: 'subscribe',
        ip: clientAddress(upgrade),
        reason: 'TOO_MANY_SOCKETS',
      });
      // closed here with its own code and reason; graphql-ws's own close (4403) that follows is then a no-op
      socket.close(SOCKET_CLOSE.tooManySockets, CLOSE_REASONS.tooManySockets);
      return false;
    }
    this.sockets.add(socket, sessionToken, viewer.userId);
    return true;
  }

  /** A WebSocket upgrade refused before it happened (a page of a foreign origin), for the security log. */
  upgradeRefused(upgrade: HttpRequest, reason: 'FOREIGN_ORIGIN'): void {
    this.log.write({ event: 'authz.denied', operation: 'subscribe', ip: clientAddress(upgrade), reason });
  }

  socketClosed(socket: ClosableSocket): void {
    this.sockets.remove(socket);
  }

  /** Logs an operation refused for want of a session (UNAUTHENTICATED) or of a permission (FORBIDDEN). */
  denied(context: RequestContext | undefined, operation: string, reason: 'FORBIDDEN' | 'UNAUTHENTICATED', target?: string | null): void {
    this.log.write({
      event: 'authz.denied',
      user: context?.viewer?.userId ?? null,
      loginName: context?.viewer?.loginName ?? null,
      operation,
      target: target ?? null,
      ip: clientAddress(context?.req),
      reason,
    });
  }

  /**
   * Looks at every session with an open socket without counting it as use: an idle or too old session ends, and its
   * sockets close. Also forgets expired sessions and old sign-in failures. Run periodically by SessionWatch.
   */
  sweep(): void {
    const now = this.clock.now();
    for (const token of this.sockets.sessions()) {
      const check = this.sessions.check(token, now, { extend: false });
      if (check.status === 'expired') this.sessionEnded(token, check.userId, check.reason, null);
      else if (check.status === 'unknown') this.sockets.closeSession(token, SOCKET_CLOSE.sessionEnded, CLOSE_REASONS.expired);
    }
    this.sessions.purgeExpired(now);
    this.throttle.purge(now);
  }

  /** The account was disabled: every session of it ends and its sockets close at once. */
  revokeUser(userId: string): void {
    const sessions = this.sessions.destroyAllOf(userId);
    const sockets = this.sockets.closeUser(userId, SOCKET_CLOSE.forbidden, CLOSE_REASONS.disabled);
    if (sessions + sockets > 0) {
      this.log.write({ event: 'session.revoked', user: userId, loginName: this.loginNameOf(userId), reason: 'account-disabled' });
    }
  }

  /**
   * A role was granted or revoked: the person's sockets close (4000, which graphql-ws clients retry), because an open
   * subscription filters by the roles it was opened with.
   */
  rolesChanged(userId: string): void {
    this.sockets.closeUser(userId, SOCKET_CLOSE.rolesChanged, CLOSE_REASONS.rolesChanged);
  }

  /** A new session for the viewer, its cookie on the response and in the request's context. */
  private openSession(context: RequestContext, viewer: Viewer): void {
    const token = this.sessions.create(viewer.userId, this.clock.now());
    if (context.res) setSessionCookie(context.res, token, { secure: this.config.secureCookies, maxAgeMs: this.config.sessionAbsoluteMs });
    context.viewer = viewer;
    context.sessionToken = token;
  }

  /** Past the throttle the password is not checked: refused, and logged as `event` with reason 'throttled'. */
  private refuseIfThrottled(name: string, who: Who, event: 'login.failed' | 'password.change.failed'): void {
    const retryAfterMs = this.throttle.retryAfterMs(name, who.ip, this.clock.now());
    if (retryAfterMs <= 0) return;
    this.log.write({ ...who, event, reason: 'throttled' });
    throw new TooManyAttemptsError(Math.ceil(retryAfterMs / 1000));
  }

  /** Counts a failed password check; when it starts a throttle, that is logged too (login.throttled, reason scope:seconds). */
  private countFailure(name: string, who: Who): void {
    const started = this.throttle.recordFailure(name, who.ip, this.clock.now());
    if (!started) return;
    const seconds = Math.ceil(started.retryAfterMs / 1000);
    this.log.write({ ...who, event: 'login.throttled', reason: `${started.scope === 'client' ? 'address+login-name' : 'address'}:${seconds}s` });
  }

  /** disabled accounts included (UserDirectory.viewer leaves them out) */
  private loginNameOf(userId: string): string | null {
    return findUserById(this.readModels, userId)?.loginName ?? null;
  }

  private endSession(token: string, reason: string): void {
    this.sessions.destroy(token);
    this.sockets.closeSession(token, SOCKET_CLOSE.sessionEnded, reason);
  }

  private sessionEnded(token: string, userId: string, reason: 'idle' | 'absolute', ip: string | null): void {
    this.sockets.closeSession(token, SOCKET_CLOSE.sessionEnded, CLOSE_REASONS.expired);
    this.log.write({ event: 'session.expired', user: userId, loginName: this.loginNameOf(userId), ip, reason });
  }
}
