import { Module } from '@nestjs/common';
import { GetDeadLettersHandler, OperationsResolver } from './operations.resolver.js';

/** Operating the system: what an admin or an auditor needs to see of its health (dead letters). */
@Module({ providers: [GetDeadLettersHandler, OperationsResolver] })
export class OperationsModule {}
