import { checkInput, DomainError, type FieldProblem } from '@localreach/core';
import { canonicalSegmentDefinition, checkEnum, checkEventType, checkKeys, isObject, Problems, withCanonicalEventType } from '@localreach/segmentation';
import { checkDuration } from './campaign-checks';
import { CAMPAIGN_LIMITS, type CampaignDefinition, type CampaignReferences } from './campaign-definition';
import { CampaignInput } from './campaign.input';
import { checkTemplatesAgainstTrigger, validateSteps } from './validate-steps';
import { validateTrigger } from './validate-trigger';

export interface CampaignCheckResult {
  /** The validated campaign, present only when there are no problems. */
  definition?: CampaignDefinition;
  problems: FieldProblem[];
}

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
  // The fields that stand alone (and unknown keys): the class the API checks a body with.
  const fields = checkInput(CampaignInput, { ...input });
  if (!fields.ok) out.list.push(...fields.problems);
  validateTrigger(input.trigger, refs, out);
  validateSteps(input.steps, refs, out);
  checkTemplatesAgainstTrigger(input.trigger, input.steps, refs, out);
  if (input.goal !== undefined) validateGoal(input.goal, 'goal', out);
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
