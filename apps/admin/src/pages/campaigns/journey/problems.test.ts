import { describe, expect, it } from 'vitest';
import { PRESET_DEFINITIONS } from './journey-fixtures';
import { placeProblem, placeProblems, problemLines } from './problems';

const cart = PRESET_DEFINITIONS.abandoned_cart;

describe('API problem paths on nodes and fields', () => {
  const at = (i: number) => (i < 3 ? `step:s${i}` : undefined);

  it('reads a step path as the node at that index and the field under it', () => {
    expect(placeProblem('steps[2].templateId', at)).toEqual({ node: 'step:s2', field: 'templateId' });
    expect(placeProblem('steps[1].branches[0].next', at)).toEqual({ node: 'step:s1', field: 'branches[0].next' });
    expect(placeProblem('steps[0].condition.all[1].value', at)).toEqual({ node: 'step:s0', field: 'condition.all[1].value' });
    expect(placeProblem('steps[2]', at)).toEqual({ node: 'step:s2', field: '' });
  });

  it('reads trigger paths as the trigger node, and the rest as campaign settings', () => {
    expect(placeProblem('trigger.eventType', at)).toEqual({ node: '@trigger', field: 'eventType' });
    expect(placeProblem('trigger.where[0].op', at)).toEqual({ node: '@trigger', field: 'where[0].op' });
    expect(placeProblem('trigger', at)).toEqual({ node: '@trigger', field: '' });
    expect(placeProblem('goal.within', at)).toEqual({ setting: 'goal.within' });
    expect(placeProblem('steps', at)).toEqual({ setting: 'steps' });
    expect(placeProblem('steps[7].next', at)).toEqual({ setting: 'steps' });
  });

  it('places a 422’s details on the nodes of the definition that was sent, by step id', () => {
    const placed = placeProblems([
      { field: 'steps[1].yes', message: 'must name a step: there is no step "done"' },
      { field: 'steps[1].yes', message: 'a second message for the same field' },
      { field: 'steps[5].templateId', message: 'no template with this id' },
      { field: 'trigger.eventType', message: 'is required' },
      { field: 'holdoutPercent', message: 'must be at most 50' },
    ], cart);
    expect(placed.byNode).toEqual({
      'step:ordered-after-1h': { yes: 'must name a step: there is no step "done"' },
      'step:reminder-sms': { templateId: 'no template with this id' },
      '@trigger': { eventType: 'is required' },
    });
    expect(placed.settings).toEqual({ holdoutPercent: 'must be at most 50' });
    expect(problemLines({ '': 'unreachable from the first step', yes: 'must name a step' })).toEqual(['unreachable from the first step', 'yes: must name a step']);
  });
});
