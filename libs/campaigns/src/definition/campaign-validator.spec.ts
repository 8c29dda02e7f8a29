import { DomainError } from '@localreach/core';
import type { CampaignReferences } from './campaign-definition';
import { checkCampaign, validateCampaign } from './campaign-validator';

const EMAIL_TEMPLATE = '11111111-1111-4111-8111-111111111111';
const SMS_TEMPLATE = '22222222-2222-4222-8222-222222222222';
const SEGMENT = '33333333-3333-4333-8333-333333333333';
const GEOFENCE = '44444444-4444-4444-8444-444444444444';
const UNKNOWN = '55555555-5555-4555-8555-555555555555';

function refs(overrides: Partial<CampaignReferences> = {}): CampaignReferences {
  return {
    templates: new Map([[EMAIL_TEMPLATE, { channel: 'email' }], [SMS_TEMPLATE, { channel: 'sms' }]]),
    segmentIds: new Set([SEGMENT]),
    geofenceIds: new Set([GEOFENCE]),
    ...overrides,
  };
}

/** A valid one-email campaign with `overrides` on top. */
function campaign(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return { name: 'Spring', trigger: { type: 'customer_created' }, steps: [{ id: 'hello', type: 'email', templateId: EMAIL_TEMPLATE }], ...overrides };
}

/** "field: message" lines, sorted. */
function problemsOf(input: unknown, references = refs()): string[] {
  return checkCampaign(input, references).problems.map((p) => `${p.field}: ${p.message}`).sort();
}

const email = (id: string, next?: string) => ({ id, type: 'email', templateId: EMAIL_TEMPLATE, ...(next ? { next } : {}) });
const wait = (id: string, next?: string) => ({ id, type: 'wait', duration: 'P1D', ...(next ? { next } : {}) });

describe('validateCampaign', () => {
  it('accepts every step type and returns the definition', () => {
    const input = campaign({
      trigger: { type: 'event', eventType: 'cart_abandoned', where: [{ field: 'total', op: 'gte', value: 20 }] },
      entry: { all: [{ type: 'consent', channel: 'email', status: 'granted' }] },
      steps: [
        { id: 'ab', type: 'split', branches: [{ name: 'A', weight: 1, next: 'mail' }, { name: 'B', weight: 2.5, next: 'text' }] },
        { id: 'mail', type: 'email', templateId: EMAIL_TEMPLATE, offer: { couponPrefix: 'SPRING25', description: '25% off', validDays: 365 }, next: 'pause' },
        { id: 'text', type: 'sms', templateId: SMS_TEMPLATE, offer: { couponPrefix: 'S1', validDays: 1 }, next: 'pause' },
        { id: 'pause', type: 'wait', duration: 'PT30S', next: 'morning' },
        { id: 'morning', type: 'waitUntil', localTime: '09:30', weekdays: [1, 3, 5], next: 'bought' },
        { id: 'bought', type: 'branch', condition: { type: 'orders', metric: 'count', op: 'gte', value: 1, sinceEnrollment: true }, yes: 'tag', no: 'done' },
        { id: 'tag', type: 'update', tags: { add: ['buyer'], remove: ['prospect'] }, attributes: { stage: 'customer', score: 3, vip: true, lead: null } },
        { id: 'done', type: 'exit' },
      ],
      goal: { type: 'event', eventType: 'booked', within: 'P1Y' },
      holdoutPercent: 12.5,
      reentry: { policy: 'after', after: 'P10Y' },
      priority: 'low',
    });
    expect(checkCampaign(input, refs()).problems).toEqual([]);
    expect(validateCampaign(input, refs())).toBe(input);
  });

  it('takes the deprecated alias name for eventType and returns the campaign with eventType everywhere it names an event type', () => {
    const input = campaign({
      trigger: { type: 'event', name: 'cart_abandoned' },
      entry: { not: { type: 'event', name: 'unsubscribed_elsewhere' } },
      steps: [
        { id: 'opened', type: 'branch', condition: { any: [{ type: 'event', name: 'email_opened', sinceEnrollment: true }, { type: 'tag', tag: 'vip', present: true }] }, yes: 'hello', no: 'hello' },
        { id: 'hello', type: 'email', templateId: EMAIL_TEMPLATE },
      ],
      goal: { type: 'event', name: 'booked', within: 'P7D' },
    });
    const before = JSON.stringify(input);
    expect(validateCampaign(input, refs())).toEqual({
      ...input,
      trigger: { type: 'event', eventType: 'cart_abandoned' },
      entry: { not: { type: 'event', eventType: 'unsubscribed_elsewhere' } },
      steps: [
        { id: 'opened', type: 'branch', condition: { any: [{ type: 'event', eventType: 'email_opened', sinceEnrollment: true }, { type: 'tag', tag: 'vip', present: true }] }, yes: 'hello', no: 'hello' },
        { id: 'hello', type: 'email', templateId: EMAIL_TEMPLATE },
      ],
      goal: { type: 'event', eventType: 'booked', within: 'P7D' },
    });
    expect(JSON.stringify(input)).toBe(before);
  });

  it('throws INVALID_CAMPAIGN naming every problem', () => {
    const input = campaign({ name: '', trigger: { type: 'segment', segmentId: UNKNOWN }, steps: [email('a', 'nowhere')] });
    let error: unknown;
    try {
      validateCampaign(input, refs());
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(DomainError);
    expect(error).toMatchObject({ kind: 'invalid', code: 'INVALID_CAMPAIGN' });
    expect((error as DomainError).details).toEqual([
      { field: 'name', message: 'must not be empty' },
      { field: 'trigger.segmentId', message: 'no segment with this id' },
      { field: 'steps[0].next', message: 'must name a step: there is no step "nowhere"' },
    ]);
  });

  describe('campaign fields', () => {
    it.each([
      ['not an object', [], ['campaign: must be an object { name, trigger, steps, ... }']],
      ['an unknown key', campaign({ colour: 'red' }), ['colour: is not a known field']],
      ['nothing', {}, ['name: is required', 'steps: is required', 'trigger: is required']],
      ['a blank name', campaign({ name: '   ' }), ['name: must not be empty']],
      ['a number name', campaign({ name: 7 }), ['name: must be a string']],
      ['a 201-character name', campaign({ name: 'x'.repeat(201) }), ['name: must be at most 200 characters']],
      ['steps that are not a list', campaign({ steps: {} }), ['steps: must be a list of steps']],
      ['no steps', campaign({ steps: [] }), ['steps: must have 1 to 100 steps']],
      ['101 steps', campaign({ steps: Array.from({ length: 101 }, (_, i) => wait(`w${i}`, `w${i + 1}`)) }), ['steps: must have 1 to 100 steps']],
      ['holdout above 50', campaign({ holdoutPercent: 50.1 }), ['holdoutPercent: must be between 0 and 50']],
      ['a negative holdout', campaign({ holdoutPercent: -1 }), ['holdoutPercent: must be between 0 and 50']],
      ['a holdout with two decimals', campaign({ holdoutPercent: 12.25 }), ['holdoutPercent: must have at most one decimal']],
      ['a string holdout', campaign({ holdoutPercent: '10' }), ['holdoutPercent: must be a number']],
      ['an event goal without an eventType', campaign({ goal: { type: 'event', within: 'P7D' } }), ['goal.eventType: is required']],
      ['an order goal with a name', campaign({ goal: { type: 'order', name: 'x', within: 'P7D' } }), ['goal.name: only allowed for event goals']],
      ['a goal longer than a year', campaign({ goal: { type: 'order', within: 'P1Y1D' } }), ['goal.within: must be at most 1 year']],
      ['an unknown goal', campaign({ goal: { type: 'visit', days: 3 } }), ['goal.days: is not an allowed key', 'goal.type: must be one of order, event', 'goal.within: is required']],
      ['a goal that is a string', campaign({ goal: 'order' }), ['goal: must be { type, within, eventType? }']],
      ['reentry after without a duration', campaign({ reentry: { policy: 'after' } }), ['reentry.after: is required']],
      ['reentry never with a duration', campaign({ reentry: { policy: 'never', after: 'P1D' } }), ['reentry.after: is not an allowed key']],
      ['an unknown reentry policy', campaign({ reentry: { policy: 'sometimes' } }), ['reentry.policy: must be one of never, after']],
      ['reentry after 11 years', campaign({ reentry: { policy: 'after', after: 'P11Y' } }), ['reentry.after: must be at most 10 years']],
      ['an unknown priority', campaign({ priority: 'urgent' }), ['priority: must be one of high, normal, low']],
      ['an invalid entry', campaign({ entry: { type: 'tag' } }), ['entry.present: is required', 'entry.tag: is required']],
      ['sinceEnrollment in entry', campaign({ entry: { type: 'orders', metric: 'count', op: 'eq', value: 0, sinceEnrollment: true } }), ['entry.sinceEnrollment: only allowed in campaign branch conditions']],
    ])('reports %s', (_name, input, expected) => {
      expect(problemsOf(input)).toEqual(expected);
    });

    it.each([0, 50, 0.1, 33.3, 49.9])('accepts holdoutPercent %s', (holdoutPercent) => {
      expect(problemsOf(campaign({ holdoutPercent }))).toEqual([]);
    });

    it('accepts 100 steps', () => {
      expect(problemsOf(campaign({ steps: Array.from({ length: 100 }, (_, i) => wait(`w${i}`, i < 99 ? `w${i + 1}` : undefined)) }))).toEqual([]);
    });
  });

  describe('trigger', () => {
    it.each([
      [{ type: 'customer_created' }],
      [{ type: 'event', eventType: 'visit' }],
      [{ type: 'event', eventType: 'cart_abandoned', where: [{ field: 'total', op: 'between', value: [10, 20] }, { type: 'attribute', field: 'sku', op: 'in', value: ['a', 'b'] }] }],
      [{ type: 'date', field: 'birthday', offsetDays: -365, localTime: '00:00' }],
      [{ type: 'date', field: 'attributes.anniversary', offsetDays: 365, localTime: '23:59' }],
      [{ type: 'segment', segmentId: SEGMENT }],
      [{ type: 'geofence', geofenceId: GEOFENCE, on: 'dwelled' }],
      [{ type: 'geofence', geofenceId: GEOFENCE, on: 'entered', duringOpeningHours: false }],
      [{ type: 'broadcast', segmentId: SEGMENT }],
      [{ type: 'broadcast', segmentId: SEGMENT, at: '2025-03-01T09:00:00+01:00' }],
      [{ type: 'broadcast', segmentId: SEGMENT, at: '2025-03-01T09:00', recipientLocalTime: true }],
      [{ type: 'broadcast', segmentId: SEGMENT, at: '2024-02-29T09:00' }],
      [{ type: 'broadcast', segmentId: SEGMENT, at: '2025-03-01T09:00:00Z', recipientLocalTime: false }],
    ])('accepts %j', (trigger) => {
      expect(problemsOf(campaign({ trigger }))).toEqual([]);
    });

    const AT_MESSAGE = 'must be an ISO-8601 date-time with an offset (2025-01-31T09:00:00Z) or a local wall time (2025-01-31T09:00)';
    it.each([
      ['a string', 'now', ['trigger: must be an object with a type']],
      ['an unknown type', { type: 'weather' }, ['trigger.type: must be one of customer_created, event, date, segment, geofence, broadcast']],
      ['a key of another type', { type: 'customer_created', name: 'x' }, ['trigger.name: is not an allowed key']],
      ['an event without an eventType', { type: 'event' }, ['trigger.eventType: is required']],
      ['201 where conditions', { type: 'event', eventType: 'a', where: Array.from({ length: 201 }, () => ({ field: 'sku', op: 'eq', value: 'x' })) }, ['trigger.where: has 201 conditions; at most 200 are allowed']],
      ['an event with eventType and its alias name', { type: 'event', eventType: 'a', name: 'b' }, ['trigger.name: is the deprecated alias of eventType; give eventType only']],
      ['an event where that is not a list', { type: 'event', eventType: 'x', where: {} }, ['trigger.where: must be a list of property conditions']],
      ['a reversed between in where', { type: 'event', eventType: 'x', where: [{ field: 'total', op: 'between', value: [3, 1] }] }, ['trigger.where[0].value: low must not exceed high']],
      ['an unknown key in where', { type: 'event', eventType: 'x', where: [{ field: 'sku', op: 'eq', value: 'a', extra: 1 }] }, ['trigger.where[0].extra: is not an allowed key']],
      ['a date on another column', { type: 'date', field: 'createdAt', offsetDays: 0, localTime: '10:00' }, ['trigger.field: must be birthday or attributes.<key>']],
      ['a date on an empty attribute', { type: 'date', field: 'attributes.', offsetDays: 0, localTime: '10:00' }, ['trigger.field: must be birthday or attributes.<key>']],
      ['an offset of 366 days', { type: 'date', field: 'birthday', offsetDays: -366, localTime: '10:00' }, ['trigger.offsetDays: must be between -365 and 365']],
      ['a fractional offset', { type: 'date', field: 'birthday', offsetDays: 1.5, localTime: '10:00' }, ['trigger.offsetDays: must be a whole number']],
      ['24:00', { type: 'date', field: 'birthday', offsetDays: 0, localTime: '24:00' }, ['trigger.localTime: must be a time of day HH:MM, such as 09:30']],
      ['a one-digit hour', { type: 'date', field: 'birthday', offsetDays: 0, localTime: '9:30' }, ['trigger.localTime: must be a time of day HH:MM, such as 09:30']],
      ['a date without anything', { type: 'date' }, ['trigger.field: is required', 'trigger.localTime: is required', 'trigger.offsetDays: is required']],
      ['an unknown segment', { type: 'segment', segmentId: UNKNOWN }, ['trigger.segmentId: no segment with this id']],
      ['a segment id that is not a UUID', { type: 'segment', segmentId: 'lapsed' }, ['trigger.segmentId: must be a UUID']],
      ['an unknown geofence', { type: 'geofence', geofenceId: UNKNOWN, on: 'entered' }, ['trigger.geofenceId: no geofence with this id']],
      ['a geofence exit', { type: 'geofence', geofenceId: GEOFENCE, on: 'exited', duringOpeningHours: 'yes' }, ['trigger.duringOpeningHours: must be true or false', 'trigger.on: must be one of entered, dwelled']],
      ['a broadcast to an unknown segment', { type: 'broadcast', segmentId: UNKNOWN }, ['trigger.segmentId: no segment with this id']],
      ['a broadcast at month 13', { type: 'broadcast', segmentId: SEGMENT, at: '2025-13-01T09:00' }, [`trigger.at: ${AT_MESSAGE}`]],
      ['a broadcast on Feb 29 of a common year', { type: 'broadcast', segmentId: SEGMENT, at: '2025-02-29T09:00:00Z' }, [`trigger.at: ${AT_MESSAGE}`]],
      ['a broadcast at a date only', { type: 'broadcast', segmentId: SEGMENT, at: '2025-03-01' }, [`trigger.at: ${AT_MESSAGE}`]],
      ['recipient local time without at', { type: 'broadcast', segmentId: SEGMENT, recipientLocalTime: true }, ['trigger.at: is required when recipientLocalTime is true']],
      [
        'recipient local time with an offset',
        { type: 'broadcast', segmentId: SEGMENT, at: '2025-03-01T09:00:00Z', recipientLocalTime: true },
        ['trigger.at: must be a local wall time YYYY-MM-DDTHH:MM without an offset when recipientLocalTime is true'],
      ],
      ['recipient local time that is not a boolean', { type: 'broadcast', segmentId: SEGMENT, recipientLocalTime: 'yes' }, ['trigger.recipientLocalTime: must be true or false']],
    ])('reports %s', (_name, trigger, expected) => {
      expect(problemsOf(campaign({ trigger }))).toEqual(expected);
    });
  });
});

describe('validateCampaign: templates reading the triggering event', () => {
  const eventRefs = () => refs({ templates: new Map([[EMAIL_TEMPLATE, { channel: 'email', readsEvent: true }], [SMS_TEMPLATE, { channel: 'sms', readsEvent: false }]]) });
  const steps = [email('mail', 'text'), { id: 'text', type: 'sms', templateId: SMS_TEMPLATE }];

  it('refuses a template using event.… in a campaign another trigger starts, at the step\'s templateId', () => {
    for (const trigger of [{ type: 'customer_created' }, { type: 'segment', segmentId: SEGMENT }, { type: 'broadcast', send: 'now' }]) {
      const problems = checkCampaign(campaign({ trigger, steps }), eventRefs()).problems.filter((p) => p.field.startsWith('steps'));
      expect(problems).toEqual([{
        field: 'steps[0].templateId',
        message: `the template uses event.… variables, which only a campaign triggered by an event fills; this campaign's trigger is "${trigger.type}": use an event trigger or a template without event variables`,
      }]);
    }
  });

  it('accepts it when an event starts the journey', () => {
    expect(problemsOf(campaign({ trigger: { type: 'event', eventType: 'cart_abandoned' }, steps }), eventRefs())).toEqual([]);
  });
});
