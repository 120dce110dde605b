import { Module } from '@nestjs/common';
import { AuditLogJsonResolver, ExportAuditLogJsonHandler } from './audit-log-json.js';
import { AuditResolver, ExportAuditLogHandler, GetAuditLogHandler, StreamAuditLogHandler } from './audit.resolver.js';
import { AuditPeopleResolver, GetAuditPeopleHandler } from './people.js';

@Module({
  providers: [
    GetAuditLogHandler,
    ExportAuditLogHandler,
    StreamAuditLogHandler,
    ExportAuditLogJsonHandler,
    AuditResolver,
    AuditLogJsonResolver,
    GetAuditPeopleHandler,
    AuditPeopleResolver,
  ],
})
export class AuditModule {}
