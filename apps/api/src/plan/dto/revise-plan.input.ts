import { Field, ID, InputType, Int, registerEnumType } from '@nestjs/graphql';
import { CATALOGUE_COMMAND_TYPES, ORGANISATION_COMMAND_TYPES, type CatalogueCommand, type OrganisationCommand } from '@hyoka/domain';

/**
 * The kinds of change a 計画の見直し records: the domain's revision commands, named as the domain names them (a whole
 * plan — the first import, a new period — arrives as a workbook instead; the organisation has its own mutations).
 */
export const PLAN_CHANGE_KINDS = CATALOGUE_COMMAND_TYPES.filter(
  (t) => t !== 'ImportPlanCatalogue' && t !== 'OpenPlanPeriod' && !(ORGANISATION_COMMAND_TYPES as readonly string[]).includes(t),
) as Exclude<CatalogueCommand['type'], 'ImportPlanCatalogue' | 'OpenPlanPeriod' | OrganisationCommand['type']>[];
export type PlanChangeKind = (typeof PLAN_CHANGE_KINDS)[number];
export const PlanChangeKind = Object.fromEntries(PLAN_CHANGE_KINDS.map((k) => [k, k])) as { [K in PlanChangeKind]: K };
registerEnumType(PlanChangeKind, { name: 'PlanChangeKind', description: '計画の見直しの変更の種類 (ドメインのコマンド名)' });

@InputType({ description: '年度ごとの計画段階 (実施項目の追加)' })
export class PlannedStageInput {
  @Field(() => Int)
  fiscalYear!: number;

  @Field(() => String, { nullable: true, description: '検討・実施など (なければ null)' })
  stage?: string | null;
}

@InputType({ description: '計画の見直しの一つの変更: kind と、その種類に必要な項目だけを指定する' })
export class PlanChangeInput {
  @Field(() => PlanChangeKind)
  kind!: PlanChangeKind;

  @Field(() => ID, { nullable: true, description: '部門ID' })
  divisionId?: string | null;

  @Field(() => ID, { nullable: true, description: '推進項目ID' })
  topicId?: string | null;

  @Field(() => ID, { nullable: true, description: '取組テーマID' })
  themeId?: string | null;

  @Field(() => ID, { nullable: true, description: '実施項目ID' })
  itemId?: string | null;

  @Field(() => String, { nullable: true, description: '名称 (追加・名称変更)' })
  name?: string | null;

  @Field(() => Int, { nullable: true, description: '番号 (追加・移動; 省略すると末尾)' })
  number?: number | null;

  @Field(() => ID, { nullable: true, description: '審査する推進会議 (部門の追加)' })
  promotionMeetingId?: string | null;

  @Field(() => String, { nullable: true, description: '現状と課題' })
  currentSituation?: string | null;

  @Field(() => String, { nullable: true, description: '推進目標' })
  goal?: string | null;

  @Field(() => Int, { nullable: true, description: '廃止する最初の年度' })
  fromFiscalYear?: number | null;

  @Field(() => Int, { nullable: true, description: '計画段階を変える年度' })
  fiscalYear?: number | null;

  @Field(() => String, { nullable: true, description: '計画段階 (null: なし)' })
  stage?: string | null;

  @Field(() => [PlannedStageInput], { nullable: true, description: '年度ごとの計画段階 (実施項目の追加)' })
  schedule?: PlannedStageInput[] | null;
}

@InputType({ description: '計画の見直し: 理由と承認者のある、一つの見直しとして記録する変更の一覧' })
export class RevisePlanInput {
  @Field(() => String, { description: '見直しの理由' })
  reason!: string;

  @Field(() => String, { description: '承認者 (例: 理事会 2026-03-20)' })
  approvedBy!: string;

  @Field(() => Int, { description: '見た計画の版 (plan.revision): 以後に計画が変わっていれば競合' })
  expectedRevision!: number;

  @Field(() => [PlanChangeInput], { description: '変更 (この順に記録する)' })
  changes!: PlanChangeInput[];

  @Field(() => String, { description: '操作ID: やり直しは同じIDで (二重に記録されない)' })
  commandId!: string;
}
