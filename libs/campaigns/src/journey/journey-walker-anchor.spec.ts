import type { CampaignDefinition } from '../definition';
import { walkJourney } from './journey-walker';

const TEMPLATE = '00000000-0000-4000-8000-000000000001';
// Wait 1 hour → email → wait 1 day → email; and a loop that waits a minute each turn.
const cart: CampaignDefinition = {
  name: 'Cart',
  trigger: { type: 'event', eventType: 'cart_abandoned' },
  steps: [
    { id: 'wait-1h', type: 'wait', duration: 'PT1H', next: 'mail' },
    { id: 'mail', type: 'email', templateId: TEMPLATE, next: 'wait-1d' },
    { id: 'wait-1d', type: 'wait', duration: 'P1D', next: 'again' },
    { id: 'again', type: 'email', templateId: TEMPLATE },
  ],
};
const loop: CampaignDefinition = {
  name: 'Loop',
  trigger: { type: 'event', eventType: 'ping' },
  steps: [
    { id: 'tick', type: 'wait', duration: 'PT1M', next: 'check' },
    { id: 'check', type: 'branch', condition: { type: 'tag', tag: 'done', present: true }, yes: 'end', no: 'tick' },
    { id: 'end', type: 'exit' },
  ],
};

// 2026-03-10 15:00Z = 10:00 in Chicago (CDT).
const NOW = new Date('2026-03-10T15:00:00Z');
const minutesAgo = (m: number) => new Date(NOW.getTime() - m * 60_000);

async function firstRun(definition: CampaignDefinition, waitsFrom: Date | undefined) {
  const r = await walkJourney({
    definition, state: { stepId: definition.steps[0].id, stepSeq: 0, variants: {} }, holdout: false, zone: 'America/Chicago', now: NOW, waitsFrom,
    evaluate: async () => false,
  });
  return { sent: r.sends.map((s) => s.stepId), nextRunAt: r.nextRunAt?.toISOString() ?? null, visits: r.visits.length };
}

describe('journey walker: the first waits count from the trigger', () => {
  it.each<[string, Date | undefined, string[], string]>([
    ['on time (no anchor): the hour starts now', undefined, [], '2026-03-10T16:00:00.000Z'],
    ['a cart 10 minutes old: 50 minutes left', minutesAgo(10), [], '2026-03-10T15:50:00.000Z'],
    ['a cart exactly an hour old: the hour is over, mail now', minutesAgo(60), ['mail'], '2026-03-11T15:00:00.000Z'],
    // The wait after a message counts from the message (now), not from the anchor: the day is not cut short.
    ['a cart 3 hours old: mail now, then a full day', minutesAgo(180), ['mail'], '2026-03-11T15:00:00.000Z'],
    ['a cart 2 days old: one mail now, never the second at once', minutesAgo(2 * 24 * 60), ['mail'], '2026-03-11T15:00:00.000Z'],
  ])('%s', async (_case, anchor, sent, nextRunAt) => {
    expect(await firstRun(cart, anchor)).toMatchObject({ sent, nextRunAt });
  });

  it('a loop catches up at most once per wait step: a day-old anchor does not spin through 1,440 minutes', async () => {
    // tick (caught up, anchor + 1 min) → check (no) → tick again counts from now.
    expect(await firstRun(loop, minutesAgo(24 * 60))).toEqual({ sent: [], nextRunAt: '2026-03-10T15:01:00.000Z', visits: 3 });
  });
});
