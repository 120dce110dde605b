export {
  openSqliteEventStore,
  type SqliteEventStore,
  type SqliteEventStoreOptions,
  type SqliteEventStoreStats,
  type SqliteFaults,
} from './sqlite-event-store.js';
export { SCHEMA, SCHEMA_VERSION } from './database.js';
