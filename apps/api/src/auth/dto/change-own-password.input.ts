import { Field, InputType } from '@nestjs/graphql';

@InputType({ description: '自分のパスワードの変更' })
export class ChangeOwnPasswordInput {
  @Field(() => String, { description: '現在のパスワード' })
  currentPassword!: string;

  @Field(() => String, { description: '新しいパスワード (8〜1024文字、制御文字は不可)' })
  newPassword!: string;
}
