import { Module } from '@nestjs/common';
import { InboxResolver } from './inbox.resolver.js';
import { GetInboxHandler } from './queries/get-inbox.query.js';

@Module({ providers: [GetInboxHandler, InboxResolver] })
export class InboxModule {}
