
/*
 * The campaign definition's types are the side-panel forms' (forms/definition-types.ts: the
 * lib's field names, written out because the generated CampaignStep union cannot be narrowed).
 */
import type { CampaignDefinition } from '../forms/definition-types';
export type {
  BranchStep, EmailStep, ExitStep, Offer, SmsStep, SplitBranch, SplitStep, Step, StepType, Trigger, UpdateStep, WaitStep, WaitUntilStep,
} from '../forms/definition-types';
import type { EmailStep, SmsStep, Step, StepType, UpdateStep, WaitStep, WaitUntilStep } from '../forms/definition-types';
export type Definition = CampaignDefinition;

export const STEP_TYPES: readonly StepType[] = ['email', 'sms', 'wait', 'waitUntil', 'branch', 'split', 'update', 'exit'];

export const STEP_TYPE_NAMES: Record<StepType, string> = {
  email: 'Email',
  sms: 'SMS',
  wait: 'Wait',
  waitUntil: 'Wait until',
  branch: 'Branch',
  split: 'A/B split',
  update: 'Update profile',
  exit: 'Exit',
};

/**
 * A field of a step that names the step to continue to: `next` (linear steps),
 * `yes` / `no` (branch), `branches[i].next` (split). These are the definition's
 * own paths, so an API problem at `steps[2].branches[1].next` names one of them.
 */
export type LinkField = 'next' | 'yes' | 'no' | `branches[${number}].next`;

export interface Link {
  field: LinkField;
  /** The step id it names; undefined only for `next` left out (the journey ends there). */
  target: string | undefined;
}

/** A step's outgoing links in order (yes before no; split branches in order); a linear step without next has one link to the end. */
export function linksOf(step: Step): Link[] {
  switch (step.type) {
    case 'branch':
      return [{ field: 'yes', target: step.yes }, { field: 'no', target: step.no }];
    case 'split':
      return step.branches.map((b, i) => ({ field: `branches[${i}].next` as LinkField, target: b.next }));
    case 'exit':
      return [];
    default:
      return [{ field: 'next', target: step.next }];
  }
}

/** Whether a step continues to `next` (as opposed to branching or ending). */
export function isLinear(step: Step): step is EmailStep | SmsStep | WaitStep | WaitUntilStep | UpdateStep {
  return step.type !== 'branch' && step.type !== 'split' && step.type !== 'exit';
}

/** The step with `field` set to `target` (undefined removes a linear step's next); the step itself is not changed. */
export function withLink(step: Step, field: LinkField, target: string | undefined): Step {
  if (field === 'next') {
    if (!isLinear(step)) return step;
    if (target !== undefined) return { ...step, next: target };
    const rest: Record<string, unknown> = { ...step };
    delete rest.next;
    return rest as unknown as Step;
  }
  if (step.type === 'branch' && (field === 'yes' || field === 'no')) return { ...step, [field]: target ?? '' };
  const index = splitIndex(field);
  if (step.type === 'split' && index !== undefined && index < step.branches.length) {
    return { ...step, branches: step.branches.map((b, i) => (i === index ? { ...b, next: target ?? '' } : b)) };
  }
  return step;
}

/** The branch index of `branches[i].next`. */
export function splitIndex(field: string): number | undefined {
  const match = /^branches\[(\d+)\]\.next$/.exec(field);
  return match ? Number(match[1]) : undefined;
}

/** The step with every link naming `from` made to name `to` (undefined: a linear link ends the journey; a required one keeps `from`). */
export function retarget(step: Step, from: string, to: string | undefined): Step {
  let out = step;
  for (const link of linksOf(step)) {
    if (link.target !== from) continue;
    if (to === undefined && link.field !== 'next') continue;
    out = withLink(out, link.field, to);
  }
  return out;
}
