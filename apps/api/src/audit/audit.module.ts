import { Module } from '@nestjs/common';
import { AuditResolver, ExportAuditLogHandler, GetAuditLogHandler } from './audit.resolver.js';

@Module({ providers: [GetAuditLogHandler, ExportAuditLogHandler, AuditResolver] })
export class AuditModule {}
