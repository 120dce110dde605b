import { Module } from '@nestjs/common';
import { UsersModule } from '../users/users.module.js';
import { InboxResolver } from './inbox.resolver.js';
import { GetInboxHandler } from './queries/get-inbox.query.js';

@Module({ imports: [UsersModule], providers: [GetInboxHandler, InboxResolver] })
export class InboxModule {}
