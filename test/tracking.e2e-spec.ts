import { randomUUID } from 'node:crypto';
import { simpleParser } from 'mailparser';
import type { Response } from 'supertest';
import { createDataSource, signTrackingToken, verifyTrackingToken } from '../libs/core/src';
import { EngagementRecorder, INSERT_ENGAGEMENT_BATCH_SQL, TrackingService } from '../libs/analytics/src';
import { startApi } from './support/api-harness';
import { startDeliveryHarness, type DeliveryHarness } from './support/delivery-harness';
import { insertBusiness, insertCampaign, insertCustomer, insertEmailTemplate, insertMessage, messageRow } from './support/delivery-factories';

// The 43-byte GIF89a, written out independently of the code under test.
const GIF_HEX = '47494638396101000100800000ffffff00000021f90401000000002c00000000010001000002024401003b';
const CHROME = 'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0.0.0 Safari/537.36';
const GMAIL_PROXY = 'Mozilla/5.0 (Windows NT 5.1; rv:11.0) Gecko Firefox/11.0 (via ggpht.com GoogleImageProxy)';
const LINKS = ['https://shop.example/menu?day=mon&size=l', 'https://shop.example/b', 'https://shop.example/c'];
const MINUTE = 60_000;

interface EngagementRow {
  business_id: string;
  customer_id: string;
  campaign_id: string | null;
  step_id: string | null;
  variant: string | null;
  type: string;
  machine: boolean;
  machine_reason: string | null;
  link_index: number | null;
  url: string | null;
  properties: Record<string, unknown> | null;
}

describe('tracking: open pixel, click redirect, unsubscribe and preference pages', () => {
  let h: DeliveryHarness;
  beforeAll(async () => {
    // The worker's clock is ten minutes behind the API's, so an open now is not "seconds after the send".
    h = await startDeliveryHarness(new Date(Date.now() - 10 * MINUTE).toISOString());
  });
  afterAll(async () => {
    await h.close();
  });

  const secret = () => h.config.trackingSecret;
  const flush = async () => expect(await h.api.app.get(EngagementRecorder).flush()).toBe(0);
  const rows = async (messageId: string): Promise<EngagementRow[]> =>
    h.db.query(
      `SELECT business_id, customer_id, campaign_id, step_id, variant, type, machine, machine_reason, link_index, url, properties
         FROM engagement WHERE message_id = $1 ORDER BY id`,
      [messageId],
    );

  /** A message as delivery leaves it once sent: status 'sent', links recorded, sent ten minutes ago. */
  const sentEmail = async (options: { businessId?: string; sentAt?: Date; email?: string } = {}) => {
    const businessId = options.businessId ?? (await insertBusiness(h.db));
    const customerId = await insertCustomer(h.db, businessId, { email: options.email ?? `c${randomUUID().slice(0, 8)}@example.com` });
    const campaignId = await insertCampaign(h.db, businessId, 'Spring');
    const [{ id }] = await h.db.query<{ id: string }[]>(
      `INSERT INTO message (business_id, customer_id, campaign_id, channel, status, sent_at, links, step_id, variant, created_at)
       VALUES ($1, $2, $3, 'email', 'sent', $4, $5::jsonb, 'welcome', 'B', $4) RETURNING id`,
      [businessId, customerId, campaignId, options.sentAt ?? new Date(Date.now() - 10 * MINUTE), JSON.stringify(LINKS)],
    );
    const token = (kind: 'open' | 'unsubscribe') => signTrackingToken(secret(), { kind, messageId: id });
    return { id, businessId, customerId, campaignId, open: token('open'), unsubscribe: token('unsubscribe'), click: (link: number) => signTrackingToken(secret(), { kind: 'click', messageId: id, link }) };
  };

  const pixel = (token: string, ua: string | null = CHROME) => {
    const req = h.api.http().get(`/t/o/${token}`).buffer(true).parse((res, done) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => done(null, Buffer.concat(chunks)));
    });
    return ua === null ? req : req.set('User-Agent', ua);
  };
  const click = (token: string, ua = CHROME) => h.api.http().get(`/t/c/${token}`).set('User-Agent', ua).redirects(0);
  const expectNotFound = (res: Response) => expect({ status: res.status }).toEqual({ status: 404 });

  describe('open pixel', () => {
    it('answers the 43-byte transparent GIF, uncacheable, and records one human open with the message’s business, customer, campaign, step and variant', async () => {
      const m = await sentEmail();
      const res = await pixel(m.open);
      expect(res.status).toBe(200);
      expect((res.body as Buffer).toString('hex')).toBe(GIF_HEX);
      expect(res.headers['content-type']).toBe('image/gif');
      expect(res.headers['content-length']).toBe('43');
      expect(res.headers['cache-control']).toBe('no-store, no-cache, must-revalidate, private');
      expect(res.headers.pragma).toBe('no-cache');
      expect(res.headers.expires).toBe('0');
      expect(res.headers['cross-origin-resource-policy']).toBe('cross-origin');
      await flush();
      expect(await rows(m.id)).toEqual([
        {
          business_id: m.businessId, customer_id: m.customerId, campaign_id: m.campaignId, step_id: 'welcome', variant: 'B', type: 'opened',
          machine: false, machine_reason: null, link_index: null, url: null, properties: null,
        },
      ]);
    });

    it('flags opens from the Gmail image proxy, without a User-Agent, and within 2 s of the send as machine opens', async () => {
      const proxied = await sentEmail();
      expect((await pixel(proxied.open, GMAIL_PROXY)).status).toBe(200);
      const bare = await sentEmail();
      expect((await pixel(bare.open, null)).status).toBe(200);
      const prefetched = await sentEmail({ sentAt: new Date() });
      expect((await pixel(prefetched.open)).status).toBe(200);
      await flush();
      expect((await rows(proxied.id)).map((r) => [r.type, r.machine, r.machine_reason])).toEqual([['opened', true, 'proxy_user_agent']]);
      expect((await rows(bare.id)).map((r) => [r.machine, r.machine_reason])).toEqual([[true, 'no_user_agent']]);
      expect((await rows(prefetched.id)).map((r) => [r.machine, r.machine_reason])).toEqual([[true, 'soon_after_send']]);
    });

    it('counts every load as a row and the message once per type', async () => {
      const m = await sentEmail();
      await pixel(m.open, GMAIL_PROXY);
      await pixel(m.open);
      await pixel(m.open);
      await flush();
      const [counts] = await h.db.query<{ total: number; unique: number; human: number }[]>(
        `SELECT count(*)::int AS total, count(DISTINCT message_id)::int AS unique, count(DISTINCT message_id) FILTER (WHERE NOT machine)::int AS human
           FROM engagement WHERE business_id = $1 AND campaign_id = $2 AND type = 'opened'`,
        [m.businessId, m.campaignId],
      );
      expect(counts).toEqual({ total: 3, unique: 1, human: 1 });
    });
  });

  describe('click redirect', () => {
    it('redirects to exactly the URL recorded at send time and records the click with an implied open', async () => {
      const m = await sentEmail();
      const res = await click(m.click(0));
      expect(res.status).toBe(302);
      expect(res.headers.location).toBe(LINKS[0]);
      expect(res.headers['cache-control']).toContain('no-store');
      await flush();
      expect((await rows(m.id)).map((r) => [r.type, r.link_index, r.url, r.machine, r.properties])).toEqual([
        ['opened', null, null, false, { implied: true }],
        ['clicked', 0, LINKS[0], false, null],
      ]);
    });

    it('counts a double click as two rows and one unique click; no second implied open', async () => {
      const m = await sentEmail();
      await pixel(m.open);
      expect((await click(m.click(1))).headers.location).toBe(LINKS[1]);
      await flush();
      expect((await click(m.click(1))).headers.location).toBe(LINKS[1]);
      await flush();
      const [counts] = await h.db.query<{ total: number; unique: number; opens: number }[]>(
        `SELECT count(*) FILTER (WHERE type = 'clicked')::int AS total, count(DISTINCT message_id) FILTER (WHERE type = 'clicked')::int AS unique,
                count(*) FILTER (WHERE type = 'opened')::int AS opens
           FROM engagement WHERE business_id = $1 AND message_id = $2`,
        [m.businessId, m.id],
      );
      expect(counts).toEqual({ total: 2, unique: 1, opens: 1 });
    });

    it('writes a batch with one primary-key lookup of its message per hit, never a scan of every message or every open', async () => {
      // A few hundred messages and no opens at all: the state in which the planner hash-joined a seq scan of message and hashed the EXISTS.
      const m = await sentEmail();
      await h.db.query(
        `INSERT INTO message (business_id, customer_id, campaign_id, channel, status, sent_at, links, created_at)
         SELECT business_id, customer_id, campaign_id, 'email', 'sent', now(), links, now() FROM message, generate_series(1, 400) WHERE id = $1`,
        [m.id],
      );
      await h.db.query('ANALYZE message');
      await h.db.query('ANALYZE engagement');
      const at = new Date().toISOString();
      const ids = (await h.db.query<{ id: string }[]>(`SELECT id FROM message WHERE customer_id = $1 LIMIT 250`, [m.customerId])).map((r) => r.id);
      const plan = (
        await h.db.query<{ 'QUERY PLAN': string }[]>(`EXPLAIN ${INSERT_ENGAGEMENT_BATCH_SQL}`, [
          ids, ids.map(() => 'clicked'), ids.map(() => at), ids.map(() => false), ids.map(() => null), ids.map(() => 0), ids.map(() => LINKS[0]),
          ids.map(() => null), ids.map((_, i) => i % 2 === 0),
        ])
      ).map((r) => r['QUERY PLAN']).join('\n');
      expect(plan).toMatch(/Index Scan using message_pkey on message/);
      expect(plan).not.toMatch(/Seq Scan on message|Hash Join|hashed SubPlan/);
    });

    it('flags a scanner clicking every link within a second, including the clicks before the burst showed', async () => {
      const m = await sentEmail();
      await click(m.click(0));
      await flush();
      await click(m.click(1));
      await click(m.click(2));
      await flush();
      expect((await rows(m.id)).map((r) => [r.type, r.machine, r.machine_reason])).toEqual([
        ['opened', true, 'click_burst'],
        ['clicked', true, 'click_burst'],
        ['clicked', true, 'click_burst'],
        ['clicked', true, 'click_burst'],
      ]);
    });

    it('answers valid GETs ahead of Express with the same headers as the routes give HEAD requests (helmet’s included)', async () => {
      const m = await sentEmail();
      // Not compared: the date; the request id of logged requests (these are not logged); Express's "Vary: Accept" (its redirect negotiates html or text, ours is always text).
      const comparable = (res: Response) => Object.fromEntries(Object.entries(res.headers).filter(([name]) => !['date', 'x-request-id', 'vary'].includes(name)));
      const routeClick = await h.api.http().head(`/t/c/${m.click(0)}`).set('User-Agent', CHROME).redirects(0);
      const fastClick = await click(m.click(0));
      expect(comparable(fastClick)).toEqual(comparable(routeClick));
      expect(fastClick.text).toBe(`Found. Redirecting to ${LINKS[0]}`);
      const routeOpen = await h.api.http().head(`/t/o/${m.open}`);
      const fastOpen = await pixel(m.open);
      expect(comparable(fastOpen)).toEqual(comparable(routeOpen));
      expect(fastOpen.headers['x-content-type-options']).toBe('nosniff');
      expect(fastOpen.headers['strict-transport-security']).toMatch(/^max-age=/);
    });

    it('percent-encodes a recorded URL with spaces or non-ASCII characters in Location, keeping its escapes', async () => {
      const m = await sentEmail();
      await h.db.query(`UPDATE message SET links = $2::jsonb WHERE id = $1`, [m.id, JSON.stringify(['https://shop.example/café menu?q=a%20b&x=<1>'])]);
      const res = await click(m.click(0));
      expect([res.status, res.headers.location]).toEqual([302, 'https://shop.example/caf%C3%A9%20menu?q=a%20b&x=%3C1%3E']);
      await flush();
      expect((await rows(m.id)).filter((r) => r.type === 'clicked').map((r) => r.url)).toEqual(['https://shop.example/café menu?q=a%20b&x=<1>']);
    });

    it('answers 500 and keeps serving when answering a hit fails before Express (nothing there catches it)', async () => {
      const m = await sentEmail();
      const tracking = h.api.app.get(TrackingService);
      const spy = jest.spyOn(tracking, 'clickTarget').mockImplementationOnce(() => {
        throw new Error('simulated failure');
      });
      try {
        expect((await click(m.click(0))).status).toBe(500);
      } finally {
        spy.mockRestore();
      }
      expect((await click(m.click(0))).status).toBe(302);
    });

    it('does not record HEAD requests from link checkers', async () => {
      const m = await sentEmail();
      const res = await h.api.http().head(`/t/c/${m.click(0)}`).set('User-Agent', CHROME).redirects(0);
      expect([res.status, res.headers.location]).toEqual([302, LINKS[0]]);
      expect((await h.api.http().head(`/t/o/${m.open}`)).status).toBe(200);
      await flush();
      expect(await rows(m.id)).toEqual([]);
    });
  });

  describe('invalid tokens', () => {
    const flip = (token: string, at: number) => token.slice(0, at) + (token[at] === 'A' ? 'B' : 'A') + token.slice(at + 1);

    it('answer 404, never 500, and record nothing', async () => {
      const m = await sentEmail();
      const unknown = randomUUID();
      const cases: [string, string][] = [
        ['/t/o/', flip(m.open, 5)], ['/t/o/', flip(m.open, m.open.length - 3)], ['/t/o/', m.open.slice(0, -2)], ['/t/o/', 'abc'],
        ['/t/o/', 'x'.repeat(300)], ['/t/o/', m.click(0)], ['/t/o/', m.unsubscribe],
        ['/t/o/', signTrackingToken('another-secret-of-16+chars', { kind: 'open', messageId: m.id })],
        ['/t/c/', flip(m.click(0), 10)], ['/t/c/', m.open], ['/t/c/', m.unsubscribe], ['/t/c/', m.click(3)], ['/t/c/', m.click(65535)],
        ['/t/c/', signTrackingToken(secret(), { kind: 'click', messageId: unknown, link: 0 })], ['/t/c/', '%00%0d%0a'],
      ];
      for (const [path, token] of cases) {
        const res = await h.api.http().get(`${path}${token}`).set('User-Agent', CHROME).redirects(0);
        expect({ path, token, status: res.status, location: res.headers.location }).toEqual({ path, token, status: 404, location: undefined });
      }
      await flush();
      expect(await rows(m.id)).toEqual([]);
    });

    it('the unsubscribe page answers an HTML 404 page', async () => {
      const m = await sentEmail();
      for (const token of [flip(m.unsubscribe, 7), m.open, 'zzz']) {
        const get = await h.api.http().get(`/u/${token}`);
        expectNotFound(get);
        expect(get.headers['content-type']).toMatch(/^text\/html/);
        expect(get.text).toContain('This link is not valid');
        const post = await h.api.http().post(`/u/${token}`).type('form').send('List-Unsubscribe=One-Click');
        expectNotFound(post);
      }
      const [{ consent_email }] = await h.db.query(`SELECT consent_email FROM customer WHERE id = $1`, [m.customerId]);
      expect(consent_email).toBeNull();
    });
  });

  describe('unsubscribe', () => {
    const customer = async (id: string) =>
      (await h.db.query<{ consent_email: string | null; consent_email_source: string | null; consent_email_at: Date | null; consent_sms: string | null; consent_sms_source: string | null }[]>(
        `SELECT consent_email, consent_email_source, consent_email_at, consent_sms, consent_sms_source FROM customer WHERE id = $1`,
        [id],
      ))[0];

    it('GET shows a confirmation in the business’s name and address, escaped, and changes nothing', async () => {
      const businessId = await insertBusiness(h.db, { name: `Tom's <b>Bakery</b> & Co`, settings: { contact: { phone: '+13125550100', email: 'hi@tom.example' } } });
      const m = await sentEmail({ businessId, email: 'jo@example.com' });
      const res = await h.api.http().get(`/u/${m.unsubscribe}`);
      expect(res.status).toBe(200);
      expect(res.headers['content-type']).toBe('text/html; charset=utf-8');
      expect(res.headers['cache-control']).toBe('no-store');
      expect(res.text).toContain('Unsubscribe from Tom&#39;s &lt;b&gt;Bakery&lt;/b&gt; &amp; Co?');
      expect(res.text).not.toContain('<b>Bakery</b>');
      expect(res.text).toContain('1 Main St, Springfield IL 62701, US');
      expect(res.text).toContain('+13125550100 · hi@tom.example');
      expect(res.text).toContain('j••@example.com');
      expect(res.text).toContain(`<form method="post" action="/u/${m.unsubscribe}">`);
      expect((await customer(m.customerId)).consent_email).toBeNull();
    });

    it('RFC 8058 one-click POST unsubscribes at once (200, short body, no redirect), records it, and a queued email is not sent', async () => {
      const businessId = await insertBusiness(h.db);
      const templateId = await insertEmailTemplate(h.db, businessId, { subject: 'Hi', html: '<p>Fresh bread at <a href="https://shop.example/bread">our shop</a></p>' });
      const customerId = await insertCustomer(h.db, businessId, { email: 'one-click@example.com' });
      const first = await insertMessage(h.db, { businessId, customerId, templateId, channel: 'email', dueAt: h.clock.now() });
      expect((await h.delivery.runOnce(10)).outcomes.sent).toBe(1);
      const mail = await simpleParser(h.smtp.messages.find((m) => m.envelopeTo.includes('one-click@example.com'))!.raw);
      const header = mail.headerLines.find((l) => l.key === 'list-unsubscribe')!.line.replace(/^[^:]*:\s*/, '').replace(/\r?\n[ \t]+/g, '');
      const url = new URL(header.replace(/^<|>$/g, ''));
      expect(verifyTrackingToken(secret(), url.pathname.slice(3))).toEqual({ kind: 'unsubscribe', messageId: first });

      const res = await h.api.http().post(url.pathname).type('form').send('List-Unsubscribe=One-Click').redirects(0);
      expect(res.status).toBe(200);
      expect(res.headers.location).toBeUndefined();
      expect(res.text).toBe('Unsubscribed.');
      expect(await customer(customerId)).toMatchObject({ consent_email: 'denied', consent_email_source: 'unsubscribe_link', consent_email_at: expect.any(Date) });
      expect((await rows(first)).map((r) => [r.type, r.properties])).toEqual([['unsubscribed', { via: 'one_click' }]]);

      // Mail clients may POST twice: nothing more happens.
      expect((await h.api.http().post(url.pathname).type('form').send('List-Unsubscribe=One-Click')).status).toBe(200);
      expect(await rows(first)).toHaveLength(1);

      const later = await insertMessage(h.db, { businessId, customerId, templateId, channel: 'email', dueAt: h.clock.now() });
      expect((await h.delivery.runOnce(10)).outcomes.suppressed).toBe(1);
      expect(await messageRow(h.db, later)).toMatchObject({ status: 'suppressed', error_code: 'no_consent', sent_at: null });
      expect(h.smtp.messages.filter((m) => m.envelopeTo.includes('one-click@example.com'))).toHaveLength(1);
    });

    it('accepts the one-click body as multipart/form-data too', async () => {
      const m = await sentEmail();
      const res = await h.api.http().post(`/u/${m.unsubscribe}`).field('List-Unsubscribe', 'One-Click');
      expect([res.status, res.text]).toEqual([200, 'Unsubscribed.']);
      expect((await customer(m.customerId)).consent_email).toBe('denied');
    });

    it('the page’s own form unsubscribes and shows the done page; an unknown form changes nothing', async () => {
      const m = await sentEmail();
      const bad = await h.api.http().post(`/u/${m.unsubscribe}`).type('form').send('hello=world');
      expect(bad.status).toBe(400);
      expect((await customer(m.customerId)).consent_email).toBeNull();
      const res = await h.api.http().post(`/u/${m.unsubscribe}`).type('form').send('action=unsubscribe');
      expect(res.status).toBe(200);
      expect(res.text).toContain('You’re unsubscribed');
      expect((await customer(m.customerId)).consent_email).toBe('denied');
      expect((await h.api.http().get(`/u/${m.unsubscribe}`)).text).toContain('You’re unsubscribed');
    });

    it('the preference page shows each channel’s state, turns SMS off and back on (source preference_page)', async () => {
      const m = await sentEmail();
      const page = await h.api.http().get(`/u/${m.unsubscribe}?view=preferences`);
      expect(page.status).toBe(200);
      expect(page.text).toContain('<input type="checkbox" name="email" checked>');
      expect(page.text).toContain('<input type="checkbox" name="sms" checked>');

      const off = await h.api.http().post(`/u/${m.unsubscribe}?view=preferences`).type('form').send('action=preferences&email=on');
      expect(off.status).toBe(200);
      expect(off.text).toContain('Your preferences are saved.');
      expect(off.text).toContain('<input type="checkbox" name="sms">');
      expect(await customer(m.customerId)).toMatchObject({ consent_email: null, consent_sms: 'denied', consent_sms_source: 'preference_page' });
      // Turning off another channel than the email's is not this email's unsubscribe.
      expect(await rows(m.id)).toEqual([]);

      await h.api.http().post(`/u/${m.unsubscribe}`).type('form').send('action=preferences&email=on&sms=on');
      expect(await customer(m.customerId)).toMatchObject({ consent_email: null, consent_sms: 'granted', consent_sms_source: 'preference_page' });

      await h.api.http().post(`/u/${m.unsubscribe}`).type('form').send('action=preferences&sms=on');
      expect(await customer(m.customerId)).toMatchObject({ consent_email: 'denied', consent_email_source: 'preference_page' });
      expect((await rows(m.id)).map((r) => [r.type, r.properties])).toEqual([['unsubscribed', { via: 'preferences' }]]);
    });

    it('a token for business A’s message never changes business B’s customer with the same email', async () => {
      const a = await sentEmail({ email: 'shared@example.com' });
      const b = await sentEmail({ email: 'shared@example.com' });
      await h.api.http().post(`/u/${a.unsubscribe}`).type('form').send('List-Unsubscribe=One-Click');
      await pixel(a.open);
      await flush();
      expect((await customer(a.customerId)).consent_email).toBe('denied');
      expect((await customer(b.customerId)).consent_email).toBeNull();
      expect((await rows(a.id)).every((r) => r.business_id === a.businessId)).toBe(true);
      expect(await rows(b.id)).toEqual([]);
      const [{ n }] = await h.db.query<{ n: number }[]>(`SELECT count(*)::int AS n FROM engagement WHERE business_id = $1`, [b.businessId]);
      expect(n).toBe(0);
    });
  });

  it('is documented in the OpenAPI document under the tracking tag', async () => {
    const doc = (await h.api.http().get('/docs-json')).body as { paths: Record<string, Record<string, { tags?: string[] }>> };
    expect(doc.paths['/t/o/{token}'].get.tags).toEqual(['tracking']);
    expect(doc.paths['/t/c/{token}'].get.tags).toEqual(['tracking']);
    expect(doc.paths['/u/{token}'].get.tags).toEqual(['tracking']);
    expect(doc.paths['/u/{token}'].post.tags).toEqual(['tracking']);
  });
});

describe('tracking: graceful shutdown', () => {
  it('writes every queued hit before the pool closes: rows = requests', async () => {
    const api = await startApi();
    // Listening, so the concurrent requests below share one server.
    await api.app.listen(0, '127.0.0.1');
    const url = api.config.databaseUrl!;
    const businessId = await insertBusiness(api.dataSource);
    const customerId = await insertCustomer(api.dataSource, businessId);
    const [{ id }] = await api.dataSource.query<{ id: string }[]>(
      `INSERT INTO message (business_id, customer_id, channel, status, sent_at, links) VALUES ($1, $2, 'email', 'sent', now() - interval '1 hour', $3::jsonb) RETURNING id`,
      [businessId, customerId, JSON.stringify(LINKS)],
    );
    const open = signTrackingToken(api.config.trackingSecret, { kind: 'open', messageId: id });
    const clickToken = signTrackingToken(api.config.trackingSecret, { kind: 'click', messageId: id, link: 0 });
    const responses = await Promise.all(
      Array.from({ length: 300 }, (_, i) => api.http().get(i % 3 === 0 ? `/t/c/${clickToken}` : `/t/o/${open}`).set('User-Agent', CHROME).redirects(0)),
    );
    expect(responses.filter((r) => r.status !== 200 && r.status !== 302)).toEqual([]);
    await api.close();

    const db = await createDataSource(url, 1, 'test-count').initialize();
    try {
      const [counts] = await db.query<{ opened: number; clicked: number }[]>(
        `SELECT count(*) FILTER (WHERE type = 'opened' AND properties IS NULL)::int AS opened, count(*) FILTER (WHERE type = 'clicked')::int AS clicked
           FROM engagement WHERE message_id = $1`,
        [id],
      );
      expect(counts).toEqual({ opened: 200, clicked: 100 });
    } finally {
      await db.destroy();
    }
  });
});
