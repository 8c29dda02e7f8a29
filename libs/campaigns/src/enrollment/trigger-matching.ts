import { matchJsonValue } from '@localreach/segmentation';
import type { CampaignDefinition, Trigger } from '../definition';

/** One drained inbox row: a customer was created, or an event the campaigns listen to happened. */
export interface InboxItem {
  id: string;
  businessId: string;
  customerId: string;
  kind: 'customer_created' | 'event';
  eventId: string | null;
  eventType: string | null;
  properties: Record<string, unknown> | null;
  occurredAt: Date;
}

/**
 * Whether an inbox item starts a campaign with this trigger. Event filters
 * use the segment engine's property comparison, so "cart value > 50" means
 * the same in a trigger and in a segment.
 */
export function triggerMatches(trigger: Trigger, item: InboxItem): boolean {
  const props = item.properties ?? {};
  switch (trigger.type) {
    case 'customer_created':
      return item.kind === 'customer_created';
    case 'event':
      return item.kind === 'event' && item.eventType === trigger.eventType
        && (trigger.where ?? []).every((w) => matchJsonValue(Object.hasOwn(props, w.field) ? props[w.field] : undefined, w));
    case 'segment':
      return item.eventType === 'segment_entered' && props.segmentId === trigger.segmentId;
    case 'geofence':
      return item.eventType === `geofence_${trigger.on}` && props.geofenceId === trigger.geofenceId;
    default:
      return false;
  }
}

/** The enrolment's cause: enrolling twice for one cause is a no-op. */
export function inboxTriggerKey(item: InboxItem): string {
  return item.kind === 'customer_created' ? 'customer_created' : `event:${item.eventId}`;
}

/** What the journey's messages may use from the trigger (e.g. the store of the geofence for a nearby offer). */
export function enrolmentContext(definition: CampaignDefinition, item: InboxItem): Record<string, unknown> {
  if (item.kind !== 'event') return {};
  const props = item.properties ?? {};
  const context: Record<string, unknown> = { eventId: item.eventId, eventType: item.eventType };
  if (typeof props.storeId === 'string') context.storeId = props.storeId;
  // Templates read them as event.type, event.occurredAt and event.properties (at most 32 KB, as ingested).
  if (definition.trigger.type === 'event') Object.assign(context, { properties: props, occurredAt: item.occurredAt.toISOString() });
  return context;
}
