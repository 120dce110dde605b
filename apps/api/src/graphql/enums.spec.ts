import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { EVALUATION_COMMAND_TYPES, EVALUATION_STATUSES, ROUTE, ROUTE_ACTIONS } from '@hyoka/domain';
import { buildSchema, type GraphQLEnumType } from 'graphql';
import { describe, expect, it } from 'vitest';

// The committed schema (which schema.spec.ts proves is what the code generates) against the domain's route table:
// the GraphQL enums are the domain's constants, never a copy that could fall behind a new stage or move.
const schema = buildSchema(readFileSync(fileURLToPath(new URL('../../schema.graphql', import.meta.url)), 'utf8'));
const valuesOf = (name: string) => (schema.getType(name) as GraphQLEnumType).getValues().map((v) => v.name).sort();

describe('GraphQL enums follow the route table', () => {
  it('EvaluationStage has every stage of ROUTE', () => {
    expect(valuesOf('EvaluationStage')).toEqual(ROUTE.map((row) => row.stage).sort());
    expect(valuesOf('EvaluationStage')).toEqual([...EVALUATION_STATUSES].sort());
  });

  it('RouteAction has every move the route records, including each forward move of ROUTE', () => {
    expect(valuesOf('RouteAction')).toEqual([...ROUTE_ACTIONS].sort());
    for (const row of ROUTE) if (row.forward?.action) expect(valuesOf('RouteAction')).toContain(row.forward.action);
  });

  it('EvaluationAction has every evaluation command, including each forward command of ROUTE', () => {
    expect(valuesOf('EvaluationAction')).toEqual([...EVALUATION_COMMAND_TYPES].sort());
    for (const row of ROUTE) if (row.forward) expect(valuesOf('EvaluationAction')).toContain(row.forward.command);
  });
});
