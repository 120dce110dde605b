import { describe, expect, it } from 'vitest';
import { MEETING_COMMAND_TYPES } from '../meeting/meeting.js';
import { authorize, canRead, KEEP_WITHIN_DEPARTMENT, mayDoSomewhere, mayEverDo, PERMISSIONS, readsAnyDepartment, readsEveryDepartment, SHARE_FINALIZED } from './permissions.js';
import { ASSIGNMENT_COMMAND_TYPES } from '../assignment/assignment.js';
import { SYSTEM_ACTOR, type Actor } from './roles.js';
import { testActors, testItem } from '../testing/fixtures.js';
import { testEventsToStage } from '../testing/events.js';
import { foldEvaluation } from '../evaluation/evolve.js';
import { EVALUATION_COMMAND_TYPES, EVALUATION_STATUSES } from '../evaluation/types.js';
import { DESIGN_ROUTE_TABLE as ROUTE_TABLE, type TestActorName } from '../testing/route-table.js';

type Name = TestActorName;
const actors = Object.entries(testActors) as [Name, Actor][];

describe('permissions: the evaluation route table', () => {
  it('covers every evaluation command', () => {
    expect(Object.keys(ROUTE_TABLE).sort()).toEqual([...EVALUATION_COMMAND_TYPES].sort());
    for (const type of EVALUATION_COMMAND_TYPES) expect(PERMISSIONS[type].length).toBeGreaterThan(0);
  });

  const cases = EVALUATION_COMMAND_TYPES.flatMap((command) =>
    EVALUATION_STATUSES.flatMap((status) => actors.map(([name, actor]) => ({ command, status, name, actor }))),
  );

  it.each(cases)('$command at $status by $name', ({ command, status, name, actor }) => {
    const state = foldEvaluation(testEventsToStage[status]);
    const result = authorize(actor, command, state, testItem);
    const allowed = ROUTE_TABLE[command][status]?.includes(name) ?? false;
    expect(result.allowed).toBe(allowed);
    if (!result.allowed) {
      // right person at the wrong stage → ILLEGAL_TRANSITION; a person who may never do it here → FORBIDDEN
      const everAllowed = Object.values(ROUTE_TABLE[command]).some((names) => names.includes(name));
      expect(result.code).toBe(everAllowed ? 'ILLEGAL_TRANSITION' : 'FORBIDDEN');
      expect(result.reason).toMatch(/[ぁ-んァ-ヶ一-龠]/);
    }
  });

  it.each(EVALUATION_COMMAND_TYPES.flatMap((command) => actors.map(([name, actor]) => ({ command, name, actor }))))(
    'mayEverDo: $command by $name is FORBIDDEN exactly when no stage would allow it',
    ({ command, name, actor }) => {
      const everAllowed = Object.values(ROUTE_TABLE[command]).some((names) => names.includes(name));
      const result = mayEverDo(actor, command, testItem);
      expect(result.allowed).toBe(everAllowed);
      if (!result.allowed) {
        expect(result.code).toBe('FORBIDDEN');
        // the same words as authorize gives, at any stage
        expect(result).toEqual(authorize(actor, command, foldEvaluation(testEventsToStage.Draft), testItem));
      }
    },
  );

  it('names the role and 部 acted as', () => {
    const draft = foldEvaluation(testEventsToStage.Draft);
    expect(authorize(testActors.staff, 'SubmitEvaluation', draft, testItem)).toEqual({ allowed: true, actingAs: 'Staff@general-affairs' });
    const managers = foldEvaluation(testEventsToStage.ManagersMeetingReview);
    expect(authorize(testActors.head, 'CommentOnEvaluation', managers, testItem)).toEqual({ allowed: true, actingAs: 'Manager' });
  });

  it('follows the item: the chair of 地域福祉部 approves a 地域福祉推進部門 item, the 総務部長 may not', () => {
    const item = { ...testItem, divisionId: 'community-welfare', owningDepartmentId: 'community-welfare', owningDepartmentName: '地域福祉部', promotionMeetingId: 'community-welfare-meeting' };
    const state = foldEvaluation(testEventsToStage.PromotionMeetingReview);
    expect(authorize(testActors.headOfOtherDepartment, 'ApproveEvaluation', state, item).allowed).toBe(true);
    expect(authorize(testActors.head, 'ApproveEvaluation', state, item)).toMatchObject({ allowed: false, code: 'FORBIDDEN', reason: expect.stringContaining('地域福祉部の担当') });
  });

  it('denies by default: unknown commands, people with no roles, disabled people', () => {
    const state = foldEvaluation(testEventsToStage.PromotionMeetingReview);
    expect(authorize(testActors.admin, 'DropEverything', state, testItem)).toMatchObject({ allowed: false, code: 'FORBIDDEN' });
    expect(authorize(testActors.head, 'toString', state, testItem)).toMatchObject({ allowed: false, code: 'FORBIDDEN' });
    expect(authorize({ userId: 'nobody', roles: [] }, 'ApproveEvaluation', state, testItem)).toMatchObject({ allowed: false, code: 'FORBIDDEN' });
    expect(authorize({ ...testActors.head, disabled: true }, 'ApproveEvaluation', state, testItem)).toMatchObject({ allowed: false, code: 'FORBIDDEN' });
    expect(authorize(SYSTEM_ACTOR, 'ApproveEvaluation', state, testItem)).toMatchObject({ allowed: false, code: 'FORBIDDEN' });
  });
});

/** Who may issue the administrative commands (users, roles, catalogue, fiscal years). */
const ADMIN_TABLE: Record<string, (Name | 'system' | 'self')[]> = {
  RegisterUser: ['admin', 'system'],
  GrantRole: ['admin', 'system'],
  RevokeRole: ['admin'],
  DisableUser: ['admin'],
  EnableUser: ['admin'],
  ChangePassword: ['admin', 'self'],
  ChangeUserEmail: ['admin', 'self', 'system'],
  ChangeNotificationPreferences: ['admin', 'self'],
  ImportPlanCatalogue: ['admin', 'system'],
  ChangeItemSchedule: ['admin'],
  AddItem: ['admin'],
  RetireItem: ['admin'],
  RenameItem: ['admin'],
  OpenPlanPeriod: ['admin'],
  ...Object.fromEntries(
    ['AddDivision', 'RenameDivision', 'RetireDivision', 'AddTopic', 'RenameTopic', 'MoveTopic', 'RetireTopic', 'AddTheme', 'RenameTheme', 'MoveTheme', 'RetireTheme', 'ChangeThemeTexts', 'MoveItem', 'AddListing', 'RemoveListing'].map(
      (command) => [command, ['admin']],
    ),
  ),
  AddDepartment: ['admin'],
  RenameDepartment: ['admin'],
  RetireDepartment: ['admin'],
  AddReviewBody: ['admin'],
  ChangeReviewBody: ['admin'],
  RetireReviewBody: ['admin'],
  RemapDivision: ['admin', 'system'],
  OpenFiscalYear: ['admin', 'system'],
  SetDueDates: ['admin'],
  SetCommitteeOffice: ['admin'],
};

describe('permissions: administration', () => {
  it('the table holds exactly the evaluation and the administrative commands', () => {
    expect(Object.keys(PERMISSIONS).sort()).toEqual([...EVALUATION_COMMAND_TYPES, ...Object.keys(ADMIN_TABLE), ...ASSIGNMENT_COMMAND_TYPES, ...MEETING_COMMAND_TYPES].sort());
  });

  const cases = Object.keys(ADMIN_TABLE).flatMap((command) => [
    ...actors.map(([name, actor]) => ({ command, name: name as Name | 'system' | 'self', actor, subject: 'someone-else' })),
    { command, name: 'system' as const, actor: SYSTEM_ACTOR, subject: 'someone-else' },
    { command, name: 'self' as const, actor: testActors.staff, subject: testActors.staff.userId },
  ]);

  it.each(cases)('$command by $name', ({ command, name, actor, subject }) => {
    const result = authorize(actor, command, undefined, undefined, { userId: subject });
    expect(result.allowed).toBe(ADMIN_TABLE[command]!.includes(name));
    if (!result.allowed) expect(result.code).toBe('FORBIDDEN');
  });

  it('an Admin holds no evaluation command', () => {
    for (const command of EVALUATION_COMMAND_TYPES) {
      for (const status of EVALUATION_STATUSES) {
        expect(authorize(testActors.admin, command, foldEvaluation(testEventsToStage[status]), testItem).allowed).toBe(false);
      }
    }
  });
});

describe('permissions: reading evaluations', () => {
  const READERS: Record<Name, boolean> = {
    staff: true,
    otherStaff: true,
    staffOfOtherDepartment: false,
    head: true,
    headOfOtherDepartment: true, // as a Manager (課長級以上)
    manager: true,
    secretaryGeneral: true,
    committee: true,
    auditor: true,
    admin: false,
  };
  const draft = { owningDepartmentId: testItem.owningDepartmentId, status: 'Draft' } as const;
  const final = { owningDepartmentId: testItem.owningDepartmentId, status: 'Finalized' } as const;
  it.each(actors)('%s: unfinished work of the 部 (either setting)', (name, actor) => {
    expect(canRead(actor, draft, SHARE_FINALIZED)).toBe(READERS[name]);
    expect(canRead(actor, draft, KEEP_WITHIN_DEPARTMENT)).toBe(READERS[name]);
    expect(canRead(actor, { ...draft, status: null }, SHARE_FINALIZED)).toBe(READERS[name]);
  });
  it('a DepartmentHead who is not a Manager reads only the own 部', () => {
    const head: Actor = { userId: 'h', roles: [{ role: 'DepartmentHead', departmentId: 'community-welfare' }] };
    expect(canRead(head, draft, SHARE_FINALIZED)).toBe(false);
    expect(canRead(head, { owningDepartmentId: 'community-welfare', status: 'Draft' }, KEEP_WITHIN_DEPARTMENT)).toBe(true);
    expect(canRead({ ...testActors.auditor, disabled: true }, draft, SHARE_FINALIZED)).toBe(false);
  });
  it('全職員で共有: a finalised evaluation is read by every staff member when shared, by its 部 only when not', () => {
    const head: Actor = { userId: 'h', roles: [{ role: 'DepartmentHead', departmentId: 'community-welfare' }] };
    for (const status of EVALUATION_STATUSES) {
      const shared = status === 'Finalized';
      expect(canRead(testActors.staffOfOtherDepartment, { ...draft, status }, SHARE_FINALIZED), status).toBe(shared);
      expect(canRead(head, { ...draft, status }, SHARE_FINALIZED), status).toBe(shared);
      expect(canRead(testActors.staffOfOtherDepartment, { ...draft, status }, KEEP_WITHIN_DEPARTMENT), status).toBe(false);
    }
    // the administrator reads no evaluation, shared or not; a disabled person nothing
    expect(canRead(testActors.admin, final, SHARE_FINALIZED)).toBe(false);
    expect(canRead({ ...testActors.staffOfOtherDepartment, disabled: true }, final, SHARE_FINALIZED)).toBe(false);
  });
});

describe('permissions: 担当者 and what a menu may offer', () => {
  it.each(actors)('AssignItem on a 総務部 item by %s', (name, actor) => {
    expect(authorize(actor, 'AssignItem', undefined, testItem).allowed).toBe(name === 'head');
  });

  const MENU: Record<Name, { bulkApproval: boolean; forward: boolean; assign: boolean; anyDepartment: boolean; everyDepartment: boolean }> = {
    staff: { bulkApproval: false, forward: false, assign: false, anyDepartment: true, everyDepartment: false },
    otherStaff: { bulkApproval: false, forward: false, assign: false, anyDepartment: true, everyDepartment: false },
    staffOfOtherDepartment: { bulkApproval: false, forward: false, assign: false, anyDepartment: true, everyDepartment: false },
    head: { bulkApproval: true, forward: false, assign: true, anyDepartment: true, everyDepartment: true },
    headOfOtherDepartment: { bulkApproval: true, forward: false, assign: true, anyDepartment: true, everyDepartment: true },
    manager: { bulkApproval: false, forward: false, assign: false, anyDepartment: true, everyDepartment: true },
    secretaryGeneral: { bulkApproval: false, forward: true, assign: false, anyDepartment: true, everyDepartment: true },
    committee: { bulkApproval: false, forward: false, assign: false, anyDepartment: true, everyDepartment: true },
    auditor: { bulkApproval: false, forward: false, assign: false, anyDepartment: true, everyDepartment: true },
    admin: { bulkApproval: false, forward: false, assign: false, anyDepartment: false, everyDepartment: false },
  };
  it.each(actors)('%s', (name, actor) => {
    expect({
      bulkApproval: mayDoSomewhere(actor, 'ApproveEvaluation', 'PromotionMeetingReview'),
      forward: mayDoSomewhere(actor, 'ForwardToCommittee'),
      assign: mayDoSomewhere(actor, 'AssignItem'),
      anyDepartment: readsAnyDepartment(actor),
      everyDepartment: readsEveryDepartment(actor),
    }).toEqual(MENU[name]);
    expect(mayDoSomewhere({ ...actor, disabled: true }, 'AssignItem')).toBe(false);
  });
});
