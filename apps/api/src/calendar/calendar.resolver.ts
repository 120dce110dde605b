import { CommandBus, QueryBus } from '@nestjs/cqrs';
import { Args, Int, Mutation, Query, Resolver } from '@nestjs/graphql';
import type { Viewer } from '../auth/viewer.js';
import { CurrentViewer } from '../auth/viewer.decorator.js';
import { FiscalYearModel } from '../plan/models/plan.model.js';
import { GetFiscalYearsQuery } from '../plan/queries/plan.queries.js';
import { OpenFiscalYearCommand } from './commands/open-fiscal-year.handler.js';
import { SetDueDatesCommand } from './commands/set-due-dates.handler.js';
import { OpenFiscalYearInput } from './dto/open-fiscal-year.input.js';
import { SetDueDatesInput } from './dto/set-due-dates.input.js';
import { CalendarModel } from './models/calendar.model.js';
import { GetCalendarQuery } from './queries/get-calendar.query.js';

@Resolver(() => CalendarModel)
export class CalendarResolver {
  constructor(
    private readonly commands: CommandBus,
    private readonly queries: QueryBus,
  ) {}

  @Query(() => CalendarModel, { description: '年度の期限 (単年度計画の提出から評価検証委員会の審査まで)' })
  calendar(@CurrentViewer() _viewer: Viewer, @Args('fiscalYear', { type: () => Int }) fiscalYear: number): Promise<CalendarModel> {
    return this.queries.execute(new GetCalendarQuery(fiscalYear));
  }

  @Mutation(() => [FiscalYearModel], {
    description: '年度を開始する (管理者)。計画期間の中の年度を、その年度を判定する定量評価の基準とともに。答えは開始された年度の一覧',
  })
  async openFiscalYear(@CurrentViewer() viewer: Viewer, @Args('input') input: OpenFiscalYearInput): Promise<FiscalYearModel[]> {
    await this.commands.execute(new OpenFiscalYearCommand(viewer, input));
    return this.queries.execute(new GetFiscalYearsQuery());
  }

  @Mutation(() => CalendarModel, { description: '年度の期限を設定する (管理者)。日付は日本時間 YYYY-MM-DD、null で解除' })
  async setDueDates(@CurrentViewer() viewer: Viewer, @Args('input') input: SetDueDatesInput): Promise<CalendarModel> {
    await this.commands.execute(new SetDueDatesCommand(viewer, input));
    return this.queries.execute(new GetCalendarQuery(input.fiscalYear));
  }
}
