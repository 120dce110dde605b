import { describe, expect, it } from 'vitest';
import { ForbiddenError, NotFoundError, ValidationError } from '../shared/errors.js';
import type { Actor } from '../shared/roles.js';
import { specFor } from '../testing/spec.js';
import { TEST_NOW, testActors, testItem } from '../testing/fixtures.js';
import {
  decideAssignment,
  evolveAssignment,
  foldAssignment,
  initialAssignmentState,
  type AssignItem,
  type AssignmentCommand,
  type AssignmentContext,
  type AssignmentEvent,
  type AssignmentMode,
  type AssignmentState,
} from './assignment.js';

const spec = specFor<AssignmentCommand, AssignmentState, AssignmentEvent, AssignmentContext>({
  decide: decideAssignment,
  evolve: evolveAssignment,
  initialState: initialAssignmentState,
});

const disabledStaff: Actor = { userId: 'u-staff-gone', displayName: '退職 担当', roles: [{ role: 'Staff', departmentId: 'general-affairs' }], disabled: true };
const directory = new Map<string, Actor>(
  [testActors.staff, testActors.otherStaff, testActors.staffOfOtherDepartment, testActors.head, disabledStaff].map((a) => [a.userId, a]),
);
const as = (actor: Actor): AssignmentContext => ({ actor, now: TEST_NOW, item: testItem, people: directory });
const assign = (assignees: string[], mode: AssignmentMode = 'REPLACE'): AssignItem => ({ type: 'AssignItem', data: { itemId: 'I-001', assignees, mode } });
const changed = (assignees: string[], added: string[], removed: string[]): AssignmentEvent => ({
  type: 'ItemAssigneesChanged',
  data: { itemId: 'I-001', assignees, added, removed, by: 'u-head', actingAs: 'DepartmentHead@general-affairs', at: TEST_NOW },
});

describe('assignment: nobody assigned', () => {
  it('the 部長 of the owning 部 assigns two of its staff', () => {
    spec.given([]).when(assign(['u-staff', 'u-staff-2']), as(testActors.head)).then([changed(['u-staff', 'u-staff-2'], ['u-staff', 'u-staff-2'], [])]);
  });

  it('a person named twice is assigned once', () => {
    spec.given([]).when(assign(['u-staff', 'u-staff'], 'ADD'), as(testActors.head)).then([changed(['u-staff'], ['u-staff'], [])]);
  });

  it.each([
    ['staff of the 部', testActors.staff],
    ['the 部長 of another 部', testActors.headOfOtherDepartment],
    ['a manager', testActors.manager],
    ['the administrator', testActors.admin],
  ])('%s may not assign', (_name, actor) => {
    spec.given([]).when(assign(['u-staff']), as(actor)).thenThrows(ForbiddenError, /担当者の割り当て/);
  });

  it('refuses a person who is not staff of the item’s 部, a disabled one and an unknown one, in Japanese', () => {
    spec.given([]).when(assign(['u-staff-cw']), as(testActors.head)).thenThrows(ValidationError, /「地域福祉 担当」は.+の担当職員ではないため/);
    spec.given([]).when(assign(['u-head']), as(testActors.head)).thenThrows(ValidationError, /担当職員ではない/);
    spec.given([]).when(assign(['u-staff-gone']), as(testActors.head)).thenThrows(ValidationError, /無効化されているため担当者にできません/);
    spec.given([]).when(assign(['u-nobody']), as(testActors.head)).thenThrows(NotFoundError, /ユーザー「u-nobody」が見つかりません/);
  });

  it('refuses malformed input: no one to add, a bad mode, another item, too many people', () => {
    spec.given([]).when(assign([], 'ADD'), as(testActors.head)).thenThrows(ValidationError, /「担当者」を1人以上選んでください/);
    spec.given([]).when(assign(['u-staff'], 'MOVE' as AssignmentMode), as(testActors.head)).thenThrows(ValidationError, /割り当て方法/);
    spec
      .given([])
      .when({ type: 'AssignItem', data: { itemId: 'I-002', assignees: ['u-staff'], mode: 'ADD' } }, as(testActors.head))
      .thenThrows(ValidationError, /一致しません/);
    const many = Array.from({ length: 21 }, (_, i) => `u-${i}`);
    spec.given([]).when(assign(many), as(testActors.head)).thenThrows(ValidationError, /20人まで/);
  });

  it('REPLACE with nobody records nothing', () => {
    spec.given([]).when(assign([]), as(testActors.head)).thenNothing();
  });
});

describe('assignment: someone assigned', () => {
  const given = [changed(['u-staff'], ['u-staff'], [])];

  it('ADD keeps who is there and adds; adding someone already there records nothing', () => {
    spec.given(given).when(assign(['u-staff-2'], 'ADD'), as(testActors.head)).then([changed(['u-staff', 'u-staff-2'], ['u-staff-2'], [])]);
    spec.given(given).when(assign(['u-staff'], 'ADD'), as(testActors.head)).thenNothing();
  });

  it('REPLACE names who leaves and who joins', () => {
    spec.given(given).when(assign(['u-staff-2']), as(testActors.head)).then([changed(['u-staff-2'], ['u-staff-2'], ['u-staff'])]);
  });

  it('REMOVE takes a person off, even one disabled since', () => {
    const withGone = [changed(['u-staff', 'u-staff-gone'], ['u-staff', 'u-staff-gone'], [])];
    spec.given(withGone).when(assign(['u-staff-gone'], 'REMOVE'), as(testActors.head)).then([changed(['u-staff'], [], ['u-staff-gone'])]);
    spec.given(given).when(assign(['u-staff-2'], 'REMOVE'), as(testActors.head)).thenNothing();
  });

  it('the state is the last full list', () => {
    expect(foldAssignment([...given, changed(['u-staff-2'], ['u-staff-2'], ['u-staff'])])).toEqual({ assignees: ['u-staff-2'] });
  });
});
