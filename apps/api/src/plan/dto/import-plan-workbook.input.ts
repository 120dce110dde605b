import { Field, ID, InputType, Int } from '@nestjs/graphql';

@InputType({ description: '計画ブックの取り込みの確定: プレビューした変更を一つの計画の見直しとして記録する' })
export class ImportPlanWorkbookInput {
  @Field(() => ID, { description: 'POST /plan/workbook/preview が返した previewId' })
  previewId!: string;

  @Field(() => String, { description: '見直しの理由' })
  reason!: string;

  @Field(() => String, { description: '承認者 (例: 理事会 2026-03-20)' })
  approvedBy!: string;

  @Field(() => Int, { nullable: true, description: 'ブックにない実施項目・部門・推進項目・取組テーマを廃止する最初の年度 (廃止があるときに必要)' })
  retireFrom?: number | null;

  @Field(() => String, { description: '操作ID: やり直しは同じIDで (二重に記録されない)' })
  commandId!: string;
}
