import { Field, ID, ObjectType } from '@nestjs/graphql';

/** Somebody who acted: id and the display name the users read model knows. */
@ObjectType({ description: '操作した人' })
export class Person {
  @Field(() => ID)
  userId!: string;

  @Field(() => String, { description: '表示名 (不明な場合はユーザーID)' })
  displayName!: string;
}
