import { ApolloDriver, type ApolloDriverConfig } from '@nestjs/apollo';
import { Module, type DynamicModule } from '@nestjs/common';
import { APP_FILTER } from '@nestjs/core';
import { CqrsModule } from '@nestjs/cqrs';
import { GraphQLModule } from '@nestjs/graphql';
import { AssignmentsModule } from './assignments/assignments.module.js';
import { AuditModule } from './audit/audit.module.js';
import { AuthModule } from './auth/auth.module.js';
import { AuthService } from './auth/auth.service.js';
import { BoardModule } from './board/board.module.js';
import { CalendarModule } from './calendar/calendar.module.js';
import { BootstrapModule } from './bootstrap/bootstrap.module.js';
import type { AppConfig } from './config.js';
import { EvaluationsModule } from './evaluations/evaluations.module.js';
import { EvidenceModule } from './evidence/evidence.module.js';
import { GraphQLPassThroughFilter } from './errors/pass-through.filter.js';
import { graphqlOptions } from './graphql/graphql-options.js';
import { InboxModule } from './inbox/inbox.module.js';
import { MeetingsModule } from './meetings/meetings.module.js';
import { IntegrityModule } from './integrity/integrity.module.js';
import { NotificationsModule } from './notifications/notifications.module.js';
import { OperationsModule } from './operations/operations.module.js';
import { OrganisationModule } from './organisation/organisation.module.js';
import { PlanModule } from './plan/plan.module.js';
import { ProgressModule } from './progress/progress.module.js';
import { ReportsModule } from './reports/reports.module.js';
import { CoreModule } from './core/core.module.js';
import { UsersModule } from './users/users.module.js';

@Module({})
export class AppModule {
  static forRoot(config: AppConfig): DynamicModule {
    return {
      module: AppModule,
      imports: [
        CoreModule.forRoot(config),
        CqrsModule.forRoot(),
        UsersModule,
        AuthModule,
        EvaluationsModule,
        BoardModule,
        InboxModule,
        AssignmentsModule,
        MeetingsModule,
        CalendarModule,
        AuditModule,
        PlanModule,
        OrganisationModule,
        ProgressModule,
        ReportsModule,
        EvidenceModule,
        IntegrityModule,
        OperationsModule,
        NotificationsModule,
        BootstrapModule,
        GraphQLModule.forRootAsync<ApolloDriverConfig>({
          driver: ApolloDriver,
          imports: [AuthModule],
          inject: [AuthService],
          useFactory: (auth: AuthService) => graphqlOptions(config, auth),
        }),
      ],
      providers: [{ provide: APP_FILTER, useClass: GraphQLPassThroughFilter }],
    };
  }
}
