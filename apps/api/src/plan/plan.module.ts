import { Module } from '@nestjs/common';
import { AuthModule } from '../auth/auth.module.js';
import { ExportPlanWorkbookHandler, ImportPlanWorkbookHandler, PreviewPlanWorkbookHandler } from './commands/plan-workbook.handlers.js';
import { RevisePlanHandler } from './commands/revise-plan.handler.js';
import { PlanResolver } from './plan.resolver.js';
import { GetPlanRevisionHandler } from './queries/plan-revision.query.js';
import { GetFiscalYearsHandler, GetGradeSummaryHandler, GetPlanHandler, GetPlanPeriodsHandler } from './queries/plan.queries.js';
import { PlanWorkbookController } from './workbook/plan-workbook.controller.js';
import { PlanWorkbookPreviews } from './workbook/plan-workbook-previews.js';

@Module({
  imports: [AuthModule],
  controllers: [PlanWorkbookController],
  providers: [
    GetPlanHandler,
    GetPlanPeriodsHandler,
    GetFiscalYearsHandler,
    GetGradeSummaryHandler,
    ExportPlanWorkbookHandler,
    PreviewPlanWorkbookHandler,
    ImportPlanWorkbookHandler,
    RevisePlanHandler,
    GetPlanRevisionHandler,
    PlanWorkbookPreviews,
    PlanResolver,
  ],
})
export class PlanModule {}
