import { Field, ID, InputType, Int } from '@nestjs/graphql';
import { MeetingBody } from '../../graphql/enums.js';

@InputType({ description: '会議の登録 (議長になる人・事務局長・管理者)。招集される構成員は役割から決まる' })
export class ScheduleMeetingInput {
  @Field(() => MeetingBody)
  body!: MeetingBody;

  @Field(() => ID, { nullable: true, description: '推進会議の部 (計画の部のID)。推進会議のみ' })
  departmentId?: string | null;

  @Field(() => Int, { description: '年度 (例: 2025)' })
  fiscalYear!: number;

  @Field(() => String, { description: '開催日 (日本時間, YYYY-MM-DD)' })
  date!: string;

  @Field(() => String, { description: '場所' })
  place!: string;

  @Field(() => ID, { nullable: true, description: '議長 (構成員から)。省略すると推進会議は部長、管理職会議は事務局長、委員会は登録した委員' })
  chairId?: string | null;

  @Field(() => [ID], { nullable: true, description: '議題 (実施項目ID)。省略するとその会議体の審査を待っている評価' })
  agenda?: string[] | null;

  @Field(() => ID, { description: '操作ID (UUID など)。会議IDはここから決まるので、再送しても会議は1つ' })
  commandId!: string;
}

@InputType({ description: '会議への操作 (開会・閉会): 会議、表示していた version、操作ID' })
export class MeetingActionInput {
  @Field(() => ID)
  meetingId!: string;

  @Field(() => Int, { description: '表示していた会議の version。古ければ CONFLICT' })
  expectedVersion!: number;

  @Field(() => ID, { description: '操作ID (UUID など)' })
  commandId!: string;
}

@InputType({ description: '出席の記録 (開催中; 議長・事務局長・管理者)。出席者の一覧で置き換える' })
export class RecordAttendanceInput extends MeetingActionInput {
  @Field(() => [ID], { description: '出席者 (招集された構成員のユーザーID)' })
  present!: string[];
}

@InputType({ description: '議事録の記録 (開催中・終了後; 議長・事務局長・管理者)' })
export class RecordMinutesInput extends MeetingActionInput {
  @Field(() => String, { description: '議事録 (複数行可)' })
  minutes!: string;
}

@InputType({ description: '議題の変更 (開催予定の間のみ)' })
export class ChangeAgendaInput extends MeetingActionInput {
  @Field(() => [ID], { description: '議題 (実施項目ID)' })
  agenda!: string[];
}
