import { Module } from '@nestjs/common';
import { CalendarModule } from '../calendar/calendar.module.js';
import { GetItemTrendHandler } from './queries/get-item-trend.query.js';
import { GetProgressHandler } from './queries/get-progress.query.js';
import { ProgressResolver } from './progress.resolver.js';

@Module({ imports: [CalendarModule], providers: [GetProgressHandler, GetItemTrendHandler, ProgressResolver] })
export class ProgressModule {}
