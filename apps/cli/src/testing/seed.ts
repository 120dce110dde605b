import { randomUUID } from 'node:crypto';
import { loadPlanCatalogue } from '@hyoka/catalogue';
import {
  SYSTEM_ACTOR,
  catalogueStream,
  decideCatalogue,
  decideFiscalYear,
  evaluationStream,
  fiscalYearStream,
  initialCatalogueState,
  initialFiscalYearState,
  testActors,
  testEventsToStage,
  schemaVersionOf,
} from '@hyoka/domain';
import type { EventStore, EventToAppend } from '@hyoka/event-store';

const NOW = '2026-04-20T01:00:00.000Z';

function toAppend(event: { type: string; data: unknown }, actor: string): EventToAppend {
  const data = event.data as EventToAppend['data'];
  const commandId = `seed:${randomUUID()}`;
  return {
    id: randomUUID(),
    type: event.type,
    data,
    metadata: {
      actor,
      ...(typeof data['actingAs'] === 'string' ? { actingAs: data['actingAs'] } : {}),
      commandId,
      correlationId: commandId,
      causationId: commandId,
      occurredAt: NOW,
      // the type's current version, as every writer stamps it (the events are today's shapes)
      schemaVersion: schemaVersionOf(event.type),
    },
  };
}

/**
 * A realistic little log: the catalogue, three opened years, the test people, and `evaluations` evaluations taken along
 * the whole route, their streams interleaved (one event of each in turn), so positions and revisions differ.
 */
export async function seedStore(store: EventStore, evaluations: number): Promise<void> {
  const ctx = { actor: SYSTEM_ACTOR, now: NOW };
  const [imported] = decideCatalogue({ type: 'ImportPlanCatalogue', data: { catalogue: loadPlanCatalogue() } }, initialCatalogueState(), ctx);
  await store.appendToStream(catalogueStream(), [toAppend(imported!, 'system')], { expectedRevision: 'no_stream' });
  for (const fiscalYear of [2025, 2026, 2027]) {
    const events = decideFiscalYear({ type: 'OpenFiscalYear', data: { fiscalYear } }, initialFiscalYearState(), ctx);
    await store.appendToStream(fiscalYearStream(fiscalYear), events.map((e) => toAppend(e, 'system')), { expectedRevision: 'no_stream' });
  }
  for (const actor of Object.values(testActors)) {
    const hash = '$argon2id$v=19$m=1024,t=1,p=1$c2FsdHNhbHRzYWx0$aGFzaGhhc2hoYXNoaGFzaGhhc2hoYXNoaGFzaGhhc2g';
    const events = [
      { type: 'UserRegistered', data: { userId: actor.userId, loginName: actor.userId, displayName: actor.displayName, passwordHash: hash, by: 'system', actingAs: 'System', at: NOW } },
      ...actor.roles.map((r) => ({ type: 'RoleGranted', data: { userId: actor.userId, ...r, by: 'system', actingAs: 'System', at: NOW } })),
    ];
    await store.appendToStream(`user-${actor.userId}`, events.map((e) => toAppend(e, 'system')), { expectedRevision: 'no_stream' });
  }
  const route = testEventsToStage.Finalized;
  for (let step = 0; step < route.length; step++) {
    for (let i = 1; i <= evaluations; i++) {
      const itemId = `I-${String(i).padStart(3, '0')}`;
      const event = route[step]!;
      const data: Record<string, unknown> = { ...(event.data as Record<string, unknown>), itemId };
      await store.appendToStream(evaluationStream(itemId, 2025), [toAppend({ type: event.type, data }, String(data['by']))], {
        expectedRevision: step === 0 ? 'no_stream' : BigInt(step - 1),
      });
    }
  }
}
