import { Module } from '@nestjs/common';
import { OperationsResolver } from './operations.resolver.js';
import { GetDeadLettersHandler } from './queries/get-dead-letters.query.js';
import { GetProjectionStatusHandler } from './queries/get-projection-status.query.js';

/** Operating the system: what an admin or an auditor needs to see of its health (dead letters, the read models' catch-up). */
@Module({ providers: [GetDeadLettersHandler, GetProjectionStatusHandler, OperationsResolver] })
export class OperationsModule {}
