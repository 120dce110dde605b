import { Module } from '@nestjs/common';
import { ListUsersHandler } from './queries/list-users.query.js';
import { UserCommands } from './user-commands.js';
import { UserDirectory } from './user-directory.js';
import { UsersResolver } from './users.resolver.js';

@Module({
  providers: [UserDirectory, UserCommands, ListUsersHandler, UsersResolver],
  exports: [UserDirectory, UserCommands],
})
export class UsersModule {}
