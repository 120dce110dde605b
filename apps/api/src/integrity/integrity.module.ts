import { Module } from '@nestjs/common';
import { LogDigestIndex, type EventStore } from '@hyoka/event-store';
import { EVENT_STORE } from '../tokens.js';
import { LOG_DIGEST_INDEX } from './log-digest-index.js';
import { IntegrityResolver } from './integrity.resolver.js';
import { CheckLogDigestHandler, GetLogDigestHandler, VerifyLogHandler } from './queries/log-integrity.queries.js';

/**
 * Tamper evidence for auditors: verify the hash chains, print and check log digests. Exports the application's one
 * LogDigestIndex (digests at any position without rereading the log each time) for whoever stamps reports.
 */
@Module({
  providers: [
    { provide: LOG_DIGEST_INDEX, inject: [EVENT_STORE], useFactory: (store: EventStore) => new LogDigestIndex(store) },
    VerifyLogHandler,
    GetLogDigestHandler,
    CheckLogDigestHandler,
    IntegrityResolver,
  ],
  exports: [LOG_DIGEST_INDEX],
})
export class IntegrityModule {}
