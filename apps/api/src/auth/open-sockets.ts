import { Injectable } from '@nestjs/common';

/** The part of a `ws` WebSocket the registry needs. */
export interface ClosableSocket {
  close(code: number, reason: string): void;
}

/** Close codes. graphql-ws clients give up on 4401; they retry after 4403 (refused again without a session) and 4000. */
export const SOCKET_CLOSE = {
  /** the session ended: logout, expiry, a new login in the same browser */
  sessionEnded: 4401,
  /** the person may no longer use Hyoka: account disabled */
  forbidden: 4403,
  /** the person's roles changed: reconnect, so subscriptions filter by the new ones */
  rolesChanged: 4000,
  /** the session already holds HYOKA_MAX_SOCKETS_PER_SESSION sockets; graphql-ws clients do not retry 4429 */
  tooManySockets: 4429,
} as const;

/** Close reasons are at most 123 bytes of UTF-8: short Japanese lines. */
export const CLOSE_REASONS = {
  logout: 'ログアウトしました',
  expired: 'セッションの有効期限が切れました',
  replaced: '別のログインでセッションが終了しました',
  passwordChanged: 'パスワードが変更されました。もう一度ログインしてください',
  disabled: 'アカウントが無効化されました',
  rolesChanged: '役割が変更されました。接続し直してください',
  tooManySockets: '同時に開いている画面が多すぎます。ほかのタブを閉じてください',
} as const;

interface Entry {
  sessionToken: string;
  userId: string;
}

/** The open graphql-ws connections, by session and by user, so that ending a session also ends its subscriptions. */
@Injectable()
export class OpenSockets {
  private readonly entries = new Map<ClosableSocket, Entry>();

  add(socket: ClosableSocket, sessionToken: string, userId: string): void {
    this.entries.set(socket, { sessionToken, userId });
  }

  remove(socket: ClosableSocket): void {
    this.entries.delete(socket);
  }

  /** How many sockets the session holds. */
  countSession(sessionToken: string): number {
    let count = 0;
    for (const entry of this.entries.values()) if (entry.sessionToken === sessionToken) count += 1;
    return count;
  }

  get size(): number {
    return this.entries.size;
  }

  /** The session tokens that have at least one open socket. */
  sessions(): Set<string> {
    return new Set([...this.entries.values()].map((e) => e.sessionToken));
  }

  /** Closes the session's sockets; returns how many. */
  closeSession(sessionToken: string, code: number, reason: string): number {
    return this.closeWhere((e) => e.sessionToken === sessionToken, code, reason);
  }

  /** Closes every socket of the user; returns how many. */
  closeUser(userId: string, code: number, reason: string): number {
    return this.closeWhere((e) => e.userId === userId, code, reason);
  }

  private closeWhere(match: (entry: Entry) => boolean, code: number, reason: string): number {
    let closed = 0;
    for (const [socket, entry] of [...this.entries]) {
      if (!match(entry)) continue;
      this.entries.delete(socket);
      socket.close(code, reason);
      closed += 1;
    }
    return closed;
  }
}
