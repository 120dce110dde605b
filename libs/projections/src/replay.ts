import type { EventStore, RecordedEvent } from '@hyoka/event-store';

const PAGE = 1000;

/** Every event of the store in position order, up to and including `toPosition` (all when omitted), a page at a time. */
export async function* readAllUpTo(store: EventStore, toPosition?: bigint): AsyncGenerator<RecordedEvent> {
  let after = 0n;
  for (;;) {
    const page = await store.readAll({ after, maxCount: PAGE });
    for (const event of page) {
      if (toPosition !== undefined && event.position > toPosition) return;
      yield event;
    }
    if (page.length < PAGE) return;
    after = page.at(-1)!.position;
  }
}

/**
 * The position of the last event recorded at or before `isoTime` (0n when none was), for "as it stood at" reads.
 * A full scan for now; the store's recordedAt is compared in UTC.
 */
export async function positionAtTime(store: EventStore, isoTime: string): Promise<bigint> {
  const time = Date.parse(isoTime);
  if (Number.isNaN(time)) throw new RangeError(`Not an ISO-8601 time: '${isoTime}'`);
  let position = 0n;
  for await (const event of readAllUpTo(store)) {
    if (Date.parse(event.recordedAt) <= time) position = event.position;
  }
  return position;
}
