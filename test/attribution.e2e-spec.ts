import type { DataSource } from 'typeorm';
import { startApi, signUpBusiness, bearer, type ApiHarness } from './support/api-harness';
import { expectStatus } from './support/e2e-helpers';
import { insertCampaign, insertCustomer } from './support/delivery-factories';

const DAY = 86_400_000;
const HOUR = 3_600_000;
const ORDER_AT = new Date('2026-04-10T12:00:00Z');
const ago = (ms: number) => new Date(ORDER_AT.getTime() - ms);

/** Orders posted over HTTP are credited, in their own transaction, to the message that led to them. */
describe('order attribution', () => {
  let api: ApiHarness;
  let db: DataSource;
  let orderSeq = 0;
  beforeAll(async () => {
    api = await startApi();
    db = api.dataSource;
  });
  afterAll(() => api.close());

  async function business() {
    const { apiKey, businessId } = await signUpBusiness(api);
    const customerId = await insertCustomer(db, businessId, { email: `buyer${orderSeq}@example.com` });
    const campaignId = await insertCampaign(db, businessId, 'Spring');
    return { apiKey, businessId, customerId, campaignId };
  }

  async function sentMessage(b: { businessId: string; customerId: string; campaignId: string }, spec: { step?: string; variant?: string; coupon?: string } = {}) {
    const [{ id }] = await db.query<{ id: string }[]>(
      `INSERT INTO message (business_id, customer_id, campaign_id, channel, status, sent_at, step_id, variant, coupon_code)
       VALUES ($1, $2, $3, 'email', 'sent', $4, $5, $6, $7) RETURNING id`,
      [b.businessId, b.customerId, b.campaignId, ago(10 * DAY), spec.step ?? 'welcome', spec.variant ?? null, spec.coupon ?? null],
    );
    return id;
  }

  async function hit(messageId: string, type: 'clicked' | 'opened', at: Date, machine = false): Promise<void> {
    await db.query(
      `INSERT INTO engagement (business_id, message_id, customer_id, campaign_id, step_id, variant, type, occurred_at, machine)
       SELECT business_id, id, customer_id, campaign_id, step_id, variant, $2, $3, $4 FROM message WHERE id = $1`,
      [messageId, type, at, machine],
    );
  }

  async function order(b: { apiKey: string; customerId: string }, extra: Record<string, unknown> = {}, externalId = `o-${(orderSeq += 1)}`) {
    const [{ email }] = await db.query<{ email: string }[]>(`SELECT email FROM customer WHERE id = $1`, [b.customerId]);
    const res = await api.http().post('/v1/orders').set(bearer(b.apiKey))
      .send({ externalId, customer: { email }, total: 42.5, currency: 'USD', channel: 'online', occurredAt: ORDER_AT.toISOString(), ...extra });
    return res;
  }

  const credit = async (orderId: string) =>
    (await db.query(`SELECT message_id, attribution, campaign_id, step_id, variant FROM order_attribution WHERE order_id = $1`, [orderId]))[0] ?? null;
  const conversions = (messageId: string) =>
    db.query<{ revenue: string; properties: Record<string, unknown>; step_id: string; variant: string | null; occurred_at: Date }[]>(
      `SELECT revenue, properties, step_id, variant, occurred_at FROM engagement WHERE message_id = $1 AND type = 'converted'`, [messageId]);

  it('credits the last click within 7 days over a later open, with a converted row carrying the revenue and order id', async () => {
    const b = await business();
    const older = await sentMessage(b, { step: 'first' });
    const clicked = await sentMessage(b, { step: 'second', variant: 'B' });
    const opened = await sentMessage(b, { step: 'third' });
    await hit(older, 'clicked', ago(6 * DAY));
    await hit(clicked, 'clicked', ago(2 * DAY));
    await hit(opened, 'opened', ago(HOUR));
    const res = await order(b);
    expectStatus(res, 201);
    expect(await credit(res.body.id)).toEqual({ message_id: clicked, attribution: 'click', campaign_id: b.campaignId, step_id: 'second', variant: 'B' });
    const rows = await conversions(clicked);
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ revenue: '42.50', step_id: 'second', variant: 'B', occurred_at: ORDER_AT });
    expect(rows[0].properties).toMatchObject({ orderId: res.body.id, externalId: res.body.externalId, attribution: 'click' });
  });

  it('click window edges: exactly 7 days before counts, a second more does not', async () => {
    const b = await business();
    const edge = await sentMessage(b);
    await hit(edge, 'clicked', ago(7 * DAY));
    expect((await credit((await order(b)).body.id))?.message_id).toBe(edge);
    const c = await business();
    const stale = await sentMessage(c);
    await hit(stale, 'clicked', ago(7 * DAY + 1000));
    expect(await credit((await order(c)).body.id)).toBeNull();
  });

  it('no click: the last human open within a day; machine opens and opens older than a day are ignored', async () => {
    const b = await business();
    const human = await sentMessage(b);
    const proxied = await sentMessage(b);
    const old = await sentMessage(b);
    await hit(old, 'opened', ago(DAY + 1000));
    await hit(human, 'opened', ago(DAY));
    await hit(proxied, 'opened', ago(HOUR), true);
    await hit(proxied, 'clicked', ago(HOUR), true);
    const res = await order(b);
    expect(await credit(res.body.id)).toMatchObject({ message_id: human, attribution: 'open' });
  });

  it('no click or open: the message whose coupon code the order used (case-insensitive, same business only)', async () => {
    const b = await business();
    const other = await business();
    const mine = await sentMessage(b, { coupon: 'WELCOME-7F3K2Q' });
    await sentMessage(other, { coupon: 'BDAY-ONLYTHERE' });
    expect(await credit((await order(b, { couponCode: 'welcome-7f3k2q' })).body.id)).toMatchObject({ message_id: mine, attribution: 'coupon' });
    expect(await credit((await order(b, { couponCode: 'BDAY-ONLYTHERE' })).body.id)).toBeNull();
  });

  it('a replayed order (same externalId) is not counted twice', async () => {
    const b = await business();
    const m = await sentMessage(b);
    await hit(m, 'clicked', ago(HOUR));
    const first = await order(b, {}, 'replay-1');
    const again = await order(b, {}, 'replay-1');
    expectStatus(first, 201);
    expectStatus(again, 200);
    expect(await conversions(m)).toHaveLength(1);
    expect(await db.query(`SELECT 1 FROM order_attribution WHERE order_id = $1`, [first.body.id])).toHaveLength(1);
  });

  it('windows come from the business settings (PATCH /v1/settings)', async () => {
    const b = await business();
    const patched = await api.http().patch('/v1/settings').set(bearer(b.apiKey)).send({ attribution: { clickWindow: 'P1D', openWindow: 'PT2H' } });
    expectStatus(patched, 200);
    const clicked = await sentMessage(b);
    const opened = await sentMessage(b);
    await hit(clicked, 'clicked', ago(2 * DAY));
    await hit(opened, 'opened', ago(90 * 60_000));
    expect(await credit((await order(b)).body.id)).toMatchObject({ message_id: opened, attribution: 'open' });
  });

  it('never credits another business’s message, even for the same person', async () => {
    const a = await business();
    const other = await business();
    const theirs = await sentMessage(other);
    await hit(theirs, 'clicked', ago(HOUR));
    await db.query(`UPDATE customer SET email = (SELECT email FROM customer WHERE id = $1) WHERE id = $2`, [a.customerId, other.customerId]);
    expect(await credit((await order(a)).body.id)).toBeNull();
    expect(await conversions(theirs)).toHaveLength(0);
  });
});
