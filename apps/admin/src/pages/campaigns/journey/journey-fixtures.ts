import type { Definition, Step } from './definition';

/*
 * Definitions for the journey tests: the five presets as
 * libs/campaigns/src/definition/campaign-presets.ts builds them (template keys
 * bound to ids, as POST /v1/campaigns/from-preset does; test/admin-journey
 * round-trips the lib's own output too), one journey with every step type, and a long one.
 */
const T = (n: number) => `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`;
const orderedSinceEnrollment = () => ({ type: 'orders' as const, metric: 'count' as const, op: 'gte' as const, value: 1, sinceEnrollment: true });

export const PRESET_DEFINITIONS: Record<string, Definition> = {
  welcome_series: {
    name: 'Welcome series',
    trigger: { type: 'customer_created' },
    steps: [
      { id: 'welcome-1', type: 'email', templateId: T(1), next: 'wait-3d' },
      { id: 'wait-3d', type: 'wait', duration: 'P3D', next: 'welcome-2' },
      { id: 'welcome-2', type: 'email', templateId: T(2), next: 'wait-4d' },
      { id: 'wait-4d', type: 'wait', duration: 'P4D', next: 'welcome-3' },
      { id: 'welcome-3', type: 'email', templateId: T(3), offer: { couponPrefix: 'WELCOME', validDays: 14 } },
    ],
    goal: { type: 'order', within: 'P14D' },
  },
  abandoned_cart: {
    name: 'Abandoned cart',
    trigger: { type: 'event', eventType: 'cart_abandoned' },
    steps: [
      { id: 'wait-1h', type: 'wait', duration: 'PT1H', next: 'ordered-after-1h' },
      { id: 'ordered-after-1h', type: 'branch', condition: orderedSinceEnrollment(), yes: 'done', no: 'reminder-email' },
      { id: 'reminder-email', type: 'email', templateId: T(4), next: 'wait-1d' },
      { id: 'wait-1d', type: 'wait', duration: 'P1D', next: 'ordered-after-1d' },
      { id: 'ordered-after-1d', type: 'branch', condition: orderedSinceEnrollment(), yes: 'done', no: 'reminder-sms' },
      { id: 'reminder-sms', type: 'sms', templateId: T(5) },
      { id: 'done', type: 'exit' },
    ],
    goal: { type: 'order', within: 'P7D' },
    reentry: { policy: 'after', after: 'P1D' },
    priority: 'high',
  },
  birthday_offer: {
    name: 'Birthday offer',
    trigger: { type: 'date', field: 'birthday', offsetDays: -7, localTime: '10:00' },
    steps: [{ id: 'birthday-offer', type: 'email', templateId: T(6), offer: { couponPrefix: 'BDAY', validDays: 14 } }],
    goal: { type: 'order', within: 'P14D' },
    reentry: { policy: 'after', after: 'P300D' },
  },
  nearby_offer: {
    name: 'Nearby offer',
    trigger: { type: 'geofence', geofenceId: T(7), on: 'entered', duringOpeningHours: true },
    steps: [{ id: 'nearby-offer', type: 'sms', templateId: T(8), offer: { couponPrefix: 'NEAR', validDays: 1 } }],
    goal: { type: 'order', within: 'P1D' },
    reentry: { policy: 'after', after: 'P7D' },
    priority: 'high',
    entry: { type: 'nearestStore', storeId: T(9) },
  },
  win_back: {
    name: 'Win-back',
    trigger: { type: 'segment', segmentId: T(10) },
    steps: [{ id: 'win-back', type: 'email', templateId: T(11), offer: { couponPrefix: 'COMEBACK', validDays: 14 } }],
    goal: { type: 'order', within: 'P30D' },
    reentry: { policy: 'after', after: 'P90D' },
  },
};

/** Every step type, every link kind (next, none, yes/no, split branches, a loop through a wait), every trigger field set. */
export const EVERY_STEP_TYPE: Definition = {
  name: 'Every step',
  trigger: { type: 'broadcast', segmentId: T(12), at: '2030-01-31T09:00', recipientLocalTime: true },
  entry: { type: 'consent', channel: 'email', status: 'granted' },
  steps: [
    { id: 'hello', type: 'email', templateId: T(1), offer: { couponPrefix: 'HI', description: '10% off', validDays: 7 }, next: 'pause' },
    { id: 'pause', type: 'wait', duration: 'P1DT12H', next: 'morning' },
    { id: 'morning', type: 'waitUntil', localTime: '09:30', weekdays: [1, 2, 3, 4, 5], next: 'ordered' },
    { id: 'ordered', type: 'branch', condition: { all: [orderedSinceEnrollment(), { type: 'tag', tag: 'vip', present: true }] }, yes: 'done', no: 'test' },
    { id: 'test', type: 'split', branches: [{ name: 'A', weight: 50, next: 'text' }, { name: 'B', weight: 30, next: 'tag' }, { weight: 20, next: 'pause' }], autoWinner: { metric: 'conversion_rate', confidence: 0.95 } },
    { id: 'text', type: 'sms', templateId: T(2), next: 'tag' },
    { id: 'tag', type: 'update', tags: { add: ['reminded'], remove: ['new'] }, attributes: { stage: 'late', score: 3, flagged: null } },
    { id: 'done', type: 'exit' },
  ],
  goal: { type: 'event', eventType: 'signed_up', within: 'P7D' },
  holdoutPercent: 10,
  reentry: { policy: 'never' },
  priority: 'low',
};

/** A journey of `count` steps: waits and emails in a line with a branch every tenth step (its yes path skipping ahead). */
export function longJourney(count: number): Definition {
  const steps: Step[] = [];
  for (let i = 0; i < count; i++) {
    const id = `s${i}`;
    const next = i + 1 < count ? `s${i + 1}` : undefined;
    const tail = next === undefined ? {} : { next };
    if (i % 10 === 5 && i + 3 < count) steps.push({ id, type: 'branch', condition: orderedSinceEnrollment(), yes: `s${i + 3}`, no: `s${i + 1}` });
    else if (i % 2 === 0) steps.push({ id, type: 'wait', duration: 'P1D', ...tail });
    else steps.push({ id, type: 'email', templateId: T(1), ...tail });
  }
  return { name: `${count} steps`, trigger: { type: 'event', eventType: 'signed_up' }, steps };
}
