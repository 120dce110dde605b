import { Field, ID, Int, ObjectType } from '@nestjs/graphql';
import { DateTimeScalar } from '../../graphql/scalars.js';
import { DepartmentModel, ReviewBodyModel } from '../../plan/models/plan.model.js';

@ObjectType({ description: '部門を審査する推進会議と、その部門の実施項目を担当する部' })
export class DivisionMappingModel {
  @Field(() => ID)
  divisionId!: string;

  @Field(() => String)
  divisionName!: string;

  @Field(() => ID)
  promotionMeetingId!: string;

  @Field(() => String)
  promotionMeetingName!: string;

  @Field(() => ID, { nullable: true, description: '担当する部 (推進会議の部)' })
  departmentId!: string | null;

  @Field(() => String, { nullable: true })
  departmentName!: string | null;

  @Field(() => Boolean, { description: '計画書が推進会議を定めていない部門 (施設・介護サービス部門): 推進会議は選んだもの' })
  promotionMeetingConfigurable!: boolean;
}

@ObjectType('Organisation', { description: '組織: 部・会議体・部門と推進会議の対応 (計画カタログのデータ)' })
export class OrganisationModel {
  @Field(() => DateTimeScalar, { nullable: true, description: 'asOf を指定した場合、その時点の組織' })
  asOf!: string | null;

  @Field(() => Int, { nullable: true, description: '計画カタログの版 (変更の mutation の expectedPlanRevision に渡す)。asOf を指定した (過去の) 組織では null' })
  planRevision!: number | null;

  @Field(() => [DepartmentModel], { description: '部 (廃止されたものも名前のために含む)' })
  departments!: DepartmentModel[];

  @Field(() => [ReviewBodyModel], { description: '会議体 (廃止されたものも含む)' })
  reviewBodies!: ReviewBodyModel[];

  @Field(() => [DivisionMappingModel], { description: '部門 → 推進会議 → 部' })
  divisions!: DivisionMappingModel[];
}
