import { Duration } from 'luxon';
import type { PropertyCondition } from '@localreach/segmentation';
import type { CampaignGoal, ReentryPolicy, Step, Trigger } from './campaign-definition';

/** Names of the things a trigger refers to, when the caller knows them. */
export interface DescribeNames {
  segment?: (id: string) => string | undefined;
  geofence?: (id: string) => string | undefined;
}

const UNITS = ['years', 'months', 'weeks', 'days', 'hours', 'minutes', 'seconds'] as const;
const OPS: Record<string, string> = { eq: '=', neq: '≠', lt: '<', lte: '≤', gt: '>', gte: '≥', in: 'in', contains: 'contains', between: 'between' };
const WEEKDAYS = ['Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun'];

/** "P1DT12H" → "1 day 12 hours"; anything unreadable comes back as it is. */
export function durationInWords(iso: string): string {
  const duration = Duration.fromISO(iso);
  if (!duration.isValid) return iso;
  const parts = duration.toObject();
  const words = UNITS.filter((u) => (parts[u] ?? 0) !== 0).map((u) => {
    const n = parts[u] as number;
    return `${n} ${n === 1 ? u.slice(0, -1) : u}`;
  });
  return words.length > 0 ? words.join(' ') : iso;
}

function propertyInWords(c: PropertyCondition): string {
  if (c.op === 'exists') return `${c.field} ${c.value ? 'is present' : 'is absent'}`;
  const value = Array.isArray(c.value) ? `[${c.value.map((v) => JSON.stringify(v)).join(', ')}]` : JSON.stringify(c.value);
  return `${c.field} ${OPS[c.op] ?? c.op} ${value}`;
}

const named = (kind: string, id: string, name: string | undefined) => (name === undefined ? `${kind} ${id}` : `${kind} "${name}"`);

/** The trigger as a sentence, e.g. 'When event "cart_abandoned" is received where value ≥ 20'. */
export function triggerInWords(trigger: Trigger, names: DescribeNames = {}): string {
  switch (trigger.type) {
    case 'customer_created':
      return 'When a customer is created';
    case 'event': {
      const where = trigger.where && trigger.where.length > 0 ? ` where ${trigger.where.map(propertyInWords).join(' and ')}` : '';
      return `When event "${trigger.eventType}" is received${where}`;
    }
    case 'date': {
      const field = trigger.field === 'birthday' ? 'birthday' : `date in ${trigger.field}`;
      const days = Math.abs(trigger.offsetDays);
      const offset = trigger.offsetDays === 0 ? 'On' : `${days} day${days === 1 ? '' : 's'} ${trigger.offsetDays < 0 ? 'before' : 'after'}`;
      return `${offset} the customer's ${field}, at ${trigger.localTime} in their time zone, once per occurrence`;
    }
    case 'segment':
      return `When a customer enters ${named('segment', trigger.segmentId, names.segment?.(trigger.segmentId))}`;
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

function offerInWords(step: { offer?: { couponPrefix: string; validDays: number } }): string {
  return step.offer ? ` with a unique ${step.offer.couponPrefix}-… coupon valid ${step.offer.validDays} day${step.offer.validDays === 1 ? '' : 's'}` : '';
}

/** One step as a short sentence; `template` names a template id (a library key in presets). */
export function stepInWords(step: Step, template: (id: string) => string = (id) => id): string {
  const then = 'next' in step && step.next !== undefined ? ` → ${step.next}` : '';
  switch (step.type) {
    case 'email':
    case 'sms':
      return `Send ${step.type === 'email' ? 'an email' : 'an SMS'} (${template(step.templateId)})${offerInWords(step)}${then}`;
    case 'wait':
      return `Wait ${durationInWords(step.duration)}${then}`;
    case 'waitUntil': {
      const days = step.weekdays && step.weekdays.length > 0 ? ` on ${step.weekdays.map((d) => WEEKDAYS[d - 1] ?? String(d)).join(', ')}` : '';
      return `Wait until ${step.localTime}${days} in the customer's time zone${then}`;
    }
    case 'branch':
      return `If the customer matches the condition → ${step.yes}, otherwise → ${step.no}`;
    case 'split':
      return `A/B split: ${step.branches.map((b, i) => `${b.name ?? String.fromCharCode(65 + i)} (weight ${b.weight}) → ${b.next}`).join(', ')}`;
    case 'update': {
      const changes = [
        ...(step.tags?.add ?? []).map((t) => `add tag ${t}`),
        ...(step.tags?.remove ?? []).map((t) => `remove tag ${t}`),
        ...Object.entries(step.attributes ?? {}).map(([k, v]) => (v === null ? `remove ${k}` : `set ${k} = ${JSON.stringify(v)}`)),
      ];
      return `Update the customer: ${changes.join(', ')}${then}`;
    }
    case 'exit':
      return 'Exit the journey';
  }
}

export function goalInWords(goal: CampaignGoal | undefined): string | null {
  if (!goal) return null;
  return `${goal.type === 'order' ? 'An order' : `Event "${goal.eventType}"`} within ${durationInWords(goal.within)} of enrolment ends the journey as converted`;
}

export function reentryInWords(reentry: ReentryPolicy | undefined): string {
  return reentry?.policy === 'after' ? `A customer can enter again ${durationInWords(reentry.after)} after their last entry` : 'A customer enters at most once';
}
