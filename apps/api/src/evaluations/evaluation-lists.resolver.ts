import { Args, Int, Parent, ResolveField, Resolver } from '@nestjs/graphql';
import { isStarted } from '@hyoka/domain';
import {
  approvedPlan,
  commentModel,
  editionModel,
  historyEntry,
  opinionModel,
  routeStep,
  type EvaluationView,
} from './evaluation-view.js';
import { commentPage, decodeCursor, encodeCursor, pageSize, textBytes, withinBudget, PAGE_DEFAULT, PAGE_MAX } from './evaluation-pages.js';
import { CommentConnectionModel, HistoryConnectionModel } from './models/evaluation-pages.model.js';
import {
  ApprovedPlanModel,
  EvaluationEditionModel,
  EvaluationModel,
  EvaluationOpinionModel,
  RouteStepModel,
} from './models/evaluation.model.js';

const firstArg = { type: () => Int, nullable: true, description: `件数 (既定 ${PAGE_DEFAULT}、最大 ${PAGE_MAX})` };
const afterArg = { type: () => String, nullable: true, description: '前のページの pageInfo.endCursor (省略すると最新から)' };
const lastArg = { type: () => Int, nullable: true, description: `新しいものから何件 (既定 ${PAGE_DEFAULT}、最大 ${PAGE_MAX})` };

/** The newest `last` of a list, kept in its order (oldest first). */
const newest = <T>(list: readonly T[], last: number): T[] => list.slice(Math.max(0, list.length - last));

/**
 * The evaluation's lists that grow with its stream: history and comments a page at a time (cursor, newest first,
 * totals), the others as their newest rows with a count on the evaluation. No answer grows with the stream.
 */
@Resolver(() => EvaluationModel)
export class EvaluationListsResolver {
  @ResolveField(() => HistoryConnectionModel, { description: '履歴: 誰が、どの立場で、いつ、何をしたか (新しい順に1ページ)' })
  async history(
    @Parent() evaluation: EvaluationView,
    @Args('first', firstArg) first?: number | null,
    @Args('after', afterArg) after?: string | null,
  ): Promise<HistoryConnectionModel> {
    const size = pageSize(first, 'first');
    const page = await evaluation.historySource.page(size, decodeCursor('h', after));
    const entries = withinBudget(page.entries, size, (e) => textBytes(e.comment, e.reason) + 256);
    const last = entries.at(-1);
    return {
      totalCount: evaluation.historySource.totalCount(),
      pageInfo: {
        hasNextPage: entries.length < page.entries.length || page.hasNextPage,
        endCursor: last ? encodeCursor('h', last.revision) : null,
      },
      nodes: entries.map((entry) => historyEntry(entry, evaluation.departmentNames)),
    };
  }

  @ResolveField(() => CommentConnectionModel, { description: 'コメント (新しい順に1ページ)。返信はコメントとともに (古い順)' })
  comments(
    @Parent() evaluation: EvaluationView,
    @Args('first', firstArg) first?: number | null,
    @Args('after', afterArg) after?: string | null,
  ): CommentConnectionModel {
    const page = commentPage(evaluation.state, pageSize(first, 'first'), decodeCursor('c', after));
    const last = page.threads.at(-1);
    return {
      totalCount: page.totalCount,
      pageInfo: { hasNextPage: page.hasNextPage, endCursor: last ? encodeCursor('c', last.comment.number) : null },
      nodes: page.threads.map((t) => commentModel(t.comment, t.replies, evaluation.nameOf, evaluation.departmentNames)),
    };
  }

  @ResolveField(() => [RouteStepModel], { description: 'ルート上の移動 (新しい last 件を古い順に; 全件数は routeCount)' })
  route(@Parent() evaluation: EvaluationView, @Args('last', lastArg) last?: number | null): RouteStepModel[] {
    const state = evaluation.state;
    return isStarted(state) ? newest(state.history, pageSize(last, 'last')).map((s) => routeStep(s, evaluation.nameOf, evaluation.departmentNames)) : [];
  }

  @ResolveField(() => [EvaluationOpinionModel], { description: '推進会議の委員の意見 (新しい last 件を古い順に; 全件数は opinionCount)' })
  opinions(@Parent() evaluation: EvaluationView, @Args('last', lastArg) last?: number | null): EvaluationOpinionModel[] {
    const state = evaluation.state;
    const rows = isStarted(state) ? newest(state.opinions ?? [], pageSize(last, 'last')).reverse() : [];
    // newest first within the text budget, then back to the list's order
    return withinBudget(rows, rows.length, (o) => textBytes(o.text)).reverse().map((o) => opinionModel(o, evaluation.nameOf, evaluation.departmentNames));
  }

  @ResolveField(() => [EvaluationEditionModel], { description: '版 (提出・総合評価(案)・総合評価のたびに1つ; 新しい last 件を古い順に; 全件数は editionCount)' })
  editions(@Parent() evaluation: EvaluationView, @Args('last', lastArg) last?: number | null): EvaluationEditionModel[] {
    return newest(evaluation.domainEditions, pageSize(last, 'last')).map((e) => editionModel(e, evaluation.nameOf));
  }

  @ResolveField(() => [ApprovedPlanModel], { description: '承認された計画の版 (新しい last 件を古い順に; 比較用; 全件数は planEditionCount)' })
  planHistory(@Parent() evaluation: EvaluationView, @Args('last', lastArg) last?: number | null): ApprovedPlanModel[] {
    return newest(evaluation.domainPlans, pageSize(last, 'last')).map((p) => approvedPlan(p, evaluation.nameOf));
  }
}
