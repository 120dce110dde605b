import { Field, ID, ObjectType } from '@nestjs/graphql';
import { PersonModel } from '../../common/models/person.model.js';

@ObjectType('AssignmentResult', { description: '担当者の割り当て (assignItems) の1件の結果' })
export class AssignmentResultModel {
  @Field(() => ID)
  itemId!: string;

  @Field(() => Boolean)
  ok!: boolean;

  @Field(() => Boolean, { description: '記録が増えたか (同じ内容のやり直し・変化のない割り当ては false)' })
  changed!: boolean;

  @Field(() => [PersonModel], { description: '操作後の担当者 (失敗時は空)' })
  assignees!: PersonModel[];

  @Field(() => String, { nullable: true, description: 'エラーコード (失敗時): FORBIDDEN, VALIDATION, NOT_FOUND …' })
  errorCode!: string | null;

  @Field(() => String, { nullable: true, description: 'エラーの説明 (失敗時)' })
  errorMessage!: string | null;
}

@ObjectType('AssignableStaff', { description: '部長が担当者に指定できる担当職員' })
export class AssignableStaffModel {
  @Field(() => ID)
  userId!: string;

  @Field(() => String)
  displayName!: string;

  @Field(() => String, { description: '所属する部' })
  departmentId!: string;
}
