import type { Condition, NodeProblem } from './rule-tree';

/** The condition types the API's segment definition has (libs/segmentation CONDITION_TYPES), as people call them. */
export const CONDITION_TYPES = [
  { value: 'attribute', label: 'Profile field' },
  { value: 'tag', label: 'Tag' },
  { value: 'consent', label: 'Consent' },
  { value: 'birthday', label: 'Birthday' },
  { value: 'near', label: 'Near a store or point' },
  { value: 'inside', label: 'Inside an area' },
  { value: 'nearestStore', label: 'Nearest store' },
  { value: 'event', label: 'Did an event' },
  { value: 'orders', label: 'Orders' },
  { value: 'rfm', label: 'RFM scores' },
  { value: 'engagement', label: 'Engagement with messages' },
  { value: 'localTime', label: 'Local time' },
  { value: 'churnRisk', label: 'Churn risk' },
] as const;

export type ConditionType = (typeof CONDITION_TYPES)[number]['value'];

export function conditionLabel(type: string): string {
  return CONDITION_TYPES.find((t) => t.value === type)?.label ?? type;
}

/** A starting condition of each type, complete enough that the API accepts it as it is. */
export function defaultCondition(type: ConditionType, firstStoreId?: string): Condition {
  switch (type) {
    case 'attribute': return { type, field: 'email', op: 'contains', value: '' };
    case 'tag': return { type, tag: '', present: true };
    case 'consent': return { type, channel: 'email', status: 'granted' };
    case 'birthday': return { type, withinNextDays: 7 };
    case 'near': return firstStoreId ? { type, storeId: firstStoreId, radiusMeters: 2000 } : { type, lat: 0, lng: 0, radiusMeters: 2000 };
    case 'inside': return { type, polygon: { type: 'Polygon', coordinates: [] } };
    case 'nearestStore': return { type, storeId: firstStoreId ?? '' };
    case 'event': return { type, eventType: '', within: 'P30D', count: { op: 'gte', value: 1 } };
    case 'orders': return { type, metric: 'count', op: 'gte', value: 1, within: 'P90D' };
    case 'rfm': return { type, recency: [4, 5] };
    case 'engagement': return { type, action: 'opened', within: 'P30D' };
    case 'localTime': return { type, hours: [9, 17] };
    case 'churnRisk': return { type, level: 'high' };
  }
}

/**
 * What a number field holds: the number when the text is one written the
 * usual way ("12", "-0.5"), otherwise the text itself, so "1." or "12a"
 * stays as typed and the API names the field if it is sent so.
 */
export function numberOrText(text: string): number | string {
  const trimmed = text.trim();
  return trimmed !== '' && String(Number(trimmed)) === trimmed ? Number(trimmed) : text;
}

/** A field's value as text in an input (arrays as "a, b"). */
export function textOf(value: unknown): string {
  if (value === undefined || value === null) return '';
  if (Array.isArray(value)) return value.map(textOf).join(', ');
  return String(value);
}

const TEXT_FIELDS = ['externalId', 'email', 'phone', 'firstName', 'lastName', 'timezone', 'birthday', 'createdAt', 'updatedAt'];

/** One value of a profile-field comparison: text for text and date fields; for lat/lng and custom attributes a number (or true/false) when it reads as one. */
function scalarOf(field: string, text: string): string | number | boolean {
  if (TEXT_FIELDS.includes(field)) return text;
  if (field.startsWith('attributes.') && (text === 'true' || text === 'false')) return text === 'true';
  return numberOrText(text);
}

/** The value a profile-field condition sends for what was typed: a list for "in" and "between" (comma separated), yes/no for "exists". */
export function attributeValue(field: string, op: string, text: string): unknown {
  if (op === 'exists') return text !== 'false';
  if (op === 'in' || op === 'between') return text.split(',').map((part, i) => scalarOf(field, i === 0 ? part.trimEnd() : part.trim()));
  return scalarOf(field, text);
}

/** ISO weekdays (1 = Monday) as the API counts them. */
export const WEEKDAYS = ['Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun'].map((label, i) => ({ value: String(i + 1), label }));

/** The API's message for `field` or anything under it (`value` also shows `value[1]`). */
export function problemAt(problems: NodeProblem[], field: string): string | undefined {
  const found = problems.filter((p) => p.field === field || p.field.startsWith(`${field}.`) || p.field.startsWith(`${field}[`));
  return found.length ? found.map((p) => (p.field === field ? p.message : `${p.field.slice(field.length).replace(/^\./, '')}: ${p.message}`)).join('; ') : undefined;
}

/** Sets a field; `undefined` removes it (an optional field left empty is not sent). */
export function withField(condition: Condition, field: string, value: unknown): Condition {
  const next = { ...condition };
  if (value === undefined) delete next[field];
  else next[field] = value;
  return next;
}

/** The fields each type's editor shows a problem at; a problem anywhere else is shown on the condition as a whole. */
const SHOWN_FIELDS: Record<string, string[]> = {
  attribute: ['field', 'op', 'value'], tag: ['tag', 'present'], consent: ['channel', 'status'], birthday: ['withinNextDays', 'month'],
  near: ['storeId', 'lat', 'lng', 'radiusMeters'], inside: ['geofenceId', 'polygon'], nearestStore: ['storeId'], event: ['eventType', 'count', 'within'],
  orders: ['metric', 'op', 'value', 'within'], rfm: ['recency', 'frequency', 'monetary'], engagement: ['action', 'within', 'campaignId'],
  localTime: ['hours', 'weekdays'], churnRisk: ['level', 'minScore', 'maxScore'],
};

/** Problems no field of the condition's editor shows (the node itself, its type, fields the editor does not have). */
export function problemsOnCondition(type: string, problems: NodeProblem[]): NodeProblem[] {
  const shown = SHOWN_FIELDS[type] ?? [];
  return problems.filter((p) => !shown.includes(p.field.split(/[.[]/)[0]));
}
