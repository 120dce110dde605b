import { Module } from '@nestjs/common';
import { OperationsResolver } from './operations.resolver.js';
import { GetDeadLettersHandler } from './queries/get-dead-letters.query.js';

/** Operating the system: what an admin or an auditor needs to see of its health (dead letters). */
@Module({ providers: [GetDeadLettersHandler, OperationsResolver] })
export class OperationsModule {}
