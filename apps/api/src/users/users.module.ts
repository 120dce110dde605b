import { Module } from '@nestjs/common';
import { UserDirectory } from './user-directory.js';

@Module({
  providers: [UserDirectory],
  exports: [UserDirectory],
})
export class UsersModule {}
