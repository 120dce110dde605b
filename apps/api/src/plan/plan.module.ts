import { Module } from '@nestjs/common';
import { GetFiscalYearsHandler, GetGradeSummaryHandler, GetPlanHandler, PlanResolver } from './plan.resolver.js';

@Module({ providers: [GetPlanHandler, GetFiscalYearsHandler, GetGradeSummaryHandler, PlanResolver] })
export class PlanModule {}
