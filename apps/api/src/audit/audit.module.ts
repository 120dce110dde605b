import { Module } from '@nestjs/common';
import { AuditResolver } from './audit.resolver.js';
import { ExportAuditLogHandler } from './queries/export-audit-log-csv.query.js';
import { ExportAuditLogJsonHandler } from './queries/export-audit-log-json.query.js';
import { GetAuditLogHandler } from './queries/get-audit-log.query.js';
import { GetAuditPeopleHandler } from './queries/get-audit-people.query.js';
import { StreamAuditLogHandler } from './queries/stream-audit-log.query.js';

@Module({ providers: [GetAuditLogHandler, ExportAuditLogHandler, ExportAuditLogJsonHandler, StreamAuditLogHandler, GetAuditPeopleHandler, AuditResolver] })
export class AuditModule {}
