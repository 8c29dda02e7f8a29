import type { PropertyCondition, Step, Trigger } from './definition-types';
import { durationInWords } from './durations';

/*
 * The trigger and steps in words, as libs/campaigns/src/definition/describe.ts
 * says them (no API returns these sentences for a draft being edited).
 */

/** Names of the things a trigger refers to, when the page knows them. */
export interface DescribeNames {
  segment?: (id: string) => string | undefined;
  geofence?: (id: string) => string | undefined;
  template?: (id: string) => string | undefined;
}

const OPS: Record<string, string> = { eq: '=', neq: '≠', lt: '<', lte: '≤', gt: '>', gte: '≥', in: 'in', contains: 'contains', between: 'between' };
const WEEKDAYS = ['Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun'];

function propertyInWords(c: PropertyCondition): string {
  if (c.op === 'exists') return `${c.field} ${c.value ? 'is present' : 'is absent'}`;
  const value = Array.isArray(c.value) ? `[${c.value.map((v) => JSON.stringify(v)).join(', ')}]` : JSON.stringify(c.value);
  return `${c.field} ${OPS[c.op] ?? c.op} ${value}`;
}

const named = (kind: string, id: string, name: string | undefined) => (name === undefined ? `${kind} ${id}` : `${kind} "${name}"`);

function dateInWords(t: Extract<Trigger, { type: 'date' }>): string {
  const field = t.field === 'birthday' ? 'birthday' : `date in ${t.field}`;
  const days = Math.abs(t.offsetDays);
  const offset = t.offsetDays === 0 ? 'On' : `${days} day${days === 1 ? '' : 's'} ${t.offsetDays < 0 ? 'before' : 'after'}`;
  return `${offset} the customer's ${field}, at ${t.localTime} in their time zone, once per occurrence`;
}

/** The trigger as a sentence, e.g. 'When event "cart_abandoned" is received where value ≥ 20'. */
export function triggerInWords(trigger: Trigger, names: DescribeNames = {}): string {
  switch (trigger.type) {
    case 'customer_created': return 'When a customer is created';
    case 'event': {
      const where = trigger.where && trigger.where.length > 0 ? ` where ${trigger.where.map(propertyInWords).join(' and ')}` : '';
      return `When event "${trigger.eventType}" is received${where}`;
    }
    case 'date': return dateInWords(trigger);
    case 'segment': return `When a customer enters ${named('segment', trigger.segmentId, names.segment?.(trigger.segmentId))}`;
    case 'geofence': {
      const fence = named('geofence', trigger.geofenceId, names.geofence?.(trigger.geofenceId));
      return `When a customer ${trigger.on === 'entered' ? 'enters' : 'dwells in'} ${fence}${trigger.duringOpeningHours ? ' while its store is open' : ''}`;
    }
    case 'broadcast': {
      const segment = named('segment', trigger.segmentId, names.segment?.(trigger.segmentId));
      if (trigger.at === undefined) return `Once, to every member of ${segment}, as soon as it is activated`;
      return `Once, to every member of ${segment}, at ${trigger.at}${trigger.recipientLocalTime ? " in each recipient's time zone" : ''}`;
    }
  }
}

function updateInWords(step: Extract<Step, { type: 'update' }>): string {
  const changes = [
    ...(step.tags?.add ?? []).map((t) => `add tag ${t}`),
    ...(step.tags?.remove ?? []).map((t) => `remove tag ${t}`),
    ...Object.entries(step.attributes ?? {}).map(([k, v]) => (v === null ? `remove ${k}` : `set ${k} = ${JSON.stringify(v)}`)),
  ];
  return `Update the customer: ${changes.join(', ')}`;
}

/** One step as a short sentence (without where it goes on to), e.g. "Wait 1 hour". */
export function stepInWords(step: Step, names: DescribeNames = {}): string {
  switch (step.type) {
    case 'email':
    case 'sms': {
      const template = step.templateId === '' ? 'no template chosen' : names.template?.(step.templateId) ?? step.templateId;
      const o = step.offer;
      const offer = o ? ` with a unique ${o.couponPrefix}-… coupon valid ${o.validDays} day${o.validDays === 1 ? '' : 's'}` : '';
      return `Send ${step.type === 'email' ? 'an email' : 'an SMS'} (${template})${offer}`;
    }
    case 'wait': return `Wait ${durationInWords(step.duration)}`;
    case 'waitUntil': {
      const days = step.weekdays && step.weekdays.length > 0 ? ` on ${step.weekdays.map((d) => WEEKDAYS[d - 1] ?? String(d)).join(', ')}` : '';
      return `Wait until ${step.localTime}${days} in the customer's time zone`;
    }
    case 'branch': return `If the customer matches the condition → ${step.yes}, otherwise → ${step.no}`;
    case 'split': return `A/B split: ${step.branches.map((b, i) => `${b.name ?? String.fromCharCode(65 + i)} (weight ${b.weight}) → ${b.next}`).join(', ')}`;
    case 'update': return updateInWords(step);
    case 'exit': return 'Exit the journey';
  }
}

/** Names from the page's lists. */
export function namesFrom(refs: { segments: { id: string; name: string }[]; geofences: { id: string; name: string }[]; templates: { id: string; name: string }[] }): DescribeNames {
  const lookup = (list: { id: string; name: string }[]) => (id: string) => list.find((x) => x.id === id)?.name;
  return { segment: lookup(refs.segments), geofence: lookup(refs.geofences), template: lookup(refs.templates) };
}
