import { ROUTE_STAGES, STAGE_LABELS } from '@hyoka/domain';
import { cleanup, screen, within } from '@testing-library/vue';
import { afterEach, describe, expect, it } from 'vitest';
import type { EvaluationFieldsFragment } from '../gql/generated.js';
import { renderComponent } from '../testing/render-page.js';
import RouteStepper from './RouteStepper.vue';

/** Only what the stepper reads: where the evaluation stands and how it got there. */
const at = (stage: EvaluationFieldsFragment['stage']) => ({ stage, route: [] }) as unknown as EvaluationFieldsFragment;

describe('RouteStepper', () => {
  afterEach(cleanup);

  // The stepper is the route table as people see it: one step per stage of the domain's ROUTE, in its order, with
  // the stage's Japanese name (docs/design.md "The route").
  it.each(ROUTE_STAGES)('shows every stage of the route in order, %s as the current one', (stage) => {
    renderComponent(RouteStepper, { props: { evaluation: at(stage) } });
    const steps = within(screen.getByRole('list', { name: '評価ルート' })).getAllByRole('listitem');
    expect(steps.map((li) => li.querySelector('.name')?.textContent)).toEqual(ROUTE_STAGES.map((s) => STAGE_LABELS[s]));
    expect(steps.map((li) => li.getAttribute('aria-current'))).toEqual(ROUTE_STAGES.map((s) => (s === stage ? 'step' : null)));
  });
});
