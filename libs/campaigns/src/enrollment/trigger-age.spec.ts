import type { CampaignDefinition } from '../definition';
import type { InboxItem } from './trigger-matching';
import { anchorOf, candidate, describeSpan, splitByAge } from './trigger.service';

const NOW = new Date('2026-03-10T15:00:00Z');
const HOUR = 3_600_000;
const definition = (maxEventAge?: string): CampaignDefinition => ({
  name: 'Cart',
  trigger: { type: 'event', eventType: 'cart_abandoned', ...(maxEventAge ? { maxEventAge } : {}) },
  steps: [{ id: 'wait', type: 'wait', duration: 'PT1H' }],
  goal: { type: 'order', within: 'P1D' },
});
const campaign = (def: CampaignDefinition) => ({ id: 'k', businessId: 'b', version: 1, definition: def });
const item = (hoursAgo: number, id = '1'): InboxItem => ({
  id, businessId: 'b', customerId: 'c', kind: 'event', eventId: id, eventType: 'cart_abandoned', properties: {}, occurredAt: new Date(NOW.getTime() - hoursAgo * HOUR),
});

describe('event age', () => {
  it.each<[string, string | undefined, number, boolean]>([
    ['23 hours old, default one day', undefined, 23, true],
    ['exactly one day old is still in', undefined, 24, true],
    ['a second over a day is out', undefined, 24 + 1 / 3600, false],
    ['two days old with a 3-day limit', 'P3D', 48, true],
    ['seven hours old with a 6-hour limit', 'PT6H', 7, false],
    ['an event said to happen an hour ahead', undefined, -1, true],
  ])('%s → taken: %s', (_case, limit, hoursAgo, taken) => {
    const { fresh, stale } = splitByAge(campaign(definition(limit)), [item(hoursAgo)], NOW);
    expect([fresh.length, stale.length]).toEqual(taken ? [1, 0] : [0, 1]);
  });

  it('records why, in words', () => {
    const { stale } = splitByAge(campaign(definition()), [item(51)], NOW);
    expect(stale).toEqual([{
      businessId: 'b', campaignId: 'k', version: 1, customerId: 'c', eventId: '1', eventType: 'cart_abandoned', reason: 'event_too_old', occurredAt: new Date(NOW.getTime() - 51 * HOUR),
      detail: "event occurred 2 days, 3 hours before it reached the campaign; older than the campaign's 1 day limit (trigger.maxEventAge)",
    }]);
  });

  it("the platform's default applies to campaigns without their own limit", () => {
    expect(splitByAge(campaign(definition()), [item(7)], NOW, 'PT6H').stale).toHaveLength(1);
    expect(splitByAge(campaign(definition('P1D')), [item(7)], NOW, 'PT6H').fresh).toHaveLength(1);
  });

  it('other triggers are not limited', () => {
    const created: CampaignDefinition = { ...definition(), trigger: { type: 'customer_created' } };
    expect(splitByAge(campaign(created), [{ ...item(72), kind: 'customer_created' }], NOW).fresh).toHaveLength(1);
  });

  it.each<[number, string]>([
    [30_000, 'less than a minute'], [90_000, '1 minute'], [2 * HOUR + 5 * 60_000, '2 hours, 5 minutes'], [26 * HOUR + 59 * 60_000, '1 day, 2 hours'], [48 * HOUR, '2 days'],
  ])('describes %d ms as "%s"', (ms, words) => {
    expect(describeSpan(ms)).toBe(words);
  });
});

describe('enrolment anchor', () => {
  it("is the trigger's time; the goal window counts from it", () => {
    const c = candidate({ id: 'k', businessId: 'b', version: 1 }, definition(), item(0.5), NOW, 'America/Chicago');
    expect(c).toMatchObject({ enrolledAt: NOW, nextRunAt: NOW, anchoredAt: new Date('2026-03-10T14:30:00Z'), goalDeadline: new Date('2026-03-11T14:30:00Z') });
  });

  it('an event dated ahead is anchored now', () => {
    expect(candidate({ id: 'k', businessId: 'b', version: 1 }, definition(), item(-2), NOW, 'America/Chicago').anchoredAt).toEqual(NOW);
  });

  it("a customer's creation is anchored at created_at, a worker picking it up later or not", () => {
    expect(anchorOf({ ...item(3), kind: 'customer_created', eventId: null, eventType: null }, NOW)).toEqual(new Date(NOW.getTime() - 3 * HOUR));
  });
});
