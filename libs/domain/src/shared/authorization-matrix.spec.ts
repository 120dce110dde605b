import { describe, expect, it } from 'vitest';
import { ASSIGNMENT_COMMAND_TYPES, decideAssignment, initialAssignmentState, type AssignmentCommand } from '../assignment/assignment.js';
import { decideCatalogue, initialCatalogueState, CATALOGUE_COMMAND_TYPES, type CatalogueCommand } from '../catalogue/catalogue.js';
import { decideEvaluation } from '../evaluation/decide.js';
import { foldEvaluation } from '../evaluation/evolve.js';
import { EVALUATION_COMMAND_TYPES, EVALUATION_STATUSES, type EvaluationCommandType, type EvaluationStatus } from '../evaluation/types.js';
import { decideFiscalYear, initialFiscalYearState, FISCAL_YEAR_COMMAND_TYPES, type FiscalYearCommand } from '../fiscal-year/fiscal-year.js';
import { testEventsFor, testEventsToStage } from '../testing/events.js';
import { evaluationContext, testCommitteeSession, testItem, TEST_NOW } from '../testing/fixtures.js';
import { decideMeeting, initialMeetingState, MEETING_COMMAND_TYPES, type MeetingCommand } from '../meeting/meeting.js';
import { sampleCommand } from '../testing/route-table.js';
import { decideUser, USER_COMMAND_TYPES, type UserCommand, type UserState } from '../user/user.js';
import { ForbiddenError, IllegalTransitionError } from './errors.js';
import { authorize, PERMISSIONS, type Principal } from './permissions.js';
import { ROLES, SYSTEM_ACTOR, type Actor, type Role } from './roles.js';

/**
 * The authorization matrix, generated from the policy table: every operation × every principal × the item's 部 being
 * the person's own or another × every stage. What the table says is computed here from PERMISSIONS' rows (anything no
 * row allows is denied); `authorize` and each aggregate's `decide` must agree with it cell by cell.
 */
const DOMAIN_COMMAND_TYPES: readonly string[] = [
  ...EVALUATION_COMMAND_TYPES,
  ...USER_COMMAND_TYPES,
  ...CATALOGUE_COMMAND_TYPES,
  ...FISCAL_YEAR_COMMAND_TYPES,
  ...ASSIGNMENT_COMMAND_TYPES,
  ...MEETING_COMMAND_TYPES,
];
const PRINCIPALS: readonly Principal[] = [...ROLES, 'System', 'Self'];
const RELATIONS = ['own', 'other'] as const;
type Relation = (typeof RELATIONS)[number];
type Verdict = 'allowed' | 'FORBIDDEN' | 'ILLEGAL_TRANSITION';

const OWN = testItem.owningDepartmentId; // general-affairs
const OTHER = 'community-welfare';
const SUBJECT = 'u-subject';

/** What the table says for one cell, read straight off its rows. */
function tableSays(operation: string, principal: Principal, relation: Relation, stage: EvaluationStatus): Verdict {
  const rules = Object.hasOwn(PERMISSIONS, operation) ? PERMISSIONS[operation as keyof typeof PERMISSIONS] : [];
  const mine = rules.filter((rule) => rule.principal === principal && (!('department' in rule) || relation === 'own'));
  if (mine.length === 0) return 'FORBIDDEN';
  return mine.some((rule) => !('stages' in rule) || (rule.stages as readonly string[]).includes(stage)) ? 'allowed' : 'ILLEGAL_TRANSITION';
}

/** One person holding only `principal` (a role held for their own or the other 部 where roles carry one). */
function actorFor(principal: Principal, relation: Relation): Actor {
  if (principal === 'System') return SYSTEM_ACTOR;
  if (principal === 'Self') return { userId: SUBJECT, displayName: '本人', roles: [] };
  const role = principal as Role;
  const departmentId = role === 'Staff' || role === 'DepartmentHead' ? (relation === 'own' ? OWN : OTHER) : null;
  return { userId: `u-${role}-${relation}`, displayName: role, roles: [{ role, departmentId }] };
}

/** The user a user command is about: registered and active (so `Self` can be the subject). */
const subjectState: UserState = {
  status: 'Active',
  userId: SUBJECT,
  loginName: 'subject',
  displayName: '対象者',
  passwordHash: '$argon2id$v=19$m=19456,t=2,p=1$c2FsdHNhbHRzYWx0$aGFzaGhhc2hoYXNoaGFzaGhhc2hoYXNo',
  roles: [{ role: 'Staff', departmentId: OWN }],
};

/** What decide does with the cell: the events, or the refusal's code. Data refusals of allowed people count as allowed. */
function decideSays(operation: string, actor: Actor, stage: EvaluationStatus): Verdict {
  try {
    if ((EVALUATION_COMMAND_TYPES as readonly string[]).includes(operation)) {
      const command = sampleCommand(operation as EvaluationCommandType, stage);
      // the committee decides in its open session, with this person present
      const session = testCommitteeSession({ invited: [actor.userId], present: [actor.userId] });
      const events = decideEvaluation(command, foldEvaluation(testEventsFor(operation, stage)), evaluationContext(actor, { session }));
      // an allowed evaluation command with a valid sample records its move (SetTarget of the same target: nothing)
      if (!Array.isArray(events)) throw new Error('decide returned no event list');
      return 'allowed';
    }
    const ctx = { actor, now: TEST_NOW };
    if ((USER_COMMAND_TYPES as readonly string[]).includes(operation)) decideUser({ type: operation, data: {} } as UserCommand, subjectState, ctx);
    else if ((CATALOGUE_COMMAND_TYPES as readonly string[]).includes(operation)) decideCatalogue({ type: operation, data: {} } as CatalogueCommand, initialCatalogueState(), ctx);
    else if ((FISCAL_YEAR_COMMAND_TYPES as readonly string[]).includes(operation)) decideFiscalYear({ type: operation, data: {} } as FiscalYearCommand, initialFiscalYearState(), ctx);
    else if ((ASSIGNMENT_COMMAND_TYPES as readonly string[]).includes(operation)) {
      const command = { type: operation, data: { itemId: testItem.id, assignees: [], mode: 'REPLACE' } } as AssignmentCommand;
      decideAssignment(command, initialAssignmentState(), { ...ctx, item: testItem, people: new Map() });
    } else if ((MEETING_COMMAND_TYPES as readonly string[]).includes(operation)) {
      decideMeeting({ type: operation, data: {} } as MeetingCommand, initialMeetingState(), { ...ctx, people: new Map() });
    }
    else throw new Error(`no decide for ${operation}`);
    return 'allowed';
  } catch (error) {
    if (error instanceof ForbiddenError) return 'FORBIDDEN';
    // administrative commands have no stages: past authorization, any refusal is about the (empty) sample data
    if (error instanceof IllegalTransitionError && (EVALUATION_COMMAND_TYPES as readonly string[]).includes(operation)) return 'ILLEGAL_TRANSITION';
    if ((EVALUATION_COMMAND_TYPES as readonly string[]).includes(operation)) throw error;
    return 'allowed';
  }
}

const cells = DOMAIN_COMMAND_TYPES.flatMap((operation) =>
  PRINCIPALS.flatMap((principal) =>
    RELATIONS.flatMap((relation) => EVALUATION_STATUSES.map((stage) => ({ operation, principal, relation, stage }))),
  ),
);

describe(`authorization matrix: ${DOMAIN_COMMAND_TYPES.length} operations × ${PRINCIPALS.length} principals × own/other 部 × ${EVALUATION_STATUSES.length} stages = ${cells.length} cells`, () => {
  it('every domain command has a policy, and every policy names a domain command', () => {
    const rulesOf = (type: string): readonly unknown[] => (Object.hasOwn(PERMISSIONS, type) ? PERMISSIONS[type as keyof typeof PERMISSIONS] : []);
    const missing = DOMAIN_COMMAND_TYPES.filter((type) => rulesOf(type).length === 0);
    expect(missing, 'commands without a row in PERMISSIONS (add one: deny by default means nobody may run them)').toEqual([]);
    expect(Object.keys(PERMISSIONS).filter((type) => !DOMAIN_COMMAND_TYPES.includes(type))).toEqual([]);
    // every rule names a principal that exists and stages that exist
    for (const [type, rules] of Object.entries(PERMISSIONS)) {
      for (const rule of rules) {
        expect(PRINCIPALS, type).toContain(rule.principal);
        for (const stage of rule.stages ?? []) expect(EVALUATION_STATUSES, type).toContain(stage);
      }
    }
  });

  it.each(DOMAIN_COMMAND_TYPES)('%s: authorize and decide agree with the table in every cell', (operation) => {
    const mismatches: string[] = [];
    let allowed = 0;
    for (const cell of cells.filter((c) => c.operation === operation)) {
      const expected = tableSays(cell.operation, cell.principal, cell.relation, cell.stage);
      const actor = actorFor(cell.principal, cell.relation);
      const isEvaluation = (EVALUATION_COMMAND_TYPES as readonly string[]).includes(operation);
      const state = isEvaluation ? foldEvaluation(testEventsToStage[cell.stage]) : undefined;
      // evaluation and assignment commands are about an item, whose owning 部 the table reads
      const aboutItem = isEvaluation || (ASSIGNMENT_COMMAND_TYPES as readonly string[]).includes(operation);
      const result = authorize(actor, operation, state, aboutItem ? testItem : undefined, isEvaluation ? undefined : { userId: SUBJECT });
      const byAuthorize: Verdict = result.allowed ? 'allowed' : result.code;
      const byDecide = decideSays(operation, actor, cell.stage);
      if (expected === 'allowed') allowed += 1;
      if (byAuthorize !== expected || byDecide !== expected) {
        mismatches.push(`${cell.principal} (${cell.relation} 部) at ${cell.stage}: table ${expected}, authorize ${byAuthorize}, decide ${byDecide}`);
      }
      if (!result.allowed) expect(result.reason).toMatch(/[ぁ-んァ-ヶ一-龠]/);
    }
    expect(mismatches).toEqual([]);
    // deny by default: the table allows a minority of cells, and at least one
    expect(allowed).toBeGreaterThan(0);
    expect(allowed).toBeLessThan(cells.filter((c) => c.operation === operation).length / 2);
  });

  it('an operation with no row, or one named like an object property, is denied to everyone at every stage', () => {
    for (const operation of ['DeleteEvaluation', 'DropEverything', 'constructor', '__proto__', 'toString', 'hasOwnProperty', '']) {
      for (const principal of PRINCIPALS) {
        for (const stage of EVALUATION_STATUSES) {
          const result = authorize(actorFor(principal, 'own'), operation, foldEvaluation(testEventsToStage[stage]), testItem, { userId: SUBJECT });
          expect(result, `${operation} by ${principal} at ${stage}`).toMatchObject({ allowed: false, code: 'FORBIDDEN' });
        }
      }
    }
  });

  it('a person holding every role is allowed exactly the union of their roles, and a disabled one nothing', () => {
    const everything: Actor = { userId: 'u-all', roles: ROLES.map((role) => ({ role, departmentId: role === 'Staff' || role === 'DepartmentHead' ? OWN : null })) };
    for (const cell of cells.filter((c) => c.relation === 'own' && (EVALUATION_COMMAND_TYPES as readonly string[]).includes(c.operation))) {
      const anyRole = ROLES.some((role) => tableSays(cell.operation, role, 'own', cell.stage) === 'allowed');
      const state = foldEvaluation(testEventsToStage[cell.stage]);
      expect(authorize(everything, cell.operation, state, testItem).allowed, `${cell.operation} at ${cell.stage}`).toBe(anyRole);
      expect(authorize({ ...everything, disabled: true }, cell.operation, state, testItem)).toMatchObject({ allowed: false, code: 'FORBIDDEN' });
    }
  });
});
