import { Module } from '@nestjs/common';
import { GetItemTrendHandler } from './queries/get-item-trend.query.js';
import { GetProgressHandler } from './queries/get-progress.query.js';
import { ProgressResolver } from './progress.resolver.js';

@Module({ providers: [GetProgressHandler, GetItemTrendHandler, ProgressResolver] })
export class ProgressModule {}
