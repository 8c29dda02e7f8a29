import twilio from 'twilio';
import { startDeliveryHarness, type DeliveryHarness } from './support/delivery-harness';
import { insertBusiness, insertCustomer, insertMessage, insertSmsTemplate, messageRow } from './support/delivery-factories';
import { expectError } from './support/e2e-helpers';

const START = '2026-03-10T15:00:00Z';
const STATUS_PATH = '/webhooks/twilio/status';

describe('Twilio status callbacks: POST /webhooks/twilio/status', () => {
  let h: DeliveryHarness;
  beforeAll(async () => {
    h = await startDeliveryHarness(START);
  });
  afterAll(async () => {
    await h.close();
  });

  const statusUrl = () => `${h.config.publicBaseUrl}${STATUS_PATH}`;
  const sign = (params: Record<string, string>, url = statusUrl()) => twilio.getExpectedTwilioSignature(h.twilio.authToken, url, params);
  const post = (params: Record<string, string>, signature?: string) => {
    const req = h.api.http().post(STATUS_PATH).type('form');
    return (signature === undefined ? req : req.set('X-Twilio-Signature', signature)).send(params);
  };
  const engagements = async (messageId: string) =>
    (await h.db.query<{ type: string }[]>(`SELECT type FROM engagement WHERE message_id = $1 ORDER BY id`, [messageId])).map((r) => r.type);

  /** Queues and sends one SMS; returns the message id and Twilio's SID. */
  const sendSms = async (phone: string, stamp?: { stepId: string; variant: string }): Promise<{ id: string; sid: string }> => {
    const businessId = await insertBusiness(h.db);
    const templateId = await insertSmsTemplate(h.db, businessId, 'Your table is ready');
    const customerId = await insertCustomer(h.db, businessId, { phone });
    const id = await insertMessage(h.db, { businessId, customerId, templateId, channel: 'sms', dueAt: h.clock.now() });
    if (stamp) await h.db.query(`UPDATE message SET step_id = $2, variant = $3 WHERE id = $1`, [id, stamp.stepId, stamp.variant]);
    expect((await h.delivery.runOnce(10)).outcomes.sent).toBe(1);
    return { id, sid: (await messageRow(h.db, id)).provider_id! };
  };

  /** Polls until the message leaves 'sent' (the stand-in reports a few ms after accepting). */
  const settled = async (id: string) => {
    for (let i = 0; i < 100; i++) {
      const row = await messageRow(h.db, id);
      if (row.status !== 'sent') return row;
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    throw new Error(`message ${id} is still 'sent'`);
  };

  const callback = (sid: string, status: string, extra: Record<string, string> = {}) => ({
    MessageSid: sid, SmsSid: sid, AccountSid: h.twilio.accountSid, From: '+15005550006', To: '+13125550000', MessageStatus: status, SmsStatus: status,
    ApiVersion: '2010-04-01', ...extra,
  });

  it('marks an SMS delivered from the stand-in’s signed callbacks, once, with an engagement row', async () => {
    // Step and variant, as a journey stamps them, are copied to the engagement row for the funnel.
    const { id, sid } = await sendSms('+13125558001', { stepId: 'promo', variant: 'B' });
    const row = await settled(id);
    expect(row.status).toBe('delivered');
    expect(row.delivered_at).toBeInstanceOf(Date);
    expect(await engagements(id)).toEqual(['delivered']);
    expect(await h.db.query(`SELECT step_id, variant FROM engagement WHERE message_id = $1`, [id])).toEqual([{ step_id: 'promo', variant: 'B' }]);
    expect(h.twilio.callbackErrors).toEqual([]);

    // Twilio retries and duplicates callbacks: a replay changes nothing.
    const replay = callback(sid, 'delivered');
    const res = await post(replay, sign(replay));
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ outcome: 'unchanged' });
    expect(await engagements(id)).toEqual(['delivered']);
    expect((await messageRow(h.db, id)).delivered_at).toEqual(row.delivered_at);
  });

  it('records undelivered with the carrier error code and a failed engagement', async () => {
    h.twilio.setDeliveryOutcome('+13125558002', 'undelivered', 30003);
    const { id } = await sendSms('+13125558002');
    expect(await settled(id)).toMatchObject({ status: 'undelivered', error_code: '30003', delivered_at: null });
    expect(await engagements(id)).toEqual(['failed']);
  });

  it('records failed the same way', async () => {
    h.twilio.setDeliveryOutcome('+13125558003', 'failed');
    const { id } = await sendSms('+13125558003');
    expect(await settled(id)).toMatchObject({ status: 'failed', error_code: '30008' });
    expect(await engagements(id)).toEqual(['failed']);
  });

  it('refuses a missing, wrong or re-targeted signature, and tampered parameters, with a 403 JSON error', async () => {
    const { id, sid } = await sendSms('+13125558004');
    await settled(id);
    await h.db.query(`UPDATE message SET status = 'sent', delivered_at = NULL WHERE id = $1`, [id]);
    const params = callback(sid, 'undelivered', { ErrorCode: '30005' });
    for (const [signature, body] of [
      [undefined, params],
      ['', params],
      ['bm90IGEgc2lnbmF0dXJl', params],
      [sign(params, `http://attacker.example${STATUS_PATH}`), params],
      [sign(params), { ...params, ErrorCode: '30006' }],
    ] as const) {
      const res = await post(body, signature);
      expectError(res, 403);
      expect(res.body.code).toBe('INVALID_TWILIO_SIGNATURE');
    }
    expect(await messageRow(h.db, id)).toMatchObject({ status: 'sent' });
    // The same callback, correctly signed, is applied.
    expect((await post(params, sign(params))).body).toEqual({ outcome: 'updated' });
    expect(await messageRow(h.db, id)).toMatchObject({ status: 'undelivered', error_code: '30005' });
  });

  it('acknowledges an unknown MessageSid and intermediate statuses without changing anything', async () => {
    const unknown = callback(`SM${'0'.repeat(32)}`, 'delivered');
    expect((await post(unknown, sign(unknown))).body).toEqual({ outcome: 'unknown_message' });
    const { id, sid } = await sendSms('+13125558005');
    await settled(id);
    await h.db.query(`UPDATE message SET status = 'sent', delivered_at = NULL WHERE id = $1`, [id]);
    const sent = callback(sid, 'sent');
    const res = await post(sent, sign(sent));
    expect([res.status, res.body]).toEqual([200, { outcome: 'not_final' }]);
    expect(await messageRow(h.db, id)).toMatchObject({ status: 'sent' });
  });

  it('rejects a signed callback without a message SID as invalid', async () => {
    const params = { MessageStatus: 'delivered', AccountSid: h.twilio.accountSid };
    expectError(await post(params, sign(params)), 422, ['MessageSid']);
  });
});
