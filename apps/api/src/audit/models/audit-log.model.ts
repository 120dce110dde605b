import { Field, ID, InputType, Int, ObjectType } from '@nestjs/graphql';
import { PersonModel } from '../../common/models/person.model.js';
import { DateTimeScalar } from '../../graphql/scalars.js';

@ObjectType('AuditLogEntry', { description: '監査ログの1行: すべてのストリームのすべてのイベント (記録順)' })
export class AuditLogEntryModel {
  @Field(() => String, { description: 'イベントストア全体での位置' })
  position!: string;

  @Field(() => ID)
  eventId!: string;

  @Field(() => String)
  stream!: string;

  @Field(() => Int)
  revision!: number;

  @Field(() => String)
  type!: string;

  @Field(() => PersonModel, { description: '誰が (表示名は記録した時点のもの)' })
  actor!: PersonModel;

  @Field(() => String, { nullable: true })
  actingAs!: string | null;

  @Field(() => String, { nullable: true })
  actingAsLabel!: string | null;

  @Field(() => ID)
  commandId!: string;

  @Field(() => ID)
  correlationId!: string;

  @Field(() => ID)
  causationId!: string;

  @Field(() => DateTimeScalar)
  occurredAt!: string;

  @Field(() => DateTimeScalar)
  recordedAt!: string;

  @Field(() => String, { description: 'イベントのデータ (JSON; パスワードハッシュは伏せてある)' })
  data!: string;
}

@ObjectType('AuditLogPage', { description: '監査ログの1ページ' })
export class AuditLogPageModel {
  @Field(() => [AuditLogEntryModel])
  entries!: AuditLogEntryModel[];

  @Field(() => String, { nullable: true, description: '次のページの paging.after に渡す値 (最後のページなら null)' })
  nextAfter!: string | null;
}
