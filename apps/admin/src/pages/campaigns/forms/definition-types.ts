import type { Schemas } from '@localreach/api-client';
import type { RuleNode } from '../../../components/segment-builder/rule-tree';

/*
 * The campaign definition as libs/campaigns/src/definition/campaign-definition.ts
 * has it (same field names and shapes). The generated client's CampaignInput
 * is the same JSON, but its schema alternatives (anyOf for "at least one
 * change", the event-type alias) make unions too loose to edit field by field.
 */

export type Scalar = string | number | boolean;

/** A condition on one property of an event (segmentation PropertyCondition). */
export interface PropertyCondition {
  type?: 'attribute';
  field: string;
  op: string;
  value: unknown;
}

export interface CustomerCreatedTrigger { type: 'customer_created' }
export interface EventTrigger { type: 'event'; eventType: string; where?: PropertyCondition[]; maxEventAge?: string }
export interface DateTrigger { type: 'date'; field: string; offsetDays: number; localTime: string }
export interface SegmentTrigger { type: 'segment'; segmentId: string }
export type GeofenceEvent = 'entered' | 'dwelled';
export interface GeofenceTrigger { type: 'geofence'; geofenceId: string; on: GeofenceEvent; duringOpeningHours?: boolean }
export interface BroadcastTrigger { type: 'broadcast'; segmentId: string; at?: string; recipientLocalTime?: boolean }

export type Trigger = CustomerCreatedTrigger | EventTrigger | DateTrigger | SegmentTrigger | GeofenceTrigger | BroadcastTrigger;
export type TriggerType = Trigger['type'];
export const TRIGGER_TYPES: readonly TriggerType[] = ['customer_created', 'event', 'date', 'segment', 'geofence', 'broadcast'];

export interface Offer { couponPrefix: string; description?: string; validDays: number }

interface StepBase { id: string }
interface LinearStep extends StepBase { next?: string }

export interface EmailStep extends LinearStep { type: 'email'; templateId: string; offer?: Offer }
export interface SmsStep extends LinearStep { type: 'sms'; templateId: string; offer?: Offer }
export interface WaitStep extends LinearStep { type: 'wait'; duration: string }
export interface WaitUntilStep extends LinearStep { type: 'waitUntil'; localTime: string; weekdays?: number[] }
export interface BranchStep extends StepBase { type: 'branch'; condition: RuleNode; yes: string; no: string }
export interface SplitBranch { name?: string; weight: number; next: string }
export const AUTO_WINNER_METRICS = ['click_rate', 'conversion_rate', 'revenue_per_recipient'] as const;
export type ExperimentMetric = (typeof AUTO_WINNER_METRICS)[number];
export interface AutoWinner { metric?: ExperimentMetric; confidence?: number; minSamplePerVariant?: number; minDuration?: string }
export interface SplitStep extends StepBase { type: 'split'; branches: SplitBranch[]; autoWinner?: AutoWinner }
export interface UpdateStep extends LinearStep { type: 'update'; tags?: { add?: string[]; remove?: string[] }; attributes?: Record<string, Scalar | null> }
export interface ExitStep extends StepBase { type: 'exit' }

export type Step = EmailStep | SmsStep | WaitStep | WaitUntilStep | BranchStep | SplitStep | UpdateStep | ExitStep;
export type StepType = Step['type'];
export const STEP_TYPES: readonly StepType[] = ['email', 'sms', 'wait', 'waitUntil', 'branch', 'split', 'update', 'exit'];

export interface CampaignGoal { type: 'order' | 'event'; eventType?: string; within: string }
export type ReentryPolicy = { policy: 'never' } | { policy: 'after'; after: string };
export type CampaignPriority = 'high' | 'normal' | 'low';

export interface CampaignDefinition {
  name: string;
  trigger: Trigger;
  entry?: RuleNode;
  steps: Step[];
  goal?: CampaignGoal;
  holdoutPercent?: number;
  reentry?: ReentryPolicy;
  priority?: CampaignPriority;
}

/** campaign-definition.ts CAMPAIGN_LIMITS, the ones the forms show. */
export const LIMITS = {
  maxHoldoutPercent: 50,
  maxOffsetDays: 365,
  minSplitBranches: 2,
  maxSplitBranches: 10,
  minOfferValidDays: 1,
  maxOfferValidDays: 365,
} as const;

/** What the page loads for the forms' choices. */
export interface FormRefs {
  templates: { id: string; name: string; channel: string }[];
  segments: { id: string; name: string }[];
  geofences: { id: string; name: string }[];
  stores: { id: string; name: string }[];
}

/** The API's problems at paths relative to what the form edits ('templateId', 'branches[1].weight'). */
export type FormProblems = Record<string, string>;

type ApiDefinition = Schemas['CampaignInput'];

/**
 * A definition the API returned, in these types. The API stores definitions
 * canonically (eventType, never its deprecated alias name), which is all the
 * generated union lacks: its anyOf alternatives ("at least one change", "a wall
 * time with recipientLocalTime") come out as index-signature objects TypeScript
 * cannot match to a step or trigger.
 */
export function fromApiDefinition(definition: ApiDefinition): CampaignDefinition {
  return definition as unknown as CampaignDefinition;
}

/** The definition as the API's request body type (the same JSON; see fromApiDefinition). */
export function toApiDefinition(definition: CampaignDefinition): ApiDefinition {
  return definition as unknown as ApiDefinition;
}
