import { ForbiddenError } from '@hyoka/domain';

/** Errors the API itself raises (the domain's own hierarchy lives in @hyoka/domain). */

/** Nobody is signed in, or the session ended. */
export class UnauthenticatedError extends Error {
  override name = 'UnauthenticatedError';
  constructor(message = 'ログインしていないか、セッションの有効期限が切れました。もう一度ログインしてください。') {
    super(message);
  }
}

/** The login name or password is wrong; the message does not say which, on purpose. */
export class LoginFailedError extends UnauthenticatedError {
  override name = 'LoginFailedError';
  constructor() {
    super('ログイン名またはパスワードが正しくありません。入力を確かめて、もう一度お試しください。');
  }
}

/** Too many failed sign-ins for this login name or from this address: refused without checking the password. */
export class TooManyAttemptsError extends Error {
  override name = 'TooManyAttemptsError';
  constructor(
    /** when another attempt will be considered, in whole seconds from now */
    readonly retryAfterSeconds: number,
  ) {
    super('ログインの試行回数が多すぎます。しばらくしてから再度お試しください。');
  }
}

/**
 * FORBIDDEN with what was refused: `target` (e.g. the evaluation's stream) goes to the security log's authz.denied
 * line, never to the client, which gets the reason alone.
 */
export class AccessDeniedError extends ForbiddenError {
  override name = 'AccessDeniedError';
  constructor(
    reason: string,
    readonly target: string,
  ) {
    super(reason);
  }
}

/** A request without the header a cross-site form cannot send (a REST upload); the same code as GraphQL's refusal. */
export class CsrfRefusedError extends Error {
  override name = 'CsrfRefusedError';
  constructor() {
    super('このリクエストは送信元を確認できないため受け付けませんでした (CSRF 対策)。Hyoka の画面から操作してください。');
  }
}

/** Input the API refuses before it reaches the domain (malformed ids, out-of-range numbers). */
export class InputError extends Error {
  override name = 'InputError';
  constructor(
    message: string,
    readonly field?: string,
  ) {
    super(message);
  }
}

/** The evaluation moved on since the client read it (a stale expectedVersion). */
export class StaleVersionError extends Error {
  override name = 'StaleVersionError';
  constructor(
    readonly stream: string,
    /** the revision the client saw (null: not started) */
    readonly expectedVersion: number | null,
    /** the stream's revision now (null: not started) */
    readonly actualVersion: number | null,
    /** what moved on, as the message names it */
    what = 'この評価',
  ) {
    super(
      `${what}は、あなたが表示した後に他の人が更新しました。` +
        '画面を再読み込みして最新の内容を確かめてから、もう一度操作してください。',
    );
  }
}

/** The event log failed verification: nothing is stamped with its digest (see integrity/integrity-monitor.ts). */
export class LogIntegrityError extends Error {
  override name = 'LogIntegrityError';
  constructor(
    readonly position: bigint,
    reason: string,
  ) {
    super(
      `イベントログの検証で改ざんまたは破損が見つかったため、ダイジェストを付けた報告書は作成できません。${reason}` +
        '管理者が `npx hyoka verify` で確認し、対処してください。',
    );
  }
}
