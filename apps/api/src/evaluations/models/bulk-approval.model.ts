import { Field, ID, Int, ObjectType } from '@nestjs/graphql';

@ObjectType('BulkApprovalResult', { description: '一括承認・一括送付の1件の結果' })
export class BulkApprovalResultModel {
  @Field(() => ID)
  itemId!: string;

  @Field(() => Int)
  fiscalYear!: number;

  @Field(() => Boolean)
  ok!: boolean;

  @Field(() => Int, { nullable: true, description: '操作後の version (成功時)' })
  version!: number | null;

  @Field(() => String, { nullable: true, description: 'エラーコード (失敗時): FORBIDDEN, CONFLICT, ILLEGAL_TRANSITION …' })
  errorCode!: string | null;

  @Field(() => String, { nullable: true, description: 'エラーの説明 (失敗時)' })
  errorMessage!: string | null;
}
