/** Injection token of the application's one LogDigestIndex (see @hyoka/event-store). */
export const LOG_DIGEST_INDEX = Symbol('LOG_DIGEST_INDEX');
