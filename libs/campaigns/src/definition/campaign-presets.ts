import { DomainError, parseInput } from '@localreach/core';
import { Problems, type OrdersCondition, type SegmentDefinition } from '@localreach/segmentation';
import { type CampaignDefinition, type EmailStep, type Offer, type SmsStep, type Step } from './campaign-definition';
import { CampaignFromPresetInput, PRESET_NAMES, type PresetName, type PresetParams } from './campaign-preset.input';

export { PRESET_NAMES, type PresetName, type PresetParams };

/** A segment the caller creates before the campaign; its id then replaces `PRESET_SEGMENT_PLACEHOLDER`. */
export interface PresetSegment {
  name: string;
  definition: SegmentDefinition;
}

/**
 * A preset campaign before binding: `templateId` fields hold template
 * library keys (`welcome-1`), listed in `templateKeys`, and a trigger on a
 * segment the preset brings holds `PRESET_SEGMENT_PLACEHOLDER`.
 */
export interface PresetPlan {
  definition: CampaignDefinition;
  templateKeys: string[];
  segment?: PresetSegment;
}

export const PRESET_SEGMENT_PLACEHOLDER = '$segment';

const TITLES: Record<PresetName, string> = {
  welcome_series: 'Welcome series',
  abandoned_cart: 'Abandoned cart',
  birthday_offer: 'Birthday offer',
  nearby_offer: 'Nearby offer',
  win_back: 'Win-back',
};

/** What a preset decides: everything but the name, and the segment it brings. */
interface PresetBody {
  journey: Omit<CampaignDefinition, 'name'>;
  segment?: PresetSegment;
}

const BUILDERS: Record<PresetName, (params: PresetParams) => PresetBody> = {
  welcome_series: welcomeSeries,
  abandoned_cart: abandonedCart,
  birthday_offer: birthdayOffer,
  nearby_offer: nearbyOffer,
  win_back: winBack,
};

/**
 * The plan of a preset campaign. Throws `DomainError.invalid('INVALID_CAMPAIGN_PRESET', ...)`
 * for an unknown preset or bad params (`params.geofenceId: required for nearby_offer`).
 */
export function buildPreset(name: string, params: PresetParams = {}): PresetPlan {
  const { preset } = parseInput(CampaignFromPresetInput, { preset: name, params });
  const { journey, segment } = BUILDERS[preset](params);
  const definition: CampaignDefinition = { name: params.name ?? TITLES[preset], ...journey };
  if (params.storeId !== undefined) definition.entry = { type: 'nearestStore', storeId: params.storeId };
  const templateKeys = [...new Set(messageSteps(definition).map((s) => s.templateId))];
  return segment ? { definition, templateKeys, segment } : { definition, templateKeys };
}

/**
 * A concrete campaign from a plan: template keys replaced by the ids in
 * `templateIdsByKey`, the segment placeholder by `segmentId`. The plan is not changed.
 */
export function bindPreset(
  plan: PresetPlan,
  templateIdsByKey: ReadonlyMap<string, string> | Readonly<Record<string, string>>,
  segmentId?: string,
): CampaignDefinition {
  const lookup = (key: string) => (templateIdsByKey instanceof Map ? templateIdsByKey.get(key) : (templateIdsByKey as Record<string, string>)[key]);
  const out = new Problems();
  for (const key of plan.templateKeys) {
    if (lookup(key) === undefined) out.add(`templateIds.${key}`, 'is required');
  }
  if (plan.segment && segmentId === undefined) out.add('segmentId', 'is required: this preset creates a segment first');
  if (!plan.segment && segmentId !== undefined) out.add('segmentId', 'only allowed for presets that create a segment');
  if (out.list.length > 0) throw DomainError.invalid('INVALID_CAMPAIGN_PRESET', out.list);
  const definition = structuredClone(plan.definition);
  for (const step of messageSteps(definition)) step.templateId = lookup(step.templateId) as string;
  const trigger = definition.trigger;
  if ((trigger.type === 'segment' || trigger.type === 'broadcast') && trigger.segmentId === PRESET_SEGMENT_PLACEHOLDER) {
    trigger.segmentId = segmentId as string;
  }
  return definition;
}

function messageSteps(definition: CampaignDefinition): (EmailStep | SmsStep)[] {
  return definition.steps.filter((s): s is EmailStep | SmsStep => s.type === 'email' || s.type === 'sms');
}

const offer = (couponPrefix: string, validDays: number): Offer => ({ couponPrefix, validDays });
const orderGoal = (within: string) => ({ type: 'order' as const, within });
const reentryAfter = (after: string) => ({ policy: 'after' as const, after });
// Branch condition: has the customer ordered since the journey started? (A fresh object per step: plans are mutable.)
const orderedSinceEnrollment = (): OrdersCondition => ({ type: 'orders', metric: 'count', op: 'gte', value: 1, sinceEnrollment: true });

/** Three emails over seven days, the last with a first-order coupon. */
function welcomeSeries(): PresetBody {
  const steps: Step[] = [
    { id: 'welcome-1', type: 'email', templateId: 'welcome-1', next: 'wait-3d' },
    { id: 'wait-3d', type: 'wait', duration: 'P3D', next: 'welcome-2' },
    { id: 'welcome-2', type: 'email', templateId: 'welcome-2', next: 'wait-4d' },
    { id: 'wait-4d', type: 'wait', duration: 'P4D', next: 'welcome-3' },
    { id: 'welcome-3', type: 'email', templateId: 'welcome-3', offer: offer('WELCOME', 14) },
  ];
  return { journey: { trigger: { type: 'customer_created' }, steps, goal: orderGoal('P14D') } };
}

/** An email after an hour and an SMS a day later, each only if the customer has not ordered meanwhile. */
function abandonedCart(): PresetBody {
  const steps: Step[] = [
    { id: 'wait-1h', type: 'wait', duration: 'PT1H', next: 'ordered-after-1h' },
    { id: 'ordered-after-1h', type: 'branch', condition: orderedSinceEnrollment(), yes: 'done', no: 'reminder-email' },
    { id: 'reminder-email', type: 'email', templateId: 'abandoned-cart', next: 'wait-1d' },
    { id: 'wait-1d', type: 'wait', duration: 'P1D', next: 'ordered-after-1d' },
    { id: 'ordered-after-1d', type: 'branch', condition: orderedSinceEnrollment(), yes: 'done', no: 'reminder-sms' },
    { id: 'reminder-sms', type: 'sms', templateId: 'abandoned-cart-sms' },
    { id: 'done', type: 'exit' },
  ];
  return {
    journey: {
      trigger: { type: 'event', eventType: 'cart_abandoned' }, steps, goal: orderGoal('P7D'), reentry: reentryAfter('P1D'), priority: 'high',
    },
  };
}

/** A coupon a week before the birthday, at 10:00 local time; once a year. */
function birthdayOffer(): PresetBody {
  return {
    journey: {
      trigger: { type: 'date', field: 'birthday', offsetDays: -7, localTime: '10:00' },
      steps: [{ id: 'birthday-offer', type: 'email', templateId: 'birthday-offer', offer: offer('BDAY', 14) }],
      goal: orderGoal('P14D'),
      reentry: reentryAfter('P300D'),
    },
  };
}

/** An SMS coupon valid for a day when the customer walks into the geofence while the store is open; at most weekly. */
function nearbyOffer(params: PresetParams): PresetBody {
  return {
    journey: {
      trigger: { type: 'geofence', geofenceId: params.geofenceId as string, on: 'entered', duringOpeningHours: true },
      steps: [{ id: 'nearby-offer', type: 'sms', templateId: 'nearby-offer', offer: offer('NEAR', 1) }],
      goal: orderGoal('P1D'),
      reentry: reentryAfter('P7D'),
      priority: 'high',
    },
  };
}

/** Customers who have ordered before but not in 60 days get a comeback coupon; at most every 90 days. */
function winBack(): PresetBody {
  const segment: PresetSegment = {
    name: 'Lapsed customers (no order in 60 days)',
    definition: {
      all: [
        { type: 'orders', metric: 'count', op: 'gte', value: 1 },
        { type: 'orders', metric: 'count', op: 'eq', value: 0, within: 'P60D' },
      ],
    },
  };
  return {
    segment,
    journey: {
      trigger: { type: 'segment', segmentId: PRESET_SEGMENT_PLACEHOLDER },
      steps: [{ id: 'win-back', type: 'email', templateId: 'win-back', offer: offer('COMEBACK', 14) }],
      goal: orderGoal('P30D'),
      reentry: reentryAfter('P90D'),
    },
  };
}
