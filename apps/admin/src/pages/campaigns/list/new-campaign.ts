import type { FieldProblem } from '../../../api/api-error';

export type ParamName = 'name' | 'geofenceId' | 'storeId';
export interface PresetParam {
  name: ParamName;
  required: boolean;
  description: string;
}

export const PARAM_LABEL: Record<ParamName, string> = { name: 'Campaign name', geofenceId: 'Geofence', storeId: 'Store' };

/** What a preset needs before it can be created, in words ("A geofence"), from its required params (the name never is). */
export function needsInWords(params: PresetParam[]): string[] {
  return params.filter((p) => p.required && p.name !== 'name').map((p) => (p.name === 'geofenceId' ? 'A geofence (where customers get the offer)' : 'A store'));
}

/** POST /v1/campaigns/from-preset's body: the values typed, blanks left out (the API's defaults apply). */
export function presetBody(preset: string, values: Partial<Record<ParamName, string>>): { preset: string; params?: Partial<Record<ParamName, string>> } {
  const params = Object.fromEntries(Object.entries(values).map(([k, v]) => [k, v?.trim() ?? '']).filter(([, v]) => v !== '')) as Partial<Record<ParamName, string>>;
  return Object.keys(params).length === 0 ? { preset } : { preset, params };
}

/**
 * A refusal's problems at the param fields they concern: `params.x` directly; the campaign the preset
 * made is checked too, and names `name` or `trigger.geofenceId` (a geofence deleted meanwhile), or
 * `entry…` (the store filter). Anything else is shown above the form.
 */
export function paramProblems(details: FieldProblem[]): { byParam: Partial<Record<ParamName, string>>; other: string[] } {
  const byParam: Partial<Record<ParamName, string>> = {};
  const other: string[] = [];
  for (const d of details) {
    const param = paramOf(d.field);
    if (param && !byParam[param]) byParam[param] = d.message;
    else if (!param) other.push(`${d.field}: ${d.message}`);
  }
  return { byParam, other };
}

function paramOf(field: string): ParamName | undefined {
  const direct = /^params\.(name|geofenceId|storeId)$/.exec(field);
  if (direct) return direct[1] as ParamName;
  if (field === 'name') return 'name';
  if (field === 'trigger.geofenceId') return 'geofenceId';
  if (field.startsWith('entry')) return 'storeId';
  return undefined;
}

export type BlankTriggerType = 'customer_created' | 'event' | 'date' | 'segment' | 'geofence' | 'broadcast';

export const BLANK_TRIGGERS: { value: BlankTriggerType; label: string; needs: 'eventType' | 'segmentId' | 'geofenceId' | null }[] = [
  { value: 'customer_created', label: 'A customer is created', needs: null },
  { value: 'event', label: 'An event is received', needs: 'eventType' },
  { value: 'date', label: "A date of the customer's (birthday)", needs: null },
  { value: 'segment', label: 'A customer enters a segment', needs: 'segmentId' },
  { value: 'geofence', label: 'A customer enters a geofence', needs: 'geofenceId' },
  { value: 'broadcast', label: 'Broadcast to a segment, once', needs: 'segmentId' },
];

export interface BlankChoice {
  name: string;
  type: BlankTriggerType;
  eventType: string;
  segmentId: string;
  geofenceId: string;
}

/**
 * The smallest valid draft for a trigger type: its trigger with what it needs and one exit step,
 * built up in the journey editor. Date triggers start on the birthday itself at 10:00 local time.
 */
export function blankDefinition(c: BlankChoice): { name: string; trigger: Record<string, unknown>; steps: { id: string; type: 'exit' }[] } {
  const triggers: Record<BlankTriggerType, Record<string, unknown>> = {
    customer_created: { type: 'customer_created' },
    event: { type: 'event', eventType: c.eventType.trim() },
    date: { type: 'date', field: 'birthday', offsetDays: 0, localTime: '10:00' },
    segment: { type: 'segment', segmentId: c.segmentId },
    geofence: { type: 'geofence', geofenceId: c.geofenceId, on: 'entered' },
    broadcast: { type: 'broadcast', segmentId: c.segmentId },
  };
  return { name: c.name.trim(), trigger: triggers[c.type], steps: [{ id: 'done', type: 'exit' }] };
}

/** A blank draft's refusal at its fields: `name`, and the trigger's `trigger.eventType` / `segmentId` / `geofenceId`. */
export function blankProblems(details: FieldProblem[]): { byField: Partial<Record<'name' | 'eventType' | 'segmentId' | 'geofenceId', string>>; other: string[] } {
  const byField: Partial<Record<'name' | 'eventType' | 'segmentId' | 'geofenceId', string>> = {};
  const other: string[] = [];
  for (const d of details) {
    const m = /^(?:trigger\.)?(name|eventType|segmentId|geofenceId)$/.exec(d.field);
    const key = m?.[1] as 'name' | 'eventType' | 'segmentId' | 'geofenceId' | undefined;
    if (key && (key !== 'name' || d.field === 'name')) byField[key] ??= d.message;
    else other.push(`${d.field}: ${d.message}`);
  }
  return { byField, other };
}
