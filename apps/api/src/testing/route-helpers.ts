import type { Browser } from './graphql-client.js';
import { APPROVE, FINALIZE, FORWARD, SAVE_SELF_EVALUATION, SET_TARGET, SUBMIT, newCommandId } from './operations.js';

export interface People {
  staff: Browser;
  chair: Browser;
  secretaryGeneral: Browser;
  committee: Browser;
}

type Evaluation = Record<string, any>;

export async function act(
  who: Browser,
  operation: string,
  itemId: string,
  fiscalYear: number,
  input: Record<string, unknown>,
): Promise<Evaluation> {
  const data = await who.run(operation, { input: { itemId, fiscalYear, commandId: newCommandId(), ...input } });
  return Object.values(data)[0] as Evaluation;
}

/** 作成中 with a 定量 target and a complete self-evaluation (actual 4 of 4 → A), not submitted. */
export async function draft(staff: Browser, itemId: string, fiscalYear: number): Promise<Evaluation> {
  let e = await act(staff, SET_TARGET, itemId, fiscalYear, {
    expectedVersion: null,
    kind: 'quantitative',
    target: '4',
    unit: '回',
    direction: 'higherIsBetter',
  });
  e = await act(staff, SAVE_SELF_EVALUATION, itemId, fiscalYear, {
    expectedVersion: e.version,
    actual: '4',
    qualitativeGrade: 'A',
    actualStage: '実施',
    plannedStageReached: true,
    narrative: { achievements: '計画どおり実施した' },
  });
  return e;
}

export async function submitted(staff: Browser, itemId: string, fiscalYear: number): Promise<Evaluation> {
  const e = await draft(staff, itemId, fiscalYear);
  return act(staff, SUBMIT, itemId, fiscalYear, { expectedVersion: e.version });
}

/** Takes an item through the whole route to 確定 (final grade A). */
export async function finalized(people: People, itemId: string, fiscalYear: number): Promise<Evaluation> {
  let e = await submitted(people.staff, itemId, fiscalYear);
  e = await act(people.chair, APPROVE, itemId, fiscalYear, { expectedVersion: e.version });
  e = await act(people.secretaryGeneral, FORWARD, itemId, fiscalYear, { expectedVersion: e.version, proposedGrade: 'A' });
  return act(people.committee, FINALIZE, itemId, fiscalYear, {
    expectedVersion: e.version,
    overallGrade: 'A',
    rationale: '聞き取りで確認した',
  });
}
