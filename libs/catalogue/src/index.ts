import plan from '../data/plan.json' with { type: 'json' };
import type { PlanCatalogue } from './types.js';

export * from './types.js';
export {
  CatalogueLookupError,
  catalogueCounts,
  divisionOfItem,
  findDivision,
  findItem,
  listingsOfItem,
  owningDepartmentOfItem,
  promotionMeetingForDivision,
  validateCatalogue,
} from './catalogue.js';
export type { CatalogueCounts, CatalogueProblem, ListingLocation, PromotionMeetingOverrides } from './catalogue.js';
export { normaliseText } from './normalise.js';

/**
 * The plan catalogue shipped with the product (data/plan.json, extracted from the plan document).
 * Each call returns a fresh copy, so a caller may change it freely.
 */
export function loadPlanCatalogue(): PlanCatalogue {
  return structuredClone(plan as unknown as PlanCatalogue);
}
