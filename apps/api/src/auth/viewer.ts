import type { Actor } from '@hyoka/domain';
import type { HttpRequest, HttpResponse } from './cookies.js';

/** The signed-in person as the API sees them: the domain's Actor plus their login name. */
export interface Viewer extends Actor {
  loginName: string;
  displayName: string;
}

/** What every resolver receives as its GraphQL context. */
export interface RequestContext {
  req: HttpRequest;
  /** absent on WebSocket operations */
  res?: HttpResponse;
  viewer: Viewer | null;
  /** the session token the request carried (for logout) */
  sessionToken: string | null;
}
