import type { ExperimentMetric } from '@localreach/core';
import type { PropertyCondition, Scalar, SegmentDefinition } from '@localreach/segmentation';

/**
 * A campaign journey as stored in `campaign` (camelCase JSON). Every
 * enrolment starts at `steps[0]`; a step without `next` (other than branch,
 * split and exit, which never have one) ends the journey after it. Shapes and
 * references are checked by `validateCampaign`.
 */
export interface CampaignDefinition {
  name: string;
  trigger: Trigger;
  /** Audience filter checked at enrolment. */
  entry?: SegmentDefinition;
  steps: Step[];
  /** Reaching the goal ends the enrolment as converted. */
  goal?: CampaignGoal;
  /** Share of enrolments kept as a control group that is never messaged: 0–50, at most one decimal. */
  holdoutPercent?: number;
  /** Default `{ policy: 'never' }`. */
  reentry?: ReentryPolicy;
  /** Frequency caps defer lower priorities first. Default `normal`. */
  priority?: CampaignPriority;
}

export type Trigger = CustomerCreatedTrigger | EventTrigger | DateTrigger | SegmentTrigger | GeofenceTrigger | BroadcastTrigger;
export type TriggerType = Trigger['type'];
export const TRIGGER_TYPES: readonly TriggerType[] = ['customer_created', 'event', 'date', 'segment', 'geofence', 'broadcast'];

export interface CustomerCreatedTrigger {
  type: 'customer_created';
}

/** An event received, optionally filtered on its properties like the segment `event` condition's `where`. */
export interface EventTrigger {
  type: 'event';
  /** The event's type, as sent in POST /v1/events (`name` is accepted on input as a deprecated alias). */
  eventType: string;
  where?: PropertyCondition[];
  /**
   * Events that occurred longer than this (ISO-8601) before the campaign
   * takes them are ignored, with the reason kept for the customer's trace
   * (default: the platform's TRIGGER_MAX_EVENT_AGE, DEFAULT_MAX_EVENT_AGE
   * unless configured): a shop's day-old POS batch must not start an
   * "abandoned an hour ago" journey.
   */
  maxEventAge?: string;
}

/** How old an event may be when an event-triggered campaign takes it, unless the trigger or TRIGGER_MAX_EVENT_AGE says otherwise. */
export const DEFAULT_MAX_EVENT_AGE = 'P1D';

/** A date of the customer (`birthday` or a date attribute), `offsetDays` before (−) or after (+), at a local time. */
export interface DateTrigger {
  type: 'date';
  field: 'birthday' | `attributes.${string}`;
  offsetDays: number;
  /** HH:MM in the customer's time zone. */
  localTime: string;
}

/** The customer entered the segment. */
export interface SegmentTrigger {
  type: 'segment';
  segmentId: string;
}

export type GeofenceEvent = 'entered' | 'dwelled';

export interface GeofenceTrigger {
  type: 'geofence';
  geofenceId: string;
  on: GeofenceEvent;
  duringOpeningHours?: boolean;
}

/** Every member of a segment, now or `at` a time. */
export interface BroadcastTrigger {
  type: 'broadcast';
  segmentId: string;
  /** ISO-8601 date-time with an offset, or `YYYY-MM-DDTHH:MM` wall time (the business's, or each recipient's with `recipientLocalTime`). */
  at?: string;
  recipientLocalTime?: boolean;
}

export type StepType = Step['type'];
export const STEP_TYPES: readonly StepType[] = ['email', 'sms', 'wait', 'waitUntil', 'branch', 'split', 'update', 'exit'];

export type Step = EmailStep | SmsStep | WaitStep | WaitUntilStep | BranchStep | SplitStep | UpdateStep | ExitStep;

interface StepBase {
  /** A slug unique within the campaign. */
  id: string;
}

/** Steps that continue to `next`, or end the journey without it. */
interface LinearStep extends StepBase {
  next?: string;
}

/** A coupon offer: a unique code per enrolment (`couponPrefix` + random part) is generated at send time. */
export interface Offer {
  couponPrefix: string;
  description?: string;
  validDays: number;
}

export interface EmailStep extends LinearStep {
  type: 'email';
  templateId: string;
  offer?: Offer;
}

export interface SmsStep extends LinearStep {
  type: 'sms';
  templateId: string;
  offer?: Offer;
}

export interface WaitStep extends LinearStep {
  type: 'wait';
  /** ISO-8601 duration, positive, at most one year. */
  duration: string;
}

/** Waits until the next `localTime` (on one of `weekdays`, ISO 1 = Monday) in the customer's time zone. */
export interface WaitUntilStep extends LinearStep {
  type: 'waitUntil';
  localTime: string;
  weekdays?: number[];
}

/** Goes to `yes` when the customer matches `condition` (which may count `sinceEnrollment`), else to `no`. */
export interface BranchStep extends StepBase {
  type: 'branch';
  condition: SegmentDefinition;
  yes: string;
  no: string;
}

export interface SplitBranch {
  name?: string;
  /** Relative weight, > 0. */
  weight: number;
  next: string;
}

/** A/B test: each enrolment is assigned one branch at random, in proportion to the weights. */
export interface SplitStep extends StepBase {
  type: 'split';
  branches: SplitBranch[];
  /** Optional automatic winner selection (validate-auto-winner.ts). */
  autoWinner?: AutoWinner;
}

/**
 * Automatic winner selection on a split step: once the experiment has run `minDuration` and
 * every variant has `minSamplePerVariant` recipients, a variant that wins on `metric` at
 * `confidence` is recorded as the winner and every later arrival at the split gets it.
 * Never on open rate, which machine opens inflate. A field left out takes the business's
 * A/B default (settings.experiments) when the campaign is saved (withAutoWinnerDefaults).
 */
export interface AutoWinner {
  metric?: ExperimentMetric;
  confidence?: number;
  minSamplePerVariant?: number;
  /** ISO-8601 duration. */
  minDuration?: string;
  /**
   * The relative lift the always-valid test is tuned to find fastest: its mixing standard deviation
   * over the baseline rate or revenue per recipient. 0.1 when left out; any value keeps the error rate.
   */
  expectedLift?: number;
}

export interface UpdateStep extends LinearStep {
  type: 'update';
  tags?: { add?: string[]; remove?: string[] };
  /** `null` removes the attribute. */
  attributes?: Record<string, Scalar | null>;
}

export interface ExitStep extends StepBase {
  type: 'exit';
}

export type GoalType = 'order' | 'event';

/** An order (or an event of `eventType`) within `within` (ISO-8601 duration) of enrolment. */
export interface CampaignGoal {
  type: GoalType;
  /** Required for `event` goals, absent for `order` (`name` is accepted on input as a deprecated alias). */
  eventType?: string;
  within: string;
}

export type ReentryPolicy = { policy: 'never' } | { policy: 'after'; after: string };

export type CampaignPriority = 'high' | 'normal' | 'low';
export const CAMPAIGN_PRIORITIES: readonly CampaignPriority[] = ['high', 'normal', 'low'];

export const CAMPAIGN_LIMITS = {
  maxNameLength: 200,
  minSteps: 1,
  maxSteps: 100,
  maxHoldoutPercent: 50,
  maxOffsetDays: 365,
  minSplitBranches: 2,
  maxSplitBranches: 10,
  minOfferValidDays: 1,
  maxOfferValidDays: 365,
  /** Waits and goal windows. */
  maxWaitYears: 1,
  /** Re-entry cool-downs. */
  maxReentryYears: 10,
} as const;

/** Step slugs: lower-case letters, digits, `_` and `-`, starting with a letter or digit, at most 63 characters. */
export const STEP_ID_PATTERN = /^[a-z0-9][a-z0-9_-]{0,62}$/;

/** The step ids a step can continue to, in order (`yes` before `no`; split branches in order). */
export function stepTargets(step: Step): string[] {
  switch (step.type) {
    case 'branch':
      return [step.yes, step.no];
    case 'split':
      return step.branches.map((b) => b.next);
    case 'exit':
      return [];
    default:
      return step.next === undefined ? [] : [step.next];
  }
}

/** Whether time passes at this step, so a loop through it cannot spin. */
export function isWaitStep(type: StepType): boolean {
  return type === 'wait' || type === 'waitUntil';
}

/**
 * What a campaign may refer to, loaded by the caller for the campaign's
 * business: templates with their channel, segment and geofence ids, and
 * whether the audience has any phone numbers / email addresses at all
 * (undefined = unknown, not checked).
 */
export interface CampaignReferences {
  /** readsEvent: the template uses `event.…`, so only an event trigger can send it (absent reads as false). */
  templates: ReadonlyMap<string, { channel: 'email' | 'sms'; readsEvent?: boolean }>;
  segmentIds: ReadonlySet<string>;
  geofenceIds: ReadonlySet<string>;
  audienceHasPhone?: boolean;
  audienceHasEmail?: boolean;
}
