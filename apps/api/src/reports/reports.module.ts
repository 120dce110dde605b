import { Module } from '@nestjs/common';
import { AuditLogJsonResolver, ExportAuditLogJsonHandler } from '../audit/audit-log-json.js';
import { AuthModule } from '../auth/auth.module.js';
import { GetAnnualReportHandler } from './annual-report.query.js';
import { ExportsController } from './exports.controller.js';
import { ReportsResolver } from './reports.resolver.js';

/** The 年度評価報告書 (GraphQL for the print page, .xlsx download) and the audit log's file exports. */
@Module({
  imports: [AuthModule],
  controllers: [ExportsController],
  providers: [GetAnnualReportHandler, ReportsResolver, ExportAuditLogJsonHandler, AuditLogJsonResolver],
})
export class ReportsModule {}
