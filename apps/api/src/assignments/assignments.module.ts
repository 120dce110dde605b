import { Module } from '@nestjs/common';
import { AuthModule } from '../auth/auth.module.js';
import { UsersModule } from '../users/users.module.js';
import { AssignmentsResolver } from './assignments.resolver.js';
import { AssignItemsHandler } from './commands/assign-items.handler.js';
import { GetAssignableStaffHandler } from './queries/get-assignable-staff.query.js';

@Module({
  imports: [UsersModule, AuthModule],
  providers: [AssignItemsHandler, GetAssignableStaffHandler, AssignmentsResolver],
})
export class AssignmentsModule {}
