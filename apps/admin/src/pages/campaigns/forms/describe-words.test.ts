import { describe, expect, it } from 'vitest';
import { namesFrom, stepInWords, triggerInWords } from './describe-words';

const SEG = '5e7a1c2d-0000-4000-8000-000000000001';
const FENCE = '5e7a1c2d-0000-4000-8000-000000000006';
const T = '5e7a1c2d-0000-4000-8000-000000000004';
const NAMES = namesFrom({ segments: [{ id: SEG, name: 'VIPs' }], geofences: [{ id: FENCE, name: 'Market street' }], templates: [{ id: T, name: 'Cart reminder' }] });

describe('triggers in words (as describe.ts)', () => {
  it('says every trigger type', () => {
    expect(triggerInWords({ type: 'customer_created' })).toBe('When a customer is created');
    expect(triggerInWords({ type: 'event', eventType: 'cart_abandoned', where: [{ field: 'value', op: 'gte', value: 20 }, { field: 'sku', op: 'in', value: ['a', 2] }, { field: 'coupon', op: 'exists', value: false }] }))
      .toBe('When event "cart_abandoned" is received where value ≥ 20 and sku in ["a", 2] and coupon is absent');
    expect(triggerInWords({ type: 'date', field: 'birthday', offsetDays: -1, localTime: '09:00' })).toBe("1 day before the customer's birthday, at 09:00 in their time zone, once per occurrence");
    expect(triggerInWords({ type: 'date', field: 'attributes.renewal', offsetDays: 0, localTime: '10:30' })).toBe("On the customer's date in attributes.renewal, at 10:30 in their time zone, once per occurrence");
    expect(triggerInWords({ type: 'segment', segmentId: SEG }, NAMES)).toBe('When a customer enters segment "VIPs"');
    expect(triggerInWords({ type: 'segment', segmentId: 'x' }, NAMES)).toBe('When a customer enters segment x');
    expect(triggerInWords({ type: 'geofence', geofenceId: FENCE, on: 'dwelled', duringOpeningHours: true }, NAMES)).toBe('When a customer dwells in geofence "Market street" while its store is open');
    expect(triggerInWords({ type: 'broadcast', segmentId: SEG }, NAMES)).toBe('Once, to every member of segment "VIPs", as soon as it is activated');
    expect(triggerInWords({ type: 'broadcast', segmentId: SEG, at: '2026-03-01T09:00', recipientLocalTime: true }, NAMES))
      .toBe('Once, to every member of segment "VIPs", at 2026-03-01T09:00 in each recipient\'s time zone');
  });
});

describe('steps in words (as describe.ts, without "→ next")', () => {
  it('says every step type', () => {
    expect(stepInWords({ id: 'e', type: 'email', templateId: T, offer: { couponPrefix: 'CART10', validDays: 1 }, next: 'x' }, NAMES)).toBe('Send an email (Cart reminder) with a unique CART10-… coupon valid 1 day');
    expect(stepInWords({ id: 's', type: 'sms', templateId: 'other' }, NAMES)).toBe('Send an SMS (other)');
    expect(stepInWords({ id: 's', type: 'sms', templateId: '' }, NAMES)).toBe('Send an SMS (no template chosen)');
    expect(stepInWords({ id: 'w', type: 'wait', duration: 'P1DT12H' })).toBe('Wait 1 day 12 hours');
    expect(stepInWords({ id: 'u', type: 'waitUntil', localTime: '09:30', weekdays: [1, 5] })).toBe("Wait until 09:30 on Mon, Fri in the customer's time zone");
    expect(stepInWords({ id: 'b', type: 'branch', condition: { all: [] }, yes: 'a', no: 'b' })).toBe('If the customer matches the condition → a, otherwise → b');
    expect(stepInWords({ id: 'p', type: 'split', branches: [{ name: 'Control', weight: 1, next: 'a' }, { weight: 3, next: 'b' }] })).toBe('A/B split: Control (weight 1) → a, B (weight 3) → b');
    expect(stepInWords({ id: 't', type: 'update', tags: { add: ['x'], remove: ['y'] }, attributes: { tier: 'gold', old: null } })).toBe('Update the customer: add tag x, remove tag y, set tier = "gold", remove old');
    expect(stepInWords({ id: 'd', type: 'exit' })).toBe('Exit the journey');
  });
});
