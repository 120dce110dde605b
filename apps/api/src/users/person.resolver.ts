import { Parent, ResolveField, Resolver } from '@nestjs/graphql';
import { COMMITTEE_OFFICE_LABELS } from '@hyoka/domain';
import { PersonModel } from '../common/models/person.model.js';
import { CommitteeOffice } from '../graphql/enums.js';
import { UserDirectory } from './user-directory.js';

/** A person's office on the 評価検証委員会 (理事・評議員・監事), wherever a person is shown: attendee lists above all. */
@Resolver(() => PersonModel)
export class PersonResolver {
  constructor(private readonly users: UserDirectory) {}

  @ResolveField(() => CommitteeOffice, { nullable: true, description: '評価検証委員の役職 (記録されていれば)' })
  committeeOffice(@Parent() person: PersonModel): CommitteeOffice | null {
    return this.users.officeOf(person.userId);
  }

  @ResolveField(() => String, { nullable: true, description: '評価検証委員の役職の表示 (理事・評議員・監事)' })
  committeeOfficeLabel(@Parent() person: PersonModel): string | null {
    const office = this.users.officeOf(person.userId);
    return office ? COMMITTEE_OFFICE_LABELS[office] : null;
  }
}
