import { Module } from '@nestjs/common';
import { PlanResolver } from './plan.resolver.js';
import { GetFiscalYearsHandler, GetGradeSummaryHandler, GetPlanHandler } from './queries/plan.queries.js';

@Module({ providers: [GetPlanHandler, GetFiscalYearsHandler, GetGradeSummaryHandler, PlanResolver] })
export class PlanModule {}
