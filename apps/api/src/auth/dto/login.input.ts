import { Field, InputType } from '@nestjs/graphql';

@InputType({ description: 'ログイン' })
export class LoginInput {
  @Field(() => String, { description: 'ログイン名' })
  loginName!: string;

  @Field(() => String)
  password!: string;
}
