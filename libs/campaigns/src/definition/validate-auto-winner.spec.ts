import { Problems } from '@localreach/segmentation';
import { validateAutoWinner } from './validate-auto-winner';

const problems = (value: unknown) => {
  const out = new Problems();
  validateAutoWinner(value, 'steps[0].autoWinner', out);
  return out.list.map((p) => p.field);
};

describe('validateAutoWinner', () => {
  it.each([
    [{ metric: 'click_rate' }, []],
    [{ metric: 'revenue_per_recipient', confidence: 0.99, minSamplePerVariant: 500, minDuration: 'P14D' }, []],
    [{ metric: 'open_rate' }, ['steps[0].autoWinner.metric']],
    [{}, []],
    [{ metric: null }, ['steps[0].autoWinner.metric']],
    [{ metric: 'conversion_rate', confidence: 0.5 }, ['steps[0].autoWinner.confidence']],
    [{ metric: 'conversion_rate', confidence: 1 }, ['steps[0].autoWinner.confidence']],
    [{ metric: 'conversion_rate', minSamplePerVariant: 10.5 }, ['steps[0].autoWinner.minSamplePerVariant']],
    [{ metric: 'conversion_rate', minSamplePerVariant: 0 }, ['steps[0].autoWinner.minSamplePerVariant']],
    [{ metric: 'conversion_rate', minDuration: '7 days' }, ['steps[0].autoWinner.minDuration']],
    [{ metric: 'conversion_rate', minDuration: 'P2Y' }, ['steps[0].autoWinner.minDuration']],
    [{ metric: 'conversion_rate', pick: 'B' }, ['steps[0].autoWinner.pick']],
    [{ metric: 'conversion_rate', expectedLift: 0.2 }, []],
    [{ metric: 'conversion_rate', expectedLift: 0 }, ['steps[0].autoWinner.expectedLift']],
    [{ metric: 'conversion_rate', expectedLift: 3 }, ['steps[0].autoWinner.expectedLift']],
    ['yes', ['steps[0].autoWinner']],
  ])('%j → %j', (value, fields) => {
    expect(problems(value)).toEqual(fields);
  });
});
