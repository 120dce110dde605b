import { Inject, Injectable } from '@nestjs/common';
import type { AppConfig } from '../config.js';
import { LoginFailedError, UnauthenticatedError } from '../errors/api-errors.js';
import { APP_CONFIG, PASSWORD_HASHER, SESSION_STORE } from '../tokens.js';
import { UserDirectory } from '../users/user-directory.js';
import { clearSessionCookie, sessionTokenOf, setSessionCookie, type HttpRequest, type HttpResponse } from './cookies.js';
import type { PasswordHasher } from './password-hasher.js';
import type { SessionStore } from './session-store.js';
import type { RequestContext, Viewer } from './viewer.js';

// A hash to verify against when the login name is unknown, so a wrong name costs as long as a wrong password.
const UNKNOWN_USER_PASSWORD = 'no such user: keep the timing even';

@Injectable()
export class AuthService {
  private dummyHash: Promise<string> | undefined;

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(SESSION_STORE) private readonly sessions: SessionStore,
    @Inject(PASSWORD_HASHER) private readonly hasher: PasswordHasher,
    private readonly users: UserDirectory,
  ) {}

  /** The viewer of a request (HTTP or WebSocket upgrade), from its session cookie. */
  viewerOf(req: HttpRequest): { viewer: Viewer | null; sessionToken: string | null } {
    const token = sessionTokenOf(req) ?? null;
    if (!token) return { viewer: null, sessionToken: null };
    const session = this.sessions.touch(token);
    if (!session) return { viewer: null, sessionToken: token };
    const viewer = this.users.viewer(session.userId);
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
   * so a session id planted before login is never promoted (session fixation).
   */
  async login(context: RequestContext, loginName: string, password: string): Promise<Viewer> {
    if (context.sessionToken) this.sessions.destroy(context.sessionToken);
    const account = this.users.account(loginName.trim());
    if (!account) {
      this.dummyHash ??= this.hasher.hash(UNKNOWN_USER_PASSWORD);
      await this.hasher.verify(await this.dummyHash, password);
      throw new LoginFailedError();
    }
    if (!(await this.hasher.verify(account.passwordHash, password))) throw new LoginFailedError();
    // Only someone who knows the password learns that the account is disabled.
    if (account.disabled) throw new UnauthenticatedError('このアカウントは無効化されています。管理者に連絡してください。');
    const viewer = this.users.viewer(account.userId);
    if (!viewer) throw new LoginFailedError();
    const token = this.sessions.create(viewer.userId);
    if (context.res) setSessionCookie(context.res, token, { secure: this.config.secureCookies, maxAgeMs: this.config.sessionAbsoluteMs });
    context.viewer = viewer;
    context.sessionToken = token;
    return viewer;
  }

  logout(context: RequestContext): void {
    if (context.sessionToken) this.sessions.destroy(context.sessionToken);
    if (context.res) clearSessionCookie(context.res, { secure: this.config.secureCookies });
    context.viewer = null;
    context.sessionToken = null;
  }
}
