import { Module } from '@nestjs/common';
import { AuditResolver, ExportAuditLogHandler, GetAuditLogHandler } from './audit.resolver.js';
import { AuditPeopleResolver, GetAuditPeopleHandler } from './people.js';

@Module({ providers: [GetAuditLogHandler, ExportAuditLogHandler, AuditResolver, GetAuditPeopleHandler, AuditPeopleResolver] })
export class AuditModule {}
