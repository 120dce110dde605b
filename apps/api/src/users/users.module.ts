import { Module } from '@nestjs/common';
import { PersonResolver } from './person.resolver.js';
import { ListUsersHandler } from './queries/list-users.query.js';
import { UserCommands } from './user-commands.js';
import { UserDirectory } from './user-directory.js';
import { UsersResolver } from './users.resolver.js';

@Module({
  providers: [UserDirectory, UserCommands, ListUsersHandler, UsersResolver, PersonResolver],
  exports: [UserDirectory, UserCommands],
})
export class UsersModule {}
