import type { CampaignDefinition, FormProblems, FormRefs, Step, Trigger } from '../definition-types';

const EMAIL_T = '5e7a1c2d-0000-4000-8000-000000000004';
const SMS_T = '5e7a1c2d-0000-4000-8000-000000000005';
const SEG = '5e7a1c2d-0000-4000-8000-000000000001';
const FENCE = '5e7a1c2d-0000-4000-8000-000000000006';

export const REFS: FormRefs = {
  templates: [{ id: EMAIL_T, name: 'Cart reminder', channel: 'email' }, { id: SMS_T, name: 'Cart SMS', channel: 'sms' }],
  segments: [{ id: SEG, name: 'VIP customers' }],
  geofences: [{ id: FENCE, name: 'Market street' }],
  stores: [{ id: '5e7a1c2d-0000-4000-8000-000000000007', name: 'Downtown' }],
};

export const TRIGGERS: Trigger[] = [
  { type: 'event', eventType: 'cart_abandoned', where: [{ field: 'value', op: 'gte', value: 20 }], maxEventAge: 'PT6H' },
  { type: 'date', field: 'birthday', offsetDays: -7, localTime: '10:30' },
  { type: 'geofence', geofenceId: FENCE, on: 'entered', duringOpeningHours: true },
  { type: 'broadcast', segmentId: SEG, at: '2026-03-01T09:00', recipientLocalTime: true },
  { type: 'customer_created' },
  { type: 'segment', segmentId: SEG },
];

export const STEPS: Step[] = [
  { id: 'email', type: 'email', templateId: EMAIL_T, offer: { couponPrefix: 'CART10', description: '10% off', validDays: 7 }, next: 'split' },
  { id: 'sms', type: 'sms', templateId: SMS_T, next: 'tag' },
  { id: 'wait-1h', type: 'wait', duration: 'PT1H', next: 'ordered' },
  { id: 'morning', type: 'waitUntil', localTime: '09:30', weekdays: [1, 2, 3, 4, 5], next: 'sms' },
  { id: 'ordered', type: 'branch', condition: { all: [{ type: 'orders', metric: 'count', op: 'gte', value: 1, sinceEnrollment: true }, { type: 'tag', tag: 'vip', present: true }] }, yes: 'done', no: 'email' },
  { id: 'split', type: 'split', branches: [{ name: 'A', weight: 50, next: 'sms' }, { name: 'B', weight: 50, next: 'morning' }], autoWinner: { metric: 'conversion_rate' } },
  { id: 'tag', type: 'update', tags: { add: ['cart-reminded'] }, attributes: { tier: 'gold', visits: 3, legacy: null }, next: 'done' },
  { id: 'done', type: 'exit' },
];

export const STEP_IDS = STEPS.map((s) => s.id);

/** Problems as the page would pass them (relative paths), per step index. */
export const STEP_PROBLEMS: Record<number, FormProblems> = {
  0: { 'offer.couponPrefix': 'must be 2 to 12 capital letters A-Z or digits', next: 'no step with this id', '': 'the audience has no email addresses, so this email step can reach no one' },
  2: { duration: 'must be at most 1 year' },
  4: { 'condition.all[1].tag': 'must not be empty', no: 'is required' },
  5: { 'branches[1].weight': 'must be a number greater than 0', 'autoWinner.confidence': 'must be at most 0.999' },
  6: { 'tags.remove[0]': 'is also in add', 'attributes.tier': 'must be at most 256 characters' },
};

export const DEFINITION: CampaignDefinition = {
  name: 'Abandoned cart',
  trigger: TRIGGERS[0],
  entry: { type: 'consent', channel: 'email', status: 'granted' },
  steps: STEPS,
  goal: { type: 'order', within: 'P7D' },
  holdoutPercent: 10,
  reentry: { policy: 'after', after: 'P1D' },
  priority: 'high',
};

export const SETTINGS_PROBLEMS: FormProblems = { holdoutPercent: 'must be at most 50', 'goal.within': 'must be at most 1 year' };
