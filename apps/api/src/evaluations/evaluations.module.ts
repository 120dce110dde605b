import { Module } from '@nestjs/common';
import { AuthModule } from '../auth/auth.module.js';
import { CalendarModule } from '../calendar/calendar.module.js';
import { UsersModule } from '../users/users.module.js';
import { ApproveEvaluationsHandler, ForwardEvaluationsHandler } from './commands/bulk-evaluations.handler.js';
import { ExecuteEvaluationHandler } from './commands/execute-evaluation.handler.js';
import { EvaluationContextSource } from './evaluation-context.source.js';
import { EvaluationsResolver } from './evaluations.resolver.js';
import { EvaluationListsResolver } from './evaluation-lists.resolver.js';
import { LiveEvaluations } from './live-evaluations.source.js';
import { GetEvaluationHandler } from './queries/get-evaluation.query.js';

@Module({
  imports: [UsersModule, AuthModule, CalendarModule],
  providers: [
    EvaluationContextSource,
    ExecuteEvaluationHandler,
    ApproveEvaluationsHandler,
    ForwardEvaluationsHandler,
    GetEvaluationHandler,
    LiveEvaluations,
    EvaluationsResolver,
    EvaluationListsResolver,
  ],
  exports: [EvaluationContextSource],
})
export class EvaluationsModule {}
