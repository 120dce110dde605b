import { Module } from '@nestjs/common';
import { GetInboxHandler, InboxResolver } from './inbox.resolver.js';

@Module({ providers: [GetInboxHandler, InboxResolver] })
export class InboxModule {}
