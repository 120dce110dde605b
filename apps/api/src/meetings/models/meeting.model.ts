import { Field, ID, Int, ObjectType } from '@nestjs/graphql';
import { PersonModel } from '../../common/models/person.model.js';
import { DateTimeScalar } from '../../graphql/scalars.js';
import { EvaluationStage, MeetingBody, MeetingStatus } from '../../graphql/enums.js';

@ObjectType('AgendaItem', { description: '議題の1件 (実施項目の評価)' })
export class AgendaItemModel {
  @Field(() => ID)
  itemId!: string;

  @Field(() => String)
  itemName!: string;

  @Field(() => EvaluationStage, { description: '評価のいまの段階' })
  stage!: EvaluationStage;

  @Field(() => String)
  stageLabel!: string;

  @Field(() => Int, { nullable: true, description: '評価の version (未着手なら null)' })
  version!: number | null;
}

@ObjectType('MeetingDecision', { description: 'この会議で記録された決定・聞き取り' })
export class MeetingDecisionModel {
  @Field(() => ID)
  itemId!: string;

  @Field(() => Int)
  fiscalYear!: number;

  @Field(() => String, { description: 'イベントの種類 (例: EvaluationFinalized)' })
  type!: string;

  @Field(() => String, { description: '内容 (例: 総合評価 A で確定)' })
  summary!: string;

  @Field(() => PersonModel)
  by!: PersonModel;

  @Field(() => DateTimeScalar)
  at!: string;
}

@ObjectType('Meeting', { description: '会議 (推進会議・管理職会議・評価検証委員会の1回の開催)' })
export class MeetingModel {
  @Field(() => ID)
  meetingId!: string;

  @Field(() => MeetingBody)
  body!: MeetingBody;

  @Field(() => String, { description: '会議体の名前 (例: 総務部の推進会議)' })
  bodyLabel!: string;

  @Field(() => ID, { nullable: true, description: '推進会議の部' })
  departmentId!: string | null;

  @Field(() => Int)
  fiscalYear!: number;

  @Field(() => String, { description: '開催日 (日本時間, YYYY-MM-DD)' })
  date!: string;

  @Field(() => String)
  place!: string;

  @Field(() => PersonModel)
  chair!: PersonModel;

  @Field(() => [PersonModel], { description: '招集された構成員 (議長が先頭)' })
  invited!: PersonModel[];

  @Field(() => [PersonModel], { description: '出席者 (記録されたもの)' })
  present!: PersonModel[];

  @Field(() => Int, { nullable: true, description: '定足数 (評価検証委員会のみ)' })
  quorum!: number | null;

  @Field(() => [AgendaItemModel])
  agenda!: AgendaItemModel[];

  @Field(() => String, { nullable: true, description: '議事録' })
  minutes!: string | null;

  @Field(() => MeetingStatus)
  status!: MeetingStatus;

  @Field(() => String, { description: '状態 (開催予定・開催中・終了)' })
  statusLabel!: string;

  @Field(() => Int, { description: '会議の version (最後のイベントの revision)。次の操作の expectedVersion' })
  version!: number;

  @Field(() => [MeetingDecisionModel], { description: 'この会議で記録された決定と聞き取り (記録順)' })
  decisions!: MeetingDecisionModel[];
}
