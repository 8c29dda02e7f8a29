import { createHash } from 'node:crypto';
import { simpleParser } from 'mailparser';
import type { ReceivedMail } from '../apps/dev-services/src';
import { CLOCK, type Clock } from '../libs/core/src';
import { signUpBusiness } from './support/api-harness';
import { insertCustomer, insertEmailTemplate, insertMessage } from './support/delivery-factories';
import { startDeliveryHarness, type DeliveryHarness } from './support/delivery-harness';
import { clientFor, expectError, expectStatus, seedKey, type Client } from './support/e2e-helpers';

// A Monday, 09:00 in Chicago.
const START = '2026-03-02T15:00:00.000Z';
const HOUR = 3_600_000;
const DEFAULT_FROM = 'no-reply@localreach.invalid';

interface Business {
  businessId: string;
  owner: Client;
}

/**
 * Issue 18: an email From address is used only once someone reading it
 * confirmed through the link mailed to it, and a confirmed address claims
 * its domain for one business. Over HTTP, with the real dev SMTP server.
 */
describe('email sender confirmation', () => {
  let h: DeliveryHarness;
  let counter = 0;

  beforeAll(async () => {
    h = await startDeliveryHarness(START);
    h.api.app.get<Clock>(CLOCK).now = () => h.clock.now();
  });
  afterAll(() => h.close());
  beforeEach(() => h.clock.set(START));

  const newBusiness = async (): Promise<Business> => {
    counter += 1;
    const signed = await signUpBusiness(h.api, { name: `Sender Bakery ${counter}` });
    return { businessId: signed.businessId, owner: clientFor(h.api, signed.apiKey) };
  };
  const linkPattern = () => new RegExp(`${h.config.publicBaseUrl}/sender-confirmation/([A-Za-z0-9_-]{64})`);
  const confirmationMailTo = (address: string, after = 0): Promise<ReceivedMail> =>
    h.smtp.waitFor((m) => m.envelopeTo.includes(address) && m.headers['x-localreach-sender-confirmation'] === '1' && m.receivedAt.getTime() >= after);
  const tokenOf = (mail: ReceivedMail): string => {
    const match = linkPattern().exec(mail.text);
    if (!match) throw new Error(`no confirmation link in ${mail.text}`);
    return match[1];
  };
  /** Sets the From address and returns the token of the link mailed to it. */
  const setAddress = async (b: Business, address: string): Promise<string> => {
    const since = Date.now();
    expectStatus(await b.owner.patch('/v1/settings', { sender: { email: { fromAddress: address } } }), 200);
    return tokenOf(await confirmationMailTo(address.toLowerCase(), since));
  };
  const page = (token: string) => h.api.http().get(`/sender-confirmation/${token}`);
  const press = (token: string, action = 'confirm') => h.api.http().post(`/sender-confirmation/${token}`).type('form').send({ action });
  const confirmAddress = async (b: Business, address: string): Promise<void> => {
    const res = await press(await setAddress(b, address));
    expect(res.status).toBe(200);
  };
  const confirmationOf = async (b: Business) => (await b.owner.get('/v1/settings')).body.sender.email.confirmation;

  /** A campaign email queued and sent by the worker, and a test send of the same template: both From headers. */
  const sentFrom = async (b: Business): Promise<{ campaign: string; test: string }> => {
    const templateId = await insertEmailTemplate(h.db, b.businessId, { subject: 'Fresh bread', html: '<p>Hi {{customer.firstName}}</p>' });
    const customerEmail = `jo.${b.businessId.slice(0, 8)}.${Date.now()}@example.com`;
    const customerId = await insertCustomer(h.db, b.businessId, { email: customerEmail, firstName: 'Jo' });
    await insertMessage(h.db, { businessId: b.businessId, customerId, templateId, channel: 'email', dueAt: h.clock.now() });
    expect((await h.delivery.runOnce(50)).outcomes.sent).toBe(1);
    const campaignMail = await h.smtp.waitFor((m) => m.envelopeTo.includes(customerEmail));
    const created = await b.owner.post('/v1/campaigns', {
      name: `Welcome ${Date.now()}`, trigger: { type: 'event', eventType: 'joined' }, steps: [{ id: 'hello', type: 'email', templateId }],
    });
    expectStatus(created, 201);
    const tester = `me.${b.businessId.slice(0, 8)}.${Date.now()}@example.com`;
    expectStatus(await b.owner.post(`/v1/campaigns/${created.body.id}/test`, { stepId: 'hello', to: tester }), 201);
    const testMail = await h.smtp.waitFor((m) => m.envelopeTo.includes(tester));
    const fromOf = async (m: ReceivedMail) => (await simpleParser(m.raw)).from?.value[0].address ?? '';
    return { campaign: await fromOf(campaignMail), test: await fromOf(testMail) };
  };

  it('mails a link to a new address; sends go from the default sender until the link’s button is pressed, then from the address', async () => {
    const b = await newBusiness();
    const mailsBefore = h.smtp.messages.length;
    const token = await setAddress(b, 'Hello@Elm-Street.example');
    const mail = h.smtp.messages.slice(mailsBefore).find((m) => m.envelopeTo.includes('hello@elm-street.example')) as ReceivedMail;
    expect(mail.subject).toBe(`Confirm hello@elm-street.example as the sender of Sender Bakery ${counter}`);
    expect((await simpleParser(mail.raw)).from?.value[0].address).toBe(DEFAULT_FROM);
    expect(mail.html).toContain(`${h.config.publicBaseUrl}/sender-confirmation/${token}`);
    // Only the token's hash is stored: nowhere in the database does the token itself appear.
    const hash = createHash('sha256').update(token).digest();
    expect(await h.db.query(`SELECT address FROM sender_email WHERE business_id = $1 AND token_hash = $2`, [b.businessId, hash])).toEqual([{ address: 'hello@elm-street.example' }]);
    const leaked = await h.db.query(
      `SELECT 1 FROM business WHERE settings::text LIKE $1 UNION ALL SELECT 1 FROM audit_log WHERE details::text LIKE $1`, [`%${token}%`]);
    expect(leaked).toEqual([]);

    const settings = (await b.owner.get('/v1/settings')).body;
    expect(settings.sender.email).toEqual({
      fromName: null, fromAddress: 'hello@elm-street.example', replyTo: null,
      confirmation: { status: 'pending', pendingSince: START, confirmedAt: null, sentAt: START, expiresAt: new Date(Date.parse(START) + 48 * HOUR).toISOString(), sendError: null },
    });
    expect(await sentFrom(b)).toEqual({ campaign: DEFAULT_FROM, test: DEFAULT_FROM });

    // Opening the link (as a mail scanner would) shows a button and changes nothing.
    h.clock.advance(HOUR);
    const shown = await page(token);
    expect(shown.status).toBe(200);
    expect(shown.headers['cache-control']).toBe('no-store');
    expect(shown.text).toContain(`Sender Bakery ${counter} wants to send marketing email from hello@elm-street.example`);
    expect(shown.text).toContain(`<form method="post" action="/sender-confirmation/${token}">`);
    expect((await confirmationOf(b)).status).toBe('pending');
    expect((await press(token, 'something-else')).status).toBe(400);
    expect((await confirmationOf(b)).status).toBe('pending');

    const confirmed = await press(token);
    expect(confirmed.status).toBe(200);
    expect(confirmed.text).toContain('Sender confirmed');
    const confirmedAt = new Date(Date.parse(START) + HOUR).toISOString();
    expect(await confirmationOf(b)).toEqual({ status: 'confirmed', pendingSince: null, confirmedAt, sentAt: START, expiresAt: null, sendError: null });
    expect(await sentFrom(b)).toEqual({ campaign: 'hello@elm-street.example', test: 'hello@elm-street.example' });
    expect(await h.db.query(`SELECT actor_key_id, details FROM audit_log WHERE business_id = $1 AND action = 'business.sender_email_confirmed'`, [b.businessId]))
      .toEqual([{ actor_key_id: null, details: { address: 'hello@elm-street.example', claimedDomain: 'elm-street.example' } }]);

    // The link works once.
    for (const res of [await page(token), await press(token)]) {
      expect(res.status).toBe(410);
      expect(res.text).toContain('already used');
    }
  });

  it('another business cannot set or confirm an address at a domain one business confirmed (409 SENDER_DOMAIN_TAKEN, nothing written)', async () => {
    const a = await newBusiness();
    const b = await newBusiness();
    await confirmAddress(a, 'hello@oak-lane.example');
    const before = await h.db.query(`SELECT settings FROM business WHERE id = $1`, [b.businessId]);
    for (const address of ['hello@oak-lane.example', 'Promo@OAK-LANE.example']) {
      const res = await b.owner.patch('/v1/settings', { sender: { email: { fromName: 'B', fromAddress: address } } });
      expectError(res, 409, ['sender.email.fromAddress']);
      expect(res.body.code).toBe('SENDER_DOMAIN_TAKEN');
    }
    expect(await h.db.query(`SELECT settings FROM business WHERE id = $1`, [b.businessId])).toEqual(before);
    expect(await h.db.query(`SELECT * FROM sender_email WHERE business_id = $1`, [b.businessId])).toEqual([]);
    // Another domain (a subdomain is one) is B's to claim; A may move to another address of its own domain.
    await confirmAddress(b, 'hello@shop.oak-lane.example');
    expect((await confirmationOf(b)).status).toBe('confirmed');
    const moved = await setAddress(a, 'news@oak-lane.example');
    // Changing the address resets the confirmation: the new one is pending and sends go from the default sender.
    expect((await confirmationOf(a)).status).toBe('pending');
    expect((await sentFrom(a)).campaign).toBe(DEFAULT_FROM);
    expect((await press(moved)).status).toBe(200);
    expect((await sentFrom(a)).campaign).toBe('news@oak-lane.example');
    // Letting the address go releases the domain.
    expectStatus(await a.owner.patch('/v1/settings', { sender: { email: { fromAddress: null } } }), 200);
    expect((await a.owner.get('/v1/settings')).body.sender.email.confirmation).toBeNull();
    const c = await newBusiness();
    await confirmAddress(c, 'hello@oak-lane.example');
  });

  it('at public mailbox providers each address is claimed, not the domain', async () => {
    const a = await newBusiness();
    const b = await newBusiness();
    await confirmAddress(a, 'rosas.bakery@gmail.com');
    expectError(await b.owner.patch('/v1/settings', { sender: { email: { fromAddress: 'Rosas.Bakery@gmail.com' } } }), 409, ['sender.email.fromAddress']);
    await confirmAddress(b, 'elm.street.bakery@gmail.com');
    expect(await h.db.query(`SELECT claimed_domain FROM sender_email WHERE business_id IN ($1, $2)`, [a.businessId, b.businessId])).toEqual([{ claimed_domain: null }, { claimed_domain: null }]);
  });

  it('two businesses pending at one domain: the first to confirm wins, also when both press at once; the other gets a 409 page', async () => {
    const pairs = await Promise.all([newBusiness(), newBusiness(), newBusiness()]);
    const tokens = [];
    for (const b of pairs) tokens.push(await setAddress(b, `owner${pairs.indexOf(b)}@birch-row.example`));
    const results = await Promise.all(tokens.map((t) => press(t)));
    expect(results.map((r) => r.status).sort()).toEqual([200, 409, 409]);
    const lost = results.find((r) => r.status === 409);
    expect(lost?.text).toContain('already the confirmed sender of another business');
    const states = await Promise.all(pairs.map((b) => confirmationOf(b)));
    expect(states.map((s) => s.status).sort()).toEqual(['confirmed', 'pending', 'pending']);
    expect(await h.db.query(`SELECT count(*)::int AS n FROM sender_email WHERE claimed_domain = 'birch-row.example'`)).toEqual([{ n: 1 }]);
    // A loser cannot ask again either.
    const loser = pairs[states.findIndex((s) => s.status === 'pending')];
    expectError(await loser.owner.post('/v1/settings/sender/email/confirmation'), 409, ['sender.email.fromAddress']);
  });

  it('an expired link shows an expiry page and confirms nothing; a re-sent link replaces it', async () => {
    const b = await newBusiness();
    const first = await setAddress(b, 'hello@pine-hill.example');
    h.clock.advance(48 * HOUR);
    for (const res of [await page(first), await press(first)]) {
      expect(res.status).toBe(410);
      expect(res.text).toContain('This link has expired');
    }
    expect((await confirmationOf(b)).status).toBe('pending');

    const since = Date.now();
    const resent = await b.owner.post('/v1/settings/sender/email/confirmation');
    expectStatus(resent, 200);
    const now = h.clock.now().toISOString();
    expect(resent.body).toEqual({
      status: 'pending', pendingSince: START, confirmedAt: null, sentAt: now, expiresAt: new Date(h.clock.now().getTime() + 48 * HOUR).toISOString(), sendError: null,
    });
    const second = tokenOf(await confirmationMailTo('hello@pine-hill.example', since));
    expect(second).not.toBe(first);
    // At most one mail a minute.
    const again = await b.owner.post('/v1/settings/sender/email/confirmation');
    expectError(again, 429, ['sender.email.fromAddress']);
    expect(again.body.code).toBe('CONFIRMATION_RECENTLY_SENT');
    expect((await page(first)).status).toBe(404);
    expect((await press(second)).status).toBe(200);
    expectError(await b.owner.post('/v1/settings/sender/email/confirmation'), 409, ['sender.email.fromAddress']);
  });

  it('only owners re-send; without an address there is nothing to re-send; forged links are 404', async () => {
    const b = await newBusiness();
    const none = await b.owner.post('/v1/settings/sender/email/confirmation');
    expectError(none, 409, ['sender.email.fromAddress']);
    expect(none.body.code).toBe('NO_SENDER_EMAIL');
    await setAddress(b, 'hello@cedar-court.example');
    h.clock.advance(2 * 60_000);
    for (const role of ['marketer', 'analyst'] as const) {
      const client = clientFor(h.api, (await seedKey(h.api, b.businessId, role)).apiKey);
      expectError(await client.post('/v1/settings/sender/email/confirmation'), 403);
      expectError(await client.patch('/v1/settings', { sender: { email: { fromAddress: 'x@cedar-court.example' } } }), 403);
    }
    expectStatus(await b.owner.post('/v1/settings/sender/email/confirmation'), 200);
    // The state is read-only.
    expectError(await b.owner.patch('/v1/settings', { sender: { email: { confirmation: { status: 'confirmed' } } } }), 422, ['sender.email.confirmation']);
    // Right shape, wrong secret; and one naming no business.
    const forged = `${(await h.db.query<{ id: string }[]>(`SELECT id FROM business WHERE id = $1`, [b.businessId]))[0].id}`;
    const forgedToken = Buffer.concat([Buffer.from(forged.replace(/-/g, ''), 'hex'), Buffer.alloc(32, 7)]).toString('base64url');
    for (const token of [forgedToken, 'x'.repeat(64), 'short']) {
      expect((await page(token)).status).toBe(404);
      expect((await press(token)).status).toBe(404);
    }
    expect((await confirmationOf(b)).status).toBe('pending');
  });
});
