import type { CampaignDefinition } from '../definition';
import { walkJourney } from './journey-walker';

const definition: CampaignDefinition = {
  name: 'AB',
  trigger: { type: 'customer_created' },
  steps: [
    { id: 'ab', type: 'split', branches: [{ name: 'A', weight: 1, next: 'a' }, { name: 'B', weight: 1, next: 'b' }], autoWinner: { metric: 'click_rate' } },
    { id: 'a', type: 'email', templateId: '00000000-0000-0000-0000-00000000000a' },
    { id: 'b', type: 'email', templateId: '00000000-0000-0000-0000-00000000000b' },
  ],
};
const walk = (variants: Record<string, string>, winners?: Record<string, string>) =>
  walkJourney({
    definition, state: { stepId: 'ab', stepSeq: 0, variants }, holdout: false, zone: 'UTC', now: new Date('2026-03-01T00:00:00Z'),
    evaluate: async () => false, pick: () => 0, winners,
  });

describe('journey walker: automatic A/B winner', () => {
  it('without a decision, a first arrival is drawn (here: the first branch)', async () => {
    expect((await walk({})).sends.map((s) => s.variant)).toEqual(['A']);
  });

  it('after a decision, every first arrival gets the winner', async () => {
    const result = await walk({}, { ab: 'B' });
    expect(result.sends.map((s) => [s.stepId, s.variant])).toEqual([['b', 'B']]);
    expect(result.state.variants).toMatchObject({ ab: 'B' });
  });

  it('an enrolment that already drew a variant keeps it', async () => {
    expect((await walk({ ab: 'A' }, { ab: 'B' })).sends.map((s) => s.variant)).toEqual(['A']);
  });

  it('a winner naming no branch (the split was edited) falls back to the draw', async () => {
    expect((await walk({}, { ab: 'Z' })).sends.map((s) => s.variant)).toEqual(['A']);
  });
});
