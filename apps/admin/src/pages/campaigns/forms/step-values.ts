import type { RuleNode } from '../../../components/segment-builder/rule-tree';
import type { ExperimentMetric, FormRefs, Scalar, SplitBranch, Step, StepType } from './definition-types';
import { numberText, typedNumber } from './form-values';
import { evenWeight } from './split-weights';

/** Every step type as the form offers it. */
export const STEP_TYPE_OPTIONS: readonly { value: StepType; label: string }[] = [
  { value: 'email', label: 'Send an email' },
  { value: 'sms', label: 'Send an SMS' },
  { value: 'wait', label: 'Wait for a time' },
  { value: 'waitUntil', label: 'Wait until a local time' },
  { value: 'branch', label: 'Branch on a condition' },
  { value: 'split', label: 'A/B split' },
  { value: 'update', label: 'Update the profile' },
  { value: 'exit', label: 'Exit the journey' },
];

/** An attribute change as a row of the form: `remove` is null (the attribute is removed). */
export type AttributeKind = 'text' | 'number' | 'boolean' | 'remove';
export interface AttributeRow {
  key: string;
  kind: AttributeKind;
  text: string;
}

/**
 * A step as the form holds it: the fields of every type at once, as
 * controls hold them, so switching type keeps what the types share
 * (next, the template, the coupon).
 */
export interface StepValues {
  id: string;
  type: StepType;
  /** '' ends the journey. */
  next: string;
  templateId: string;
  offer: boolean;
  couponPrefix: string;
  offerDescription: string;
  validDays: string;
  duration: string;
  localTime: string;
  weekdays: number[];
  condition: RuleNode;
  yes: string;
  no: string;
  branches: SplitBranch[];
  autoWinner: boolean;
  /** '' takes the default from Settings. */
  metric: '' | ExperimentMetric;
  confidence: string;
  minSamplePerVariant: string;
  minDuration: string;
  tagsAdd: string[];
  tagsRemove: string[];
  attributes: AttributeRow[];
}

/** What defaults are made of: the journey's step ids and the business's templates. */
export interface StepContext {
  stepIds: readonly string[];
  templates: FormRefs['templates'];
}

export function attributeRow(key: string, value: Scalar | null): AttributeRow {
  if (value === null) return { key, kind: 'remove', text: '' };
  return { key, kind: typeof value === 'number' ? 'number' : typeof value === 'boolean' ? 'boolean' : 'text', text: String(value) };
}

export function attributeValue(row: AttributeRow): Scalar | null {
  switch (row.kind) {
    case 'remove': return null;
    case 'number': return typedNumber(row.text);
    case 'boolean': return row.text === 'true';
    case 'text': return row.text;
  }
}

/** The step another one of this journey goes to by default: its next, else the first other step. */
function firstTarget(id: string, next: string, ctx: StepContext): string {
  return next || (ctx.stepIds.find((s) => s !== id) ?? '');
}

/** A step's values before its own fields are read: where it goes derives from `next` (or the first other step). */
export function defaultValues(id: string, type: StepType, next: string, ctx: StepContext): StepValues {
  const target = firstTarget(id, next, ctx);
  return {
    id, type, next, templateId: '', offer: false, couponPrefix: '', offerDescription: '', validDays: '7', duration: 'P1D', localTime: '09:00', weekdays: [],
    condition: { all: [] }, yes: target, no: target,
    branches: [{ name: 'A', weight: evenWeight(2), next: target }, { name: 'B', weight: evenWeight(2), next: target }],
    autoWinner: false, metric: '', confidence: '', minSamplePerVariant: '', minDuration: '', tagsAdd: [], tagsRemove: [], attributes: [],
  };
}

/** The form's values for a step; the fields of other types start from their defaults. */
export function stepValues(step: Step, ctx: StepContext): StepValues {
  const base = defaultValues(step.id, step.type, 'next' in step ? step.next ?? '' : '', ctx);
  switch (step.type) {
    case 'email':
    case 'sms': {
      const o = step.offer;
      return { ...base, templateId: step.templateId, offer: o !== undefined, couponPrefix: o?.couponPrefix ?? '', offerDescription: o?.description ?? '', validDays: o ? numberText(o.validDays) : base.validDays };
    }
    case 'wait': return { ...base, duration: step.duration };
    case 'waitUntil': return { ...base, localTime: step.localTime, weekdays: step.weekdays ?? [] };
    case 'branch': return { ...base, condition: step.condition, yes: step.yes, no: step.no };
    case 'split': {
      const a = step.autoWinner;
      return {
        ...base, branches: step.branches, autoWinner: a !== undefined, metric: a?.metric ?? '', confidence: numberText(a?.confidence),
        minSamplePerVariant: numberText(a?.minSamplePerVariant), minDuration: a?.minDuration ?? '',
      };
    }
    case 'update': return {
      ...base, tagsAdd: step.tags?.add ?? [], tagsRemove: step.tags?.remove ?? [],
      attributes: Object.entries(step.attributes ?? {}).map(([key, value]) => attributeRow(key, value)),
    };
    case 'exit': return base;
  }
}
