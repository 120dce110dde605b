import { Field, Int, ObjectType } from '@nestjs/graphql';

@ObjectType({ description: '計画ブックの取り込みで記録したもの (計画の見直し・新しい計画期間・最初の計画)' })
export class PlanImportModel {
  @Field(() => Int, { description: '記録した変更の数' })
  recordedChanges!: number;

  @Field(() => Int, { description: '記録後の計画カタログの版 (ストリームのリビジョン)' })
  planRevision!: number;

  @Field(() => String, { description: '取り込んだブックの SHA-256' })
  digest!: string;

  @Field(() => String, { description: '記録したもの: revision (計画の見直し) / newPeriod (新しい計画期間) / firstPlan (最初の計画)' })
  mode!: 'revision' | 'newPeriod' | 'firstPlan';
}

@ObjectType({ description: '記録した計画の見直し' })
export class RevisePlanModel {
  @Field(() => Int, { description: '記録した変更の数' })
  recordedChanges!: number;

  @Field(() => Int, { description: '記録後の計画の版 (次の見直しの expectedRevision)' })
  planRevision!: number;
}
