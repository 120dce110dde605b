import { Field, Float, InputType, Int } from '@nestjs/graphql';

@InputType({ description: '定量評価の基準 (達成率 %): A 以上 / B 以上 / C 以上、それ未満は D' })
export class ThresholdsInput {
  @Field(() => Float)
  A!: number;

  @Field(() => Float)
  B!: number;

  @Field(() => Float)
  C!: number;
}

@InputType({ description: '年度の開始 (管理者): 計画期間の中の年度を、その年度を判定する基準とともに開始する' })
export class OpenFiscalYearInput {
  @Field(() => Int, { description: '年度 (例: 2028)' })
  fiscalYear!: number;

  @Field(() => ThresholdsInput, { nullable: true, description: '省略すると計画の既定 (100 / 80 / 60)' })
  thresholds?: ThresholdsInput | null;

  @Field(() => String, { description: '操作ID: やり直しは同じIDで (二重に記録されない)' })
  commandId!: string;
}
