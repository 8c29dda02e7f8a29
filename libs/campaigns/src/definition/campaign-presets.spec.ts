import { DomainError } from '@localreach/core';
import { validateDefinition } from '@localreach/segmentation';
import { stepTargets, type CampaignDefinition, type CampaignReferences, type Step } from './campaign-definition';
import { bindPreset, buildPreset, PRESET_NAMES, PRESET_SEGMENT_PLACEHOLDER, type PresetPlan } from './campaign-presets';
import { checkCampaign, validateCampaign } from './campaign-validator';

const GEOFENCE = '44444444-4444-4444-8444-444444444444';
const STORE = '66666666-6666-4666-8666-666666666666';
const SEGMENT = '33333333-3333-4333-8333-333333333333';

// The channel of each template library file, as the templates/ folder ships them.
const CHANNELS: Record<string, 'email' | 'sms'> = {
  'welcome-1': 'email', 'welcome-2': 'email', 'welcome-3': 'email', 'abandoned-cart': 'email', 'abandoned-cart-sms': 'sms',
  'birthday-offer': 'email', 'nearby-offer': 'sms', 'win-back': 'email',
};

/** Deterministic template ids per key, e.g. welcome-1 → 00000000-0000-4000-8000-000000000001. */
const templateIds = new Map(Object.keys(CHANNELS).map((key, i) => [key, `00000000-0000-4000-8000-${String(i + 1).padStart(12, '0')}`]));

function refsFor(): CampaignReferences {
  return {
    templates: new Map([...templateIds].map(([key, id]) => [id, { channel: CHANNELS[key] }])),
    segmentIds: new Set([SEGMENT]),
    geofenceIds: new Set([GEOFENCE]),
    audienceHasEmail: true,
    audienceHasPhone: true,
  };
}

const paramsFor = (name: string) => (name === 'nearby_offer' ? { geofenceId: GEOFENCE } : {});
const bind = (plan: PresetPlan) => bindPreset(plan, templateIds, plan.segment ? SEGMENT : undefined);

/** The step types met from steps[0] when every branch says `answer` (stops at the first repeat). */
function walk(definition: CampaignDefinition, answer: 'yes' | 'no'): string[] {
  const byId = new Map(definition.steps.map((s) => [s.id, s]));
  const seen: string[] = [];
  let step: Step | undefined = definition.steps[0];
  while (step && !seen.includes(step.id)) {
    seen.push(step.id);
    const targets = stepTargets(step);
    step = byId.get(step.type === 'branch' && answer === 'no' ? targets[1] : targets[0]);
  }
  return seen.map((id) => {
    const s = byId.get(id) as Step;
    if (s.type === 'email' || s.type === 'sms') return `${s.type}:${s.templateId}`;
    if (s.type === 'wait') return `wait:${s.duration}`;
    return s.type;
  });
}

function presetError(run: () => unknown): string[] {
  try {
    run();
  } catch (e) {
    expect(e).toBeInstanceOf(DomainError);
    expect(e).toMatchObject({ code: 'INVALID_CAMPAIGN_PRESET' });
    return (e as DomainError).details.map((p) => `${p.field}: ${p.message}`);
  }
  throw new Error('expected a DomainError');
}

describe('campaign presets', () => {
  it.each(PRESET_NAMES)('%s, once bound, passes validateCampaign', (name) => {
    const plan = buildPreset(name, paramsFor(name));
    const definition = bind(plan);
    expect(checkCampaign(definition, refsFor()).problems).toEqual([]);
    expect(validateCampaign(definition, refsFor())).toBe(definition);
    // Unbound, the template keys are not template ids: binding is what makes the plan usable.
    expect(checkCampaign(plan.definition, refsFor()).problems.length).toBeGreaterThan(0);
  });

  it.each(PRESET_NAMES)('%s with a storeId keeps to that store\'s customers and still validates', (name) => {
    const plan = buildPreset(name, { ...paramsFor(name), storeId: STORE, name: 'Downtown' });
    expect(plan.definition.name).toBe('Downtown');
    expect(plan.definition.entry).toEqual({ type: 'nearestStore', storeId: STORE });
    expect(checkCampaign(bind(plan), refsFor()).problems).toEqual([]);
  });

  it('lists the template keys each preset needs', () => {
    const keys = Object.fromEntries(PRESET_NAMES.map((name) => [name, buildPreset(name, paramsFor(name)).templateKeys]));
    expect(keys).toEqual({
      welcome_series: ['welcome-1', 'welcome-2', 'welcome-3'],
      abandoned_cart: ['abandoned-cart', 'abandoned-cart-sms'],
      birthday_offer: ['birthday-offer'],
      nearby_offer: ['nearby-offer'],
      win_back: ['win-back'],
    });
  });

  it('welcome series: three emails over seven days, a coupon in the last, goal an order in 14 days', () => {
    const { definition } = buildPreset('welcome_series');
    expect(definition.name).toBe('Welcome series');
    expect(definition.trigger).toEqual({ type: 'customer_created' });
    expect(walk(definition, 'no')).toEqual(['email:welcome-1', 'wait:P3D', 'email:welcome-2', 'wait:P4D', 'email:welcome-3']);
    expect(definition.steps[4]).toMatchObject({ offer: { couponPrefix: 'WELCOME', validDays: 14 } });
    expect(definition.goal).toEqual({ type: 'order', within: 'P14D' });
    expect(definition.reentry).toBeUndefined();
  });

  it('abandoned cart: stops as soon as the customer orders, else email after 1 hour and SMS a day later', () => {
    const { definition } = buildPreset('abandoned_cart');
    expect(definition.trigger).toEqual({ type: 'event', eventType: 'cart_abandoned' });
    expect(walk(definition, 'no')).toEqual(['wait:PT1H', 'branch', 'email:abandoned-cart', 'wait:P1D', 'branch', 'sms:abandoned-cart-sms']);
    expect(walk(definition, 'yes')).toEqual(['wait:PT1H', 'branch', 'exit']);
    const branches = definition.steps.filter((s) => s.type === 'branch');
    expect(branches.map((b) => b.condition)).toEqual([
      { type: 'orders', metric: 'count', op: 'gte', value: 1, sinceEnrollment: true },
      { type: 'orders', metric: 'count', op: 'gte', value: 1, sinceEnrollment: true },
    ]);
    expect(definition).toMatchObject({ goal: { type: 'order', within: 'P7D' }, reentry: { policy: 'after', after: 'P1D' }, priority: 'high' });
  });

  it('birthday offer: a week before, at 10:00, a 14-day coupon; once a year at most', () => {
    const { definition } = buildPreset('birthday_offer');
    expect(definition.trigger).toEqual({ type: 'date', field: 'birthday', offsetDays: -7, localTime: '10:00' });
    expect(definition.steps).toEqual([{ id: 'birthday-offer', type: 'email', templateId: 'birthday-offer', offer: { couponPrefix: 'BDAY', validDays: 14 } }]);
    expect(definition).toMatchObject({ goal: { type: 'order', within: 'P14D' }, reentry: { policy: 'after', after: 'P300D' } });
  });

  it('nearby offer: an SMS on entering the geofence while open, a 1-day coupon, a 7-day cooldown', () => {
    const { definition, segment } = buildPreset('nearby_offer', { geofenceId: GEOFENCE });
    expect(segment).toBeUndefined();
    expect(definition.trigger).toEqual({ type: 'geofence', geofenceId: GEOFENCE, on: 'entered', duringOpeningHours: true });
    expect(definition.steps).toEqual([{ id: 'nearby-offer', type: 'sms', templateId: 'nearby-offer', offer: { couponPrefix: 'NEAR', validDays: 1 } }]);
    expect(definition).toMatchObject({ goal: { type: 'order', within: 'P1D' }, reentry: { policy: 'after', after: 'P7D' }, priority: 'high' });
  });

  it('win-back: brings a valid lapsed-customers segment and triggers on entering it', () => {
    const plan = buildPreset('win_back');
    expect(plan.segment?.name).toBe('Lapsed customers (no order in 60 days)');
    expect(plan.segment?.definition).toEqual({
      all: [
        { type: 'orders', metric: 'count', op: 'gte', value: 1 },
        { type: 'orders', metric: 'count', op: 'eq', value: 0, within: 'P60D' },
      ],
    });
    expect(validateDefinition(plan.segment?.definition).problems).toEqual([]);
    expect(plan.definition.trigger).toEqual({ type: 'segment', segmentId: PRESET_SEGMENT_PLACEHOLDER });
    expect(bind(plan).trigger).toEqual({ type: 'segment', segmentId: SEGMENT });
    expect(plan.definition).toMatchObject({ goal: { type: 'order', within: 'P30D' }, reentry: { policy: 'after', after: 'P90D' } });
    expect(plan.definition.steps[0]).toMatchObject({ type: 'email', templateId: 'win-back', offer: { couponPrefix: 'COMEBACK', validDays: 14 } });
  });

  it('binding replaces keys with ids and leaves the plan untouched', () => {
    const plan = buildPreset('abandoned_cart');
    const before = structuredClone(plan);
    const bound = bindPreset(plan, Object.fromEntries(templateIds));
    expect(plan).toEqual(before);
    expect(bound.steps.flatMap((s) => (s.type === 'email' || s.type === 'sms' ? [s.templateId] : []))).toEqual([
      templateIds.get('abandoned-cart'), templateIds.get('abandoned-cart-sms'),
    ]);
    // Each call builds fresh objects, so editing one plan cannot leak into the next.
    (plan.definition.steps[1] as { condition: { value: number } }).condition.value = 5;
    expect(buildPreset('abandoned_cart').definition.steps[1]).toMatchObject({ condition: { value: 1 } });
  });

  describe('problems', () => {
    it.each([
      ['an unknown preset', 'flash_sale', {}, ['preset: must be one of welcome_series, abandoned_cart, birthday_offer, nearby_offer, win_back']],
      ['nearby_offer without a geofence', 'nearby_offer', {}, ['params.geofenceId: required for nearby_offer']],
      ['a geofence that is not a UUID', 'nearby_offer', { geofenceId: 'front-door' }, ['params.geofenceId: must be a UUID']],
      ['a geofence on another preset', 'win_back', { geofenceId: GEOFENCE }, ['params.geofenceId: only allowed for nearby_offer']],
      ['a bad store and name', 'welcome_series', { storeId: 'main', name: ' ' }, ['params.name: must not be empty', 'params.storeId: must be a UUID']],
      ['an unknown param', 'birthday_offer', { colour: 'red' }, ['params.colour: is not a known field']],
    ])('reports %s', (_name, preset, params, expected) => {
      expect(presetError(() => buildPreset(preset, params as never)).sort()).toEqual(expected);
    });

    it('binding needs every template id and the segment when the preset brings one', () => {
      const plan = buildPreset('win_back');
      expect(presetError(() => bindPreset(plan, new Map()))).toEqual(['templateIds.win-back: is required', 'segmentId: is required: this preset creates a segment first']);
      expect(presetError(() => bindPreset(buildPreset('birthday_offer'), templateIds, SEGMENT))).toEqual(['segmentId: only allowed for presets that create a segment']);
    });
  });
});
