import twilio from 'twilio';
import { startDeliveryHarness, DEFAULT_SMS_FROM, type DeliveryHarness } from './support/delivery-harness';
import { insertBusiness, insertCustomer, insertMessage, insertSmsTemplate, messageRow } from './support/delivery-factories';
import { expectError, seedKey } from './support/e2e-helpers';

// A Tuesday; 10:00 in Chicago, inside the default SMS window.
const START = '2026-03-10T15:00:00Z';
const INBOUND_PATH = '/webhooks/twilio/inbound';
const EMPTY_TWIML = '<?xml version="1.0" encoding="UTF-8"?><Response></Response>';

let numbers = 0;
const nextNumber = (prefix: string) => `${prefix}${String((numbers += 1)).padStart(4, '0')}`;

describe('Twilio inbound SMS: POST /webhooks/twilio/inbound', () => {
  let h: DeliveryHarness;
  beforeAll(async () => {
    h = await startDeliveryHarness(START);
  });
  afterAll(async () => {
    await h.close();
  });

  const inboundUrl = () => `${h.config.publicBaseUrl}${INBOUND_PATH}`;
  const params = (from: string, to: string, body: string, sid = `SM${Math.random().toString(16).slice(2).padEnd(32, '0').slice(0, 32)}`) => ({
    ToCountry: 'US', SmsMessageSid: sid, NumMedia: '0', SmsSid: sid, SmsStatus: 'received', Body: body, To: to, NumSegments: '1', MessageSid: sid,
    AccountSid: h.twilio.accountSid, From: from, ApiVersion: '2010-04-01',
  });
  const post = (form: Record<string, string>, signature?: string) => {
    const req = h.api.http().post(INBOUND_PATH).type('form');
    return (signature === undefined ? req : req.set('X-Twilio-Signature', signature)).send(form);
  };
  const signed = (form: Record<string, string>) => post(form, twilio.getExpectedTwilioSignature(h.twilio.authToken, inboundUrl(), form));
  /** Through the stand-in, exactly as a handset texting the number would arrive. */
  const text = async (from: string, to: string, body: string) => {
    const res = await h.twilio.sendInbound({ from, to, body, url: inboundUrl() });
    expect(res.status).toBe(200);
    return res.body;
  };

  /** A business with its own number, a customer with SMS consent, and one SMS it sent them. */
  const conversation = async (options: { name?: string; settings?: Record<string, unknown>; number?: string | null; phone?: string } = {}) => {
    const number = options.number === undefined ? nextNumber('+1312666') : options.number;
    const settings = { ...(number ? { sender: { sms: { from: number } } } : {}), ...options.settings };
    const businessId = await insertBusiness(h.db, { name: options.name, settings });
    const phone = options.phone ?? nextNumber('+1773555');
    const customerId = await insertCustomer(h.db, businessId, { phone, consentSms: 'granted' });
    const messageId = await sentSms(businessId, customerId, new Date(Date.parse(START) - 3_600_000));
    return { businessId, customerId, phone, number: number ?? DEFAULT_SMS_FROM, messageId };
  };
  const sentSms = async (businessId: string, customerId: string, sentAt: Date) =>
    (await h.db.query<{ id: string }[]>(
      `INSERT INTO message (business_id, customer_id, channel, status, sent_at, step_id, variant, created_at) VALUES ($1, $2, 'sms', 'sent', $3, 'promo', 'A', $3) RETURNING id`,
      [businessId, customerId, sentAt],
    ))[0].id;
  const consent = async (customerId: string) =>
    (await h.db.query<{ consent_sms: string | null; consent_sms_source: string | null; consent_sms_at: Date | null }[]>(
      `SELECT consent_sms, consent_sms_source, consent_sms_at FROM customer WHERE id = $1`,
      [customerId],
    ))[0];
  const events = async (customerId: string) =>
    h.db.query<{ type: string; source: string; properties: Record<string, unknown> }[]>(`SELECT type, source, properties FROM event WHERE customer_id = $1 ORDER BY id`, [customerId]);
  const engagements = async (messageId: string) =>
    h.db.query<{ type: string; step_id: string; variant: string; properties: Record<string, unknown> }[]>(
      `SELECT type, step_id, variant, properties FROM engagement WHERE message_id = $1 ORDER BY id`,
      [messageId],
    );

  it('refuses a missing, wrong or re-targeted signature, and tampered parameters, with a 403 and stores nothing', async () => {
    const c = await conversation();
    const form = params(c.phone, c.number, 'STOP');
    const statusUrl = `${h.config.publicBaseUrl}/webhooks/twilio/status`;
    for (const [signature, body] of [
      [undefined, form],
      ['', form],
      ['bm90IGEgc2lnbmF0dXJl', form],
      [twilio.getExpectedTwilioSignature(h.twilio.authToken, statusUrl, form), form],
      [twilio.getExpectedTwilioSignature('0'.repeat(32), inboundUrl(), form), form],
      [twilio.getExpectedTwilioSignature(h.twilio.authToken, inboundUrl(), form), { ...form, Body: 'START' }],
    ] as const) {
      const res = await post(body, signature);
      expectError(res, 403);
      expect(res.body.code).toBe('INVALID_TWILIO_SIGNATURE');
    }
    expect((await consent(c.customerId)).consent_sms).toBe('granted');
    expect(await events(c.customerId)).toEqual([]);
  });

  it('STOP (any case, trimmed) opts out of SMS with time and source, is stored as an event and a reply, and stops the next SMS', async () => {
    const c = await conversation();
    expect(await text(c.phone, c.number, '  stop ')).toBe(EMPTY_TWIML);
    expect(await consent(c.customerId)).toEqual({ consent_sms: 'denied', consent_sms_source: 'sms_keyword', consent_sms_at: expect.any(Date) });
    expect(await events(c.customerId)).toEqual([
      { type: 'sms_received', source: 'twilio', properties: expect.objectContaining({ body: '  stop ', from: c.phone, to: c.number, keyword: 'STOP', messageSid: expect.stringMatching(/^SM/) }) },
    ]);
    expect(await engagements(c.messageId)).toEqual([
      { type: 'replied', step_id: 'promo', variant: 'A', properties: { eventId: expect.any(String), keyword: 'STOP' } },
      { type: 'unsubscribed', step_id: 'promo', variant: 'A', properties: { via: 'sms_keyword', keyword: 'STOP' } },
    ]);

    const templateId = await insertSmsTemplate(h.db, c.businessId, 'Fresh croissants today');
    const next = await insertMessage(h.db, { businessId: c.businessId, customerId: c.customerId, templateId, channel: 'sms', dueAt: h.clock.now() });
    expect((await h.delivery.runOnce(10)).outcomes.suppressed).toBe(1);
    expect(await messageRow(h.db, next)).toMatchObject({ status: 'suppressed', error_code: 'no_consent' });
    expect(h.twilio.messages.filter((m) => m.to === c.phone)).toEqual([]);
  });

  it('after STOP, neither the API nor an import can grant SMS consent again on the business\'s behalf; the customer\'s own opt-in (a form) can', async () => {
    const c = await conversation();
    await text(c.phone, c.number, 'STOP');
    const { apiKey } = await seedKey(h.api, c.businessId, 'owner');
    const stopped = await consent(c.customerId);
    for (const source of ['api', 'import', 'pos']) {
      const res = await h.api.http().post('/v1/customers').set('authorization', `Bearer ${apiKey}`)
        .send({ phone: c.phone, firstName: 'Still', consent: { sms: { status: 'granted', source } } });
      expectError(res, 409, ['consent.sms']);
      expect(res.body.code).toBe('CONSENT_WITHDRAWN');
    }
    const imported = await h.api.http().post('/v1/customers/import').set('authorization', `Bearer ${apiKey}`).set('content-type', 'text/csv')
      .send(`Phone,First Name,SMS Consent\n${c.phone},Reimported,yes\n`);
    expect(imported.status).toBe(200);
    expect(imported.body).toMatchObject({ inserted: 0, updated: 0, failed: 1 });
    expect(imported.body.errors).toEqual([expect.objectContaining({ row: 1, field: 'consent.sms', code: 'CONSENT_WITHDRAWN', customerId: c.customerId })]);
    expect(await consent(c.customerId)).toEqual(stopped);
    expect((await h.db.query(`SELECT first_name FROM customer WHERE id = $1`, [c.customerId]))[0].first_name).not.toBe('Reimported');

    const optedIn = await h.api.http().post('/v1/customers').set('authorization', `Bearer ${apiKey}`).send({ phone: c.phone, consent: { sms: { status: 'granted', source: 'form' } } });
    expect(optedIn.status).toBe(200);
    expect(await consent(c.customerId)).toEqual({ consent_sms: 'granted', consent_sms_source: 'form', consent_sms_at: expect.any(Date) });
  });

  it.each(['STOPALL', 'UNSUBSCRIBE', 'CANCEL', 'END', 'QUIT', 'REVOKE', 'OPTOUT'])('%s opts out too', async (word) => {
    const c = await conversation();
    expect(await text(c.phone, c.number, word.toLowerCase())).toBe(EMPTY_TWIML);
    expect((await consent(c.customerId)).consent_sms).toBe('denied');
  });

  it.each(['START', 'UNSTOP', 'YES'])('%s after STOP opts back in', async (word) => {
    const c = await conversation();
    await text(c.phone, c.number, 'STOP');
    expect(await text(c.phone, c.number, word)).toBe(EMPTY_TWIML);
    expect(await consent(c.customerId)).toEqual({ consent_sms: 'granted', consent_sms_source: 'sms_keyword', consent_sms_at: expect.any(Date) });
    expect((await events(c.customerId)).map((e) => e.properties.keyword)).toEqual(['STOP', word]);
  });

  it('HELP is answered with TwiML naming the business and its contact, escaped', async () => {
    const c = await conversation({ name: 'Crumb & <Co>', settings: { contact: { phone: '+13125550100', email: 'hi@crumb.example' } } });
    const res = await signed(params(c.phone, c.number, 'help'));
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toMatch(/^text\/xml/);
    expect(res.text).toBe(
      '<?xml version="1.0" encoding="UTF-8"?><Response><Message>Crumb &amp; &lt;Co&gt;: +13125550100 or hi@crumb.example. Reply STOP to opt out.</Message></Response>',
    );
    expect((await consent(c.customerId)).consent_sms).toBe('granted');
    expect((await events(c.customerId)).map((e) => e.properties.keyword)).toEqual(['HELP']);
  });

  it('INFO without a contact in the settings gives the postal address', async () => {
    const c = await conversation({ name: 'Maple' });
    expect(await text(c.phone, c.number, 'INFO')).toContain('<Message>Maple: 1 Main St, Springfield IL 62701, US. Reply STOP to opt out.</Message>');
  });

  it('any other text is a reply: an event and a replied engagement on the latest SMS, no consent change, no answer', async () => {
    const c = await conversation();
    const later = await sentSms(c.businessId, c.customerId, new Date(Date.parse(START) - 60_000));
    expect(await text(c.phone, c.number, 'Stop by at 5?')).toBe(EMPTY_TWIML);
    expect((await consent(c.customerId)).consent_sms).toBe('granted');
    expect(await events(c.customerId)).toEqual([{ type: 'sms_received', source: 'twilio', properties: expect.objectContaining({ body: 'Stop by at 5?', keyword: null }) }]);
    expect(await engagements(c.messageId)).toEqual([]);
    expect((await engagements(later)).map((e) => e.type)).toEqual(['replied']);
  });

  it('Twilio redelivering the same message (same MessageSid) records it once', async () => {
    const c = await conversation();
    const form = params(c.phone, c.number, 'Thanks!');
    expect((await signed(form)).status).toBe(200);
    expect((await signed(form)).status).toBe(200);
    expect(await events(c.customerId)).toHaveLength(1);
    expect(await engagements(c.messageId)).toHaveLength(1);
  });

  it('an unknown sender or number gets an empty answer and nothing is stored; HELP to a business’s own number is still answered', async () => {
    const c = await conversation({ name: 'Owned' });
    const [{ n: before }] = await h.db.query<{ n: number }[]>(`SELECT count(*)::int AS n FROM event`);
    expect(await text('+17735550000', c.number, 'STOP')).toBe(EMPTY_TWIML);
    expect(await text(c.phone, '+13129999999', 'STOP')).toBe(EMPTY_TWIML);
    expect(await text('not-a-number', c.number, 'hello')).toBe(EMPTY_TWIML);
    expect(await text('+17735550000', c.number, 'HELP')).toContain('<Message>Owned: 1 Main St');
    const [{ n: after }] = await h.db.query<{ n: number }[]>(`SELECT count(*)::int AS n FROM event`);
    expect(after).toBe(before);
    expect((await consent(c.customerId)).consent_sms).toBe('granted');
  });

  it('a phone known to two businesses: only the business owning the To number is changed', async () => {
    const a = await conversation();
    const b = await conversation({ phone: a.phone });
    await text(a.phone, a.number, 'STOP');
    expect((await consent(a.customerId)).consent_sms).toBe('denied');
    expect((await consent(b.customerId)).consent_sms).toBe('granted');
    expect(await events(b.customerId)).toEqual([]);
    expect(await engagements(b.messageId)).toEqual([]);
  });

  it('on the shared default number, the business that texted the phone last gets the reply', async () => {
    const phone = nextNumber('+1773444');
    const earlier = await conversation({ number: null, phone });
    const latest = await conversation({ number: null, phone });
    await h.db.query(`UPDATE message SET sent_at = $2 WHERE id = $1`, [latest.messageId, new Date(Date.parse(START) - 60_000)]);
    const owned = await conversation({ phone });
    await text(phone, DEFAULT_SMS_FROM, 'STOP');
    expect((await consent(latest.customerId)).consent_sms).toBe('denied');
    expect((await consent(earlier.customerId)).consent_sms).toBe('granted');
    // A business with its own number never receives what is sent to the shared one.
    expect((await consent(owned.customerId)).consent_sms).toBe('granted');
    expect((await engagements(latest.messageId)).map((e) => e.type)).toEqual(['replied', 'unsubscribed']);
  });
});
