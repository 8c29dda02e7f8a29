import Ajv, { type ErrorObject, type ValidateFunction } from 'ajv';
import addFormats from 'ajv-formats';
import { SEGMENT_DEFINITION_SCHEMAS } from '@localreach/segmentation';
import { DomainError, parseInput, type Tenant } from '@localreach/core';
import { CampaignPresetService } from '../campaigns/campaign-preset.service';
import { STEP_TYPES, TRIGGER_TYPES, type CampaignReferences, type StepType, type TriggerType } from './campaign-definition';
import { CAMPAIGN_SCHEMAS } from './campaign-definition.schema';
import { CampaignFromPresetInput } from './campaign-preset.input';
import { bindPreset, buildPreset, PRESET_NAMES } from './campaign-presets';
import { checkCampaign } from './campaign-validator';

type Schema = Record<string, unknown>;
type Body = Record<string, unknown>;

const EMAIL_TEMPLATE = '11111111-1111-4111-8111-111111111111';
const SMS_TEMPLATE = '22222222-2222-4222-8222-222222222222';
const SEGMENT = '33333333-3333-4333-8333-333333333333';
const GEOFENCE = '44444444-4444-4444-8444-444444444444';
const STORE = '66666666-6666-4666-8666-666666666666';

const COMPONENTS: Record<string, Schema> = { ...SEGMENT_DEFINITION_SCHEMAS, ...CAMPAIGN_SCHEMAS };
const REF_PREFIX = '#/components/schemas/';

function refs(overrides: Partial<CampaignReferences> = {}): CampaignReferences {
  return {
    templates: new Map([[EMAIL_TEMPLATE, { channel: 'email' }], [SMS_TEMPLATE, { channel: 'sms' }]]),
    segmentIds: new Set([SEGMENT]),
    geofenceIds: new Set([GEOFENCE]),
    ...overrides,
  };
}

/** Every schema node below `node`, with a readable location (not entering `not`, whose inside is a negation). */
function* walk(node: unknown, where: string): Generator<[Schema, string]> {
  if (typeof node !== 'object' || node === null) return;
  const schema = node as Schema;
  yield [schema, where];
  for (const [name, child] of Object.entries((schema.properties as Record<string, unknown> | undefined) ?? {})) yield* walk(child, `${where}.${name}`);
  for (const key of ['oneOf', 'anyOf', 'allOf'] as const) {
    if (Array.isArray(schema[key])) for (const [i, child] of (schema[key] as unknown[]).entries()) yield* walk(child, `${where}.${key}[${i}]`);
  }
  if (schema.items) yield* walk(schema.items, `${where}[]`);
  if (typeof schema.additionalProperties === 'object') yield* walk(schema.additionalProperties, `${where}{}`);
}

// ajv works out a discriminator's mapping from the variants' enums and refuses a declared one; the mappings are checked below.
// OpenAPI 3.0's `nullable` beside allOf (a PATCH field null removes) reads as "or null", as test/support/openapi-validator.ts has it.
function withoutMappings(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(withoutMappings);
  if (typeof node !== 'object' || node === null) return node;
  if ((node as Schema).nullable === true && 'allOf' in node) {
    const { nullable: _nullable, ...rest } = node as Schema;
    return { anyOf: [withoutMappings(rest), { enum: [null] }] };
  }
  return Object.fromEntries(Object.entries(node).map(([key, value]) => {
    if (key === 'discriminator') return [key, { propertyName: (value as Schema).propertyName }];
    return [key, withoutMappings(value)];
  }));
}

const ajv = new Ajv({ strict: false, allErrors: true, discriminator: true });
addFormats(ajv);
ajv.addSchema({ components: { schemas: withoutMappings(COMPONENTS) } }, 'openapi');
const compiled = (name: string): ValidateFunction => {
  const validate = ajv.getSchema(`openapi${REF_PREFIX}${name}`);
  if (!validate) throw new Error(`no schema ${name}`);
  return validate;
};

/** JSON pointer of what an ajv error is about (a missing or unknown key, or the discriminator, included). */
function errorPointer(e: ErrorObject): string {
  const p = e.params as { missingProperty?: string; additionalProperty?: string; tag?: string };
  const key = p.missingProperty ?? p.additionalProperty ?? (e.keyword === 'discriminator' ? p.tag : undefined);
  return key === undefined ? e.instancePath : `${e.instancePath}/${key}`;
}

/** `steps[0].offer.validDays` → `/steps/0/offer/validDays`. */
const pointerOf = (field: string) => (field === '' ? '' : `/${field.replace(/\[(\d+)\]/g, '.$1').split('.').join('/')}`);

interface Verdict {
  schema: string[];
  validator: string[];
}

/** What the schema and the validator say about a campaign body, as JSON pointers of the problems (empty: accepted). */
function judge(body: unknown, references = refs(), schema = 'CampaignInput'): Verdict {
  const validate = compiled(schema);
  const schemaProblems = validate(body) ? [] : (validate.errors ?? []).map(errorPointer);
  const problems = checkCampaign(body, references).problems.map((p) => pointerOf(p.field));
  return { schema: [...new Set(schemaProblems)].sort(), validator: problems.sort() };
}

const ACCEPTED: Verdict = { schema: [], validator: [] };
/** Both refuse, each naming `pointer` among their problems. */
const refusedAt = (pointer: string) => ({ schema: expect.arrayContaining([pointer]), validator: expect.arrayContaining([pointer]) });

const campaign = (overrides: Body = {}): Body => ({ name: 'Spring', trigger: { type: 'customer_created' }, steps: [{ id: 'hello', type: 'email', templateId: EMAIL_TEMPLATE }], ...overrides });
const exit = (id: string) => ({ id, type: 'exit' });
/** A campaign whose first step is `step`, followed by an exit `end` its references can name. */
const withStep = (step: Body) => campaign({ steps: [step, exit('end')] });
const wait = (id: string, next?: string) => ({ id, type: 'wait', duration: 'P1D', ...(next ? { next } : {}) });

/** One step of each type with every key it may have (targets name `end`). */
const FULL_STEPS: Record<StepType, Body> = {
  email: { id: 's', type: 'email', templateId: EMAIL_TEMPLATE, offer: { couponPrefix: 'SPRING25', description: '25% off', validDays: 30 }, next: 'end' },
  sms: { id: 's', type: 'sms', templateId: SMS_TEMPLATE, offer: { couponPrefix: 'S1', validDays: 1 }, next: 'end' },
  wait: { id: 's', type: 'wait', duration: 'P3D', next: 'end' },
  waitUntil: { id: 's', type: 'waitUntil', localTime: '09:30', weekdays: [1, 3, 5], next: 'end' },
  branch: { id: 's', type: 'branch', condition: { type: 'orders', metric: 'count', op: 'gte', value: 1, sinceEnrollment: true }, yes: 'end', no: 'end' },
  split: {
    id: 's', type: 'split',
    branches: [{ name: 'A', weight: 1, next: 'end' }, { name: 'B', weight: 2.5, next: 'end' }],
    autoWinner: { metric: 'click_rate', confidence: 0.99, minSamplePerVariant: 500, minDuration: 'P14D' },
  },
  update: { id: 's', type: 'update', tags: { add: ['buyer'], remove: ['prospect'] }, attributes: { stage: 'customer', score: 3, vip: true, lead: null }, next: 'end' },
  exit: { id: 's', type: 'exit' },
};

/** One trigger of each type with every key it may have. */
const FULL_TRIGGERS: Record<TriggerType, Body> = {
  customer_created: { type: 'customer_created' },
  event: { type: 'event', eventType: 'cart_abandoned', where: [{ field: 'total', op: 'gte', value: 20 }] },
  date: { type: 'date', field: 'birthday', offsetDays: -7, localTime: '10:00' },
  segment: { type: 'segment', segmentId: SEGMENT },
  geofence: { type: 'geofence', geofenceId: GEOFENCE, on: 'entered', duringOpeningHours: true },
  broadcast: { type: 'broadcast', segmentId: SEGMENT, at: '2025-03-01T09:00:00+01:00', recipientLocalTime: false },
};

// The keys each type requires and allows, read off validate-steps.ts and validate-trigger.ts.
const STEP_KEYS: Record<StepType, { required: string[]; optional: string[] }> = {
  email: { required: ['id', 'type', 'templateId'], optional: ['next', 'offer'] },
  sms: { required: ['id', 'type', 'templateId'], optional: ['next', 'offer'] },
  wait: { required: ['id', 'type', 'duration'], optional: ['next'] },
  waitUntil: { required: ['id', 'type', 'localTime'], optional: ['next', 'weekdays'] },
  branch: { required: ['id', 'type', 'condition', 'yes', 'no'], optional: [] },
  split: { required: ['id', 'type', 'branches'], optional: ['autoWinner'] },
  // At least one of tags and attributes: checked in the invalid table.
  update: { required: ['id', 'type'], optional: ['next', 'tags', 'attributes'] },
  exit: { required: ['id', 'type'], optional: [] },
};
const TRIGGER_KEYS: Record<TriggerType, { required: string[]; optional: string[] }> = {
  customer_created: { required: ['type'], optional: [] },
  // `name`, the deprecated alias of eventType, is checked in the invalid table.
  event: { required: ['type', 'eventType'], optional: ['where', 'maxEventAge'] },
  date: { required: ['type', 'field', 'offsetDays', 'localTime'], optional: [] },
  segment: { required: ['type', 'segmentId'], optional: [] },
  geofence: { required: ['type', 'geofenceId', 'on'], optional: ['duringOpeningHours'] },
  // `at` becomes required with recipientLocalTime true: checked in the invalid table.
  broadcast: { required: ['type', 'segmentId'], optional: ['at', 'recipientLocalTime'] },
};

const schemaOf = (name: string) => COMPONENTS[name];
const resolve = (ref: unknown) => COMPONENTS[String(ref).slice(REF_PREFIX.length)];
const without = (body: Body, key: string): Body => Object.fromEntries(Object.entries(body).filter(([k]) => k !== key));

describe('CAMPAIGN_SCHEMAS', () => {
  describe('valid campaigns: accepted by the schema and by validateCampaign', () => {
    const TRIGGERS: [string, Body][] = [
      ['customer_created', { type: 'customer_created' }],
      ['event with where', FULL_TRIGGERS.event],
      ['event without where', { type: 'event', eventType: 'visit' }],
      ['event with between and in', { type: 'event', eventType: 'x', where: [{ field: 'total', op: 'between', value: [10, 20] }, { type: 'attribute', field: 'sku', op: 'in', value: ['a', 'b'] }] }],
      ['date on the birthday, 365 days before at midnight', { type: 'date', field: 'birthday', offsetDays: -365, localTime: '00:00' }],
      ['date on an attribute, 365 days after at 23:59', { type: 'date', field: 'attributes.anniversary', offsetDays: 365, localTime: '23:59' }],
      ['segment', FULL_TRIGGERS.segment],
      ['geofence dwelled', { type: 'geofence', geofenceId: GEOFENCE, on: 'dwelled' }],
      ['geofence entered during opening hours', FULL_TRIGGERS.geofence],
      ['broadcast now', { type: 'broadcast', segmentId: SEGMENT }],
      ['broadcast at an instant', { type: 'broadcast', segmentId: SEGMENT, at: '2025-03-01T09:00:00Z' }],
      ['broadcast at an instant with fractions and a compact offset', { type: 'broadcast', segmentId: SEGMENT, at: '2025-03-01T09:00:00.123456789+0100' }],
      ['broadcast at a business wall time', { type: 'broadcast', segmentId: SEGMENT, at: '2024-02-29T09:00' }],
      ['broadcast at a recipient wall time', { type: 'broadcast', segmentId: SEGMENT, at: '2025-03-01T09:00', recipientLocalTime: true }],
      ['broadcast with recipientLocalTime false', FULL_TRIGGERS.broadcast],
    ];
    it('cover every trigger type', () => {
      expect(new Set(TRIGGERS.map(([, t]) => t.type))).toEqual(new Set(TRIGGER_TYPES));
    });
    it.each(TRIGGERS)('trigger: %s', (_label, trigger) => {
      expect(judge(campaign({ trigger }))).toEqual(ACCEPTED);
    });

    const STEPS: [string, unknown[]][] = [
      ...STEP_TYPES.map((type): [string, unknown[]] => [`${type} with every key`, type === 'exit' ? [FULL_STEPS.exit] : [FULL_STEPS[type], exit('end')]]),
      ['email without next or offer', [{ id: 'a', type: 'email', templateId: EMAIL_TEMPLATE }]],
      ['sms with an offer of 365 days', [{ id: 'a', type: 'sms', templateId: SMS_TEMPLATE, offer: { couponPrefix: 'ABCDEFGHIJ12', validDays: 365 } }]],
      ['waits of 30 seconds, a year, 365 days, 12 months and 5 days, 52 weeks and a day', [
        wait('a', 'b'), { ...wait('b', 'c'), duration: 'PT30S' }, { ...wait('c', 'd'), duration: 'P1Y' }, { ...wait('d', 'e'), duration: 'P365D' },
        { ...wait('e', 'f'), duration: 'P12M5D' }, { ...wait('f'), duration: 'P52W1D' },
      ]],
      ['waitUntil any day', [{ id: 'a', type: 'waitUntil', localTime: '23:59' }]],
      ['waitUntil every day', [{ id: 'a', type: 'waitUntil', localTime: '00:00', weekdays: [7, 6, 5, 4, 3, 2, 1] }]],
      ['branch on a tag', [{ id: 'br', type: 'branch', condition: { type: 'tag', tag: 'vip', present: true }, yes: 'a', no: 'b' }, exit('a'), exit('b')]],
      ['branch on a group with sinceEnrollment', [{ id: 'br', type: 'branch', condition: { all: [{ type: 'event', eventType: 'purchase', sinceEnrollment: true, count: { op: 'gte', value: 2 } }, { type: 'engagement', action: 'opened', sinceEnrollment: true }] }, yes: 'a', no: 'a' }, exit('a')]],
      ['split without names or autoWinner', [{ id: 'ab', type: 'split', branches: [{ weight: 1, next: 'a' }, { weight: 1, next: 'a' }] }, exit('a')]],
      ['split of 10 branches, minimal autoWinner', [{ id: 'ab', type: 'split', branches: Array.from({ length: 10 }, (_, i) => ({ name: `v${i}`, weight: 0.1, next: 'a' })), autoWinner: { metric: 'revenue_per_recipient' } }, exit('a')]],
      ['autoWinner at its bounds', [{ id: 'ab', type: 'split', branches: [{ weight: 1, next: 'a' }, { weight: 1, next: 'a' }], autoWinner: { metric: 'conversion_rate', confidence: 0.8, minSamplePerVariant: 10_000_000, minDuration: 'P1Y' } }, exit('a')]],
      ['update of tags only', [{ id: 'u', type: 'update', tags: { remove: ['prospect'] } }]],
      ['update of an attribute removal only', [{ id: 'u', type: 'update', attributes: { lead: null } }]],
      ['update with an empty tag list beside an attribute', [{ id: 'u', type: 'update', tags: { add: [] }, attributes: { n: 1.5 } }]],
      ['a 63-character step id', [{ id: `a${'-'.repeat(61)}_`, type: 'exit' }]],
      ['100 steps', Array.from({ length: 100 }, (_, i) => wait(`w${i}`, i < 99 ? `w${i + 1}` : undefined))],
      ['a polling loop through a wait', [wait('w', 'check'), { id: 'check', type: 'branch', condition: { type: 'tag', tag: 'vip', present: true }, yes: 'send', no: 'w' }, { id: 'send', type: 'email', templateId: EMAIL_TEMPLATE }]],
    ];
    it('cover every step type', () => {
      expect(new Set(STEPS.flatMap(([, steps]) => steps.map((s) => (s as Body).type)))).toEqual(new Set(STEP_TYPES));
    });
    it.each(STEPS)('steps: %s', (_label, steps) => {
      expect(judge(campaign({ steps }))).toEqual(ACCEPTED);
    });

    it.each([
      ['an order goal', { goal: { type: 'order', within: 'P7D' } }],
      ['an event goal of a year', { goal: { type: 'event', eventType: 'booked', within: 'P1Y' } }],
      ['reentry never', { reentry: { policy: 'never' } }],
      ['reentry after 10 years', { reentry: { policy: 'after', after: 'P10Y' } }],
      ['reentry after 90 minutes', { reentry: { policy: 'after', after: 'PT90M' } }],
      ...['high', 'normal', 'low'].map((priority): [string, Body] => [`priority ${priority}`, { priority }]),
      ...[0, 0.1, 0.3, 12.5, 33.3, 49.9, 50].map((holdoutPercent): [string, Body] => [`holdout ${holdoutPercent}`, { holdoutPercent }]),
      ['an entry filter', { entry: { all: [{ type: 'consent', channel: 'email', status: 'granted' }, { not: { type: 'tag', tag: 'staff', present: true } }] } }],
      ['a 200-character name', { name: 'x'.repeat(200) }],
      ['a name with spaces around', { name: '  Spring sale ' }],
    ])('settings: %s', (_label, overrides) => {
      expect(judge(campaign(overrides))).toEqual(ACCEPTED);
    });
  });

  describe('invalid campaigns: refused by both, at the same field', () => {
    const step0 = (step: Body) => withStep({ id: 's', ...step });
    it.each([
      ['no name', without(campaign(), 'name'), '/name'],
      ['no trigger', without(campaign(), 'trigger'), '/trigger'],
      ['no steps', without(campaign(), 'steps'), '/steps'],
      ['an unknown key', campaign({ colour: 'red' }), '/colour'],
      ['a description (not a campaign field)', campaign({ description: 'Spring' }), '/description'],
      ['a blank name', campaign({ name: ' \t ' }), '/name'],
      ['a 201-character name', campaign({ name: 'x'.repeat(201) }), '/name'],
      ['a number name', campaign({ name: 7 }), '/name'],
      ['an unknown priority', campaign({ priority: 'urgent' }), '/priority'],
      ['holdout above 50', campaign({ holdoutPercent: 50.1 }), '/holdoutPercent'],
      ['a negative holdout', campaign({ holdoutPercent: -1 }), '/holdoutPercent'],
      ['a string holdout', campaign({ holdoutPercent: '10' }), '/holdoutPercent'],
      ['an event goal without an eventType', campaign({ goal: { type: 'event', within: 'P7D' } }), '/goal/eventType'],
      ['an event goal with eventType and its alias name', campaign({ goal: { type: 'event', eventType: 'x', name: 'x', within: 'P7D' } }), ['/goal', '/goal/name']],
      ['an event goal with the alias name only, empty', campaign({ goal: { type: 'event', name: '', within: 'P7D' } }), '/goal/name'],
      ['an order goal with a name', campaign({ goal: { type: 'order', name: 'x', within: 'P7D' } }), '/goal/name'],
      ['an unknown goal type', campaign({ goal: { type: 'visit', within: 'P7D' } }), '/goal/type'],
      ['a goal without a window', campaign({ goal: { type: 'order' } }), '/goal/within'],
      ['reentry after without a duration', campaign({ reentry: { policy: 'after' } }), '/reentry/after'],
      ['reentry never with a duration', campaign({ reentry: { policy: 'never', after: 'P1D' } }), '/reentry/after'],
      ['an unknown reentry policy', campaign({ reentry: { policy: 'sometimes' } }), '/reentry/policy'],
      ['an entry filter that is not a condition', campaign({ entry: 'vip' }), '/entry'],
      ['no steps at all', campaign({ steps: [] }), '/steps'],
      ['101 steps', campaign({ steps: Array.from({ length: 101 }, (_, i) => wait(`w${i}`, i < 100 ? `w${i + 1}` : undefined)) }), '/steps'],
      // Triggers
      ['an unknown trigger type', campaign({ trigger: { type: 'weather' } }), '/trigger/type'],
      ['a trigger without a type', campaign({ trigger: { name: 'x' } }), '/trigger/type'],
      ['a key of another trigger type', campaign({ trigger: { type: 'customer_created', name: 'x' } }), '/trigger/name'],
      ['an empty eventType', campaign({ trigger: { type: 'event', eventType: '' } }), '/trigger/eventType'],
      ['an empty deprecated name', campaign({ trigger: { type: 'event', name: '' } }), '/trigger/name'],
      ['a maxEventAge that is not a duration', campaign({ trigger: { type: 'event', eventType: 'a', maxEventAge: 'a day' } }), '/trigger/maxEventAge'],
      ['a maxEventAge in seconds as a number', campaign({ trigger: { type: 'event', eventType: 'a', maxEventAge: 86400 } }), '/trigger/maxEventAge'],
      ['201 trigger where conditions', campaign({ trigger: { type: 'event', eventType: 'a', where: Array.from({ length: 201 }, () => ({ field: 'sku', op: 'eq', value: 'x' })) } }), '/trigger/where'],
      ['where that is not a list', campaign({ trigger: { type: 'event', eventType: 'x', where: {} } }), '/trigger/where'],
      ['a date on another column', campaign({ trigger: { ...FULL_TRIGGERS.date, field: 'createdAt' } }), '/trigger/field'],
      ['a date on an empty attribute name', campaign({ trigger: { ...FULL_TRIGGERS.date, field: 'attributes.' } }), '/trigger/field'],
      ['an offset of 366 days', campaign({ trigger: { ...FULL_TRIGGERS.date, offsetDays: -366 } }), '/trigger/offsetDays'],
      ['a fractional offset', campaign({ trigger: { ...FULL_TRIGGERS.date, offsetDays: 1.5 } }), '/trigger/offsetDays'],
      ['a local time of 24:00', campaign({ trigger: { ...FULL_TRIGGERS.date, localTime: '24:00' } }), '/trigger/localTime'],
      ['a one-digit hour', campaign({ trigger: { ...FULL_TRIGGERS.date, localTime: '9:30' } }), '/trigger/localTime'],
      ['a segment id that is not a UUID', campaign({ trigger: { type: 'segment', segmentId: 'lapsed' } }), '/trigger/segmentId'],
      ['a URN segment id', campaign({ trigger: { type: 'segment', segmentId: `urn:uuid:${SEGMENT}` } }), '/trigger/segmentId'],
      ['a geofence exit', campaign({ trigger: { ...FULL_TRIGGERS.geofence, on: 'exited' } }), '/trigger/on'],
      ['duringOpeningHours as a string', campaign({ trigger: { ...FULL_TRIGGERS.geofence, duringOpeningHours: 'yes' } }), '/trigger/duringOpeningHours'],
      ['a broadcast at a date only', campaign({ trigger: { type: 'broadcast', segmentId: SEGMENT, at: '2025-03-01' } }), '/trigger/at'],
      ['a broadcast at a wall time with seconds', campaign({ trigger: { type: 'broadcast', segmentId: SEGMENT, at: '2025-03-01T09:00:00' } }), '/trigger/at'],
      ['a broadcast at 25:00', campaign({ trigger: { type: 'broadcast', segmentId: SEGMENT, at: '2025-03-01T25:00' } }), '/trigger/at'],
      ['recipient local time without at', campaign({ trigger: { type: 'broadcast', segmentId: SEGMENT, recipientLocalTime: true } }), '/trigger/at'],
      ['recipient local time at an instant', campaign({ trigger: { type: 'broadcast', segmentId: SEGMENT, at: '2025-03-01T09:00:00Z', recipientLocalTime: true } }), '/trigger/at'],
      ['recipientLocalTime as a string', campaign({ trigger: { type: 'broadcast', segmentId: SEGMENT, recipientLocalTime: 'yes' } }), '/trigger/recipientLocalTime'],
      // Steps
      ['a step without a type', step0({ templateId: EMAIL_TEMPLATE }), '/steps/0/type'],
      ['an unknown step type', step0({ type: 'fax' }), '/steps/0/type'],
      ['an upper-case step id', withStep({ ...FULL_STEPS.exit, id: 'Hello' }), '/steps/0/id'],
      ['a step id starting with -', withStep({ ...FULL_STEPS.exit, id: '-a' }), '/steps/0/id'],
      ['a 64-character step id', withStep({ ...FULL_STEPS.exit, id: 'a'.repeat(64) }), '/steps/0/id'],
      ['a step id with a dot', withStep({ ...FULL_STEPS.exit, id: 'a.b' }), '/steps/0/id'],
      ['a template id that is not a UUID', step0({ type: 'email', templateId: 'welcome-1' }), '/steps/0/templateId'],
      ['a lower-case coupon prefix', withStep({ ...FULL_STEPS.email, offer: { couponPrefix: 'welcome', validDays: 14 } }), '/steps/0/offer/couponPrefix'],
      ['a 13-character coupon prefix', withStep({ ...FULL_STEPS.email, offer: { couponPrefix: 'ABCDEFGHIJKLM', validDays: 14 } }), '/steps/0/offer/couponPrefix'],
      ['an offer of 0 days', withStep({ ...FULL_STEPS.sms, offer: { couponPrefix: 'OK', validDays: 0 } }), '/steps/0/offer/validDays'],
      ['an offer of 366 days', withStep({ ...FULL_STEPS.sms, offer: { couponPrefix: 'OK', validDays: 366 } }), '/steps/0/offer/validDays'],
      ['an offer of 1.5 days', withStep({ ...FULL_STEPS.sms, offer: { couponPrefix: 'OK', validDays: 1.5 } }), '/steps/0/offer/validDays'],
      ['an offer with a code', withStep({ ...FULL_STEPS.sms, offer: { couponPrefix: 'OK', validDays: 1, code: 'X' } }), '/steps/0/offer/code'],
      ['an offer with an empty description', withStep({ ...FULL_STEPS.sms, offer: { couponPrefix: 'OK', validDays: 1, description: '' } }), '/steps/0/offer/description'],
      ['a wait in words', withStep({ ...FULL_STEPS.wait, duration: 'soon' }), '/steps/0/duration'],
      ['a wait of zero', withStep({ ...FULL_STEPS.wait, duration: 'PT0S' }), '/steps/0/duration'],
      ['an empty duration', withStep({ ...FULL_STEPS.wait, duration: 'P' }), '/steps/0/duration'],
      ['a negative wait', withStep({ ...FULL_STEPS.wait, duration: '-P1D' }), '/steps/0/duration'],
      ['a wait with a negative part', withStep({ ...FULL_STEPS.wait, duration: 'P1DT-1H' }), '/steps/0/duration'],
      ['a fractional hour', withStep({ ...FULL_STEPS.wait, duration: 'PT1.5H' }), '/steps/0/duration'],
      ['a wait under a millisecond', withStep({ ...FULL_STEPS.wait, duration: 'PT0.0001S' }), '/steps/0/duration'],
      ['a lower-case duration', withStep({ ...FULL_STEPS.wait, duration: 'p1d' }), '/steps/0/duration'],
      ['waitUntil at 9:5', withStep({ ...FULL_STEPS.waitUntil, localTime: '9:5' }), '/steps/0/localTime'],
      ['waitUntil with no weekdays', withStep({ ...FULL_STEPS.waitUntil, weekdays: [] }), '/steps/0/weekdays'],
      ['waitUntil on a repeated day', withStep({ ...FULL_STEPS.waitUntil, weekdays: [1, 3, 1] }), ['/steps/0/weekdays', '/steps/0/weekdays/2']],
      ['waitUntil on 8 days', withStep({ ...FULL_STEPS.waitUntil, weekdays: [1, 2, 3, 4, 5, 6, 7, 1] }), '/steps/0/weekdays'],
      ['waitUntil on day 8', withStep({ ...FULL_STEPS.waitUntil, weekdays: [1, 8] }), '/steps/0/weekdays/1'],
      ['waitUntil on day 0', withStep({ ...FULL_STEPS.waitUntil, weekdays: [0] }), '/steps/0/weekdays/0'],
      ['waitUntil on day 1.5', withStep({ ...FULL_STEPS.waitUntil, weekdays: [1.5] }), '/steps/0/weekdays/0'],
      ['a condition that is not one', withStep({ ...FULL_STEPS.branch, condition: 'vip' }), '/steps/0/condition'],
      ['a split of one branch', withStep({ ...FULL_STEPS.split, branches: [{ weight: 1, next: 'end' }] }), '/steps/0/branches'],
      ['a split of 11 branches', withStep({ ...FULL_STEPS.split, branches: Array.from({ length: 11 }, () => ({ weight: 1, next: 'end' })), autoWinner: undefined }), '/steps/0/branches'],
      ['a branch weight of 0', withStep({ ...FULL_STEPS.split, branches: [{ weight: 0, next: 'end' }, { weight: 1, next: 'end' }] }), '/steps/0/branches/0/weight'],
      ['a negative branch weight', withStep({ ...FULL_STEPS.split, branches: [{ weight: -1, next: 'end' }, { weight: 1, next: 'end' }] }), '/steps/0/branches/0/weight'],
      ['a branch without a weight', withStep({ ...FULL_STEPS.split, branches: [{ next: 'end' }, { weight: 1, next: 'end' }] }), '/steps/0/branches/0/weight'],
      ['a branch without next', withStep({ ...FULL_STEPS.split, branches: [{ weight: 1 }, { weight: 1, next: 'end' }] }), '/steps/0/branches/0/next'],
      ['a branch with a colour', withStep({ ...FULL_STEPS.split, branches: [{ weight: 1, next: 'end', colour: 'red' }, { weight: 1, next: 'end' }] }), '/steps/0/branches/0/colour'],
      ['a winner on open rate', withStep({ ...FULL_STEPS.split, autoWinner: { metric: 'open_rate' } }), '/steps/0/autoWinner/metric'],
      ['a winner with a null metric', withStep({ ...FULL_STEPS.split, autoWinner: { metric: null } }), '/steps/0/autoWinner/metric'],
      ['a winner at confidence 0.5', withStep({ ...FULL_STEPS.split, autoWinner: { metric: 'click_rate', confidence: 0.5 } }), '/steps/0/autoWinner/confidence'],
      ['a winner at confidence 1', withStep({ ...FULL_STEPS.split, autoWinner: { metric: 'click_rate', confidence: 1 } }), '/steps/0/autoWinner/confidence'],
      ['a winner sample of 0', withStep({ ...FULL_STEPS.split, autoWinner: { metric: 'click_rate', minSamplePerVariant: 0 } }), '/steps/0/autoWinner/minSamplePerVariant'],
      ['a winner sample of 10.5', withStep({ ...FULL_STEPS.split, autoWinner: { metric: 'click_rate', minSamplePerVariant: 10.5 } }), '/steps/0/autoWinner/minSamplePerVariant'],
      ['a winner picked by hand', withStep({ ...FULL_STEPS.split, autoWinner: { metric: 'click_rate', pick: 'B' } }), '/steps/0/autoWinner/pick'],
      ['a winner after 7 days in words', withStep({ ...FULL_STEPS.split, autoWinner: { metric: 'click_rate', minDuration: '7 days' } }), '/steps/0/autoWinner/minDuration'],
      ['an empty update', step0({ type: 'update' }), '/steps/0'],
      ['an update of empty lists', step0({ type: 'update', tags: { add: [], remove: [] }, attributes: {} }), '/steps/0'],
      // uniqueItems is about the list, the validator names the repeat.
      ['a repeated tag', step0({ type: 'update', tags: { add: ['vip', 'vip'] } }), ['/steps/0/tags/add', '/steps/0/tags/add/1']],
      ['an empty tag', step0({ type: 'update', tags: { remove: [''] } }), '/steps/0/tags/remove/0'],
      ['tags that are not a list', step0({ type: 'update', tags: { add: 'vip' } }), '/steps/0/tags/add'],
      ['tags to keep', step0({ type: 'update', tags: { add: ['vip'], keep: ['x'] } }), '/steps/0/tags/keep'],
      ['an object attribute value', step0({ type: 'update', attributes: { plan: { tier: 1 } } }), '/steps/0/attributes/plan'],
      ['an empty attribute value', step0({ type: 'update', attributes: { plan: '' } }), '/steps/0/attributes/plan'],
      ['a next that is not a string', withStep({ ...FULL_STEPS.wait, next: 5 }), '/steps/0/next'],
      ['an empty next', withStep({ ...FULL_STEPS.wait, next: '' }), '/steps/0/next'],
    ])('%s', (_label, body, pointer) => {
      const [schemaPointer, validatorPointer] = Array.isArray(pointer) ? pointer : [pointer, pointer];
      expect(judge(body)).toEqual({ schema: expect.arrayContaining([schemaPointer]), validator: expect.arrayContaining([validatorPointer]) });
    });
  });

  describe('every key of every type', () => {
    const stepCases = STEP_TYPES.flatMap((type) => STEP_KEYS[type].required.map((key): [StepType, string] => [type, key]));
    it.each(stepCases)('a %s step without %s is refused by both', (type, key) => {
      expect(judge(withStep(without(FULL_STEPS[type], key)))).toEqual(refusedAt(`/steps/0/${key}`));
    });

    const optionalStepCases = STEP_TYPES.flatMap((type) => STEP_KEYS[type].optional.map((key): [StepType, string] => [type, key]));
    it.each(optionalStepCases)('a %s step without %s is accepted by both', (type, key) => {
      // Without next the step ends the journey, and the exit it named would be unreachable.
      const steps = key === 'next' ? [without(FULL_STEPS[type], key)] : [without(FULL_STEPS[type], key), exit('end')];
      expect(judge(campaign({ steps }))).toEqual(ACCEPTED);
    });

    const triggerCases = TRIGGER_TYPES.flatMap((type) => TRIGGER_KEYS[type].required.map((key): [TriggerType, string] => [type, key]));
    it.each(triggerCases)('a %s trigger without %s is refused by both', (type, key) => {
      expect(judge(campaign({ trigger: without(FULL_TRIGGERS[type], key) }))).toEqual(refusedAt(`/trigger/${key}`));
    });

    const optionalTriggerCases = TRIGGER_TYPES.flatMap((type) => TRIGGER_KEYS[type].optional.map((key): [TriggerType, string] => [type, key]));
    it.each(optionalTriggerCases)('a %s trigger without %s is accepted by both', (type, key) => {
      expect(judge(campaign({ trigger: without(FULL_TRIGGERS[type], key) }))).toEqual(ACCEPTED);
    });

    // A key of another type (with the value it has there) is unknown to this one.
    const allStepKeys = [...new Set(STEP_TYPES.flatMap((t) => Object.keys(FULL_STEPS[t])))];
    const foreignStepCases = STEP_TYPES.flatMap((type) => allStepKeys
      .filter((key) => ![...STEP_KEYS[type].required, ...STEP_KEYS[type].optional].includes(key))
      .map((key): [StepType, string] => [type, key]));
    it.each(foreignStepCases)('a %s step with %s is refused by both', (type, key) => {
      const donor = STEP_TYPES.find((t) => key in FULL_STEPS[t]) as StepType;
      expect(judge(withStep({ ...FULL_STEPS[type], [key]: FULL_STEPS[donor][key] }))).toEqual(refusedAt(`/steps/0/${key}`));
    });

    const allTriggerKeys = [...new Set(TRIGGER_TYPES.flatMap((t) => Object.keys(FULL_TRIGGERS[t])))];
    const foreignTriggerCases = TRIGGER_TYPES.flatMap((type) => allTriggerKeys
      .filter((key) => ![...TRIGGER_KEYS[type].required, ...TRIGGER_KEYS[type].optional].includes(key))
      .map((key): [TriggerType, string] => [type, key]));
    it.each(foreignTriggerCases)('a %s trigger with %s is refused by both', (type, key) => {
      const donor = TRIGGER_TYPES.find((t) => key in FULL_TRIGGERS[t]) as TriggerType;
      expect(judge(campaign({ trigger: { ...FULL_TRIGGERS[type], [key]: FULL_TRIGGERS[donor][key] } }))).toEqual(refusedAt(`/trigger/${key}`));
    });

    it('the schemas list exactly those keys', () => {
      const variant = (mapping: string, type: string) => resolve((schemaOf(mapping).discriminator as { mapping: Record<string, string> }).mapping[type]);
      for (const type of STEP_TYPES) {
        const schema = variant('CampaignStep', type);
        expect({ type, required: schema.required }).toEqual({ type, required: STEP_KEYS[type].required });
        expect({ type, keys: Object.keys(schema.properties as Schema).sort() }).toEqual({ type, keys: [...STEP_KEYS[type].required, ...STEP_KEYS[type].optional].sort() });
      }
      // The event trigger's first alternative has eventType; the second its deprecated alias name instead.
      const current = (schema: Schema) => (schema.oneOf as Schema[] | undefined)?.[0] ?? schema;
      const requiredOf = (schema: Schema) => current(schema).required;
      const currentKeysOf = (schema: Schema) => Object.keys(current(schema).properties as Schema).sort();
      for (const type of TRIGGER_TYPES) {
        const schema = variant('CampaignTrigger', type);
        expect({ type, required: requiredOf(schema) }).toEqual({ type, required: TRIGGER_KEYS[type].required });
        expect({ type, keys: currentKeysOf(schema) }).toEqual({ type, keys: [...TRIGGER_KEYS[type].required, ...TRIGGER_KEYS[type].optional].sort() });
      }
    });
  });

  describe('what only the validator checks (listed in the schema file): the schema accepts, the validator refuses', () => {
    it.each([
      ['a next naming no step', campaign({ steps: [wait('a', 'nowhere')] }), '/steps/0/next'],
      // References go to the first of the repeated ids, so the repeat is also unreachable.
      ['repeated step ids', campaign({ steps: [wait('a', 'b'), exit('b'), exit('b')] }), ['/steps/2', '/steps/2/id']],
      ['an unreachable step', campaign({ steps: [exit('a'), exit('b')] }), '/steps/1'],
      ['a loop without a wait', campaign({ steps: [{ id: 'a', type: 'update', tags: { add: ['x'] }, next: 'a' }] }), '/steps/0/next'],
      ['an unknown template', withStep({ ...FULL_STEPS.email, templateId: '55555555-5555-4555-8555-555555555555' }), '/steps/0/templateId'],
      ['an SMS template on an email step', withStep({ ...FULL_STEPS.email, templateId: SMS_TEMPLATE }), '/steps/0/templateId'],
      ['an unknown segment', campaign({ trigger: { type: 'segment', segmentId: '55555555-5555-4555-8555-555555555555' } }), '/trigger/segmentId'],
      ['a wait of a year and a day', withStep({ ...FULL_STEPS.wait, duration: 'P1Y1D' }), '/steps/0/duration'],
      ['a wait of 53 weeks', withStep({ ...FULL_STEPS.wait, duration: 'P53W' }), '/steps/0/duration'],
      ['a goal of 2 years', campaign({ goal: { type: 'order', within: 'P2Y' } }), '/goal/within'],
      ['reentry after 11 years', campaign({ reentry: { policy: 'after', after: 'P11Y' } }), '/reentry/after'],
      ['a winner after 2 years', withStep({ ...FULL_STEPS.split, autoWinner: { metric: 'click_rate', minDuration: 'P2Y' } }), '/steps/0/autoWinner/minDuration'],
      ['a holdout with two decimals', campaign({ holdoutPercent: 12.25 }), '/holdoutPercent'],
      ['a broadcast on Feb 29 of a common year', campaign({ trigger: { type: 'broadcast', segmentId: SEGMENT, at: '2025-02-29T09:00' } }), '/trigger/at'],
      ['a broadcast at minute 60 of an instant', campaign({ trigger: { type: 'broadcast', segmentId: SEGMENT, at: '2025-03-01T09:60Z' } }), '/trigger/at'],
      ['repeated split branch names', withStep({ ...FULL_STEPS.split, branches: [{ name: 'A', weight: 1, next: 'end' }, { name: 'A', weight: 1, next: 'end' }] }), '/steps/0/branches/1/name'],
      ['a tag added and removed', step0Update({ tags: { add: ['vip'], remove: ['vip'] } }), '/steps/0/tags/remove/0'],
      ['an attribute with an empty name', step0Update({ attributes: { '': 1 } }), '/steps/0/attributes/'],
      ['a name of 150 emoji (300 UTF-16 units)', campaign({ name: '😀'.repeat(150) }), '/name'],
    ])('%s', (_label, body, pointers) => {
      expect(judge(body)).toEqual({ schema: [], validator: Array.isArray(pointers) ? pointers : [pointers] });
    });
  });

  it.each(['-P-1D', 'P-0DT1S', 'PT1.-5S', 'P1.00000000000000000001D'])('an odd duration luxon reads, %s, is refused by both', (duration) => {
    expect(judge(withStep({ ...FULL_STEPS.wait, duration }))).toEqual({ schema: ['/steps/0/duration'], validator: ['/steps/0/duration'] });
  });

  describe('presets', () => {
    // The channel of each template library file, as campaign-presets.spec.ts has it.
    const CHANNELS: Record<string, 'email' | 'sms'> = {
      'welcome-1': 'email', 'welcome-2': 'email', 'welcome-3': 'email', 'abandoned-cart': 'email', 'abandoned-cart-sms': 'sms',
      'birthday-offer': 'email', 'nearby-offer': 'sms', 'win-back': 'email',
    };
    const templateIds = new Map(Object.keys(CHANNELS).map((key, i) => [key, `00000000-0000-4000-8000-${String(i + 1).padStart(12, '0')}`]));
    const presetRefs = () => refs({ templates: new Map([...templateIds].map(([key, id]) => [id, { channel: CHANNELS[key] }])) });
    const paramsFor = (name: string) => (name === 'nearby_offer' ? { geofenceId: GEOFENCE } : {});

    it.each(PRESET_NAMES)('%s, bound, is accepted by both', (name) => {
      for (const params of [paramsFor(name), { ...paramsFor(name), storeId: STORE, name: 'Downtown' }]) {
        const plan = buildPreset(name, params);
        expect(judge(bindPreset(plan, templateIds, plan.segment ? SEGMENT : undefined), presetRefs())).toEqual(ACCEPTED);
      }
    });

    /** What POST /v1/campaigns/from-preset makes of a body, with the database left out: the campaign's problems, or the preset's. */
    async function fromPreset(body: unknown, geofenceIds: string[]): Promise<string[]> {
      const inserted = new Map<string, { channel: 'email' | 'sms' }>();
      let problems: string[] = [];
      const service = new CampaignPresetService(
        { transaction: (work: (tx: unknown) => unknown) => work({}) } as never,
        { createIn: (_tx: unknown, _tenant: unknown, definition: unknown) => { problems = checkCampaign(definition, { ...presetRefs(), geofenceIds: new Set(geofenceIds) }).problems.map((p) => pointerOf(p.field)); return {}; } } as never,
        { insert: (_tx: unknown, _b: string, _n: string, _t: unknown, key: string) => { const id = templateIds.get(key) as string; inserted.set(id, { channel: CHANNELS[key] }); return { id }; } } as never,
        { preset: () => ({ template: {} }) } as never,
        { create: () => ({ id: SEGMENT }), remove: () => undefined } as never,
        { record: () => undefined } as never,
      );
      try {
        await service.create({ businessId: 'b' } as Tenant, parseInput(CampaignFromPresetInput, body));
      } catch (e) {
        if (!(e instanceof DomainError) || e.code !== 'INVALID_CAMPAIGN_PRESET') throw e;
        return e.details.map((p) => pointerOf(p.field));
      }
      return problems;
    }
    const presetVerdict = async (body: unknown, geofenceIds = [GEOFENCE]): Promise<Verdict> => {
      const validate = compiled('CampaignFromPresetInput');
      return { schema: validate(body) ? [] : [...new Set((validate.errors ?? []).map(errorPointer))].sort(), validator: (await fromPreset(body, geofenceIds)).sort() };
    };

    it.each([
      ...PRESET_NAMES.map((preset) => ({ preset, params: paramsFor(preset) })),
      { preset: 'welcome_series' },
      { preset: 'win_back', params: { name: 'Come back', storeId: STORE } },
      { preset: 'nearby_offer', params: { geofenceId: GEOFENCE, storeId: STORE, name: 'Near' } },
    ])('from-preset body %j is accepted by both', async (body) => {
      expect(await presetVerdict(body)).toEqual(ACCEPTED);
    });

    it.each([
      ['an unknown preset', { preset: 'flash_sale' }, '/preset'],
      ['no preset', { params: {} }, '/preset'],
      ['nearby_offer without params', { preset: 'nearby_offer' }, '/params/geofenceId'],
      ['nearby_offer without a geofence', { preset: 'nearby_offer', params: {} }, '/params/geofenceId'],
      ['a geofence that is not a UUID', { preset: 'nearby_offer', params: { geofenceId: 'front-door' } }, '/params/geofenceId'],
      ['a geofence on another preset', { preset: 'win_back', params: { geofenceId: GEOFENCE } }, '/params/geofenceId'],
      ['a blank name', { preset: 'welcome_series', params: { name: ' ' } }, '/params/name'],
      ['a bad store', { preset: 'welcome_series', params: { storeId: 'main' } }, '/params/storeId'],
      ['an unknown param', { preset: 'birthday_offer', params: { colour: 'red' } }, '/params/colour'],
      ['an unknown field', { preset: 'birthday_offer', colour: 'red' }, '/colour'],
      ['params that are a list', { preset: 'birthday_offer', params: [] }, '/params'],
    ])('from-preset with %s is refused by both', async (_label, body, pointer) => {
      const verdict = await presetVerdict(body);
      // Without params nearby_offer fails on its params as a whole in the schema.
      const schemaPointer = pointer === '/params/geofenceId' && !('params' in body) ? '/params' : pointer;
      expect(verdict).toEqual({ schema: expect.arrayContaining([schemaPointer]), validator: expect.arrayContaining([pointer]) });
    });

    it('the example body is accepted by both, its geofence id standing for one of the business', async () => {
      const example = schemaOf('CampaignFromPresetInput').example as { params: { geofenceId: string } };
      expect(await presetVerdict(example, [example.params.geofenceId])).toEqual(ACCEPTED);
    });
  });

  describe('examples', () => {
    /** References that make the example's placeholder ids real: each template id with its step's channel, each segment and geofence id. */
    function refsFromExample(body: Body): CampaignReferences {
      const steps = body.steps as Body[];
      const trigger = body.trigger as Body;
      return {
        templates: new Map(steps.filter((s) => s.templateId).map((s) => [s.templateId as string, { channel: s.type as 'email' | 'sms' }])),
        segmentIds: new Set(typeof trigger.segmentId === 'string' ? [trigger.segmentId] : []),
        geofenceIds: new Set(typeof trigger.geofenceId === 'string' ? [trigger.geofenceId] : []),
      };
    }

    it('the POST example is accepted by both', () => {
      const example = schemaOf('CampaignInput').example as Body;
      expect(judge(example, refsFromExample(example))).toEqual(ACCEPTED);
    });

    it('the PATCH example is accepted by the schema and, merged into a campaign, by the validator', () => {
      const example = schemaOf('CampaignPatch').example as Body;
      expect(judge(example, refs(), 'CampaignPatch').schema).toEqual([]);
      expect(judge({ ...campaign(), ...example }).validator).toEqual([]);
    });
  });

  describe('PATCH', () => {
    const patchProblems = (patch: unknown) => judge(patch, refs(), 'CampaignPatch').schema;

    it('allows the fields of the POST body, none required, with the same schemas (the optional ones nullable)', () => {
      const input = schemaOf('CampaignInput');
      const patch = schemaOf('CampaignPatch');
      const inputProperties = input.properties as Record<string, Schema>;
      const patchProperties = patch.properties as Record<string, Schema>;
      expect(Object.keys(patchProperties)).toEqual(Object.keys(inputProperties));
      for (const key of ['name', 'trigger', 'steps']) expect(patchProperties[key]).toEqual(inputProperties[key]);
      for (const key of ['entry', 'goal', 'holdoutPercent', 'reentry', 'priority']) {
        const schema = patchProperties[key];
        expect(schema.nullable).toBe(true);
        const withoutNull = schema.allOf
          ? (schema.allOf as Schema[])[0]
          : { ...schema, nullable: undefined, description: inputProperties[key].description, ...(schema.enum ? { enum: (schema.enum as unknown[]).filter((v) => v !== null) } : {}) };
        expect(withoutNull).toEqual(schema.allOf ? inputProperties[key] : { ...inputProperties[key], nullable: undefined });
      }
      expect(patch.required).toBeUndefined();
      expect(patch.additionalProperties).toBe(false);
      expect(patchProblems({})).toEqual([]);
    });

    // The service merges the patch over the stored definition and validates the result: a required field's null stays and is refused.
    const stored = campaign({ goal: { type: 'order', within: 'P7D' }, entry: { type: 'tag', tag: 'vip', present: true }, reentry: { policy: 'never' }, holdoutPercent: 5, priority: 'low' });
    it.each(['name', 'trigger', 'steps'])('refuses %s: null in both', (key) => {
      expect(patchProblems({ [key]: null })).toContain(`/${key}`);
      expect(judge({ ...stored, [key]: null }).validator).toContain(`/${key}`);
    });

    // An optional field's null removes it: the schema takes it and the merged campaign without it is valid.
    it.each(['entry', 'goal', 'holdoutPercent', 'reentry', 'priority'])('takes %s: null, which removes it', (key) => {
      expect(patchProblems({ [key]: null })).toEqual([]);
      const { [key]: _removed, ...rest } = stored;
      expect(judge(rest).validator).toEqual([]);
    });

    it('refuses an unknown key in both', () => {
      expect(patchProblems({ colour: 'red' })).toEqual(['/colour']);
      expect(judge({ ...campaign(), colour: 'red' }).validator).toEqual(['/colour']);
    });
  });

  describe('the document', () => {
    const discriminated = Object.entries(COMPONENTS).filter(([, s]) => s.discriminator);

    it('maps trigger and step types exactly to their variants', () => {
      const mappingOf = (name: string) => (schemaOf(name).discriminator as { mapping: Record<string, string> }).mapping;
      expect(Object.keys(mappingOf('CampaignTrigger')).sort()).toEqual([...TRIGGER_TYPES].sort());
      expect(Object.keys(mappingOf('CampaignStep')).sort()).toEqual([...STEP_TYPES].sort());
      expect(Object.keys(mappingOf('CampaignFromPresetInput')).sort()).toEqual([...PRESET_NAMES].sort());
    });

    it.each(discriminated.map(([name]) => name))('%s: mapping, oneOf and the variants\' own tags agree', (name) => {
      const schema = schemaOf(name);
      const { propertyName, mapping } = schema.discriminator as { propertyName: string; mapping?: Record<string, string> };
      const oneOf = (schema.oneOf as Schema[]).map((s) => s.$ref);
      if (!mapping) return;
      expect([...new Set(Object.values(mapping))].sort()).toEqual([...oneOf].sort());
      for (const [value, target] of Object.entries(mapping)) {
        const variant = resolve(target);
        expect({ value, variant: target, resolves: variant !== undefined }).toEqual({ value, variant: target, resolves: true });
        expect(((variant.properties as Record<string, Schema>)[propertyName].enum as string[])).toContain(value);
        expect(variant.required).toContain(propertyName);
      }
    });

    it('every $ref resolves, and conditions are the segmentation components', () => {
      const refsIn = (node: unknown): string[] => {
        if (Array.isArray(node)) return node.flatMap(refsIn);
        if (typeof node !== 'object' || node === null) return [];
        return Object.entries(node).flatMap(([key, value]) => (key === '$ref' ? [String(value)] : refsIn(value)));
      };
      const all = Object.entries(COMPONENTS).flatMap(([name, schema]) => refsIn(schema).map((r) => `${name} → ${r}`));
      expect(all.filter((line) => !resolve(line.split(' → ')[1]))).toEqual([]);
      const outside = new Set(Object.values(CAMPAIGN_SCHEMAS).flatMap(refsIn).filter((r) => !(r.slice(REF_PREFIX.length) in CAMPAIGN_SCHEMAS)));
      expect([...outside].sort()).toEqual(['BranchCondition', 'SegmentDefinition', 'SegmentPropertyCondition'].map((n) => `${REF_PREFIX}${n}`));
      // Spread into one document, a campaign name equal to a segmentation one would silently replace it.
      expect(Object.keys(CAMPAIGN_SCHEMAS).filter((name) => name in SEGMENT_DEFINITION_SCHEMAS)).toEqual([]);
    });

    it('is plain JSON of OpenAPI 3.0: no const, nullable only on attribute values and the PATCH fields null removes', () => {
      expect(JSON.parse(JSON.stringify(CAMPAIGN_SCHEMAS))).toEqual(CAMPAIGN_SCHEMAS);
      const nodes = Object.entries(CAMPAIGN_SCHEMAS).flatMap(([name, schema]) => [...walk(schema, name)]);
      expect(nodes.filter(([node]) => 'const' in node).map(([, where]) => where)).toEqual([]);
      expect(nodes.filter(([node]) => 'nullable' in node).map(([, where]) => where)).toEqual([
        ...['entry', 'goal', 'holdoutPercent', 'reentry', 'priority'].map((key) => `CampaignPatch.${key}`), 'CampaignAttributeChanges{}.anyOf[0]',
      ]);
      expect(nodes.filter(([node]) => typeof node.exclusiveMinimum === 'number' || typeof node.exclusiveMaximum === 'number').map(([, where]) => where)).toEqual([]);
    });

    it('describes every schema and property', () => {
      const nodes = Object.entries(CAMPAIGN_SCHEMAS).flatMap(([name, schema]) => [...walk(schema, name)]);
      expect(nodes.filter(([node]) => !node.$ref && typeof node.description !== 'string').map(([, where]) => where)).toEqual([]);
    });

    it('gives the input schemas an example', () => {
      for (const name of ['CampaignInput', 'CampaignPatch', 'CampaignFromPresetInput']) expect(schemaOf(name).example).toBeDefined();
    });
  });
});

function step0Update(fields: Body): Body {
  return campaign({ steps: [{ id: 's', type: 'update', ...fields }] });
}
