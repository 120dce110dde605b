import { Field, ID, Int, ObjectType, registerEnumType } from '@nestjs/graphql';
import { ReportStampModel } from '../../reports/models/annual-report.model.js';
import { DateTimeScalar } from '../../graphql/scalars.js';
import { Grade } from '../../graphql/enums.js';
import { MEETING_DOCUMENT_KINDS, type MeetingDocumentKind as Kind } from '../documents/meeting-document.js';

export const MeetingDocumentKind = Object.freeze(Object.fromEntries(MEETING_DOCUMENT_KINDS.map((k) => [k, k]))) as { readonly [K in Kind]: K };
export type MeetingDocumentKind = Kind;
registerEnumType(MeetingDocumentKind, { name: 'MeetingDocumentKind', description: '会議の文書: 議事次第 (agenda) / 議事録 (minutes)' });

@ObjectType('DocumentPerson', { description: '会議の文書に載る人 (評価検証委員は役職つき)' })
export class DocumentPersonModel {
  @Field(() => ID) userId!: string;
  @Field(() => String) displayName!: string;
  @Field(() => String, { nullable: true, description: '理事・評議員・監事' }) officeLabel!: string | null;
}

@ObjectType('DocumentAgendaItem', { description: '議事次第の議題 (文書のログ位置の時点の段階と総合評価(案))' })
export class DocumentAgendaItemModel {
  @Field(() => ID) itemId!: string;
  @Field(() => String) itemName!: string;
  @Field(() => String) stageLabel!: string;
  @Field(() => Grade, { nullable: true, description: '総合評価(案)' }) proposedGrade!: Grade | null;
}

@ObjectType('DocumentDecision', { description: '議事録の決定事項' })
export class DocumentDecisionModel {
  @Field(() => ID) itemId!: string;
  @Field(() => String) itemName!: string;
  @Field(() => String, { description: 'イベントの種類' }) type!: string;
  @Field(() => String) summary!: string;
  @Field(() => Grade, { nullable: true, description: '決定した評価 (総合評価、送付なら総合評価(案))' }) grade!: Grade | null;
  @Field(() => String, { nullable: true, description: '根拠・理由' }) reason!: string | null;
  @Field(() => String, { description: '記録した人' }) by!: string;
  @Field(() => DateTimeScalar) at!: string;
}

@ObjectType('DocumentHearing', { description: '議事録の聞き取り' })
export class DocumentHearingModel {
  @Field(() => ID) itemId!: string;
  @Field(() => String) itemName!: string;
  @Field(() => String) heardOn!: string;
  @Field(() => String) departmentName!: string;
  @Field(() => [String]) people!: string[];
  @Field(() => String) summary!: string;
}

@ObjectType('MeetingDocument', { description: '会議の議事次第・議事録 (印刷用)。1つのログ位置の時点のデータで、報告書と同じ刻印つき' })
export class MeetingDocumentModel {
  @Field(() => MeetingDocumentKind) kind!: MeetingDocumentKind;
  @Field(() => String, { description: '例: 評価検証委員会 議事録' }) title!: string;
  @Field(() => ID) meetingId!: string;
  @Field(() => String) bodyLabel!: string;
  @Field(() => String) fiscalYearLabel!: string;
  @Field(() => String) date!: string;
  @Field(() => String) place!: string;
  @Field(() => String) statusLabel!: string;
  @Field(() => DocumentPersonModel) chair!: DocumentPersonModel;
  @Field(() => [DocumentPersonModel]) invited!: DocumentPersonModel[];
  @Field(() => [DocumentPersonModel]) present!: DocumentPersonModel[];
  @Field(() => [DocumentPersonModel]) absent!: DocumentPersonModel[];
  @Field(() => Int, { nullable: true, description: '定足数 (評価検証委員会のみ)' }) quorum!: number | null;
  @Field(() => [DocumentAgendaItemModel]) agenda!: DocumentAgendaItemModel[];
  @Field(() => String, { nullable: true }) minutes!: string | null;
  @Field(() => [DocumentDecisionModel]) decisions!: DocumentDecisionModel[];
  @Field(() => [DocumentHearingModel]) hearings!: DocumentHearingModel[];
  @Field(() => ReportStampModel) stamp!: ReportStampModel;
  @Field(() => String, { description: 'この文書 (同じログ位置) の Word (.docx) をダウンロードする URL (同じセッションで)' }) docxUrl!: string;
}
