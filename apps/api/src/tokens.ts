/** Nest injection tokens of the things the API opens once at start-up. */
export const APP_CONFIG = Symbol('APP_CONFIG');
export const EVENT_STORE = Symbol('EVENT_STORE');
export const READ_MODELS = Symbol('READ_MODELS');
export const PROJECTION_RUNNER = Symbol('PROJECTION_RUNNER');
/** the replay index of as-of reads (time → position, board snapshots), derived from the store alone */
export const REPLAY_INDEX = Symbol('REPLAY_INDEX');
export const SESSION_STORE = Symbol('SESSION_STORE');
export const PASSWORD_HASHER = Symbol('PASSWORD_HASHER');
/** graphql-subscriptions PubSub, one per application (never module-level) */
export const PUB_SUB = Symbol('PUB_SUB');
