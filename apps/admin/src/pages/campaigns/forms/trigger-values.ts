import type { FormRefs, GeofenceEvent, PropertyCondition, Trigger, TriggerType } from './definition-types';
import { numberText, optional, typedNumber } from './form-values';

/** Every trigger type as the form offers it (describe.ts's words). */
export const TRIGGER_TYPE_OPTIONS: readonly { value: TriggerType; label: string }[] = [
  { value: 'customer_created', label: 'A customer is created' },
  { value: 'event', label: 'An event is received' },
  { value: 'date', label: "A date of the customer's (birthday…)" },
  { value: 'segment', label: 'A customer enters a segment' },
  { value: 'geofence', label: 'A customer enters or dwells in a geofence' },
  { value: 'broadcast', label: 'Broadcast to a segment, once' },
];

export type OffsetWhen = 'before' | 'on' | 'after';
export type BroadcastWhen = 'now' | 'at' | 'local';

/**
 * A trigger as the form holds it: the fields of every type at once, as
 * controls hold them, so switching type keeps what the types share (the
 * segment of segment entry and broadcast, the event type, the local time).
 */
export interface TriggerValues {
  type: TriggerType;
  eventType: string;
  where: PropertyCondition[];
  /** '' is the platform's default. */
  maxEventAge: string;
  dateField: 'birthday' | 'attribute';
  /** The key after `attributes.`. */
  dateAttribute: string;
  offsetWhen: OffsetWhen;
  /** Days before or after, unsigned, as typed. */
  offsetDays: string;
  localTime: string;
  segmentId: string;
  geofenceId: string;
  on: GeofenceEvent;
  duringOpeningHours: boolean;
  broadcastWhen: BroadcastWhen;
  at: string;
}

const ATTRIBUTE_PREFIX = 'attributes.';

function dateValues(offsetDays: number): Pick<TriggerValues, 'offsetWhen' | 'offsetDays'> {
  if (typeof offsetDays !== 'number') return { offsetWhen: 'after', offsetDays: numberText(offsetDays) };
  return { offsetWhen: offsetDays === 0 ? 'on' : offsetDays < 0 ? 'before' : 'after', offsetDays: String(Math.abs(offsetDays)) };
}

/** The form's values for a trigger; the fields of other types start from their defaults (the first segment or geofence of `refs`). */
export function triggerValues(trigger: Trigger, refs: Pick<FormRefs, 'segments' | 'geofences'>): TriggerValues {
  const base: TriggerValues = {
    type: trigger.type, eventType: '', where: [], maxEventAge: '', dateField: 'birthday', dateAttribute: '', offsetWhen: 'on', offsetDays: '0', localTime: '09:00',
    segmentId: refs.segments[0]?.id ?? '', geofenceId: refs.geofences[0]?.id ?? '', on: 'entered', duringOpeningHours: false, broadcastWhen: 'now', at: '',
  };
  switch (trigger.type) {
    case 'customer_created': return base;
    case 'event': return { ...base, eventType: trigger.eventType, where: trigger.where ?? [], maxEventAge: trigger.maxEventAge ?? '' };
    case 'date': {
      const attribute = trigger.field.startsWith(ATTRIBUTE_PREFIX);
      return { ...base, dateField: attribute ? 'attribute' : 'birthday', dateAttribute: attribute ? trigger.field.slice(ATTRIBUTE_PREFIX.length) : '', ...dateValues(trigger.offsetDays), localTime: trigger.localTime };
    }
    case 'segment': return { ...base, segmentId: trigger.segmentId };
    case 'geofence': return { ...base, geofenceId: trigger.geofenceId, on: trigger.on, duringOpeningHours: trigger.duringOpeningHours ?? false };
    case 'broadcast': {
      const when: BroadcastWhen = trigger.recipientLocalTime ? 'local' : trigger.at !== undefined ? 'at' : 'now';
      return { ...base, segmentId: trigger.segmentId, broadcastWhen: when, at: trigger.at ?? '' };
    }
  }
}

function offsetDaysOf(values: TriggerValues): number {
  if (values.offsetWhen === 'on') return 0;
  const days = typedNumber(values.offsetDays);
  if (typeof days !== 'number') return days;
  return values.offsetWhen === 'before' ? -days : days;
}

// A false flag stays when stored so; otherwise false is left out (as an empty list is, unless stored empty).
const keptFalse = (value: boolean, stored: boolean | undefined) => (value ? true : stored === false ? false : undefined);

function broadcastOf(values: TriggerValues, stored?: Trigger): Trigger {
  const previous = stored?.type === 'broadcast' ? stored : undefined;
  const base = { type: 'broadcast' as const, segmentId: values.segmentId };
  if (values.broadcastWhen === 'local') return { ...base, at: values.at, recipientLocalTime: true };
  return { ...base, ...optional('at', values.broadcastWhen === 'at' ? values.at : undefined), ...optional('recipientLocalTime', keptFalse(false, previous?.recipientLocalTime)) };
}

/** The trigger the values describe. `stored` (the trigger being edited) keeps optional fields stored as false or [] as they are. */
export function triggerOf(values: TriggerValues, stored?: Trigger): Trigger {
  switch (values.type) {
    case 'customer_created': return { type: 'customer_created' };
    case 'event': {
      const storedWhere = stored?.type === 'event' ? stored.where : undefined;
      const where = values.where.length > 0 || storedWhere?.length === 0 ? values.where : undefined;
      return { type: 'event', eventType: values.eventType, ...optional('where', where), ...optional('maxEventAge', values.maxEventAge.trim() || undefined) };
    }
    case 'date': {
      const field = values.dateField === 'birthday' ? 'birthday' : `${ATTRIBUTE_PREFIX}${values.dateAttribute}`;
      return { type: 'date', field, offsetDays: offsetDaysOf(values), localTime: values.localTime };
    }
    case 'segment': return { type: 'segment', segmentId: values.segmentId };
    case 'geofence': {
      const storedFlag = stored?.type === 'geofence' ? stored.duringOpeningHours : undefined;
      return { type: 'geofence', geofenceId: values.geofenceId, on: values.on, ...optional('duringOpeningHours', keptFalse(values.duringOpeningHours, storedFlag)) };
    }
    case 'broadcast': return broadcastOf(values, stored);
  }
}

/** The trigger with `patch` applied to its values. */
export function patchTrigger(trigger: Trigger, patch: Partial<TriggerValues>, refs: Pick<FormRefs, 'segments' | 'geofences'>): Trigger {
  return triggerOf({ ...triggerValues(trigger, refs), ...patch }, trigger);
}

/** Another type of trigger, keeping what the two share (the same trigger when the type is unchanged). */
export function switchTriggerType(trigger: Trigger, type: TriggerType, refs: Pick<FormRefs, 'segments' | 'geofences'>): Trigger {
  return type === trigger.type ? trigger : triggerOf({ ...triggerValues(trigger, refs), type });
}

/** Before / on / after: a date moved off "on" starts one day away, so it does not read back as "on". */
export function withOffsetWhen(values: TriggerValues, when: OffsetWhen): Partial<TriggerValues> {
  const days = values.offsetDays.trim();
  return { offsetWhen: when, offsetDays: when !== 'on' && (days === '' || days === '0') ? '1' : days };
}
