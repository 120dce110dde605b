import { describeEventStoreContract, type ContractStoreOptions } from '@hyoka/event-store-contract';
import { createFakeDriver } from './fake-driver.fixture.js';
import {
  connectKurrentDbEventStore,
  createKurrentDbEventStore,
  type KurrentDbFaults,
} from './kurrentdb-event-store.js';

const connectionString = process.env['KURRENTDB_CONNECTION_STRING'];

describeEventStoreContract(
  'KurrentDB',
  () => ({
    async open(options: ContractStoreOptions = {}) {
      const store = await connectKurrentDbEventStore(connectionString!, { faults: faultsFor(options) });
      return {
        store,
        async reopen() {
          await store.close();
          return connectKurrentDbEventStore(connectionString!);
        },
      };
    },
  }),
  connectionString
    ? {}
    : { skipReason: 'KURRENTDB_CONNECTION_STRING is not set, so there is no KurrentDB server to run against' },
);

// The adapter's own logic (idempotency by reading ids, paging, as-of bounds, the subscription wrapper) over an
// in-memory stand-in for the client. This runs everywhere; it does not replace the leg above.
describeEventStoreContract('KurrentDB adapter over an in-memory fake client', () => ({
  async open(options: ContractStoreOptions = {}) {
    const driver = createFakeDriver();
    const store = createKurrentDbEventStore(driver, { faults: faultsFor(options) });
    return {
      store,
      async reopen() {
        await store.close();
        return createKurrentDbEventStore(driver);
      },
    };
  },
}));

function faultsFor({ failAfterEvents }: ContractStoreOptions): KurrentDbFaults | undefined {
  if (failAfterEvents === undefined) return undefined;
  let armed = true;
  return {
    afterEventMapped(mapped) {
      if (armed && mapped === failAfterEvents) {
        armed = false;
        throw new Error(`injected fault after ${mapped} events`);
      }
    },
  };
}
