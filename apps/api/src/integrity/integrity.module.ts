import { Module } from '@nestjs/common';
import { LogDigestIndex, type EventStore } from '@hyoka/event-store';
import { EVENT_STORE } from '../tokens.js';
import { LOG_DIGEST_INDEX } from './log-digest-index.js';
import { IntegrityMonitor } from './integrity-monitor.js';
import { IntegrityResolver } from './integrity.resolver.js';
import { CheckLogDigestHandler, GetIntegrityStatusHandler, GetLogDigestHandler, VerifyLogHandler } from './queries/log-integrity.queries.js';

/**
 * Tamper evidence for auditors: verify the hash chains, print and check log digests, the integrity status. Exports the
 * application's one LogDigestIndex (digests at any position without rereading the log each time) and the
 * IntegrityMonitor that keeps the log verified before anything is stamped.
 */
@Module({
  providers: [
    { provide: LOG_DIGEST_INDEX, inject: [EVENT_STORE], useFactory: (store: EventStore) => new LogDigestIndex(store) },
    VerifyLogHandler,
    GetLogDigestHandler,
    CheckLogDigestHandler,
    GetIntegrityStatusHandler,
    IntegrityMonitor,
    IntegrityResolver,
  ],
  exports: [LOG_DIGEST_INDEX, IntegrityMonitor],
})
export class IntegrityModule {}
