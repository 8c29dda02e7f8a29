import { DomainError, type FieldProblem } from '@localreach/core';
import {
  canonicalSegmentDefinition, checkEnum, checkEventType, checkKeys, checkNumber, isObject, Problems, validateDefinition, withCanonicalEventType, type JsonObject,
} from '@localreach/segmentation';
import { checkDuration } from './campaign-checks';
import { CAMPAIGN_LIMITS, CAMPAIGN_PRIORITIES, type CampaignDefinition, type CampaignReferences } from './campaign-definition';
import { validateSteps } from './validate-steps';
import { validateTrigger } from './validate-trigger';

export interface CampaignCheckResult {
  /** The validated campaign, present only when there are no problems. */
  definition?: CampaignDefinition;
  problems: FieldProblem[];
}

const CAMPAIGN_KEYS = ['name', 'trigger', 'entry', 'steps', 'goal', 'holdoutPercent', 'reentry', 'priority'];

/**
 * Checks a campaign definition against its shape and the things it refers
 * to, and returns it; throws `DomainError.invalid('INVALID_CAMPAIGN', ...)`
 * naming every problem by path (`steps[2].next`, `trigger.segmentId`,
 * `steps[4].condition.all[0].within`).
 */
export function validateCampaign(input: unknown, refs: CampaignReferences): CampaignDefinition {
  const { definition, problems } = checkCampaign(input, refs);
  if (!definition) throw DomainError.invalid('INVALID_CAMPAIGN', problems);
  return definition;
}

/** Like `validateCampaign`, but returns the problems instead of throwing (for editors that show them as you type). */
export function checkCampaign(input: unknown, refs: CampaignReferences): CampaignCheckResult {
  const out = new Problems();
  if (!isObject(input)) {
    out.add('campaign', 'must be an object { name, trigger, steps, ... }');
    return { problems: out.list };
  }
  for (const key of Object.keys(input)) {
    if (!CAMPAIGN_KEYS.includes(key)) out.add(key, 'is not an allowed key');
  }
  validateName(input.name, out);
  validateTrigger(input.trigger, refs, out);
  if (input.entry !== undefined) out.list.push(...validateDefinition(input.entry, 'entry').problems);
  validateSteps(input.steps, refs, out);
  validateSettings(input, out);
  return out.list.length === 0 ? { definition: canonicalCampaign(input as unknown as CampaignDefinition), problems: [] } : { problems: out.list };
}

/**
 * The valid campaign with the deprecated event-type alias `name` written as `eventType` in its trigger, goal, entry
 * and branch conditions; the same object when it uses no alias.
 */
function canonicalCampaign(campaign: CampaignDefinition): CampaignDefinition {
  const trigger = withCanonicalEventType(campaign.trigger);
  const goal = campaign.goal && withCanonicalEventType(campaign.goal);
  const entry = campaign.entry && canonicalSegmentDefinition(campaign.entry);
  const steps = campaign.steps.map((step) => {
    if (step.type !== 'branch') return step;
    const condition = canonicalSegmentDefinition(step.condition);
    return condition === step.condition ? step : { ...step, condition };
  });
  const unchanged = trigger === campaign.trigger && goal === campaign.goal && entry === campaign.entry && steps.every((step, i) => step === campaign.steps[i]);
  if (unchanged) return campaign;
  return { ...campaign, trigger, steps, ...(goal ? { goal } : {}), ...(entry ? { entry } : {}) };
}

function validateName(name: unknown, out: Problems): void {
  if (typeof name !== 'string') {
    out.add('name', name === undefined ? 'is required' : 'must be a string');
    return;
  }
  const max = CAMPAIGN_LIMITS.maxNameLength;
  if (name.trim().length === 0) out.add('name', 'must not be empty');
  else if (name.length > max) out.add('name', `must be at most ${max} characters`);
}

/** goal, holdoutPercent, reentry, priority. */
function validateSettings(input: JsonObject, out: Problems): void {
  if (input.goal !== undefined) validateGoal(input.goal, 'goal', out);
  if (input.holdoutPercent !== undefined) validateHoldout(input.holdoutPercent, 'holdoutPercent', out);
  if (input.reentry !== undefined) validateReentry(input.reentry, 'reentry', out);
  if (input.priority !== undefined) checkEnum(input.priority, CAMPAIGN_PRIORITIES, 'priority', out);
}

function validateGoal(goal: unknown, path: string, out: Problems): void {
  if (!isObject(goal)) {
    out.add(path, 'must be { type, within, eventType? }');
    return;
  }
  checkKeys(goal, ['type', 'eventType', 'name', 'within'], path, out);
  if (checkEnum(goal.type, ['order', 'event'], `${path}.type`, out)) {
    if (goal.type === 'event') checkEventType(goal, path, out);
    else for (const key of ['eventType', 'name']) if (goal[key] !== undefined) out.add(`${path}.${key}`, 'only allowed for event goals');
  }
  checkDuration(goal.within, `${path}.within`, out, CAMPAIGN_LIMITS.maxWaitYears);
}

function validateHoldout(value: unknown, path: string, out: Problems): void {
  if (!checkNumber(value, path, out, { min: 0, max: CAMPAIGN_LIMITS.maxHoldoutPercent })) return;
  // Tenths are the finest split the assignment honours; 12.5 is fine, 12.25 is not.
  const tenths = value * 10;
  if (Math.abs(tenths - Math.round(tenths)) > 1e-9) out.add(path, 'must have at most one decimal');
}

function validateReentry(reentry: unknown, path: string, out: Problems): void {
  if (!isObject(reentry)) {
    out.add(path, 'must be { policy: never } or { policy: after, after }');
    return;
  }
  if (!checkEnum(reentry.policy, ['never', 'after'], `${path}.policy`, out)) return;
  if (reentry.policy === 'never') {
    checkKeys(reentry, ['policy'], path, out);
    return;
  }
  checkKeys(reentry, ['policy', 'after'], path, out);
  checkDuration(reentry.after, `${path}.after`, out, CAMPAIGN_LIMITS.maxReentryYears);
}
