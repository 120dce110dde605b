import { Field, InputType, Int } from '@nestjs/graphql';

/** Each date: YYYY-MM-DD (JST) to set it, null to clear it, left out to keep it. */
@InputType({ description: '年度の期限の設定 (日付は日本時間 YYYY-MM-DD。null で解除、省略した期限はそのまま)' })
export class SetDueDatesInput {
  @Field(() => Int, { description: '年度 (例: 2026)' })
  fiscalYear!: number;

  @Field(() => String, { nullable: true, description: '単年度計画の提出' })
  planSubmission?: string | null;

  @Field(() => String, { nullable: true, description: '単年度計画の承認' })
  planApproval?: string | null;

  @Field(() => String, { nullable: true, description: '自己評価の提出' })
  selfEvaluation?: string | null;

  @Field(() => String, { nullable: true, description: '推進会議の審査' })
  promotionMeeting?: string | null;

  @Field(() => String, { nullable: true, description: '管理職会議の審査' })
  managersMeeting?: string | null;

  @Field(() => String, { nullable: true, description: '評価検証委員会の審査' })
  committee?: string | null;
}
