import { Field, ID, ObjectType } from '@nestjs/graphql';
import { Role } from '../../graphql/enums.js';

@ObjectType({ description: '役割 (担当職員・部長は部ごと)' })
export class RoleAssignmentModel {
  @Field(() => Role)
  role!: Role;

  @Field(() => String, { nullable: true, description: '部 (Staff・DepartmentHead のみ)' })
  departmentId!: string | null;

  @Field(() => String, { description: '日本語表示 (例: 担当職員(総務部))' })
  label!: string;
}

@ObjectType('Viewer', { description: 'ログイン中の人' })
export class ViewerModel {
  @Field(() => ID)
  userId!: string;

  @Field(() => String)
  loginName!: string;

  @Field(() => String)
  displayName!: string;

  @Field(() => [RoleAssignmentModel])
  roles!: RoleAssignmentModel[];
}
