import { toTimelineItem } from './timeline-items';

const AT = '2026-03-10T15:00:00.123456Z';

describe('timeline items', () => {
  it('an order: total as a number, money in its currency, the store named', () => {
    const item = toTimelineItem({
      source: 'order', at_key: AT, id: 'a0000000-0000-4000-8000-000000000000',
      detail: { externalId: 'pos-1', total: 23.5, currency: 'USD', channel: 'in_store', locationId: null, locationName: 'Elm Street', couponCode: null, itemCount: 2 },
    });
    expect(item).toMatchObject({ kind: 'order', at: new Date('2026-03-10T15:00:00.123Z'), summary: 'Order pos-1: $23.50 in store at Elm Street' });
    expect(item.position).toEqual({ atKey: AT, source: 'order', id: 'a0000000-0000-4000-8000-000000000000' });
  });

  it('a message: times as dates, campaign and step in the summary', () => {
    const item = toTimelineItem({
      source: 'message', at_key: AT, id: 'c0000000-0000-4000-8000-000000000000',
      detail: {
        channel: 'sms', status: 'delivered', campaignId: 'd0000000-0000-4000-8000-000000000000', campaignName: 'Welcome', campaignVersion: 2, stepId: 'w1',
        variant: null, templateId: null, templateName: null, sentAt: '2026-03-10T15:00:01.5+00:00', deliveredAt: null, errorCode: null,
      },
    });
    expect(item.summary).toBe('SMS from campaign "Welcome" (step w1): delivered');
    expect(item.kind === 'message' && item.message.sentAt).toEqual(new Date('2026-03-10T15:00:01.500Z'));
  });

  it('an enrolment yields distinct ids for its entry and end', () => {
    const detail = { campaignId: 'd0000000-0000-4000-8000-000000000000', campaignName: 'Win-back', version: 1, state: 'converted', endReason: 'goal_reached', holdout: false };
    const id = 'e0000000-0000-4000-8000-000000000000';
    const entered = toTimelineItem({ source: 'enrollment_entered', at_key: AT, id, detail: { ...detail, change: 'entered' } });
    const ended = toTimelineItem({ source: 'enrollment_ended', at_key: AT, id, detail: { ...detail, change: 'ended' } });
    expect([entered.id, entered.summary]).toEqual([`${id}:entered`, 'Entered campaign "Win-back"']);
    expect([ended.id, ended.summary]).toEqual([`${id}:ended`, 'Left campaign "Win-back": converted (goal_reached)']);
    expect(ended.kind === 'enrollment' && ended.enrollment.enrollmentId).toBe(id);
  });

  it.each([
    [{ source: 'consent', detail: { channel: 'sms', status: 'denied', source: 'sms_keyword', recordedAt: AT } }, 'SMS consent denied (sms_keyword)'],
    [{ source: 'segment', detail: { change: 'exited', segmentId: null, segmentName: null } }, 'Left a segment'],
    [{ source: 'segment', detail: { change: 'entered', segmentId: null, segmentName: 'VIP' } }, 'Entered segment "VIP"'],
    [{ source: 'event', detail: { type: 'sms_received', source: 'twilio', properties: {} } }, 'Event sms_received (from twilio)'],
    [{ source: 'event', detail: { type: 'cart_abandoned', source: 'api', properties: {} } }, 'Event cart_abandoned'],
    [
      { source: 'engagement', detail: { type: 'opened', messageId: 'x', channel: 'email', campaignId: null, campaignName: null, stepId: null, variant: null, machine: true, url: null } },
      'Opened the email (machine)',
    ],
    [
      { source: 'engagement', detail: { type: 'bounced', messageId: 'x', channel: 'email', campaignId: 'k', campaignName: null, stepId: null, variant: null, machine: false, url: null } },
      'Email bounced from a campaign',
    ],
  ] as const)('%j reads "%s"', (row, summary) => {
    expect(toTimelineItem({ ...row, at_key: AT, id: '1', detail: { ...row.detail } }).summary).toBe(summary);
  });
});
