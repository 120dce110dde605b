import { Field, Int, ObjectType } from '@nestjs/graphql';

@ObjectType({ description: '評価区分ごとの件数' })
export class GradeCountsModel {
  @Field(() => Int)
  A!: number;

  @Field(() => Int)
  B!: number;

  @Field(() => Int)
  C!: number;

  @Field(() => Int)
  D!: number;
}

@ObjectType({ description: '部門 × 年度の評価の集計' })
export class GradeSummaryRowModel {
  @Field(() => String)
  divisionId!: string;

  @Field(() => String)
  divisionName!: string;

  @Field(() => Int)
  fiscalYear!: number;

  @Field(() => Int, { description: '着手した評価の数' })
  evaluations!: number;

  @Field(() => Int, { description: '確定した評価の数' })
  finalized!: number;

  @Field(() => GradeCountsModel, { description: '確定した総合評価の内訳' })
  final!: GradeCountsModel;

  @Field(() => GradeCountsModel, { description: '自己評価の内訳' })
  self!: GradeCountsModel;
}
