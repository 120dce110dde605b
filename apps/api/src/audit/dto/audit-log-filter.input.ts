import { Field, ID, InputType, Int } from '@nestjs/graphql';
import { DateTimeScalar } from '../../graphql/scalars.js';

@InputType({ description: '監査ログの絞り込み (すべて省略可、指定したものの AND)' })
export class AuditLogFilterInput {
  @Field(() => ID, { nullable: true, description: '操作した人のユーザーID' })
  actor?: string | null;

  @Field(() => String, { nullable: true, description: '立場 (例: SecretaryGeneral, DepartmentHead@部のID)' })
  actingAs?: string | null;

  @Field(() => [String], { nullable: true, description: 'イベントの種類 (いずれか)' })
  types?: string[] | null;

  @Field(() => String, { nullable: true, description: 'ストリーム (例: evaluation-I-001-2025)' })
  stream?: string | null;

  @Field(() => DateTimeScalar, { nullable: true, description: 'この時刻以降に記録されたもの' })
  from?: string | null;

  @Field(() => DateTimeScalar, { nullable: true, description: 'この時刻までに記録されたもの' })
  to?: string | null;
}

@InputType({ description: 'ページ送り' })
export class PagingInput {
  @Field(() => String, { nullable: true, description: '前のページの nextAfter' })
  after?: string | null;

  @Field(() => Int, { nullable: true, description: '1〜1000 件 (既定 100)' })
  limit?: number | null;
}
