import { generateKeyPairSync } from 'node:crypto';
import { simpleParser, type ParsedMail } from 'mailparser';
import { verifyTrackingToken } from '../libs/core/src';
import { DeliveryContextRepository } from '../libs/campaigns/src/delivery/delivery-context.repository';
import { verifyDkim } from './support/dkim-verify';
import { startDeliveryHarness, DEFAULT_SMS_FROM, retryDelayUnder, type DeliveryHarness } from './support/delivery-harness';
import {
  attemptsOf, insertBusiness, insertCampaign, insertConfirmedSender, insertCustomer, insertEmailTemplate, insertLocation, insertMessage, insertSmsTemplate, messageRow,
} from './support/delivery-factories';

// A Tuesday; 10:00 in Chicago (CDT, UTC−5), inside the default 08:00–21:00 SMS window.
const START = '2026-03-10T15:00:00Z';
const HOUR = 3_600_000;
// Every email of this file is DKIM-signed with this key.
const DKIM_KEYS = generateKeyPairSync('rsa', { modulusLength: 1024 });

/** A header exactly as sent (unfolded), from mailparser's raw header lines. */
function rawHeader(mail: ParsedMail, name: string): string {
  const line = mail.headerLines.find((l) => l.key === name)?.line ?? '';
  return line.replace(/^[^:]*:\s*/, '').replace(/\r?\n[ \t]+/g, '');
}

const EMAIL_HTML = `{{#> layout}}
<p>Hi {{customer.firstName}}, see <a href="https://shop.example/menu?day=mon&size=l">our menu</a> or visit {{store.name}}.</p>
<p>Code {{offer.couponCode}}: {{offer.description}} until {{formatDate offer.expiresAt 'yyyy-MM-dd'}}. <a href="https://shop.example/menu?day=mon&size=l">Menu again</a> · {{campaign.name}}</p>
{{/layout}}`;

describe('delivery: email and SMS through the real SMTP server and the Twilio stand-in', () => {
  let h: DeliveryHarness;
  beforeAll(async () => {
    h = await startDeliveryHarness(START, {
      DKIM_DOMAIN: 'maple.example', DKIM_SELECTOR: 'lr2026', DKIM_PRIVATE_KEY: DKIM_KEYS.privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
    });
  });
  afterAll(async () => {
    await h.close();
  });
  beforeEach(() => h.clock.set(START));

  const emailFixture = async (settings: Record<string, unknown> = {}) => {
    const businessId = await insertBusiness(h.db, { settings });
    const templateId = await insertEmailTemplate(h.db, businessId, { subject: 'Hello {{customer.firstName}} from {{business.name}}', html: EMAIL_HTML });
    return { businessId, templateId };
  };
  const smsFixture = async (body = '{{business.name}}: your order is ready, {{customer.firstName}}.', settings: Record<string, unknown> = {}) => {
    const businessId = await insertBusiness(h.db, { settings });
    return { businessId, templateId: await insertSmsTemplate(h.db, businessId, body) };
  };
  const smsTo = (to: string) => h.twilio.messages.filter((m) => m.to === to);
  const mailTo = (to: string) => h.smtp.messages.filter((m) => m.envelopeTo.includes(to));

  it('sends an email once: tracked links, open pixel, one-click unsubscribe headers, stable Message-ID, text part, store and offer', async () => {
    const { businessId, templateId } = await emailFixture({ sender: { email: { fromName: 'Ana at Maple', fromAddress: 'hello@maple.example', replyTo: 'ana@maple.example' } } });
    await insertConfirmedSender(h.db, businessId, 'hello@maple.example');
    const storeId = await insertLocation(h.db, businessId, 'Downtown');
    const customerId = await insertCustomer(h.db, businessId, { email: 'jo@example.com', firstName: 'Jo', nearestLocationId: storeId });
    const campaignId = await insertCampaign(h.db, businessId, 'Spring welcome');
    const id = await insertMessage(h.db, {
      businessId, customerId, templateId, campaignId, channel: 'email', dueAt: h.clock.now(),
      offer: { couponPrefix: 'SPRING', description: '10% off', validDays: 14 }, couponCode: 'SPRING-7K2P',
    });

    const pass = await h.delivery.runOnce(50);
    expect(pass.outcomes.sent).toBe(1);
    const received = mailTo('jo@example.com');
    expect(received).toHaveLength(1);
    const mail = await simpleParser(received[0].raw);

    expect(mail.messageId).toBe(`<${id}@maple.example>`);
    // Dated by the worker's clock (the demo clock under npm start), not the machine's.
    expect(mail.date?.toISOString()).toBe(new Date(START).toISOString());
    expect(mail.from?.value).toEqual([{ name: 'Ana at Maple', address: 'hello@maple.example' }]);
    expect(mail.replyTo?.value[0].address).toBe('ana@maple.example');
    expect(mail.subject).toMatch(/^Hello Jo from Maple & Crumb \d+$/);
    const unsubscribe = `${h.config.publicBaseUrl}/u/`;
    const listUnsubscribe = rawHeader(mail, 'list-unsubscribe');
    expect(listUnsubscribe).toMatch(new RegExp(`^<${unsubscribe}[A-Za-z0-9_-]+>$`));
    expect(verifyTrackingToken(h.config.trackingSecret, listUnsubscribe.slice(unsubscribe.length + 1, -1))).toEqual({ kind: 'unsubscribe', messageId: id });
    expect(rawHeader(mail, 'list-unsubscribe-post')).toBe('List-Unsubscribe=One-Click');

    const html = String(mail.html);
    const clicks = [...html.matchAll(/href="([^"]*\/t\/c\/([A-Za-z0-9_-]+))"/g)].map((m) => verifyTrackingToken(h.config.trackingSecret, m[2]));
    expect(clicks).toEqual([{ kind: 'click', messageId: id, link: 0 }, { kind: 'click', messageId: id, link: 0 }]);
    expect(html).toContain(`href="${listUnsubscribe.slice(1, -1)}"`);
    expect(html).not.toContain('https://shop.example');
    const pixel = /<img src="[^"]*\/t\/o\/([A-Za-z0-9_-]+)"[^>]*><\/body>/.exec(html);
    expect(verifyTrackingToken(h.config.trackingSecret, pixel?.[1])).toEqual({ kind: 'open', messageId: id });
    expect(html).toContain('visit Downtown');
    expect(html).toContain('Code SPRING-7K2P: 10% off until 2026-03-24');
    expect(html).toContain('Spring welcome');
    expect(html).toContain('1 Main St, Springfield, IL 62701, US');
    expect(mail.text).toContain(`${h.config.publicBaseUrl}/t/c/`);
    expect(mail.text).not.toContain('https://shop.example');

    // DKIM: a valid signature covering both one-click unsubscribe headers (RFC 8058 §4).
    const dkim = verifyDkim(received[0].raw, DKIM_KEYS.publicKey);
    expect(dkim).toMatchObject({ valid: true, bodyHashMatches: true, domain: 'maple.example', selector: 'lr2026' });
    expect(dkim.signedHeaders).toEqual(expect.arrayContaining(['from', 'subject', 'message-id', 'list-unsubscribe', 'list-unsubscribe-post']));
    const tampered = received[0].raw.replace(/^Subject: .*$/m, 'Subject: Something else');
    expect(verifyDkim(tampered, DKIM_KEYS.publicKey).valid).toBe(false);

    const row = await messageRow(h.db, id);
    expect(row).toMatchObject({
      status: 'sent', attempts: 1, provider_id: `<${id}@maple.example>`, to_address: 'jo@example.com', subject: mail.subject, cost: '0.00100',
      links: ['https://shop.example/menu?day=mon&size=l'], error_code: null,
    });
    expect(row.sent_at).toEqual(h.clock.now());
    expect(await attemptsOf(h.db, id)).toEqual([{ attempt: 1, outcome: 'accepted', code: null }]);

    // Nothing is due any more: a second pass sends nothing.
    expect((await h.delivery.runOnce(50)).claimed).toBe(0);
    expect(mailTo('jo@example.com')).toHaveLength(1);
  });

  it('falls back to no-reply@localreach.invalid named after the business', async () => {
    const { businessId, templateId } = await emailFixture();
    const customerId = await insertCustomer(h.db, businessId, { email: 'fallback@example.com' });
    const id = await insertMessage(h.db, { businessId, customerId, templateId, channel: 'email', dueAt: h.clock.now() });
    await h.delivery.runOnce(50);
    const mail = await simpleParser(mailTo('fallback@example.com')[0].raw);
    expect(mail.from?.value[0]).toEqual({ name: expect.stringMatching(/^Maple & Crumb \d+$/), address: 'no-reply@localreach.invalid' });
    expect(mail.messageId).toBe(`<${id}@localreach.invalid>`);
    expect(mail.replyTo).toBeUndefined();
  });

  it.each([
    ['an SMS without SMS consent', 'sms', { consentSms: null }, {}, 'no_consent'],
    ['an SMS to someone who opted out', 'sms', { consentSms: 'denied' }, {}, 'no_consent'],
    ['an email to someone who opted out', 'email', { consentEmail: 'denied' }, {}, 'no_consent'],
    ['an email without opt-in where the business requires one', 'email', { consentEmail: null }, { consent: { emailRequiresOptIn: true } }, 'no_consent'],
    ['an email to a customer without an email address', 'email', { email: null }, {}, 'no_address'],
    ['an SMS to a customer without a phone', 'sms', { phone: null }, {}, 'no_address'],
  ] as const)('suppresses %s (%s), sending nothing', async (_case, channel, customer, settings, reason) => {
    const { businessId, templateId } = channel === 'sms' ? await smsFixture(undefined, settings) : await emailFixture(settings);
    const customerId = await insertCustomer(h.db, businessId, customer);
    const id = await insertMessage(h.db, { businessId, customerId, templateId, channel, dueAt: h.clock.now() });
    const [smsBefore, mailBefore] = [h.twilio.messages.length, h.smtp.messages.length];
    const pass = await h.delivery.runOnce(50);
    expect(pass.outcomes.suppressed).toBe(1);
    expect(await messageRow(h.db, id)).toMatchObject({ status: 'suppressed', error_code: reason, attempts: 0, sent_at: null });
    expect(await attemptsOf(h.db, id)).toEqual([]);
    expect([h.twilio.messages.length, h.smtp.messages.length]).toEqual([smsBefore, mailBefore]);
  });

  it('suppresses a message to an erased customer', async () => {
    const { businessId, templateId } = await emailFixture();
    const customerId = await insertCustomer(h.db, businessId, { email: 'erased@example.com' });
    await h.db.query(`UPDATE customer SET email = NULL, phone = NULL, erased_at = now() WHERE id = $1`, [customerId]);
    const id = await insertMessage(h.db, { businessId, customerId, templateId, channel: 'email', dueAt: h.clock.now() });
    await h.delivery.runOnce(50);
    expect(await messageRow(h.db, id)).toMatchObject({ status: 'suppressed', error_code: 'no_address' });
  });

  it('holds an SMS in quiet hours and sends it once 08:00 comes in the recipient’s zone', async () => {
    const { businessId, templateId } = await smsFixture();
    const customerId = await insertCustomer(h.db, businessId, { phone: '+13125559001', timezone: 'America/Chicago' });
    h.clock.set('2026-03-10T10:00:00Z'); // 05:00 in Chicago
    const id = await insertMessage(h.db, { businessId, customerId, templateId, channel: 'sms', dueAt: h.clock.now() });

    expect((await h.delivery.runOnce(50)).outcomes.held).toBe(1);
    expect(await messageRow(h.db, id)).toMatchObject({ status: 'held', held_reason: 'quiet_hours', next_attempt_at: new Date('2026-03-10T13:00:00Z'), attempts: 0 });
    h.clock.set('2026-03-10T12:59:59Z');
    expect((await h.delivery.runOnce(50)).claimed).toBe(0);
    expect(smsTo('+13125559001')).toHaveLength(0);

    h.clock.set('2026-03-10T13:00:00Z');
    expect((await h.delivery.runOnce(50)).outcomes.sent).toBe(1);
    expect(smsTo('+13125559001')).toHaveLength(1);
    // The stand-in reports delivery by status callback right after accepting: under load it may land before this read.
    expect(await messageRow(h.db, id)).toMatchObject({ status: expect.stringMatching(/^(sent|delivered)$/), attempts: 1, sent_at: new Date('2026-03-10T13:00:00Z') });
  });

  it('holds the message over the frequency cap until the oldest counted send leaves the window, sending the higher priority first', async () => {
    const { businessId, templateId } = await emailFixture({ frequencyCap: { perDay: 1, perWeek: null } });
    const customerId = await insertCustomer(h.db, businessId, { email: 'capped@example.com' });
    const low = await insertMessage(h.db, { businessId, customerId, templateId, channel: 'email', priority: 2, dueAt: new Date(h.clock.now().getTime() - 60_000) });
    const high = await insertMessage(h.db, { businessId, customerId, templateId, channel: 'email', priority: 0, dueAt: h.clock.now() });

    const pass = await h.delivery.runOnce(50);
    expect(pass.outcomes).toMatchObject({ sent: 1, held: 1 });
    expect(await messageRow(h.db, high)).toMatchObject({ status: 'sent' });
    const dayLater = new Date(h.clock.now().getTime() + 24 * HOUR);
    expect(await messageRow(h.db, low)).toMatchObject({ status: 'held', held_reason: 'frequency_cap', next_attempt_at: dayLater });
    expect(mailTo('capped@example.com')).toHaveLength(1);

    h.clock.set(new Date(dayLater.getTime() - 1));
    expect((await h.delivery.runOnce(50)).claimed).toBe(0);
    h.clock.set(dayLater);
    expect((await h.delivery.runOnce(50)).outcomes.sent).toBe(1);
    expect(await messageRow(h.db, low)).toMatchObject({ status: 'sent', attempts: 1 });
    expect(mailTo('capped@example.com')).toHaveLength(2);
  });

  it('retries an SMTP 4xx with backoff, recording each attempt, then sends', async () => {
    const { businessId, templateId } = await emailFixture();
    const customerId = await insertCustomer(h.db, businessId, { email: 'busy@example.com' });
    const id = await insertMessage(h.db, { businessId, customerId, templateId, channel: 'email', dueAt: h.clock.now() });
    h.smtp.setRecipientRejection('busy@example.com', 451, 'Mailbox busy, try later');
    try {
      expect((await h.delivery.runOnce(50)).outcomes.retried).toBe(1);
      // Equal jitter with a draw of 0.5: three quarters of the 30 s ceiling.
      const firstRetry = new Date(h.clock.now().getTime() + retryDelayUnder(30_000));
      expect(await messageRow(h.db, id)).toMatchObject({ status: 'queued', attempts: 1, error_code: '451', next_attempt_at: firstRetry, sent_at: null });
      expect((await h.delivery.runOnce(50)).claimed).toBe(0);
      h.clock.set(firstRetry);
      expect((await h.delivery.runOnce(50)).outcomes.retried).toBe(1);
      expect(await messageRow(h.db, id)).toMatchObject({ attempts: 2, next_attempt_at: new Date(firstRetry.getTime() + retryDelayUnder(60_000)) });
    } finally {
      h.smtp.clearRecipientRejections();
    }
    h.clock.advance(HOUR);
    expect((await h.delivery.runOnce(50)).outcomes.sent).toBe(1);
    expect(await messageRow(h.db, id)).toMatchObject({ status: 'sent', attempts: 3, error_code: null });
    expect(await attemptsOf(h.db, id)).toEqual([
      { attempt: 1, outcome: 'transient', code: '451' },
      { attempt: 2, outcome: 'transient', code: '451' },
      { attempt: 3, outcome: 'accepted', code: null },
    ]);
    expect(mailTo('busy@example.com')).toHaveLength(1);
  });

  it('gives up after six transient failures', async () => {
    const { businessId, templateId } = await emailFixture();
    const customerId = await insertCustomer(h.db, businessId, { email: 'down@example.com' });
    const id = await insertMessage(h.db, { businessId, customerId, templateId, channel: 'email', dueAt: h.clock.now() });
    h.smtp.setRecipientRejection('down@example.com', 421, 'Service not available');
    try {
      for (let pass = 1; pass <= 6; pass++) {
        expect((await h.delivery.runOnce(50)).claimed).toBe(1);
        h.clock.advance(HOUR);
      }
    } finally {
      h.smtp.clearRecipientRejections();
    }
    expect(await messageRow(h.db, id)).toMatchObject({ status: 'failed', attempts: 6, error_code: '421' });
    expect((await attemptsOf(h.db, id)).map((a) => a.outcome)).toEqual(Array(6).fill('transient'));
    expect((await h.delivery.runOnce(50)).claimed).toBe(0);
  });

  it('retries a batch with backoff when its claim and decision cannot be written, then sends it once', async () => {
    const { businessId, templateId } = await emailFixture();
    const customerId = await insertCustomer(h.db, businessId, { email: 'tx-fails@example.com' });
    const id = await insertMessage(h.db, { businessId, customerId, templateId, channel: 'email', dueAt: h.clock.now() });
    // Any reservation of this message fails inside the decision transaction; the plain claim (no sent_at) still works.
    await h.db.query(`CREATE FUNCTION refuse_reservation() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN IF NEW.id = '${id}' AND NEW.sent_at IS NOT NULL AND NEW.status = 'sending' THEN RAISE EXCEPTION 'reservation refused'; END IF; RETURN NEW; END $$`);
    await h.db.query(`CREATE TRIGGER refuse_reservation BEFORE UPDATE ON message FOR EACH ROW EXECUTE FUNCTION refuse_reservation()`);
    try {
      expect((await h.delivery.runOnce(50)).outcomes).toMatchObject({ retried: 1, sent: 0 });
      expect(await messageRow(h.db, id)).toMatchObject({ status: 'queued', attempts: 1, error_code: 'INTERNAL_ERROR', sent_at: null });
      expect(await attemptsOf(h.db, id)).toEqual([{ attempt: 1, outcome: 'transient', code: 'INTERNAL_ERROR' }]);
      expect(mailTo('tx-fails@example.com')).toHaveLength(0);
    } finally {
      await h.db.query('DROP TRIGGER refuse_reservation ON message');
      await h.db.query('DROP FUNCTION refuse_reservation()');
    }
    h.clock.advance(HOUR);
    expect((await h.delivery.runOnce(50)).outcomes.sent).toBe(1);
    expect(await messageRow(h.db, id)).toMatchObject({ status: 'sent', attempts: 2 });
    expect(mailTo('tx-fails@example.com')).toHaveLength(1);
  });

  it('claims the messages whose context cannot be read as transient failures, retried with backoff', async () => {
    const { businessId, templateId } = await emailFixture();
    const customerId = await insertCustomer(h.db, businessId, { email: 'no-context@example.com' });
    const id = await insertMessage(h.db, { businessId, customerId, templateId, channel: 'email', dueAt: h.clock.now() });
    const worker = await h.startWorker();
    try {
      const read = jest.spyOn(worker.module.get(DeliveryContextRepository), 'loadSendContexts').mockRejectedValueOnce(new Error('connection reset'));
      expect((await worker.delivery.runOnce(50)).outcomes).toMatchObject({ retried: 1, sent: 0 });
      expect(read).toHaveBeenCalledTimes(1);
      expect(await messageRow(h.db, id)).toMatchObject({ status: 'queued', attempts: 1, error_code: 'CONTEXT_UNAVAILABLE', sent_at: null });
      h.clock.advance(HOUR);
      expect((await worker.delivery.runOnce(50)).outcomes.sent).toBe(1);
    } finally {
      await worker.module.close();
    }
    expect(await attemptsOf(h.db, id)).toEqual([
      { attempt: 1, outcome: 'transient', code: 'CONTEXT_UNAVAILABLE' },
      { attempt: 2, outcome: 'accepted', code: null },
    ]);
    expect(mailTo('no-context@example.com')).toHaveLength(1);
  });

  it('fails an SMTP 550 at once and suppresses the address, so the next message to it is not sent', async () => {
    const { businessId, templateId } = await emailFixture();
    const customerId = await insertCustomer(h.db, businessId, { email: 'Gone@Example.com' });
    const first = await insertMessage(h.db, { businessId, customerId, templateId, channel: 'email', dueAt: h.clock.now() });
    h.smtp.setRecipientRejection('gone@example.com', 550, 'No such user here');
    try {
      expect((await h.delivery.runOnce(50)).outcomes.failed).toBe(1);
    } finally {
      h.smtp.clearRecipientRejections();
    }
    expect(await messageRow(h.db, first)).toMatchObject({ status: 'failed', attempts: 1, error_code: '550' });
    expect(await attemptsOf(h.db, first)).toEqual([{ attempt: 1, outcome: 'permanent', code: '550' }]);
    expect(await h.db.query(`SELECT channel, address, reason, source FROM suppression WHERE business_id = $1`, [businessId]))
      .toEqual([{ channel: 'email', address: 'gone@example.com', reason: 'bad_address', source: 'smtp_550' }]);

    const second = await insertMessage(h.db, { businessId, customerId, templateId, channel: 'email', dueAt: h.clock.now() });
    h.clock.advance(HOUR);
    await h.delivery.runOnce(50);
    expect(await messageRow(h.db, second)).toMatchObject({ status: 'suppressed', error_code: 'suppressed_address' });
    expect(mailTo('Gone@Example.com')).toHaveLength(0);
  });

  it('fails and suppresses a number Twilio rejects as invalid (21211)', async () => {
    const { businessId, templateId } = await smsFixture();
    const customerId = await insertCustomer(h.db, businessId, { phone: '+13125559002' });
    h.twilio.failNumber('+13125559002', { status: 400, code: 21211, message: "The 'To' number +13125559002 is not a valid phone number." });
    const id = await insertMessage(h.db, { businessId, customerId, templateId, channel: 'sms', dueAt: h.clock.now() });
    try {
      expect((await h.delivery.runOnce(50)).outcomes.failed).toBe(1);
    } finally {
      h.twilio.clearFailures();
    }
    expect(await messageRow(h.db, id)).toMatchObject({ status: 'failed', error_code: '21211', provider_id: null });
    expect(await attemptsOf(h.db, id)).toEqual([{ attempt: 1, outcome: 'permanent', code: '21211' }]);
    expect(await h.db.query(`SELECT channel, address, reason, source FROM suppression WHERE business_id = $1`, [businessId]))
      .toEqual([{ channel: 'sms', address: '+13125559002', reason: 'invalid_number', source: 'twilio_21211' }]);
    const [consent] = await h.db.query(`SELECT consent_sms FROM customer WHERE id = $1`, [customerId]);
    expect(consent.consent_sms).toBe('granted');
  });

  it('denies SMS consent when the carrier says the recipient unsubscribed (21610)', async () => {
    const { businessId, templateId } = await smsFixture();
    const customerId = await insertCustomer(h.db, businessId, { phone: '+13125559003' });
    h.twilio.failNumber('+13125559003', { status: 400, code: 21610, message: 'Attempt to send to unsubscribed recipient' });
    const id = await insertMessage(h.db, { businessId, customerId, templateId, channel: 'sms', dueAt: h.clock.now() });
    try {
      await h.delivery.runOnce(50);
    } finally {
      h.twilio.clearFailures();
    }
    expect(await messageRow(h.db, id)).toMatchObject({ status: 'failed', error_code: '21610' });
    const [customer] = await h.db.query(`SELECT consent_sms, consent_sms_source, consent_sms_at FROM customer WHERE id = $1`, [customerId]);
    expect(customer).toEqual({ consent_sms: 'denied', consent_sms_source: 'carrier_stop', consent_sms_at: h.clock.now() });
    expect(await h.db.query(`SELECT reason FROM suppression WHERE business_id = $1 AND channel = 'sms'`, [businessId])).toEqual([{ reason: 'carrier_stop' }]);
  });

  it('adds the STOP footer to the first SMS a business sends a customer only, and bills the segments', async () => {
    const { businessId, templateId } = await smsFixture('{{business.name}}: hi {{customer.firstName}}!', { sender: { sms: { from: '+13125550999' } } });
    const customerId = await insertCustomer(h.db, businessId, { phone: '+13125559004', firstName: 'Lee' });
    const first = await insertMessage(h.db, { businessId, customerId, templateId, channel: 'sms', dueAt: h.clock.now() });
    await h.delivery.runOnce(50);
    h.clock.advance(HOUR);
    const second = await insertMessage(h.db, { businessId, customerId, templateId, channel: 'sms', dueAt: h.clock.now() });
    await h.delivery.runOnce(50);

    const bodies = smsTo('+13125559004').map((m) => ({ from: m.from, body: m.body, callback: m.statusCallback }));
    const callback = `${h.config.publicBaseUrl}/webhooks/twilio/status`;
    expect(bodies).toEqual([
      { from: '+13125550999', body: expect.stringMatching(/^Maple & Crumb \d+: hi Lee!\nReply STOP to opt out\.$/), callback },
      { from: '+13125550999', body: expect.stringMatching(/^Maple & Crumb \d+: hi Lee!$/), callback },
    ]);
    const rows = await Promise.all([first, second].map((id) => messageRow(h.db, id)));
    expect(rows.map((r) => [r.status === 'sent' || r.status === 'delivered', r.sms_segments, r.cost, r.to_address])).toEqual([
      [true, 1, '0.00790', '+13125559004'],
      [true, 1, '0.00790', '+13125559004'],
    ]);
    expect(rows[0].provider_id).toBe(smsTo('+13125559004')[0].sid);
  });

  it('adds the STOP footer once when a customer’s first two SMS are decided in the same batch', async () => {
    const { businessId, templateId } = await smsFixture('{{business.name}}: hello', { sender: { sms: { from: '+13125550998' } } });
    const customerId = await insertCustomer(h.db, businessId, { phone: '+13125559008' });
    await insertMessage(h.db, { businessId, customerId, templateId, channel: 'sms', priority: 0, dueAt: h.clock.now() });
    await insertMessage(h.db, { businessId, customerId, templateId, channel: 'sms', priority: 1, dueAt: h.clock.now() });
    expect((await h.delivery.runOnce(50)).outcomes).toMatchObject({ sent: 2 });
    expect(smsTo('+13125559008').map((m) => m.body.endsWith('Reply STOP to opt out.'))).toEqual([true, false]);
  });

  it('sends from TWILIO_FROM when the business has no SMS sender, billing every segment', async () => {
    const { businessId, templateId } = await smsFixture(`{{business.name}}: ${'a long message '.repeat(12)}`);
    const customerId = await insertCustomer(h.db, businessId, { phone: '+13125559005' });
    const id = await insertMessage(h.db, { businessId, customerId, templateId, channel: 'sms', dueAt: h.clock.now() });
    await h.delivery.runOnce(50);
    const [sms] = smsTo('+13125559005');
    expect(sms.from).toBe(DEFAULT_SMS_FROM);
    expect(sms.numSegments).toBe(2);
    expect(await messageRow(h.db, id)).toMatchObject({ sms_segments: 2, cost: '0.01580' });
  });
});
