import { MAIN_STAGES, ROUTE_STAGES, STAGE_LABELS, isRouteStage, stepOf } from '@hyoka/domain';
import { cleanup, screen, within } from '@testing-library/vue';
import { afterEach, describe, expect, it } from 'vitest';
import type { EvaluationFieldsFragment } from '../gql/generated.js';
import { renderComponent } from '../testing/render-page.js';
import RouteStepper from './RouteStepper.vue';

/** Only what the stepper reads: where the evaluation stands and how it got there. */
const at = (stage: EvaluationFieldsFragment['stage']) => ({ stage, route: [] }) as unknown as EvaluationFieldsFragment;

describe('RouteStepper', () => {
  afterEach(cleanup);

  // The stepper is the route table as people see it: one step per main stage of the domain's ROUTE, in its order, with
  // the stage's Japanese name (docs/design.md "The route"); a side stage (計画変更承認待ち) shows as the step it is beside.
  const steps = MAIN_STAGES.filter(isRouteStage);
  it.each(ROUTE_STAGES)('shows every step of the route in order, %s as the current one', (stage) => {
    renderComponent(RouteStepper, { props: { evaluation: at(stage) } });
    const shown = within(screen.getByRole('list', { name: '評価ルート' })).getAllByRole('listitem');
    expect(shown.map((li) => li.querySelector('.name')?.textContent)).toEqual(steps.map((s) => STAGE_LABELS[s]));
    expect(shown.map((li) => li.getAttribute('aria-current'))).toEqual(steps.map((s) => (s === stepOf(stage) ? 'step' : null)));
  });

  it('has no step of its own for a plan change awaiting approval', () => {
    expect(steps).not.toContain('PlanChangeReview');
    expect(stepOf('PlanChangeReview')).toBe('Draft');
  });
});
