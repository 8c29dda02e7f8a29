import { isCalendarDate, parseTimestamp } from '@localreach/core';
import {
  ATTRIBUTE_PREFIX, checkBoolean, checkEnum, checkEventType, checkKeys, checkNumber, checkString, checkUuid, isObject, SEGMENT_LIMITS, validateWhere,
  type JsonObject, type Problems,
} from '@localreach/segmentation';
import { checkDuration, checkLocalTime } from './campaign-checks';
import { CAMPAIGN_LIMITS, TRIGGER_TYPES, type CampaignReferences, type TriggerType } from './campaign-definition';

type TriggerValidator = (node: JsonObject, path: string, refs: CampaignReferences, out: Problems) => void;

const TRIGGER_KEYS: Record<TriggerType, readonly string[]> = {
  customer_created: ['type'],
  event: ['type', 'eventType', 'name', 'where', 'maxEventAge'],
  date: ['type', 'field', 'offsetDays', 'localTime'],
  segment: ['type', 'segmentId'],
  geofence: ['type', 'geofenceId', 'on', 'duringOpeningHours'],
  broadcast: ['type', 'segmentId', 'at', 'recipientLocalTime'],
};

const TRIGGER_VALIDATORS: Record<TriggerType, TriggerValidator> = {
  customer_created: () => undefined,
  event: validateEventTrigger,
  date: validateDateTrigger,
  segment: (node, path, refs, out) => checkSegmentRef(node.segmentId, `${path}.segmentId`, refs, out),
  geofence: validateGeofenceTrigger,
  broadcast: validateBroadcastTrigger,
};

// A wall time without offset: the business's zone, or each recipient's with recipientLocalTime.
const WALL_TIME = /^(\d{4}-\d{2}-\d{2})T([01]\d|2[0-3]):[0-5]\d$/;

/** Checks `trigger`, its shape by type and the segment or geofence it names. */
export function validateTrigger(input: unknown, refs: CampaignReferences, out: Problems): void {
  const path = 'trigger';
  if (!isObject(input)) {
    out.add(path, input === undefined ? 'is required' : 'must be an object with a type');
    return;
  }
  if (!checkEnum(input.type, TRIGGER_TYPES, `${path}.type`, out)) return;
  checkKeys(input, TRIGGER_KEYS[input.type], path, out);
  TRIGGER_VALIDATORS[input.type](input, path, refs, out);
}

function validateEventTrigger(node: JsonObject, path: string, _refs: CampaignReferences, out: Problems): void {
  checkEventType(node, path, out);
  if (node.maxEventAge !== undefined) checkDuration(node.maxEventAge, `${path}.maxEventAge`, out, 1);
  if (node.where === undefined) return;
  // Every item is matched against each incoming event: bounded like a segment's conditions.
  if (Array.isArray(node.where) && node.where.length > SEGMENT_LIMITS.maxConditions) {
    out.add(`${path}.where`, `has ${node.where.length} conditions; at most ${SEGMENT_LIMITS.maxConditions} are allowed`);
  } else validateWhere(node.where, `${path}.where`, out);
}

function validateDateTrigger(node: JsonObject, path: string, _refs: CampaignReferences, out: Problems): void {
  const fieldPath = `${path}.field`;
  if (checkString(node.field, fieldPath, out)) {
    const isAttribute = node.field.startsWith(ATTRIBUTE_PREFIX) && node.field.length > ATTRIBUTE_PREFIX.length;
    if (node.field !== 'birthday' && !isAttribute) out.add(fieldPath, 'must be birthday or attributes.<key>');
  }
  const max = CAMPAIGN_LIMITS.maxOffsetDays;
  checkNumber(node.offsetDays, `${path}.offsetDays`, out, { min: -max, max, integer: true });
  checkLocalTime(node.localTime, `${path}.localTime`, out);
}

function validateGeofenceTrigger(node: JsonObject, path: string, refs: CampaignReferences, out: Problems): void {
  const idPath = `${path}.geofenceId`;
  if (checkUuid(node.geofenceId, idPath, out) && !refs.geofenceIds.has(node.geofenceId)) out.add(idPath, 'no geofence with this id');
  checkEnum(node.on, ['entered', 'dwelled'], `${path}.on`, out);
  if (node.duringOpeningHours !== undefined) checkBoolean(node.duringOpeningHours, `${path}.duringOpeningHours`, out);
}

function validateBroadcastTrigger(node: JsonObject, path: string, refs: CampaignReferences, out: Problems): void {
  checkSegmentRef(node.segmentId, `${path}.segmentId`, refs, out);
  const atPath = `${path}.at`;
  const at = node.at === undefined ? undefined : timeKind(node.at, atPath, out);
  if (node.recipientLocalTime === undefined) return;
  if (!checkBoolean(node.recipientLocalTime, `${path}.recipientLocalTime`, out) || !node.recipientLocalTime) return;
  if (node.at === undefined) out.add(atPath, 'is required when recipientLocalTime is true');
  else if (at === 'instant') out.add(atPath, 'must be a local wall time YYYY-MM-DDTHH:MM without an offset when recipientLocalTime is true');
}

/** `at` is either an instant (with offset) or a wall time (YYYY-MM-DDTHH:MM); undefined when it is neither. */
function timeKind(value: unknown, path: string, out: Problems): 'instant' | 'wall' | undefined {
  if (typeof value === 'string') {
    const wall = WALL_TIME.exec(value);
    if (wall && isCalendarDate(wall[1])) return 'wall';
    if (parseTimestamp(value)) return 'instant';
  }
  out.add(path, 'must be an ISO-8601 date-time with an offset (2025-01-31T09:00:00Z) or a local wall time (2025-01-31T09:00)');
  return undefined;
}

function checkSegmentRef(value: unknown, path: string, refs: CampaignReferences, out: Problems): void {
  if (checkUuid(value, path, out) && !refs.segmentIds.has(value)) out.add(path, 'no segment with this id');
}
