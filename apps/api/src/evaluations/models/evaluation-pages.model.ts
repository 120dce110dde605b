import { Field, Int, ObjectType } from '@nestjs/graphql';
import { PageInfoModel } from '../../common/models/page-info.model.js';
import { EvaluationCommentModel, HistoryEntryModel } from './evaluation.model.js';

@ObjectType('HistoryConnection', { description: '履歴の1ページ (新しい順)' })
export class HistoryConnectionModel {
  @Field(() => Int, { description: '履歴の全件数' })
  totalCount!: number;

  @Field(() => PageInfoModel)
  pageInfo!: PageInfoModel;

  @Field(() => [HistoryEntryModel])
  nodes!: HistoryEntryModel[];
}

@ObjectType('CommentConnection', { description: 'コメントの1ページ (新しい順; 返信はコメントとともに)' })
export class CommentConnectionModel {
  @Field(() => Int, { description: 'コメントの全件数 (返信は数えない)' })
  totalCount!: number;

  @Field(() => PageInfoModel)
  pageInfo!: PageInfoModel;

  @Field(() => [EvaluationCommentModel])
  nodes!: EvaluationCommentModel[];
}
