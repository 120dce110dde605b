import { Module } from '@nestjs/common';
import { AuthModule } from '../auth/auth.module.js';
import { CalendarModule } from '../calendar/calendar.module.js';
import { UsersModule } from '../users/users.module.js';
import { ApproveEvaluationsHandler, ForwardEvaluationsHandler } from './commands/bulk-evaluations.handler.js';
import { ExecuteEvaluationHandler } from './commands/execute-evaluation.handler.js';
import { EvaluationContextSource } from './evaluation-context.source.js';
import { EvaluationsResolver } from './evaluations.resolver.js';
import { GetEvaluationHandler } from './queries/get-evaluation.query.js';

@Module({
  imports: [UsersModule, AuthModule, CalendarModule],
  providers: [
    EvaluationContextSource,
    ExecuteEvaluationHandler,
    ApproveEvaluationsHandler,
    ForwardEvaluationsHandler,
    GetEvaluationHandler,
    EvaluationsResolver,
  ],
  exports: [EvaluationContextSource],
})
export class EvaluationsModule {}
