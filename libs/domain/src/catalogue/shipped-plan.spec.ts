import { describe, expect, it } from 'vitest';
import { FISCAL_YEARS, loadPlanCatalogue } from '@hyoka/catalogue';
import { SYSTEM_ACTOR } from '../shared/roles.js';
import { TEST_NOW } from '../testing/fixtures.js';
import { catalogueProblems, decideCatalogue, foldCatalogue, initialCatalogueState, itemContext } from './catalogue.js';

// The catalogue shipped by @hyoka/catalogue must import through the domain and give every evaluation its context.
describe('the shipped plan catalogue', () => {
  const catalogue = loadPlanCatalogue();

  it('passes the import check', () => {
    expect(catalogueProblems(catalogue)).toEqual([]);
  });

  it('imports, and every item of every year has an owning 部 and 推進会議', () => {
    const events = decideCatalogue({ type: 'ImportPlanCatalogue', data: { catalogue } }, initialCatalogueState(), { actor: SYSTEM_ACTOR, now: TEST_NOW });
    const state = foldCatalogue(events);
    expect(catalogue.items.length).toBeGreaterThan(0);
    for (const item of catalogue.items) {
      for (const year of FISCAL_YEARS) {
        const context = itemContext(state, item.id, year);
        expect(['general-affairs', 'community-welfare', 'livelihood-support']).toContain(context.owningDepartmentId);
      }
    }
  });
});
