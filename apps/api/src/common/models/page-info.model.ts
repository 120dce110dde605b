import { Field, ObjectType } from '@nestjs/graphql';

@ObjectType('PageInfo', { description: 'カーソルによるページ送り: 続きがあるか、次のページを読むカーソル (after に渡す)' })
export class PageInfoModel {
  @Field(() => Boolean, { description: 'このページより古いものがまだある' })
  hasNextPage!: boolean;

  @Field(() => String, { nullable: true, description: 'このページの最後の行のカーソル (空のページでは null)' })
  endCursor!: string | null;
}
