import { Field, ID, ObjectType } from '@nestjs/graphql';
import { RoleAssignmentModel } from '../../auth/models/viewer.model.js';

@ObjectType('AuditPerson', { description: '監査ログの絞り込みに使う人 (ログイン名・パスワードは含まない)' })
export class AuditPersonModel {
  @Field(() => ID)
  userId!: string;

  @Field(() => String)
  displayName!: string;

  @Field(() => [RoleAssignmentModel], { description: 'いまの役割' })
  roles!: RoleAssignmentModel[];

  @Field(() => Boolean, { description: '無効化されている' })
  disabled!: boolean;
}
