import { Client } from 'pg';
import type { DataSource } from 'typeorm';
import { OVERVIEW_SERIES_SQL, OVERVIEW_SPEND_AND_EARNINGS_SQL } from '../libs/analytics/src/reports/overview.sql';
import { insertBusiness, insertCampaign, insertCustomer } from './support/delivery-factories';
import { openTestDataSource } from './support/test-database';

/**
 * The daily spend roll-up (message_spend + message_spend_delta), kept by triggers on message, always
 * equals grouping the sent messages themselves by business, UTC day, campaign and channel: after
 * inserts, the updates a send goes through (reserve, accept on another day with a cost, retry,
 * delivery receipt), deletes, customer deletion, folding (also while a writer is mid-transaction),
 * rebuilding, truncation and a random sequence of all of these. The overview's spend, which reads the
 * roll-up for whole days and the messages for the hours at either end, equals counting the messages
 * for any period.
 */
describe('daily spend roll-up', () => {
  let url: string;
  let db: DataSource;
  let business: string;
  let other: string;
  let campaigns: (string | null)[];
  let customers: string[];

  beforeAll(async () => {
    ({ url, dataSource: db } = await openTestDataSource());
    business = await insertBusiness(db, { name: 'Spend A' });
    other = await insertBusiness(db, { name: 'Spend B' });
    campaigns = [await insertCampaign(db, business, 'Spring'), await insertCampaign(db, business, 'Autumn'), null];
    customers = [];
    for (let i = 0; i < 4; i++) customers.push(await insertCustomer(db, business, { email: `spend${i}@example.com` }));
  });
  afterAll(() => db.destroy());

  const truth = () => db.query(
    `SELECT business_id, (sent_at AT TIME ZONE 'UTC')::date::text AS day, campaign_id, channel, count(*)::int AS sent, round(coalesce(sum(cost), 0), 8)::text AS cost
       FROM message WHERE sent_at IS NOT NULL
      GROUP BY 1, 2, 3, 4 ORDER BY 1, 2, 3 NULLS FIRST, 4`);
  const rollup = () => db.query(
    `SELECT business_id, day::text AS day, campaign_id, channel, sum(sent)::int AS sent, round(sum(cost), 8)::text AS cost
       FROM (SELECT * FROM message_spend UNION ALL SELECT * FROM message_spend_delta) s
      GROUP BY 1, 2, 3, 4 HAVING sum(sent) <> 0 ORDER BY 1, 2, 3 NULLS FIRST, 4`);
  const expectExact = async () => expect(await rollup()).toEqual(await truth());
  const deltas = async () => Number((await db.query(`SELECT count(*) AS n FROM message_spend_delta`))[0].n);

  let seq = 0;
  /** Inserts messages (sent when sentAt is given) and returns their ids. */
  const insert = async (...rows: { campaign?: string | null; channel?: 'email' | 'sms'; sentAt?: string | null; cost?: string | null; customer?: string; businessId?: string }[]) => {
    const values = rows.map((r) => ({
      business_id: r.businessId ?? business, customer_id: r.customer ?? customers[seq++ % customers.length], campaign_id: r.campaign ?? null,
      channel: r.channel ?? 'email', sent_at: r.sentAt ?? null, cost: r.cost ?? null,
    }));
    const inserted: { id: string }[] = await db.query(
      `INSERT INTO message (business_id, customer_id, campaign_id, channel, status, sent_at, cost)
       SELECT business_id, customer_id, campaign_id, channel, CASE WHEN sent_at IS NULL THEN 'queued' ELSE 'sent' END, sent_at, cost
         FROM jsonb_to_recordset($1::jsonb) AS r(business_id uuid, customer_id uuid, campaign_id uuid, channel text, sent_at timestamptz, cost numeric)
       RETURNING id`,
      [JSON.stringify(values)],
    );
    return inserted.map((r) => r.id);
  };

  it('counts sent messages as they are inserted, one statement with many days, campaigns and channels', async () => {
    await insert({ campaign: campaigns[0] }, { campaign: campaigns[1], channel: 'sms' });
    expect(await deltas()).toBe(0); // nothing sent: nothing appended
    await insert(
      { campaign: campaigns[0], sentAt: '2026-03-01T23:59:59.999Z', cost: '0.0010' },
      { campaign: campaigns[0], sentAt: '2026-03-02T00:00:00Z', cost: '0.0010' },
      { campaign: campaigns[0], sentAt: '2026-03-02T12:00:00Z', cost: '0.0010' },
      { campaign: campaigns[1], channel: 'sms', sentAt: '2026-03-02T12:00:00Z', cost: '0.0158' },
      { campaign: null, channel: 'sms', sentAt: '2026-03-02T13:00:00Z' },
    );
    await expectExact();
    const spend = await rollup();
    expect(spend.find((r: { day: string; campaign_id: string | null }) => r.day === '2026-03-02' && r.campaign_id === campaigns[0])).toMatchObject({ sent: 2, cost: '0.00200000' });
  });

  it('follows a send through reserve, acceptance on the next day with its cost, retry and receipts', async () => {
    const [id] = await insert({ campaign: campaigns[1], channel: 'sms' });
    await db.query(`UPDATE message SET status = 'sending', sent_at = '2026-03-03T23:59:00Z' WHERE id = $1`, [id]);
    await expectExact();
    await db.query(`UPDATE message SET status = 'sent', sent_at = '2026-03-04T00:00:05Z', cost = 0.0079, sms_segments = 1 WHERE id = $1`, [id]);
    await expectExact();
    const before = await deltas();
    await db.query(`UPDATE message SET status = 'delivered', delivered_at = '2026-03-04T00:00:09Z' WHERE id = $1`, [id]);
    expect(await deltas()).toBe(before); // a receipt changes nothing counted
    await db.query(`UPDATE message SET cost = 0.0158, sms_segments = 2 WHERE id = $1`, [id]);
    await expectExact();
    const [retried] = await insert({ campaign: campaigns[0] });
    await db.query(`UPDATE message SET status = 'sending', sent_at = '2026-03-04T10:00:00Z' WHERE id = $1`, [retried]);
    await db.query(`UPDATE message SET status = 'queued', sent_at = NULL WHERE id = $1`, [retried]);
    await expectExact();
    await db.query(`UPDATE message SET campaign_id = $2, channel = 'email' WHERE id = $1`, [id, campaigns[0]]);
    await expectExact();
  });

  it('takes deleted messages and deleted customers\' messages out, and keeps businesses apart', async () => {
    const ids = await insert({ campaign: campaigns[0], sentAt: '2026-03-05T08:00:00Z', cost: '0.001' }, { campaign: campaigns[0], sentAt: '2026-03-05T09:00:00Z', cost: '0.001' });
    await db.query(`DELETE FROM message WHERE id = $1`, [ids[0]]);
    await expectExact();
    const gone = await insertCustomer(db, business, { email: 'gone@example.com' });
    await insert({ campaign: campaigns[1], customer: gone, sentAt: '2026-03-05T10:00:00Z', cost: '0.002' });
    await db.query(`DELETE FROM customer WHERE id = $1`, [gone]);
    await expectExact();
    const stranger = await insertCustomer(db, other, { email: 'b@example.com' });
    await insert({ businessId: other, customer: stranger, sentAt: '2026-03-05T10:00:00Z', cost: '0.003' });
    await expectExact();
    expect((await rollup()).filter((r: { business_id: string }) => r.business_id === other)).toEqual([
      { business_id: other, day: '2026-03-05', campaign_id: null, channel: 'email', sent: 1, cost: '0.00300000' },
    ]);
  });

  it('folds the deltas into one row per key without changing a total, also while a writer is mid-transaction', async () => {
    const before = await truth();
    expect(await deltas()).toBeGreaterThan(0);
    const writer = new Client({ connectionString: url });
    await writer.connect();
    try {
      await writer.query('BEGIN');
      await writer.query(`UPDATE message SET cost = coalesce(cost, 0) + 1 WHERE business_id = $1 AND sent_at IS NOT NULL`, [business]);
      const [{ folded }] = await db.query(`SELECT message_spend_compact() AS folded`);
      expect(folded).toBeGreaterThan(0);
      expect(await rollup()).toEqual(before); // the writer's deltas are not visible yet, nor folded
      await writer.query('COMMIT');
    } finally {
      await writer.end();
    }
    await expectExact();
    expect(await deltas()).toBeGreaterThan(0); // the writer's deltas wait for the next fold
    await db.query(`SELECT message_spend_compact()`);
    expect(await deltas()).toBe(0);
    await expectExact();
    const keys = await db.query(`SELECT count(*)::int AS n, count(DISTINCT (business_id, day, campaign_id, channel))::int AS distinct FROM message_spend`);
    expect(keys[0].n).toBe(keys[0].distinct);
    expect((await db.query(`SELECT message_spend_compact() AS folded`))[0].folded).toBe(0);
    await expectExact();
  });

  it('is rebuilt exactly for one business', async () => {
    const before = await rollup();
    await db.query(`UPDATE message_spend SET sent = sent + 100 WHERE business_id = $1`, [business]);
    await db.query(`INSERT INTO message_spend_delta VALUES ($1, '2026-01-01', NULL, 'email', 5, 5)`, [business]);
    await db.query(`SELECT message_spend_rebuild($1)`, [business]);
    expect(await rollup()).toEqual(before);
  });

  it('equals the grouped messages after a random sequence of sends, retries, moves, deletes and folds', async () => {
    let state = 7;
    const random = () => (state = (state * 1_103_515_245 + 12_345) % 2_147_483_648) / 2_147_483_648;
    const when = () => new Date(Date.UTC(2026, 2, 1) + Math.floor(random() * 10 * 86_400_000)).toISOString();
    const cost = () => (random() < 0.2 ? null : (random() / 50).toFixed(4));
    const campaign = () => campaigns[Math.floor(random() * campaigns.length)];
    for (let step = 0; step < 80; step++) {
      const r = random();
      const ids: string[] = (await db.query(`SELECT id FROM message WHERE business_id = $1 ORDER BY id`, [business])).map((m: { id: string }) => m.id);
      const some = ids.filter(() => random() < 0.2);
      if (r < 0.35) {
        await insert(...Array.from({ length: 1 + Math.floor(random() * 5) }, () => ({ campaign: campaign(), channel: random() < 0.5 ? 'email' as const : 'sms' as const, sentAt: random() < 0.7 ? when() : null, cost: cost() })));
      } else if (r < 0.6) {
        await db.query(`UPDATE message SET sent_at = $2, cost = $3 WHERE id = ANY($1::uuid[])`, [some, when(), cost()]);
      } else if (r < 0.75) {
        await db.query(`UPDATE message SET sent_at = NULL WHERE id = ANY($1::uuid[])`, [some]);
      } else if (r < 0.85) {
        await db.query(`DELETE FROM message WHERE id = ANY($1::uuid[])`, [some]);
      } else if (r < 0.93) {
        await db.query(`UPDATE message SET status = 'delivered' WHERE id = ANY($1::uuid[])`, [some]);
      } else {
        await db.query(`SELECT message_spend_compact()`);
      }
      await expectExact();
    }
  });

  it('gives the overview the messages sent in any period: whole days from the roll-up, the ends from the messages', async () => {
    const raw = (from: string, to: string) => db.query(
      `SELECT channel, count(*)::int AS sent, round(coalesce(sum(cost), 0), 8)::float8 AS cost
         FROM message WHERE business_id = $1 AND sent_at >= $2 AND sent_at < $3 GROUP BY channel ORDER BY channel`, [business, from, to]);
    const overview = async (from: string, to: string) => (await db.query(OVERVIEW_SPEND_AND_EARNINGS_SQL, [business, from, to]))
      .filter((r: { kind: string; sent: number }) => r.kind === 'channel' && r.sent > 0)
      .map((r: { channel: string; sent: number; cost: number }) => ({ channel: r.channel, sent: r.sent, cost: Math.round(r.cost * 1e8) / 1e8 }));
    await insert(
      { campaign: campaigns[0], sentAt: '2026-03-06T00:00:00Z', cost: '0.0011' },
      { campaign: campaigns[0], sentAt: '2026-03-06T23:59:59.999Z', cost: '0.0013' },
      { campaign: campaigns[1], channel: 'sms', sentAt: '2026-03-07T00:00:00Z', cost: '0.0079' },
    );
    const periods: [string, string][] = [
      ['2026-03-01T00:00:00Z', '2026-03-12T00:00:00Z'], // whole days only
      ['2026-03-02T12:00:00Z', '2026-03-07T00:00:00Z'], // a part day at the start
      ['2026-03-06T00:00:00Z', '2026-03-07T00:00:00.001Z'], // a part day at the end
      ['2026-03-06T00:00:00Z', '2026-03-06T23:59:59.999Z'], // within one day, ending just before a message
      ['2026-03-06T10:00:00Z', '2026-03-06T11:00:00Z'], // within one day, no message
      ['2026-02-27T05:30:00Z', '2026-03-09T18:45:00Z'], // part days at both ends
    ];
    let state = 11;
    const random = () => (state = (state * 1_103_515_245 + 12_345) % 2_147_483_648) / 2_147_483_648;
    for (let i = 0; i < 12; i++) {
      const a = Date.UTC(2026, 1, 27) + Math.floor(random() * 14 * 86_400_000);
      periods.push([new Date(a).toISOString(), new Date(a + 1 + Math.floor(random() * 6 * 86_400_000)).toISOString()]);
    }
    // The time series counts the same messages, per local day (Chicago) of the period.
    const series = async (from: string, to: string) => (await db.query(OVERVIEW_SERIES_SQL, [business, from, to, 'America/Chicago', 'day']))
      .filter((r: { messagesSent: number }) => r.messagesSent > 0)
      .map((r: { start: string; messagesSent: number; spend: number }) => ({ start: r.start, sent: r.messagesSent, cost: Math.round(r.spend * 1e8) / 1e8 }));
    const rawDays = (from: string, to: string) => db.query(
      `SELECT to_char(sent_at AT TIME ZONE 'America/Chicago', 'YYYY-MM-DD') AS start, count(*)::int AS sent, round(coalesce(sum(cost), 0), 8)::float8 AS cost
         FROM message WHERE business_id = $1 AND sent_at >= $2 AND sent_at < $3 GROUP BY 1 ORDER BY 1`, [business, from, to]);
    for (const fold of [false, true]) {
      if (fold) await db.query(`SELECT message_spend_compact()`);
      for (const [from, to] of periods) expect({ from, to, spend: await overview(from, to) }).toEqual({ from, to, spend: await raw(from, to) });
      for (const [from, to] of periods) expect({ from, to, days: await series(from, to) }).toEqual({ from, to, days: await rawDays(from, to) });
    }
    expect((await raw(periods[0][0], periods[0][1])).length).toBeGreaterThan(0);
  });

  it('empties with the messages on TRUNCATE', async () => {
    await db.query(`TRUNCATE message CASCADE`);
    expect(await db.query(`SELECT 1 FROM message_spend UNION ALL SELECT 1 FROM message_spend_delta`)).toEqual([]);
  });
});
