import { Module } from '@nestjs/common';
import { CalendarModule } from '../calendar/calendar.module.js';
import { BoardEventsBridge } from './board-events.js';
import { GetBoardHandler } from './queries/get-board.query.js';
import { BoardResolver } from './board.resolver.js';

@Module({ imports: [CalendarModule], providers: [GetBoardHandler, BoardResolver, BoardEventsBridge] })
export class BoardModule {}
