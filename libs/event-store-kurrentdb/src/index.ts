export {
  connectKurrentDbEventStore,
  type KurrentDbEventStoreOptions,
  type KurrentDbFaults,
} from './kurrentdb-event-store.js';
