import { Field, Int, ObjectType } from '@nestjs/graphql';
import { PersonModel } from '../../common/models/person.model.js';
import { CalendarKey } from '../../graphql/enums.js';
import { DateTimeScalar } from '../../graphql/scalars.js';

@ObjectType('DueDate', { description: '年度の期限の1つ' })
export class DueDateModel {
  @Field(() => CalendarKey)
  key!: CalendarKey;

  @Field(() => String, { description: '日本語の名前 (例: 単年度計画の提出)' })
  label!: string;

  @Field(() => String, { nullable: true, description: '期限 (日本時間の日付 YYYY-MM-DD)。未設定なら null' })
  date!: string | null;
}

@ObjectType('Calendar', { description: '年度の期限 (カレンダー)' })
export class CalendarModel {
  @Field(() => Int)
  fiscalYear!: number;

  @Field(() => String, { description: '年度の表示 (例: 令和8年度(2026年度))' })
  label!: string;

  @Field(() => [DueDateModel], { description: '期限 (評価ルートの順)' })
  dueDates!: DueDateModel[];

  @Field(() => PersonModel, { nullable: true, description: '最後に期限を設定した管理者' })
  setBy!: PersonModel | null;

  @Field(() => DateTimeScalar, { nullable: true })
  setAt!: string | null;
}
