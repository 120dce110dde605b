// Test helper: appends to the store without pause and prints each acknowledged position, until SIGTERM.
import { randomUUID } from 'node:crypto';
import { openSqliteEventStore } from '@hyoka/event-store-sqlite';

const store = await openSqliteEventStore({ file: process.argv[2] });
let stopping = false;
process.on('SIGTERM', () => (stopping = true));
for (let n = 0; !stopping; n++) {
  const commandId = `appender:${n}`;
  const { position } = await store.appendToStream(
    `load-${n % 7}`,
    [{ id: randomUUID(), type: 'LoadRecorded', data: { n }, metadata: { actor: 'system', commandId, correlationId: commandId, causationId: commandId, occurredAt: new Date().toISOString(), schemaVersion: 1 } }],
    { expectedRevision: 'any' },
  );
  process.stdout.write(`${position}\n`);
  // appends resolve in microtasks: yield to the event loop so the output and SIGTERM get through
  await new Promise((resolve) => setImmediate(resolve));
}
await store.close();
