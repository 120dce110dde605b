import { Module } from '@nestjs/common';
import { AuthModule } from '../auth/auth.module.js';
import { ReviseOrganisationHandler } from './commands/revise-organisation.handler.js';
import { OrganisationResolver } from './organisation.resolver.js';
import { GetOrganisationHandler } from './queries/get-organisation.query.js';

@Module({
  imports: [AuthModule],
  providers: [GetOrganisationHandler, ReviseOrganisationHandler, OrganisationResolver],
})
export class OrganisationModule {}
