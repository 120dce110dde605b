import { describe, expect, it } from 'vitest';
import type { JsonObject } from './json.js';
import type { EvaluationEvent } from '../evaluation/types.js';
import type { UserEvent } from '../user/user.js';
import type { FiscalYearEvent } from '../fiscal-year/fiscal-year.js';
import type { CatalogueEvent } from '../catalogue/catalogue.js';
import { testEvents } from '../testing/events.js';

// Compile-time: event data must be appendable as the store's JSON without casts (typecheck fails otherwise).
type Appendable<E extends { data: unknown }> = E['data'] extends JsonObject ? true : false;
const evaluation: Appendable<EvaluationEvent> = true;
const user: Appendable<UserEvent> = true;
const fiscalYear: Appendable<FiscalYearEvent> = true;
// The catalogue events embed @hyoka/catalogue's interfaces (PlanCatalogue, ImplementationItem): JSON at runtime,
// but the API casts them (`as unknown as JsonObject`).
const catalogue: Appendable<CatalogueEvent> = false;

describe('event data is plain JSON', () => {
  it('type-level checks hold', () => {
    expect([evaluation, user, fiscalYear, catalogue]).toEqual([true, true, true, false]);
  });

  it('an event survives a JSON round trip unchanged', () => {
    const event = testEvents.finalized({ overallGrade: 'B', reason: '聞き取り' });
    expect(JSON.parse(JSON.stringify(event))).toEqual(event);
  });
});
