import { Module } from '@nestjs/common';
import { GetPlanHandler, PlanResolver } from './plan.resolver.js';

@Module({ providers: [GetPlanHandler, PlanResolver] })
export class PlanModule {}
