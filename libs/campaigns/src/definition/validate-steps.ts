import {
  checkEnum, checkKeys, checkNumber, checkString, checkUuid, isObject, SEGMENT_LIMITS, validateDefinition,
  type JsonObject, type Problems,
} from '@localreach/segmentation';
import { checkDuration, checkLocalTime, checkStepRef, checkUnique } from './campaign-checks';
import { CAMPAIGN_LIMITS, STEP_ID_PATTERN, STEP_TYPES, type CampaignReferences, type StepType } from './campaign-definition';
import { checkJourneyGraph } from './validate-journey-graph';
import { validateAutoWinner } from './validate-auto-winner';

type StepValidator = (step: JsonObject, path: string, refs: CampaignReferences, out: Problems) => void;

const STEP_KEYS: Record<StepType, readonly string[]> = {
  email: ['id', 'type', 'next', 'templateId', 'offer'],
  sms: ['id', 'type', 'next', 'templateId', 'offer'],
  wait: ['id', 'type', 'next', 'duration'],
  waitUntil: ['id', 'type', 'next', 'localTime', 'weekdays'],
  branch: ['id', 'type', 'condition', 'yes', 'no'],
  split: ['id', 'type', 'branches', 'autoWinner'],
  update: ['id', 'type', 'next', 'tags', 'attributes'],
  exit: ['id', 'type'],
};

const STEP_VALIDATORS: Record<StepType, StepValidator> = {
  email: validateMessageStep,
  sms: validateMessageStep,
  wait: (step, path, _refs, out) => checkDuration(step.duration, `${path}.duration`, out, CAMPAIGN_LIMITS.maxWaitYears),
  waitUntil: validateWaitUntil,
  branch: validateBranch,
  split: validateSplit,
  update: validateUpdate,
  exit: () => undefined,
};

const CHANNEL_NAMES = { email: 'email', sms: 'SMS' } as const;
const COUPON_PREFIX = /^[A-Z0-9]{2,12}$/;

/** Checks `steps`: each step's shape and references, then the journey as a graph. */
export function validateSteps(input: unknown, refs: CampaignReferences, out: Problems): void {
  const { minSteps, maxSteps } = CAMPAIGN_LIMITS;
  if (!Array.isArray(input)) {
    out.add('steps', input === undefined ? 'is required' : 'must be a list of steps');
    return;
  }
  if (input.length < minSteps || input.length > maxSteps) {
    out.add('steps', `must have ${minSteps} to ${maxSteps} steps`);
    return;
  }
  input.forEach((step, i) => validateStep(step, `steps[${i}]`, refs, out));
  checkJourneyGraph(input, out);
}

function validateStep(step: unknown, path: string, refs: CampaignReferences, out: Problems): void {
  if (!isObject(step)) {
    out.add(path, 'must be a step { id, type, ... }');
    return;
  }
  if (typeof step.id !== 'string' || !STEP_ID_PATTERN.test(step.id)) {
    out.add(`${path}.id`, step.id === undefined ? 'is required' : 'must be a slug of a-z, 0-9, _ and - (at most 63 characters, not starting with _ or -)');
  }
  if (!checkEnum(step.type, STEP_TYPES, `${path}.type`, out)) return;
  checkKeys(step, STEP_KEYS[step.type], path, out);
  if (step.next !== undefined && STEP_KEYS[step.type].includes('next')) checkStepRef(step.next, `${path}.next`, out);
  STEP_VALIDATORS[step.type](step, path, refs, out);
}

function validateMessageStep(step: JsonObject, path: string, refs: CampaignReferences, out: Problems): void {
  const type = step.type as 'email' | 'sms';
  const templatePath = `${path}.templateId`;
  if (checkUuid(step.templateId, templatePath, out)) {
    const template = refs.templates.get(step.templateId);
    if (!template) out.add(templatePath, 'no template with this id');
    else if (template.channel !== type) {
      out.add(templatePath, `is an ${CHANNEL_NAMES[template.channel]} template; ${CHANNEL_NAMES[type]} steps need an ${CHANNEL_NAMES[type]} template`);
    }
  }
  if (step.offer !== undefined) validateOffer(step.offer, `${path}.offer`, out);
  if (type === 'sms' && refs.audienceHasPhone === false) out.add(path, 'the audience has no phone numbers, so this SMS step can reach no one');
  if (type === 'email' && refs.audienceHasEmail === false) out.add(path, 'the audience has no email addresses, so this email step can reach no one');
}

/**
 * A message step's template may read `event.…` only when an event starts the
 * journey: other triggers have no event to fill it with, and the message
 * would go out with the cart link or item list blank.
 */
export function checkTemplatesAgainstTrigger(trigger: unknown, steps: unknown, refs: CampaignReferences, out: Problems): void {
  if (!isObject(trigger) || typeof trigger.type !== 'string' || trigger.type === 'event' || !Array.isArray(steps)) return;
  steps.forEach((step: unknown, i) => {
    if (!isObject(step) || (step.type !== 'email' && step.type !== 'sms') || typeof step.templateId !== 'string') return;
    if (refs.templates.get(step.templateId)?.readsEvent !== true) return;
    out.add(`steps[${i}].templateId`, `the template uses event.… variables, which only a campaign triggered by an event fills; this campaign's trigger is "${trigger.type}": use an event trigger or a template without event variables`);
  });
}

function validateOffer(offer: unknown, path: string, out: Problems): void {
  if (!isObject(offer)) {
    out.add(path, 'must be { couponPrefix, validDays, description? }');
    return;
  }
  checkKeys(offer, ['couponPrefix', 'description', 'validDays'], path, out);
  const prefix = offer.couponPrefix;
  if (typeof prefix !== 'string' || !COUPON_PREFIX.test(prefix)) {
    out.add(`${path}.couponPrefix`, prefix === undefined ? 'is required' : 'must be 2 to 12 capital letters A-Z or digits');
  }
  if (offer.description !== undefined) checkString(offer.description, `${path}.description`, out);
  const { minOfferValidDays: min, maxOfferValidDays: max } = CAMPAIGN_LIMITS;
  checkNumber(offer.validDays, `${path}.validDays`, out, { min, max, integer: true });
}

function validateWaitUntil(step: JsonObject, path: string, _refs: CampaignReferences, out: Problems): void {
  checkLocalTime(step.localTime, `${path}.localTime`, out);
  if (step.weekdays === undefined) return;
  const daysPath = `${path}.weekdays`;
  if (!Array.isArray(step.weekdays) || step.weekdays.length === 0 || step.weekdays.length > 7) {
    out.add(daysPath, 'must be a list of 1 to 7 ISO weekdays (1 = Monday)');
    return;
  }
  step.weekdays.forEach((day, i) => checkNumber(day, `${daysPath}[${i}]`, out, { min: 1, max: 7, integer: true }));
  checkUnique(step.weekdays, daysPath, out);
}

function validateBranch(step: JsonObject, path: string, _refs: CampaignReferences, out: Problems): void {
  const conditionPath = `${path}.condition`;
  if (step.condition === undefined) out.add(conditionPath, 'is required');
  else out.list.push(...validateDefinition(step.condition, conditionPath, { allowSinceEnrollment: true }).problems);
  checkStepRef(step.yes, `${path}.yes`, out);
  checkStepRef(step.no, `${path}.no`, out);
}

function validateSplit(step: JsonObject, path: string, _refs: CampaignReferences, out: Problems): void {
  const { minSplitBranches: min, maxSplitBranches: max } = CAMPAIGN_LIMITS;
  const branchesPath = `${path}.branches`;
  const branches = step.branches;
  if (!Array.isArray(branches) || branches.length < min || branches.length > max) {
    out.add(branchesPath, `must be a list of ${min} to ${max} branches { weight, next, name? }`);
    return;
  }
  branches.forEach((branch, i) => {
    const branchPath = `${branchesPath}[${i}]`;
    if (!isObject(branch)) {
      out.add(branchPath, 'must be a branch { weight, next, name? }');
      return;
    }
    checkKeys(branch, ['name', 'weight', 'next'], branchPath, out);
    if (branch.name !== undefined) checkString(branch.name, `${branchPath}.name`, out);
    if (typeof branch.weight !== 'number' || !Number.isFinite(branch.weight) || branch.weight <= 0) {
      out.add(`${branchPath}.weight`, branch.weight === undefined ? 'is required' : 'must be a number greater than 0');
    }
    checkStepRef(branch.next, `${branchPath}.next`, out);
  });
  const names = branches.map((b) => (isObject(b) && typeof b.name === 'string' ? b.name : undefined));
  checkUnique(names, branchesPath, out, '.name');
  if (step.autoWinner !== undefined) validateAutoWinner(step.autoWinner, `${path}.autoWinner`, out);
}

function validateUpdate(step: JsonObject, path: string, _refs: CampaignReferences, out: Problems): void {
  let changes = 0;
  if (step.tags !== undefined) changes += validateTagChanges(step.tags, `${path}.tags`, out);
  if (step.attributes !== undefined) changes += validateAttributeChanges(step.attributes, `${path}.attributes`, out);
  if (changes === 0) out.add(path, 'needs at least one tag or attribute to change');
}

/** Returns how many tag changes there are. */
function validateTagChanges(tags: unknown, path: string, out: Problems): number {
  if (!isObject(tags)) {
    out.add(path, 'must be { add?, remove? }');
    return 1;
  }
  checkKeys(tags, ['add', 'remove'], path, out);
  const lists: Partial<Record<'add' | 'remove', unknown[]>> = {};
  let malformed = 0;
  for (const key of ['add', 'remove'] as const) {
    const list = tags[key];
    if (list === undefined) continue;
    if (!Array.isArray(list)) {
      out.add(`${path}.${key}`, 'must be a list of tags');
      malformed++;
      continue;
    }
    list.forEach((tag, i) => checkString(tag, `${path}.${key}[${i}]`, out));
    checkUnique(list, `${path}.${key}`, out);
    lists[key] = list;
  }
  const added = new Set(lists.add ?? []);
  (lists.remove ?? []).forEach((tag, i) => {
    if (typeof tag === 'string' && added.has(tag)) out.add(`${path}.remove[${i}]`, 'is also in add');
  });
  // A malformed list counts as a change: it is reported already, "nothing to change" would be noise.
  return malformed + (lists.add?.length ?? 0) + (lists.remove?.length ?? 0);
}

/** Returns how many attribute changes there are. */
function validateAttributeChanges(attributes: unknown, path: string, out: Problems): number {
  if (!isObject(attributes)) {
    out.add(path, 'must be an object of attribute values (null removes one)');
    return 1;
  }
  for (const [key, value] of Object.entries(attributes)) {
    const keyPath = `${path}.${key}`;
    if (key.length === 0 || key.length > SEGMENT_LIMITS.maxStringLength) {
      out.add(keyPath, `attribute names must be 1 to ${SEGMENT_LIMITS.maxStringLength} characters`);
    } else if (typeof value === 'string') {
      checkString(value, keyPath, out);
    } else if (value !== null && typeof value !== 'boolean' && !(typeof value === 'number' && Number.isFinite(value))) {
      out.add(keyPath, 'must be a string, a number, a boolean or null');
    }
  }
  return Object.keys(attributes).length;
}
