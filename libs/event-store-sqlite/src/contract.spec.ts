import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describeEventStoreContract, type ContractStoreOptions } from '@hyoka/event-store-contract';
import { openSqliteEventStore, type SqliteFaults } from './index.js';

describeEventStoreContract('SQLite', () => {
  const dir = mkdtempSync(join(tmpdir(), 'hyoka-sqlite-contract-'));
  let files = 0;
  return {
    async open(options: ContractStoreOptions = {}) {
      const file = join(dir, `store-${++files}`, 'events.db');
      const faults = faultsFor(options);
      const store = await openSqliteEventStore({ file, faults });
      return {
        store,
        async reopen() {
          await store.close();
          return openSqliteEventStore({ file });
        },
      };
    },
    async dispose() {
      rmSync(dir, { recursive: true, force: true });
    },
  };
});

function faultsFor({ failAfterEvents }: ContractStoreOptions): SqliteFaults | undefined {
  if (failAfterEvents === undefined) return undefined;
  let armed = true;
  return {
    afterEventWritten(written) {
      if (armed && written === failAfterEvents) {
        armed = false;
        throw new Error(`injected fault after ${written} events`);
      }
    },
  };
}
