import type {
  ConsentDetail, EngagementDetail, EnrollmentDetail, EventDetail, MessageDetail, OrderDetail, SegmentDetail, TimelineItem, TimelinePosition, TimelineSource,
} from './timeline.types';

/** A row of the timeline statement: detail is the source's jsonb object. */
export interface TimelineRow {
  source: TimelineSource;
  at_key: string;
  id: string;
  detail: Record<string, unknown>;
}

const CHANNEL_LABEL: Record<string, string> = { email: 'Email', sms: 'SMS', location: 'Location' };
const label = (channel: string | null) => (channel ? (CHANNEL_LABEL[channel] ?? channel) : 'Message');
const date = (value: unknown): Date | null => (typeof value === 'string' ? new Date(value) : null);
const named = (what: string, name: string | null) => (name === null ? `a ${what}` : `${what} "${name}"`);
const fromCampaign = (name: string | null, id: string | null) => (id === null ? '' : ` from ${named('campaign', name)}`);

export function formatMoney(total: number, currency: string): string {
  try {
    return new Intl.NumberFormat('en-US', { style: 'currency', currency }).format(total);
  } catch {
    return `${total.toFixed(2)} ${currency}`;
  }
}

export function eventSummary(d: EventDetail): string {
  return d.source === 'api' ? `Event ${d.type}` : `Event ${d.type} (from ${d.source})`;
}

export function segmentSummary(d: SegmentDetail): string {
  return `${d.change === 'entered' ? 'Entered' : 'Left'} ${named('segment', d.segmentName)}`;
}

export function orderSummary(d: OrderDetail): string {
  const where = d.channel === 'online' ? 'online' : d.locationName === null ? 'in store' : `in store at ${d.locationName}`;
  return `Order ${d.externalId}: ${formatMoney(d.total, d.currency)} ${where}`;
}

export function messageSummary(d: MessageDetail): string {
  const step = d.stepId === null ? '' : ` (step ${d.stepId})`;
  return `${label(d.channel)}${fromCampaign(d.campaignName, d.campaignId)}${step}: ${d.status}`;
}

export function engagementSummary(d: EngagementDetail): string {
  const what = d.channel === 'sms' ? 'the SMS' : 'the email';
  const action: Record<EngagementDetail['type'], string> = {
    opened: `Opened ${what}`,
    clicked: `Clicked a link in ${what}`,
    replied: `Replied to ${what}`,
    unsubscribed: `Unsubscribed through ${what}`,
    bounced: `${label(d.channel)} bounced`,
  };
  return `${action[d.type]}${fromCampaign(d.campaignName, d.campaignId)}${d.machine ? ' (machine)' : ''}`;
}

export function consentSummary(d: ConsentDetail): string {
  return `${label(d.channel)} consent ${d.status}${d.source === null ? '' : ` (${d.source})`}`;
}

export function enrollmentSummary(d: EnrollmentDetail): string {
  if (d.change === 'entered') return `Entered ${named('campaign', d.campaignName)}${d.holdout ? ' (holdout group)' : ''}`;
  return `Left ${named('campaign', d.campaignName)}: ${d.state}${d.endReason === null ? '' : ` (${d.endReason})`}`;
}

/** A timeline row as the domain item, with its summary. */
export function toTimelineItem(row: TimelineRow): TimelineItem {
  const position: TimelinePosition = { atKey: row.at_key, source: row.source, id: row.id };
  const base = { at: new Date(row.at_key), id: row.id, position };
  const d = row.detail;
  switch (row.source) {
    case 'event': {
      const event = d as unknown as EventDetail;
      return { ...base, kind: 'event', summary: eventSummary(event), event };
    }
    case 'segment': {
      const segment = d as unknown as SegmentDetail;
      return { ...base, kind: 'segment', summary: segmentSummary(segment), segment };
    }
    case 'order': {
      const order = { ...(d as unknown as OrderDetail), total: Number(d.total) };
      return { ...base, kind: 'order', summary: orderSummary(order), order };
    }
    case 'message': {
      const message = { ...(d as unknown as MessageDetail), sentAt: date(d.sentAt), deliveredAt: date(d.deliveredAt) };
      return { ...base, kind: 'message', summary: messageSummary(message), message };
    }
    case 'engagement': {
      const engagement = d as unknown as EngagementDetail;
      return { ...base, kind: 'engagement', summary: engagementSummary(engagement), engagement };
    }
    case 'consent': {
      const consent = { ...(d as unknown as ConsentDetail), recordedAt: new Date(d.recordedAt as string) };
      return { ...base, kind: 'consent', summary: consentSummary(consent), consent };
    }
    case 'enrollment_entered':
    case 'enrollment_ended': {
      const enrollment = { ...(d as unknown as Omit<EnrollmentDetail, 'enrollmentId'>), enrollmentId: row.id };
      return { ...base, id: `${row.id}:${enrollment.change}`, kind: 'enrollment', summary: enrollmentSummary(enrollment), enrollment };
    }
  }
}
