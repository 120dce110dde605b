import { Module } from '@nestjs/common';
import { AuthModule } from '../auth/auth.module.js';
import { IntegrityModule } from '../integrity/integrity.module.js';
import { GetAnnualReportHandler } from './queries/get-annual-report.query.js';
import { ExportsController } from './exports.controller.js';
import { LogDigests } from './log-digest.js';
import { ReportsResolver } from './reports.resolver.js';

/** The 年度評価報告書 (GraphQL for the print page, .xlsx download) and the file downloads under /exports (the audit log's too). */
@Module({
  imports: [AuthModule, IntegrityModule],
  controllers: [ExportsController],
  providers: [LogDigests, GetAnnualReportHandler, ReportsResolver],
  // one digester for the app: the meetings' documents are stamped by the same chain
  exports: [LogDigests],
})
export class ReportsModule {}
