import { QueryBus } from '@nestjs/cqrs';
import { Args, Query, Resolver } from '@nestjs/graphql';
import type { Viewer } from '../auth/viewer.js';
import { CurrentViewer } from '../auth/viewer.decorator.js';
import { DigestCheckResultModel, IntegrityStatusModel, LogDigestResultModel, LogVerificationModel } from './models/log-integrity.model.js';
import { CheckLogDigestQuery, GetIntegrityStatusQuery, GetLogDigestQuery, VerifyLogQuery } from './queries/log-integrity.queries.js';

@Resolver()
export class IntegrityResolver {
  constructor(private readonly queries: QueryBus) {}

  @Query(() => LogVerificationModel, { description: 'ログの改ざん検証 (監査・評価検証委員): OK、または最初に壊れている箇所' })
  verifyLog(
    @CurrentViewer() viewer: Viewer,
    @Args('upTo', { type: () => String, nullable: true, description: 'この位置までを検証 (省略時はすべて)' }) upTo?: string | null,
  ): Promise<LogVerificationModel> {
    return this.queries.execute(new VerifyLogQuery(viewer, upTo ?? null));
  }

  @Query(() => LogDigestResultModel, { description: 'ある位置までのログのダイジェスト (監査・評価検証委員; 省略時は最新)' })
  logDigest(
    @CurrentViewer() viewer: Viewer,
    @Args('position', { type: () => String, nullable: true }) position?: string | null,
  ): Promise<LogDigestResultModel> {
    return this.queries.execute(new GetLogDigestQuery(viewer, position ?? null));
  }

  @Query(() => IntegrityStatusModel, {
    description: 'サーバーが起動時と報告書の作成前に確かめるログの状態 (監査・管理者・評価検証委員): BROKEN なら警告を表示する',
  })
  integrityStatus(@CurrentViewer() viewer: Viewer): Promise<IntegrityStatusModel> {
    return this.queries.execute(new GetIntegrityStatusQuery(viewer));
  }

  @Query(() => DigestCheckResultModel, { description: '印字されたダイジェストを現在のログと照合 (監査・評価検証委員)' })
  checkLogDigest(@CurrentViewer() viewer: Viewer, @Args('digest', { type: () => String }) digest: string): Promise<DigestCheckResultModel> {
    return this.queries.execute(new CheckLogDigestQuery(viewer, digest));
  }
}
