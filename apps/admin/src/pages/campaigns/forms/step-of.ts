import type { AutoWinner, Offer, Step, StepType, UpdateStep } from './definition-types';
import { optional, typedNumber } from './form-values';
import { attributeValue, defaultValues, stepValues, type StepContext, type StepValues } from './step-values';

// An empty list or object is left out, unless it was stored empty (the step reads back as it was).
const listOrNone = <T>(list: T[], stored: T[] | undefined): T[] | undefined => (list.length > 0 || stored?.length === 0 ? list : undefined);

function offerOf(v: StepValues): Offer | undefined {
  if (!v.offer) return undefined;
  return { couponPrefix: v.couponPrefix, ...optional('description', v.offerDescription || undefined), validDays: typedNumber(v.validDays) };
}

function autoWinnerOf(v: StepValues): AutoWinner | undefined {
  if (!v.autoWinner) return undefined;
  const number = (text: string) => (text.trim() === '' ? undefined : typedNumber(text));
  return {
    ...optional('metric', v.metric || undefined), ...optional('confidence', number(v.confidence)),
    ...optional('minSamplePerVariant', number(v.minSamplePerVariant)), ...optional('minDuration', v.minDuration.trim() || undefined),
  };
}

function updateOf(v: StepValues, stored?: Step): UpdateStep {
  const old = stored?.type === 'update' ? stored : undefined;
  const add = listOrNone(v.tagsAdd, old?.tags?.add);
  const remove = listOrNone(v.tagsRemove, old?.tags?.remove);
  const tags = add || remove || (old?.tags && Object.keys(old.tags).length === 0) ? { ...optional('add', add), ...optional('remove', remove) } : undefined;
  const keptEmpty = old?.attributes !== undefined && Object.keys(old.attributes).length === 0;
  const attributes = v.attributes.length > 0 || keptEmpty ? Object.fromEntries(v.attributes.map((row) => [row.key, attributeValue(row)])) : undefined;
  return { id: v.id, type: 'update', ...optional('next', v.next || undefined), ...optional('tags', tags), ...optional('attributes', attributes) };
}

/** The step the values describe. `stored` (the step being edited) keeps lists it stored empty as they are. */
export function stepOf(v: StepValues, stored?: Step): Step {
  const id = v.id;
  const next = optional('next', v.next || undefined);
  switch (v.type) {
    case 'email':
    case 'sms': return { id, type: v.type, ...next, templateId: v.templateId, ...optional('offer', offerOf(v)) };
    case 'wait': return { id, type: 'wait', ...next, duration: v.duration };
    case 'waitUntil': {
      const weekdays = listOrNone(v.weekdays, stored?.type === 'waitUntil' ? stored.weekdays : undefined);
      return { id, type: 'waitUntil', ...next, localTime: v.localTime, ...optional('weekdays', weekdays) };
    }
    case 'branch': return { id, type: 'branch', condition: v.condition, yes: v.yes, no: v.no };
    case 'split': return { id, type: 'split', branches: v.branches, ...optional('autoWinner', autoWinnerOf(v)) };
    case 'update': return updateOf(v, stored);
    case 'exit': return { id, type: 'exit' };
  }
}

/** The step with `patch` applied to its values. */
export function patchStep(step: Step, patch: Partial<StepValues>, ctx: StepContext): Step {
  return stepOf({ ...stepValues(step, ctx), ...patch }, step);
}

/** The ids a step goes on to (stepTargets in campaign-definition.ts). */
export function stepTargets(step: Step): string[] {
  switch (step.type) {
    case 'branch': return [step.yes, step.no];
    case 'split': return step.branches.map((b) => b.next);
    case 'exit': return [];
    default: return step.next === undefined ? [] : [step.next];
  }
}

/**
 * Another type of step with the same id, keeping what the two share: where
 * it goes on to (a branch's "yes", a split's first branch become `next`), the
 * template when its channel fits (else the first template of the channel), the coupon.
 */
export function switchStepType(step: Step, type: StepType, ctx: StepContext): Step {
  if (type === step.type) return step;
  const values = stepValues(step, ctx);
  const next = values.next || stepTargets(step)[0] || '';
  const fits = ctx.templates.some((t) => t.id === values.templateId && t.channel === type);
  const templateId = fits ? values.templateId : ctx.templates.find((t) => t.channel === type)?.id ?? '';
  const { yes, no, branches } = defaultValues(step.id, type, next, ctx);
  return stepOf({ ...values, type, next, yes, no, branches, templateId });
}

/** The templates a message step may use: those of its channel. */
export function templatesFor(type: StepType, templates: StepContext['templates']): StepContext['templates'] {
  return templates.filter((t) => t.channel === type);
}
