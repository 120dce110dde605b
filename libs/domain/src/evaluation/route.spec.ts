import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { COMMAND_LABELS, PERMISSIONS, authorize } from '../shared/permissions.js';
import { ROLES, type Actor } from '../shared/roles.js';
import { testItem } from '../testing/fixtures.js';
import { testEventsToStage } from '../testing/events.js';
import { foldEvaluation } from './evolve.js';
import {
  EVALUATION_STATUSES,
  FORWARD_COMMANDS,
  RECALLS,
  RETURN_TARGETS,
  ROUTE,
  MAIN_STAGES,
  ROUTE_STAGES,
  STAGE_LABELS,
  routeRow,
  stepOf,
  routeTableMarkdown,
  type EvaluationStatus,
  type RouteActor,
  type RouteRowOf,
} from './route.js';

const rows = ROUTE as readonly RouteRowOf[];

const actorFor = (who: RouteActor, departmentId = testItem.owningDepartmentId): Actor => ({
  userId: `u-${who.principal}`,
  roles: [{ role: who.principal, departmentId: who.department === 'owning' ? departmentId : null }],
});
const stateAt = (stage: EvaluationStatus) => foldEvaluation(testEventsToStage[stage]);

describe('ROUTE, the one table of the route', () => {
  it('lists every state once, NotStarted first, and names only its own stages', () => {
    expect(new Set(EVALUATION_STATUSES).size).toBe(ROUTE.length);
    expect(EVALUATION_STATUSES[0]).toBe('NotStarted');
    expect(ROUTE_STAGES).toEqual(EVALUATION_STATUSES.slice(1));
    for (const row of rows) {
      expect(STAGE_LABELS[row.stage]).toBe(row.label);
      const named = [row.forward?.to, ...row.returns, row.recall?.to, row.reopen?.to].filter((s) => s !== undefined);
      for (const stage of named) expect(ROUTE_STAGES).toContain(stage);
    }
  });

  it('moves forward one main stage at a time (a side stage back to the stage it is beside) and returns only backwards', () => {
    rows.forEach((row, index) => {
      const main = MAIN_STAGES.indexOf(row.stage);
      if (row.forward) expect(row.forward.to).toBe(row.sideOf ?? MAIN_STAGES[main + 1]);
      if (row.side) expect(routeRow(row.side.to).sideOf).toBe(row.stage);
      for (const target of row.returns) expect(EVALUATION_STATUSES.indexOf(target)).toBeLessThan(index);
      if (row.recall) expect(row.recall.to).toBe(row.sideOf ?? MAIN_STAGES[main - 1]);
    });
  });

  it('a side stage is not a step of its own: it shows as the stage it is beside', () => {
    expect(MAIN_STAGES).not.toContain('PlanChangeReview');
    expect(stepOf('PlanChangeReview')).toBe('Draft');
    expect(stepOf('PlanReview')).toBe('PlanReview');
  });

  // Walk the table and check that everything derived from it agrees: permissions (through authorize, as the API uses
  // them), the inbox's forward command, return and recall targets.
  describe.each(rows.map((row) => [row.stage, row] as const))('at %s', (stage, row) => {
    const state = stateAt(stage);

    it('the forward command is the inbox action, and its actor may make it (of the owning 部 only, when scoped)', () => {
      expect(FORWARD_COMMANDS[stage]).toBe(row.forward?.command ?? null);
      if (!row.forward || !row.actor) return;
      expect(authorize(actorFor(row.actor), row.forward.command, state, testItem)).toMatchObject({ allowed: true });
      if (row.actor.department === 'owning') {
        expect(authorize(actorFor(row.actor, 'community-welfare'), row.forward.command, state, testItem)).toMatchObject({ allowed: false, code: 'FORBIDDEN' });
      }
      // nobody else may make it
      for (const role of ROLES.filter((r) => r !== row.actor!.principal)) {
        const other = authorize(actorFor({ principal: role, department: 'owning' }), row.forward.command, state, testItem);
        expect(other.allowed, `${role} ${row.forward.command}`).toBe(false);
      }
    });

    it('the side move is made by its actor (計画変更 by staff of the owning 部)', () => {
      if (!row.side || !row.actor) return;
      expect(authorize(actorFor(row.actor), row.side.command, state, testItem)).toMatchObject({ allowed: true });
      expect(authorize(actorFor(row.actor, 'community-welfare'), row.side.command, state, testItem)).toMatchObject({ allowed: false, code: 'FORBIDDEN' });
    });

    it('return targets, recall and reopen agree with the table and with PERMISSIONS', () => {
      expect(RETURN_TARGETS[stage as keyof typeof RETURN_TARGETS] ?? []).toEqual(row.returns);
      if (row.returns.length > 0) expect(authorize(actorFor(row.actor!), 'ReturnEvaluation', state, testItem)).toMatchObject({ allowed: true });
      expect(RECALLS[stage as keyof typeof RECALLS]?.to).toBe(row.recall?.to);
      if (row.recall) expect(authorize(actorFor(row.recall.by), 'RecallEvaluation', state, testItem)).toMatchObject({ allowed: true });
      if (row.reopen) expect(authorize(actorFor(row.reopen.by), 'ReopenEvaluation', state, testItem)).toMatchObject({ allowed: true });
      for (const who of row.comment) expect(authorize(actorFor(who), 'CommentOnEvaluation', state, testItem)).toMatchObject({ allowed: true });
      for (const who of row.opinion) expect(authorize(actorFor(who), 'AddOpinion', state, testItem)).toMatchObject({ allowed: true });
      for (const who of row.reply) expect(authorize(actorFor(who), 'ReplyToComment', state, testItem)).toMatchObject({ allowed: true });
      if (row.opinion.length === 0) expect(authorize(actorFor({ principal: 'Staff', department: 'owning' }), 'AddOpinion', state, testItem)).toMatchObject({ allowed: false });
    });
  });

  it('every evaluation command has permission rows and a Japanese name', () => {
    for (const row of rows) {
      for (const command of [row.forward?.command, row.side?.command, ...row.edits].filter((c) => c !== undefined)) {
        expect(PERMISSIONS[command].length).toBeGreaterThan(0);
        expect(COMMAND_LABELS[command]).toMatch(/\S/);
      }
    }
  });

  it('docs/design.md shows the table as the code has it', () => {
    const design = readFileSync(fileURLToPath(new URL('../../../../docs/design.md', import.meta.url)), 'utf8');
    const shown = /<!-- route-table:start -->\n([\s\S]*?)\n<!-- route-table:end -->/.exec(design)?.[1];
    expect(shown, 'docs/design.md: regenerate the table between the route-table markers from routeTableMarkdown()').toBe(routeTableMarkdown());
  });
});
