import { openReadModels, type ReadModels } from '../read-models.js';
import { startProjections, type ProjectionRunner } from '../runner.js';
import { InMemoryEventStore } from './in-memory-event-store.js';
import { Scenario } from './scenario.js';
import { dumpTables, tempDir } from './temp.js';

/** A store, a read-model file in a fresh temp folder, a running runner, and a scenario over the store. */
export interface Harness {
  store: InMemoryEventStore;
  readModels: ReadModels;
  runner: ProjectionRunner;
  scenario: Scenario;
  file: string;
  /** waits until every projection has applied everything the store holds */
  settle(): Promise<void>;
  /** every projection table, sorted */
  dump(): Record<string, unknown[]>;
  close(): Promise<void>;
}

export function startHarness(): Harness {
  const dir = tempDir();
  const store = new InMemoryEventStore();
  const file = dir.file('read-models.sqlite');
  const harness: Harness = {
    store,
    readModels: openReadModels({ file, events: store }),
    runner: undefined as unknown as ProjectionRunner,
    scenario: new Scenario(store),
    file,
    async settle() {
      await harness.runner.waitForPosition(await store.headPosition());
    },
    dump() {
      return dumpTables(
        harness.readModels.db,
        harness.readModels.projections.flatMap((p) => p.tables),
      );
    },
    async close() {
      await harness.runner.stop();
      harness.readModels.close();
      dir.remove();
    },
  };
  // deterministic recordedAt: the scenario's clock
  store.now = () => harness.scenario.now();
  harness.runner = startProjections(store, harness.readModels);
  return harness;
}
