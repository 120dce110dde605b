import { Module } from '@nestjs/common';
import { CheckLogDigestHandler, GetLogDigestHandler, IntegrityResolver, VerifyLogHandler } from './integrity.resolver.js';

/** Tamper evidence for auditors: verify the hash chains, print and check log digests. */
@Module({ providers: [VerifyLogHandler, GetLogDigestHandler, CheckLogDigestHandler, IntegrityResolver] })
export class IntegrityModule {}
