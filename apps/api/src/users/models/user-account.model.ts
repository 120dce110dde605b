import { Field, ID, ObjectType } from '@nestjs/graphql';
import { RoleAssignmentModel } from '../../auth/models/viewer.model.js';
import { CommitteeOffice } from '../../graphql/enums.js';

@ObjectType('UserAccount', { description: '利用者 (管理者の利用者一覧。パスワードは含まない)' })
export class UserAccountModel {
  @Field(() => ID)
  userId!: string;

  @Field(() => String)
  loginName!: string;

  @Field(() => String)
  displayName!: string;

  @Field(() => [RoleAssignmentModel], { description: 'いまの役割 (担当職員・部長は部ごと)' })
  roles!: RoleAssignmentModel[];

  @Field(() => String, { nullable: true, description: '通知メールの宛先 (未設定は null)' })
  email!: string | null;

  @Field(() => CommitteeOffice, { nullable: true, description: '評価検証委員の役職 (理事・評議員・監事。未設定は null)' })
  committeeOffice!: CommitteeOffice | null;

  @Field(() => Boolean, { description: '無効化されている' })
  disabled!: boolean;
}
