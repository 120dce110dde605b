import { describeEventStoreContract } from '@hyoka/event-store-contract';
import { InMemoryEventStore, InMemoryLog } from './in-memory-event-store.js';

// The projection specs run on this store; it must keep the same promises as the real adapters.
describeEventStoreContract('in-memory (projection specs)', () => ({
  async open(options = {}) {
    const log = new InMemoryLog();
    const store = new InMemoryEventStore({ log, ...(options.failAfterEvents === undefined ? {} : { failAfterEvents: options.failAfterEvents }) });
    return {
      store,
      async reopen() {
        await store.close();
        return new InMemoryEventStore({ log });
      },
    };
  },
}));
