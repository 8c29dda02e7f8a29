import { simpleParser } from 'mailparser';
import { EngagementRecorder } from '../libs/analytics/src';
import { addressQuery } from '../libs/core/src';
import { bearer, signUpBusiness } from './support/api-harness';
import { DEFAULT_SMS_FROM, startDeliveryHarness, type DeliveryHarness } from './support/delivery-harness';
import { insertEmailTemplate, insertMessage, insertSmsTemplate } from './support/delivery-factories';
import { clientFor, expectError, expectStatus, sleep, type Client } from './support/e2e-helpers';

// A Tuesday; 10:00 in Chicago, inside the default SMS window (the worker's clock; the API runs on real time).
const START = '2026-03-10T15:00:00Z';
const CHROME = 'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0 Safari/537.36';
const STORE = { lat: 39.7817, lng: -89.6501 };

/** One person per journey, with values found nowhere else in the database. */
function personOf(n: number) {
  const tag = ['Zephyrine', 'Ottoline'][n] ?? `Person${n}`;
  return {
    email: `${tag.toLowerCase()}.quillfeather${n}@example.com`,
    phone: `+1312555${String(7100 + n).padStart(4, '0')}`,
    firstName: tag,
    lastName: `Quillfeather${n}x`,
    street: `${742 + n} Evergreen Terrace`,
  };
}
type Person = ReturnType<typeof personOf>;
const needlesOf = (p: Person) => [p.email, p.phone, p.phone.replace(/\D/g, ''), p.firstName, p.lastName, p.street];

describe('GDPR: a customer\'s full journey, then export (art. 15/20) and erasure (art. 17)', () => {
  let h: DeliveryHarness;
  beforeAll(async () => {
    h = await startDeliveryHarness(START);
  });
  afterAll(async () => {
    await h.close();
  });

  const flush = async () => expect(await h.api.app.get(EngagementRecorder).flush()).toBe(0);
  const inboundUrl = () => `${h.config.publicBaseUrl}/webhooks/twilio/inbound`;

  /**
   * Everything the platform can hold of a person, each written by the code
   * path that writes it in production: API create and patch (consent
   * history), real email and SMS sends through the dev SMTP server and the
   * Twilio stand-in, an open and a click with a browser's User-Agent and a
   * forwarded IP, a reply and a STOP by text, location pings, an event, an
   * order; plus what other paths leave (a geocode, a bounce on the
   * suppression list, an enrolment with its trace, a test send, an audit entry).
   */
  async function journey(n: number) {
    const person = personOf(n);
    const { apiKey, businessId } = await signUpBusiness(h.api);
    const c = clientFor(h.api, apiKey);
    const address = { line1: person.street, city: 'Springfield', region: 'IL', postalCode: '62704', country: 'US' };
    const created = await c.post('/v1/customers', {
      externalId: `pos-${person.lastName}`, email: person.email, phone: person.phone, firstName: person.firstName, lastName: person.lastName,
      birthday: '1990-02-14', address, attributes: { nickname: `${person.firstName} ${person.lastName}`, tier: 'gold' }, tags: ['vip'],
      consent: { email: { status: 'granted', source: 'form' }, sms: { status: 'granted', source: 'form' }, location: { status: 'granted', source: 'form' } },
    });
    expectStatus(created, 201);
    const customerId: string = created.body.id;
    // Consent history: email withdrawn on their behalf, then given again by them.
    expectStatus(await c.patch(`/v1/customers/${customerId}`, { consent: { email: { status: 'denied', source: 'api' } } }), 200);
    expectStatus(await c.patch(`/v1/customers/${customerId}`, { consent: { email: { status: 'granted', source: 'form' } } }), 200);
    // As the geocoder leaves it: the address's answer cached per business.
    const geocode = addressQuery(address)!;
    await h.db.query(
      `INSERT INTO geocode_cache (business_id, query_hash, query, status, lat, lng, formatted_address) VALUES ($1, $2, $3, 'ok', 39.78, -89.64, $4)`,
      [businessId, geocode.hash, geocode.text, `${person.street}, Springfield, IL 62704, USA`],
    );

    // One email and one SMS, personalised, sent for real.
    const emailTemplate = await insertEmailTemplate(h.db, businessId, {
      subject: 'Hello {{customer.firstName}} {{customer.lastName}}',
      html: '<p>Hi {{customer.firstName}}, <a href="https://shop.example/menu?for={{customer.lastName}}">our menu</a></p>',
    });
    const smsTemplate = await insertSmsTemplate(h.db, businessId, 'Hi {{customer.firstName}}, croissants are out of the oven.');
    const campaignId = await campaignOf(businessId, emailTemplate, smsTemplate);
    h.clock.set(START);
    const emailId = await insertMessage(h.db, { businessId, customerId, templateId: emailTemplate, campaignId, channel: 'email', dueAt: h.clock.now() });
    const smsId = await insertMessage(h.db, { businessId, customerId, templateId: smsTemplate, campaignId, channel: 'sms', dueAt: h.clock.now() });
    // An enrolment as the journey runner leaves it, its trigger's properties in the context, and a step of its trace.
    const [{ id: enrollmentId }] = await h.db.query<{ id: string }[]>(
      `INSERT INTO enrollment (business_id, campaign_id, version, customer_id, trigger_key, state, step_id, context, enrolled_at, last_error)
       VALUES ($1, $2, 1, $3, 'event:1', 'active', 'welcome', $4, $5, $6) RETURNING id`,
      [businessId, campaignId, customerId, JSON.stringify({ eventId: '1', eventType: 'signed_up', properties: { referredBy: person.email } }), START,
        `550 <${person.email}> mailbox unavailable`],
    );
    // Last year's birthday enrolment: its key is the occurrence, a personal date.
    await h.db.query(
      `INSERT INTO enrollment (business_id, campaign_id, version, customer_id, trigger_key, state, enrolled_at, ended_at, end_reason)
       VALUES ($1, $2, 1, $3, 'date:2025-02-14', 'completed', '2025-02-14T15:00:00Z', '2025-02-14T15:00:00Z', 'journey_end')`,
      [businessId, campaignId, customerId],
    );
    await h.db.query(`UPDATE message SET enrollment_id = $2, step_id = 'welcome', step_seq = 1 WHERE id = $1`, [emailId, enrollmentId]);
    await h.db.query(`INSERT INTO enrollment_step (business_id, enrollment_id, step_seq, step_id, outcome, detail, until, at) VALUES ($1, $2, 2, 'pause', 'waited', NULL, $3, $3)`, [
      businessId, enrollmentId, START,
    ]);
    expect((await h.delivery.runOnce(10)).outcomes.sent).toBe(2);
    const [mail] = h.smtp.messages.filter((m) => m.envelopeTo.includes(person.email));
    expect(mail).toBeDefined();
    expect(h.twilio.messages.filter((m) => m.to === person.phone)).toHaveLength(1);

    // Opened and clicked in a browser (behind a proxy), through the links of the email as received.
    const html = String((await simpleParser(mail.raw)).html);
    const openPath = /\/t\/o\/[A-Za-z0-9_-]+/.exec(html)?.[0];
    const clickPath = /\/t\/c\/[A-Za-z0-9_-]+/.exec(html)?.[0];
    expect(openPath && clickPath).toBeTruthy();
    expectStatus(await h.api.http().get(openPath!).set('User-Agent', CHROME).set('X-Forwarded-For', '203.0.113.77'), 200);
    expect((await h.api.http().get(clickPath!).set('User-Agent', CHROME).set('X-Forwarded-For', '203.0.113.77').redirects(0)).status).toBe(302);
    await flush();

    // A reply by text naming them and their street, then STOP.
    for (const body of [`Thanks! ${person.firstName} ${person.lastName}, ${person.street}`, 'STOP']) {
      expect((await h.twilio.sendInbound({ from: person.phone, to: DEFAULT_SMS_FROM, body, url: inboundUrl() })).status).toBe(200);
    }

    // Email turned off on the preference page their email's List-Unsubscribe links to.
    const unsubscribePath = /\/u\/[A-Za-z0-9_-]+/.exec(mail.raw.toString())?.[0];
    expect(unsubscribePath).toBeTruthy();
    expectStatus(await h.api.http().post(unsubscribePath!).type('form').send('action=preferences'), 200);

    // Where they were, what they did, what they bought.
    const near = (s: number) => ({ customer: { id: customerId }, lat: STORE.lat + s / 1e5, lng: STORE.lng, occurredAt: new Date(Date.now() - 60_000 + s * 1000).toISOString() });
    for (const s of [0, 1, 2]) expectStatus(await c.post('/v1/location-pings', near(s)), 202);
    expectStatus(await c.post('/v1/events', { type: 'visited', customer: { email: person.email }, properties: { note: `${person.firstName} asked about ${person.street}` } }), 202);
    const order = await c.post('/v1/orders', { externalId: `ord-${n}`, customer: { email: person.email }, total: 42.5, currency: 'USD', channel: 'online', couponCode: `WELCOME-${person.lastName}` });
    expectStatus(order, 201);

    // What other paths leave: a bounce on the suppression list, a test send rendered for them, an audit entry about them.
    await h.db.query(`INSERT INTO suppression (business_id, channel, address, reason, source) VALUES ($1, 'email', $2, 'bad_address', 'smtp_550'), ($1, 'sms', $3, 'carrier_stop', 'twilio_21610')`, [
      businessId, person.email, person.phone,
    ]);
    await h.db.query(
      `INSERT INTO campaign_test_send (id, business_id, campaign_id, campaign_version, step_id, channel, to_address, customer_id, subject, status, created_at)
       VALUES (gen_random_uuid(), $1, $2, 1, 'welcome', 'email', $3, $4, $5, 'sent', now())`,
      [businessId, campaignId, person.email, customerId, `[TEST] Hello ${person.firstName}`],
    );
    await h.db.query(`INSERT INTO audit_log (business_id, action, entity, entity_id, details) VALUES ($1, 'customer.merged', 'customer', $2, $3)`, [
      businessId, customerId, JSON.stringify({ from: { email: person.email, name: person.lastName } }),
    ]);
    return { person, businessId, customerId, campaignId, client: c, apiKey, emailId, smsId };
  }

  /** An active campaign (row and version, as publishing leaves them) whose steps send the two templates. */
  async function campaignOf(businessId: string, emailTemplate: string, smsTemplate: string): Promise<string> {
    const [{ id }] = await h.db.query<{ id: string }[]>(
      `INSERT INTO campaign (business_id, name, status, version, trigger_type, trigger_key) VALUES ($1, 'Spring welcome', 'active', 1, 'event', 'signed_up') RETURNING id`,
      [businessId],
    );
    const definition = {
      name: 'Spring welcome', trigger: { type: 'event', eventType: 'signed_up' },
      steps: [{ id: 'welcome', type: 'email', templateId: emailTemplate, next: 'text' }, { id: 'text', type: 'sms', templateId: smsTemplate, next: 'done' }, { id: 'done', type: 'exit' }],
    };
    await h.db.query(`INSERT INTO campaign_version (campaign_id, version, business_id, definition) VALUES ($1, 1, $2, $3)`, [id, businessId, JSON.stringify(definition)]);
    return id;
  }

  /** Every text, varchar, char, json, jsonb and array column of every table, from the catalogue. */
  async function columns(): Promise<{ table: string; column: string }[]> {
    return h.db.query(
      `SELECT c.table_name AS table, c.column_name AS column FROM information_schema.columns c
         JOIN information_schema.tables t ON t.table_schema = c.table_schema AND t.table_name = c.table_name AND t.table_type = 'BASE TABLE'
        WHERE c.table_schema = 'public' AND (c.data_type IN ('text', 'character varying', 'character', 'json', 'jsonb') OR c.data_type = 'ARRAY')
        ORDER BY 1, 2`,
    );
  }

  /** Where any of the needles is stored (case-insensitively), as "table.column: needle". */
  async function whereStored(needles: string[]): Promise<string[]> {
    const found: string[] = [];
    for (const { table, column } of await columns()) {
      const rows = await h.db.query<{ needle: string }[]>(
        `SELECT DISTINCT n.needle FROM "${table}" t, unnest($1::text[]) AS n(needle)
          WHERE strpos(lower(t."${column}"::text), lower(n.needle)) > 0`,
        [needles],
      );
      for (const r of rows) found.push(`${table}.${column}: ${r.needle}`);
    }
    return found.sort();
  }

  async function reports(c: Client, campaignId: string) {
    const overview = await c.get('/v1/reports/overview');
    expectStatus(overview, 200);
    const campaign = await c.get(`/v1/reports/campaigns/${campaignId}`);
    expectStatus(campaign, 200);
    const { byCampaign, byChannel, byStore, customers, cohorts, cltv } = overview.body;
    return { overview: { byCampaign, byChannel, byStore, customers, cohorts, cltv }, campaign: campaign.body };
  }

  it('erasure leaves none of their email, phone, names or street in any column of any table, keeps report totals, and keeps them suppressed', async () => {
    const j = await journey(0);
    // The journey stored them widely: the search finds them (it cannot pass by looking in the wrong place).
    const before = await whereStored(needlesOf(j.person));
    for (const place of ['customer.email', 'message.to_address', 'message.subject', 'message.links', 'event.properties', 'geocode_cache.query', 'suppression.address', 'enrollment.context']) {
      expect(before.some((f) => f.startsWith(`${place}:`))).toBe(true);
    }
    const reportsBefore = await reports(j.client, j.campaignId);

    expectStatus(await j.client.delete(`/v1/customers/${j.customerId}`), 204);

    expect(await whereStored(needlesOf(j.person))).toEqual([]);
    expect(await reports(j.client, j.campaignId)).toEqual(reportsBefore);
    // Rows reports count are kept, their personal columns blank; pings are gone.
    const [kept] = await h.db.query<{ messages: number; engagements: number; orders: number; events: number; pings: number; history: number }[]>(
      `SELECT (SELECT count(*) FROM message WHERE customer_id = $1)::int AS messages, (SELECT count(*) FROM engagement WHERE customer_id = $1)::int AS engagements,
              (SELECT count(*) FROM orders WHERE customer_id = $1)::int AS orders, (SELECT count(*) FROM event WHERE customer_id = $1)::int AS events,
              (SELECT count(*) FROM location_ping WHERE customer_id = $1)::int AS pings, (SELECT count(*) FROM consent_change WHERE customer_id = $1)::int AS history`,
      [j.customerId],
    );
    expect(kept).toMatchObject({ messages: 2, orders: 1, pings: 0, history: 0 });
    // A birthday campaign's enrolment key was the occurrence: a personal date.
    // The journey under way ended.
    expect(await h.db.query(`SELECT trigger_key, state, end_reason, next_run_at FROM enrollment WHERE customer_id = $1 ORDER BY enrolled_at`, [j.customerId])).toEqual([
      { trigger_key: expect.stringMatching(/^erased:/), state: 'completed', end_reason: 'journey_end', next_run_at: null },
      { trigger_key: expect.stringMatching(/^erased:/), state: 'exited', end_reason: 'customer_erased', next_run_at: null },
    ]);
    expect(kept.engagements).toBeGreaterThanOrEqual(3);
    expectError(await j.client.get(`/v1/customers/${j.customerId}`), 404);
    expectError(await j.client.get(`/v1/customers/${j.customerId}/export`), 404);

    // Only the keyed hashes of the email and phone stay, with the bounce they had.
    const hashes = await h.db.query<{ channel: string; identity_hash: string; suppression_reason: string | null }[]>(
      `SELECT channel, identity_hash, suppression_reason FROM erased_identity WHERE business_id = $1 ORDER BY channel`, [j.businessId]);
    expect(hashes).toEqual([
      { channel: 'email', identity_hash: expect.stringMatching(/^[0-9a-f]{64}$/), suppression_reason: 'bad_address' },
      { channel: 'sms', identity_hash: expect.stringMatching(/^[0-9a-f]{64}$/), suppression_reason: 'carrier_stop' },
    ]);

    // The bounce they had still blocks a test send to their address, though only its hash is stored.
    const testSend = await j.client.post(`/v1/campaigns/${j.campaignId}/test`, { stepId: 'welcome', to: j.person.email.toUpperCase() });
    expectError(testSend, 409, ['to']);
    expect(testSend.body.code).toBe('TEST_RECIPIENT_SUPPRESSED');

    // Re-created by the business (API, import): no marketing consent comes back; the bounce returns to the suppression list.
    for (const source of ['api', 'import', 'pos']) {
      const again = await j.client.post('/v1/customers', { email: j.person.email, consent: { email: { status: 'granted', source } } });
      expectError(again, 409, ['consent.email']);
      expect(again.body.code).toBe('CONSENT_WITHDRAWN');
    }
    const smsAgain = await j.client.post('/v1/customers', { phone: j.person.phone, consent: { sms: { status: 'granted', source: 'api' } } });
    expectError(smsAgain, 409, ['consent.sms']);
    const imported = await h.api.http().post('/v1/customers/import').set(bearer(j.apiKey)).set('content-type', 'text/csv')
      .send(`Email,First Name,Email Consent\n${j.person.email},Again,yes\n`);
    expectStatus(imported, 200);
    expect(imported.body).toMatchObject({ inserted: 0, updated: 0, failed: 1 });
    expect(imported.body.errors).toEqual([expect.objectContaining({ row: 1, field: 'consent.email', code: 'CONSENT_WITHDRAWN' })]);
    // An import storing the phone again (without consent) brings its carrier STOP back.
    const phoneImport = await h.api.http().post('/v1/customers/import').set(bearer(j.apiKey)).set('content-type', 'text/csv')
      .send(`Phone,First Name\n${j.person.phone},Again\n`);
    expect(phoneImport.body).toMatchObject({ inserted: 1, failed: 0 });
    expect(await h.db.query(`SELECT reason, source FROM suppression WHERE business_id = $1 AND channel = 'sms' AND address = $2`, [j.businessId, j.person.phone]))
      .toEqual([{ reason: 'carrier_stop', source: 'twilio_21610' }]);
    const bare = await j.client.post('/v1/customers', { email: j.person.email, firstName: 'Again' });
    expectStatus(bare, 201);
    expect(bare.body.consent).toEqual({});
    const grantLater = await j.client.patch(`/v1/customers/${bare.body.id}`, { consent: { email: { status: 'granted', source: 'api' } } });
    expectError(grantLater, 409, ['consent.email']);
    expect(await h.db.query(`SELECT reason, source FROM suppression WHERE business_id = $1 AND channel = 'email' AND address = $2`, [j.businessId, j.person.email]))
      .toEqual([{ reason: 'bad_address', source: 'smtp_550' }]);
    // Their own new opt-in (a form) is theirs to give.
    const own = await j.client.patch(`/v1/customers/${bare.body.id}`, { consent: { email: { status: 'granted', source: 'form' } } });
    expectStatus(own, 200);
    expect(own.body.consent.email).toMatchObject({ status: 'granted', source: 'form' });
  }, 60_000);

  it('erasing a customer whose message a delivery batch holds waits for the batch (which then locks the customer) instead of deadlocking with it', async () => {
    const { apiKey, businessId } = await signUpBusiness(h.api);
    const c = clientFor(h.api, apiKey);
    const created = await c.post('/v1/customers', { email: 'in-flight@example.com', consent: { email: { status: 'granted', source: 'form' } } });
    expectStatus(created, 201);
    const templateId = await insertEmailTemplate(h.db, businessId, { subject: 'Hi', html: '<p>Hi</p>' });
    const messageId = await insertMessage(h.db, { businessId, customerId: created.body.id, templateId, channel: 'email', dueAt: h.clock.now() });
    // A delivery batch: the due message first, then (as it decides the send) its customer.
    const batch = h.db.createQueryRunner();
    await batch.connect();
    await batch.startTransaction();
    await batch.query(`SELECT id FROM message WHERE id = $1 FOR UPDATE`, [messageId]);
    const erasing = Promise.resolve(c.delete(`/v1/customers/${created.body.id}`));
    await sleep(300);
    await batch.query(`SELECT id FROM customer WHERE id = $1 FOR NO KEY UPDATE`, [created.body.id]);
    await batch.commitTransaction();
    await batch.release();
    expectStatus(await erasing, 204);
  });

  it('export returns every section of the journey, machine-readable, with the right counts', async () => {
    const j = await journey(1);
    const res = await j.client.get(`/v1/customers/${j.customerId}/export`);
    expectStatus(res, 200);
    const x = res.body;
    expect(x.customer).toMatchObject({ email: j.person.email, phone: j.person.phone, firstName: j.person.firstName, lastName: j.person.lastName, tags: ['vip'] });
    expect(x.customer.attributes).toEqual({ nickname: `${j.person.firstName} ${j.person.lastName}`, tier: 'gold' });
    expect(x.customer.address).toMatchObject({ line1: j.person.street });
    // Created with three grants, email denied then granted again then turned off on the preference page, SMS stopped by text.
    expect(x.consentHistory.map((c: { channel: string; status: string; source: string }) => `${c.channel}:${c.status}:${c.source}`).sort()).toEqual([
      'email:denied:api', 'email:denied:preference_page', 'email:granted:form', 'email:granted:form', 'location:granted:form', 'sms:denied:sms_keyword', 'sms:granted:form',
    ]);
    expect(x.consent.email.history).toHaveLength(4);
    expect(x.consent.email.current).toMatchObject({ status: 'denied', source: 'preference_page' });
    expect(x.consent.sms).toMatchObject({ current: { status: 'denied', source: 'sms_keyword' }, history: [{ status: 'granted' }, { status: 'denied' }] });
    expect(x.consent.location.current).toMatchObject({ status: 'granted' });

    expect(x.messages).toHaveLength(2);
    const email = x.messages.find((m: { channel: string }) => m.channel === 'email');
    expect(email).toMatchObject({
      id: j.emailId, campaignId: j.campaignId, campaignName: 'Spring welcome', toAddress: j.person.email,
      subject: `Hello ${j.person.firstName} ${j.person.lastName}`, status: expect.stringMatching(/^(sent|delivered)$/), sentAt: expect.any(String),
    });
    expect(x.messages.find((m: { channel: string }) => m.channel === 'sms')).toMatchObject({ id: j.smsId, toAddress: j.person.phone, sentAt: expect.any(String) });
    const types = x.engagements.map((e: { type: string }) => e.type);
    expect(types.filter((t: string) => t === 'opened')).toHaveLength(1);
    expect(types.filter((t: string) => t === 'clicked')).toHaveLength(1);
    expect(types.filter((t: string) => t === 'replied')).toHaveLength(2);
    expect(types.filter((t: string) => t === 'unsubscribed')).toHaveLength(2);
    expect(x.engagements.find((e: { type: string }) => e.type === 'clicked')).toMatchObject({ messageId: j.emailId, machine: false, url: `https://shop.example/menu?for=${j.person.lastName}` });

    expect(x.enrollments).toEqual([
      expect.objectContaining({ campaignId: j.campaignId, state: 'completed', endedAt: '2025-02-14T15:00:00.000Z', endReason: 'journey_end', steps: [] }),
      expect.objectContaining({
        campaignId: j.campaignId, campaignName: 'Spring welcome', state: 'active', context: expect.objectContaining({ eventType: 'signed_up' }),
        steps: [expect.objectContaining({ stepSeq: 2, stepId: 'pause', outcome: 'waited', until: expect.any(String) })],
      }),
    ]);
    expect(x.locationPings).toHaveLength(3);
    expect(x.inboundSms).toEqual([
      expect.objectContaining({ from: j.person.phone, to: DEFAULT_SMS_FROM, body: `Thanks! ${j.person.firstName} ${j.person.lastName}, ${j.person.street}`, keyword: null }),
      expect.objectContaining({ from: j.person.phone, body: 'STOP', keyword: 'STOP' }),
    ]);
    expect(x.events.map((e: { type: string }) => e.type).sort()).toEqual(['sms_received', 'sms_received', 'visited']);
    expect(x.orders).toEqual([expect.objectContaining({ externalId: 'ord-1', total: 42.5 })]);
    expect(x.suppressions).toEqual([
      expect.objectContaining({ channel: 'email', address: j.person.email, reason: 'bad_address' }),
      expect.objectContaining({ channel: 'sms', address: j.person.phone, reason: 'carrier_stop' }),
    ]);
    // The audit rows about them: what the API recorded (creation, consent changes) and the merge written above.
    expect(x.history.map((h: { action: string }) => h.action)).toEqual(expect.arrayContaining(['customer.created', 'customer.consent_changed', 'customer.merged']));
  }, 60_000);
});
