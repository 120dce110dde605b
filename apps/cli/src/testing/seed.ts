import { createHash, randomUUID } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { loadPlanCatalogue } from '@hyoka/catalogue';
import {
  EVIDENCE_FOLDER,
  SYSTEM_ACTOR,
  evidenceFilePath,
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
  // no evidence here: a seeded data folder has no files (see seedEvidence)
  const route = testEventsToStage.Finalized.filter((e) => e.type !== 'EvidenceAttached');
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

/**
 * A draft of I-001 for 2026 with one evidence file attached: the file stored in `dataDir`'s evidence folder as the API
 * stores it, the event naming its SHA-256. Returns the file's id and its bytes.
 */
export async function seedEvidence(store: EventStore, dataDir: string, content = Buffer.from('%PDF-1.4\nseeded evidence\n%%EOF\n')): Promise<{ fileId: string; content: Buffer }> {
  const fileId = createHash('sha256').update(content).digest('hex');
  const file = join(dataDir, EVIDENCE_FOLDER, ...evidenceFilePath(fileId).split('/'));
  mkdirSync(dirname(file), { recursive: true });
  writeFileSync(file, content);
  // a plan drafted with one file attached to it
  const [planSaved, attached] = testEventsToStage.PlanDraft;
  const events = [planSaved!, { ...attached!, data: { ...(attached!.data as Record<string, unknown>), fileId, size: content.length } }].map((e) => ({
    type: e.type,
    data: { ...(e.data as Record<string, unknown>), itemId: 'I-001', fiscalYear: 2026 } as Record<string, unknown>,
  }));
  await store.appendToStream(evaluationStream('I-001', 2026), events.map((e) => toAppend(e, String(e.data['by']))), { expectedRevision: 'no_stream' });
  return { fileId, content };
}
