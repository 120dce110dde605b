import { Module } from '@nestjs/common';
import { UserCommands } from './user-commands.js';
import { UserDirectory } from './user-directory.js';

@Module({
  providers: [UserDirectory, UserCommands],
  exports: [UserDirectory, UserCommands],
})
export class UsersModule {}
