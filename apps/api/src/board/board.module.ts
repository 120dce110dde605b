import { Module } from '@nestjs/common';
import { BoardEventsBridge } from './board-events.js';
import { GetBoardHandler } from './queries/get-board.query.js';
import { BoardResolver } from './board.resolver.js';

@Module({ providers: [GetBoardHandler, BoardResolver, BoardEventsBridge] })
export class BoardModule {}
