import { Field, ID, InputType, Int } from '@nestjs/graphql';

/** What every change of the organisation carries: why, who approved it, the plan revision seen, the operation's id. */
@InputType({ isAbstract: true })
export class OrganisationRevisionInput {
  @Field(() => String, { description: '見直しの理由' })
  reason!: string;

  @Field(() => String, { description: '承認者 (例: 理事会 2026-03-20)' })
  approvedBy!: string;

  @Field(() => Int, { description: '表示していた計画カタログの版 (organisation.planRevision)。その後に計画が変わっていれば競合として何も記録しない' })
  expectedPlanRevision!: number;

  @Field(() => String, { description: '操作ID: やり直しは同じIDで (二重に記録されない)' })
  commandId!: string;
}

@InputType({ description: '部の追加' })
export class AddDepartmentInput extends OrganisationRevisionInput {
  @Field(() => ID, { description: '部のID (英数字と . _ : -)' })
  id!: string;

  @Field(() => String, { description: '部の名称 (例: 施設部)' })
  name!: string;
}

@InputType({ description: '部の名称変更' })
export class RenameDepartmentInput extends OrganisationRevisionInput {
  @Field(() => ID)
  departmentId!: string;

  @Field(() => String)
  name!: string;
}

@InputType({ description: '部の廃止 (その部の推進会議が部門を審査している間はできない)' })
export class RetireDepartmentInput extends OrganisationRevisionInput {
  @Field(() => ID)
  departmentId!: string;
}

@InputType({ description: '会議体の追加' })
export class AddReviewBodyInput extends OrganisationRevisionInput {
  @Field(() => ID, { description: '会議体のID (英数字と . _ : -)' })
  id!: string;

  @Field(() => String, { description: 'PromotionMeeting (推進会議) / ManagersMeeting (管理職会議) / EvaluationCommittee (評価検証委員会)' })
  kind!: string;

  @Field(() => String)
  name!: string;

  @Field(() => String, { nullable: true, description: '議長 (例: 施設部長)' })
  chair?: string | null;

  @Field(() => String, { nullable: true, description: '構成' })
  members?: string | null;

  @Field(() => [String], { nullable: true, description: '役割' })
  roles?: string[] | null;

  @Field(() => ID, { nullable: true, description: '推進会議の部 (推進会議のみ)' })
  departmentId?: string | null;
}

@InputType({ description: '会議体の変更 (指定した項目だけを変える)' })
export class ChangeReviewBodyInput extends OrganisationRevisionInput {
  @Field(() => ID)
  bodyId!: string;

  @Field(() => String, { nullable: true })
  name?: string | null;

  @Field(() => String, { nullable: true, description: '議長 (空文字で議長なし)' })
  chair?: string | null;

  @Field(() => String, { nullable: true, description: '構成' })
  members?: string | null;

  @Field(() => [String], { nullable: true, description: '役割' })
  roles?: string[] | null;
}

@InputType({ description: '会議体の廃止 (部門を審査している間はできない)' })
export class RetireReviewBodyInput extends OrganisationRevisionInput {
  @Field(() => ID)
  bodyId!: string;
}

@InputType({ description: '部門を審査する推進会議の変更 (その部門の実施項目を担当する部が変わる)' })
export class RemapDivisionInput extends OrganisationRevisionInput {
  @Field(() => ID)
  divisionId!: string;

  @Field(() => ID)
  promotionMeetingId!: string;
}
