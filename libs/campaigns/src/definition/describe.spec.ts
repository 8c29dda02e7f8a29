import { durationInWords, goalInWords, reentryInWords, stepInWords, triggerInWords } from './describe';

describe('in words', () => {
  it.each([
    ['P3D', '3 days'], ['PT1H', '1 hour'], ['P1DT12H', '1 day 12 hours'], ['P2W', '2 weeks'], ['PT30M', '30 minutes'], ['P1Y', '1 year'], ['soon', 'soon'],
  ])('duration %s is "%s"', (iso, words) => expect(durationInWords(iso)).toBe(words));

  it('triggers', () => {
    expect(triggerInWords({ type: 'customer_created' })).toBe('When a customer is created');
    expect(triggerInWords({ type: 'event', eventType: 'cart_abandoned', where: [{ field: 'value', op: 'gte', value: 20 }, { field: 'sku', op: 'in', value: ['a', 'b'] }] }))
      .toBe('When event "cart_abandoned" is received where value ≥ 20 and sku in ["a", "b"]');
    expect(triggerInWords({ type: 'date', field: 'birthday', offsetDays: -7, localTime: '10:00' }))
      .toBe("7 days before the customer's birthday, at 10:00 in their time zone, once per occurrence");
    expect(triggerInWords({ type: 'date', field: 'attributes.renewal', offsetDays: 1, localTime: '09:30' }))
      .toBe("1 day after the customer's date in attributes.renewal, at 09:30 in their time zone, once per occurrence");
    expect(triggerInWords({ type: 'segment', segmentId: 's1' }, { segment: () => 'VIP' })).toBe('When a customer enters segment "VIP"');
    expect(triggerInWords({ type: 'segment', segmentId: 's1' })).toBe('When a customer enters segment s1');
    expect(triggerInWords({ type: 'geofence', geofenceId: 'g1', on: 'dwelled', duringOpeningHours: true }, { geofence: () => 'Elm St' }))
      .toBe('When a customer dwells in geofence "Elm St" while its store is open');
    expect(triggerInWords({ type: 'broadcast', segmentId: 's1', at: '2026-03-10T10:00', recipientLocalTime: true }, { segment: () => 'News' }))
      .toBe('Once, to every member of segment "News", at 2026-03-10T10:00 in each recipient\'s time zone');
    expect(triggerInWords({ type: 'broadcast', segmentId: 's1' }, { segment: () => 'News' })).toBe('Once, to every member of segment "News", as soon as it is activated');
  });

  it('steps', () => {
    expect(stepInWords({ id: 'a', type: 'email', templateId: 't', offer: { couponPrefix: 'BDAY', validDays: 14 }, next: 'b' }))
      .toBe('Send an email (t) with a unique BDAY-… coupon valid 14 days → b');
    expect(stepInWords({ id: 'a', type: 'sms', templateId: 't' }, (id) => `template ${id}`)).toBe('Send an SMS (template t)');
    expect(stepInWords({ id: 'w', type: 'wait', duration: 'PT1H', next: 'x' })).toBe('Wait 1 hour → x');
    expect(stepInWords({ id: 'w', type: 'waitUntil', localTime: '10:00', weekdays: [1, 5] })).toBe("Wait until 10:00 on Mon, Fri in the customer's time zone");
    expect(stepInWords({ id: 'b', type: 'branch', condition: { type: 'tag', tag: 'x', present: true }, yes: 'y', no: 'n' }))
      .toBe('If the customer matches the condition → y, otherwise → n');
    expect(stepInWords({ id: 's', type: 'split', branches: [{ weight: 1, next: 'a' }, { name: 'Bold', weight: 3, next: 'b' }] }))
      .toBe('A/B split: A (weight 1) → a, Bold (weight 3) → b');
    expect(stepInWords({ id: 'u', type: 'update', tags: { add: ['vip'], remove: ['new'] }, attributes: { stage: 'won', old: null } }))
      .toBe('Update the customer: add tag vip, remove tag new, set stage = "won", remove old');
    expect(stepInWords({ id: 'e', type: 'exit' })).toBe('Exit the journey');
  });

  it('goal and re-entry', () => {
    expect(goalInWords({ type: 'order', within: 'P7D' })).toBe('An order within 7 days of enrolment ends the journey as converted');
    expect(goalInWords({ type: 'event', eventType: 'booked', within: 'P1D' })).toBe('Event "booked" within 1 day of enrolment ends the journey as converted');
    expect(goalInWords(undefined)).toBeNull();
    expect(reentryInWords({ policy: 'after', after: 'P90D' })).toBe('A customer can enter again 90 days after their last entry');
    expect(reentryInWords(undefined)).toBe('A customer enters at most once');
  });
});
