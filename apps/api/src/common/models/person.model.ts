import { Field, ID, ObjectType } from '@nestjs/graphql';

/** Somebody who acted: id and the display name the users read model knows. */
@ObjectType('Person', { description: '操作した人' })
export class PersonModel {
  @Field(() => ID)
  userId!: string;

  @Field(() => String, { description: '表示名 (不明な場合はユーザーID)' })
  displayName!: string;
}
