import type { Step, Trigger } from './definition';

/** Names of what a campaign refers to, from the lists the page loads; an unknown id is shown as it is. */
export interface JourneyNames {
  template?: (id: string) => string | undefined;
  segment?: (id: string) => string | undefined;
  geofence?: (id: string) => string | undefined;
}

const UNITS: [string, string][] = [['Y', 'year'], ['M', 'month'], ['W', 'week'], ['D', 'day'], ['H', 'hour'], ['TM', 'minute'], ['S', 'second']];
const WEEKDAYS = ['Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun'];

/** "P1DT12H" → "1 day 12 hours" (as the API's describe.ts words it); anything unreadable comes back as it is. */
export function durationInWords(iso: string): string {
  const match = /^P(?:(\d+)Y)?(?:(\d+)M)?(?:(\d+)W)?(?:(\d+)D)?(?:T(?:(\d+)H)?(?:(\d+)M)?(?:(\d+(?:\.\d+)?)S)?)?$/.exec(iso);
  if (!match || iso === 'P' || iso.endsWith('T')) return iso;
  const words = UNITS.flatMap(([, unit], i) => {
    const value = match[i + 1];
    if (value === undefined || Number(value) === 0) return [];
    return [`${Number(value)} ${unit}${Number(value) === 1 ? '' : 's'}`];
  });
  return words.length > 0 ? words.join(' ') : iso;
}

const named = (kind: string, id: string, name: string | undefined) => (id === '' ? `no ${kind} chosen` : name === undefined ? `${kind} ${id}` : `${kind} “${name}”`);

/** The trigger's key facts, one short line each. */
export function triggerFacts(trigger: Trigger, names: JourneyNames = {}): string[] {
  switch (trigger.type) {
    case 'customer_created':
      return ['When a customer is created'];
    case 'event': {
      const where = trigger.where?.length ? [`where ${trigger.where.length} condition${trigger.where.length === 1 ? '' : 's'} hold`] : [];
      return [`Event “${trigger.eventType}” received`, ...where];
    }
    case 'date': {
      const days = Math.abs(trigger.offsetDays);
      const offset = trigger.offsetDays === 0 ? 'On' : `${days} day${days === 1 ? '' : 's'} ${trigger.offsetDays < 0 ? 'before' : 'after'}`;
      return [`${offset} the customer's ${trigger.field === 'birthday' ? 'birthday' : trigger.field}`, `at ${trigger.localTime} their time`];
    }
    case 'segment':
      return [`When a customer enters ${named('segment', trigger.segmentId, names.segment?.(trigger.segmentId))}`];
    case 'geofence':
      return [
        `When a customer ${trigger.on === 'dwelled' ? 'dwells in' : 'enters'} ${named('geofence', trigger.geofenceId, names.geofence?.(trigger.geofenceId))}`,
        ...(trigger.duringOpeningHours ? ['while its store is open'] : []),
      ];
    case 'broadcast':
      return [
        `Once, to ${named('segment', trigger.segmentId, names.segment?.(trigger.segmentId))}`,
        trigger.at === undefined ? 'as soon as it is activated' : `at ${trigger.at}${trigger.recipientLocalTime ? ' each recipient’s time' : ''}`,
      ];
  }
}

/** A step's key facts, one short line each (where it goes is shown by the edges). */
export function stepFacts(step: Step, names: JourneyNames = {}): string[] {
  switch (step.type) {
    case 'email':
    case 'sms': {
      const template = step.templateId === '' ? 'no template chosen' : `template ${names.template?.(step.templateId) ?? step.templateId}`;
      return [template, ...(step.offer ? [`coupon ${step.offer.couponPrefix}-… valid ${step.offer.validDays} day${step.offer.validDays === 1 ? '' : 's'}`] : [])];
    }
    case 'wait':
      return [`for ${durationInWords(step.duration)}`];
    case 'waitUntil':
      return [`until ${step.localTime} their time`, ...(step.weekdays?.length ? [`on ${step.weekdays.map((d) => WEEKDAYS[d - 1] ?? String(d)).join(', ')}`] : [])];
    case 'branch':
      return ['if the customer matches the condition'];
    case 'split':
      return [step.branches.map((b, i) => `${b.name ?? String.fromCharCode(65 + i)} ${b.weight}`).join(' · '), ...(step.autoWinner ? ['picks a winner automatically'] : [])];
    case 'update': {
      const changes = [
        ...(step.tags?.add ?? []).map((t) => `+${t}`),
        ...(step.tags?.remove ?? []).map((t) => `−${t}`),
        ...Object.keys(step.attributes ?? {}),
      ];
      return [changes.length > 0 ? changes.join(', ') : 'nothing to change yet'];
    }
    case 'exit':
      return ['ends the journey'];
  }
}

/** The label of a link on its edge: yes / no, a split branch's name and weight share, nothing for next. */
export function linkLabel(step: Step, field: string): string {
  if (step.type === 'branch') return field === 'yes' ? 'Yes' : 'No';
  if (step.type !== 'split') return '';
  const index = Number(/\[(\d+)\]/.exec(field)?.[1] ?? -1);
  const branch = step.branches[index];
  if (!branch) return '';
  const total = step.branches.reduce((sum, b) => sum + (b.weight > 0 ? b.weight : 0), 0);
  const share = total > 0 && branch.weight > 0 ? ` · ${Math.round((branch.weight / total) * 1000) / 10}%` : '';
  return `${branch.name ?? String.fromCharCode(65 + index)}${share}`;
}
