import { Client } from 'pg';
import type { DataSource } from 'typeorm';
import { openTestDataSource } from './support/test-database';

/**
 * customer_order_summary, kept by triggers on orders, always equals grouping the orders themselves:
 * after inserts (one and many rows, repeated customers), updates that move, reprice or retime orders,
 * updates that change nothing it counts, deletes, customer deletion, truncation, a random sequence of
 * all of these, and concurrent transactions on the same customer.
 */
describe('customer order summary', () => {
  let url: string;
  let db: DataSource;
  let business: string;
  let other: string;
  const customers: string[] = [];
  let seq = 0;

  beforeAll(async () => {
    ({ url, dataSource: db } = await openTestDataSource());
    const newBusiness = async (name: string) => (await db.query(
      `INSERT INTO business (name, timezone, currency, country, address) VALUES ($1, 'UTC', 'USD', 'US', '{}') RETURNING id`, [name],
    ))[0].id as string;
    business = await newBusiness('Summary A');
    other = await newBusiness('Summary B');
    for (let i = 0; i < 6; i++) customers.push((await db.query(`INSERT INTO customer (business_id, email) VALUES ($1, $2) RETURNING id`, [business, `s${i}@example.com`]))[0].id);
  });
  afterAll(() => db.destroy());

  const truth = (q: { query: DataSource['query'] } = db) => q.query(
    `SELECT customer_id, business_id, count(*)::int AS orders, sum(total)::text AS revenue, min(occurred_at) AS first, max(occurred_at) AS last
       FROM orders GROUP BY customer_id, business_id ORDER BY customer_id`);
  const summary = () => db.query(
    `SELECT customer_id, business_id, orders, revenue::text AS revenue, first_order_at AS first, last_order_at AS last FROM customer_order_summary ORDER BY customer_id`);
  const expectExact = async () => expect(await summary()).toEqual(await truth());
  const insertSql = `INSERT INTO orders (business_id, external_id, customer_id, total, currency, channel, occurred_at) VALUES `;
  const order = (customer: string, total: string, at: string) => {
    seq++;
    return { sql: `($1, 'o-${seq}', '${customer}', ${total}, 'USD', 'online', '${at}')` };
  };
  const insert = (...rows: { sql: string }[]) => db.query(insertSql + rows.map((r) => r.sql).join(', '), [business]);

  it('adds one order and many, with a customer repeated in one statement', async () => {
    await insert(order(customers[0], '10.10', '2026-01-05T10:00:00Z'));
    await expectExact();
    await insert(
      order(customers[0], '0.01', '2025-12-31T23:59:59Z'),
      order(customers[1], '99.99', '2026-03-01T00:00:00Z'),
      order(customers[1], '100.00', '2026-02-01T00:00:00Z'),
      order(customers[2], '5.50', '2026-02-02T00:00:00Z'),
    );
    await expectExact();
    const [row] = await db.query(`SELECT orders, revenue::text AS revenue FROM customer_order_summary WHERE customer_id = $1`, [customers[1]]);
    expect(row).toEqual({ orders: 2, revenue: '199.99' });
  });

  it('recounts updated totals, times and owners, and ignores updates to anything else', async () => {
    await db.query(`UPDATE orders SET total = total + 1 WHERE customer_id = $1`, [customers[0]]);
    await expectExact();
    await db.query(`UPDATE orders SET occurred_at = '2024-06-01T00:00:00Z' WHERE customer_id = $1 AND total = 101.00`, [customers[1]]);
    await expectExact();
    // Move every order of customer 2 to customer 3 (who had none): 2's row goes, 3's appears.
    await db.query(`UPDATE orders SET customer_id = $2 WHERE customer_id = $1`, [customers[2], customers[3]]);
    await expectExact();
    expect(await db.query(`SELECT 1 FROM customer_order_summary WHERE customer_id = $1`, [customers[2]])).toHaveLength(0);
    const before = await summary();
    await db.query(`UPDATE orders SET coupon_code = 'SAVE10', items = '[{"sku":"x"}]' WHERE business_id = $1`, [business]);
    expect(await summary()).toEqual(before);
  });

  it('recounts after deletes, and drops a customer left without orders or deleted', async () => {
    await insert(order(customers[4], '7', '2026-04-01T00:00:00Z'), order(customers[4], '8', '2026-04-02T00:00:00Z'));
    await db.query(`DELETE FROM orders WHERE customer_id = $1 AND total = 8`, [customers[4]]);
    await expectExact();
    await db.query(`DELETE FROM orders WHERE customer_id = $1`, [customers[4]]);
    await expectExact();
    await db.query(`DELETE FROM customer WHERE id = $1`, [customers[3]]);
    await expectExact();
    expect(await db.query(`SELECT 1 FROM customer_order_summary WHERE customer_id = $1`, [customers[3]])).toHaveLength(0);
  });

  it('keeps businesses apart and is rebuilt exactly', async () => {
    const [{ id: b }] = await db.query(`INSERT INTO customer (business_id, email) VALUES ($1, 'other@example.com') RETURNING id`, [other]);
    await db.query(`${insertSql} ($1, 'b-1', $2, 3, 'USD', 'online', now())`, [other, b]);
    await expectExact();
    const before = await summary();
    await db.query(`UPDATE customer_order_summary SET orders = 999 WHERE business_id = $1`, [business]);
    await db.query(`SELECT customer_order_summary_rebuild($1)`, [business]);
    expect(await summary()).toEqual(before);
  });

  it('equals the grouped orders after a random sequence of inserts, updates and deletes', async () => {
    let state = 42;
    const random = () => (state = (state * 1_103_515_245 + 12_345) % 2_147_483_648) / 2_147_483_648;
    const pick = () => customers[Math.floor(random() * 3)]; // customers 0-2 (3 and 4 are gone or empty)
    const when = () => new Date(Date.UTC(2025, 0, 1) + Math.floor(random() * 500) * 86_400_000).toISOString();
    for (let step = 0; step < 60; step++) {
      const r = random();
      if (r < 0.5) {
        await insert(...Array.from({ length: 1 + Math.floor(random() * 4) }, () => order(pick(), (random() * 200).toFixed(2), when())));
      } else if (r < 0.7) {
        await db.query(`UPDATE orders SET total = total + 1.25, occurred_at = occurred_at - interval '3 days' WHERE business_id = $1 AND customer_id = $2`, [business, pick()]);
      } else if (r < 0.85) {
        await db.query(`UPDATE orders SET customer_id = $2 WHERE id IN (SELECT id FROM orders WHERE business_id = $1 ORDER BY external_id LIMIT 2)`, [business, pick()]);
      } else {
        await db.query(`DELETE FROM orders WHERE id IN (SELECT id FROM orders WHERE business_id = $1 AND customer_id = $2 ORDER BY occurred_at LIMIT 1)`, [business, pick()]);
      }
    }
    await expectExact();
  });

  it('counts concurrent writers on one customer exactly, whichever locks first', async () => {
    const connect = async () => {
      const c = new Client({ connectionString: url });
      await c.connect();
      return c;
    };
    const [t1, t2] = [await connect(), await connect()];
    try {
      const x = customers[5];
      await insert(order(x, '10', '2026-05-01T00:00:00Z'));
      const add = (c: Client, ext: string, total: number) => c.query(`${insertSql} ($1, $2, $3, $4, 'USD', 'online', '2026-05-02T00:00:00Z')`, [business, ext, x, total]);
      const reprice = (c: Client) => c.query(`UPDATE orders SET total = total * 2 WHERE business_id = $1 AND customer_id = $2`, [business, x]);
      const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

      // The insert first: the recount waits for it, then counts it.
      await t1.query('BEGIN');
      await add(t1, 'c-1', 5);
      await t2.query('BEGIN');
      const waiting = reprice(t2);
      await sleep(150);
      await t1.query('COMMIT');
      await waiting;
      await t2.query('COMMIT');
      await expectExact();

      // The recount first: the insert waits for it, then adds to the recounted figures.
      await t2.query('BEGIN');
      await reprice(t2);
      await t1.query('BEGIN');
      const adding = add(t1, 'c-2', 7);
      await sleep(150);
      await t2.query('COMMIT');
      await adding;
      await t1.query('COMMIT');
      await expectExact();
      const [row] = await db.query(`SELECT orders, revenue::text AS revenue FROM customer_order_summary WHERE customer_id = $1`, [x]);
      // The first reprice could not see the uncommitted 5: 10 × 2 + 5 = 25; then × 2 = 50, + 7 = 57.
      expect(row).toEqual({ orders: 3, revenue: '57.00' });
    } finally {
      await t1.end();
      await t2.end();
    }
  });

  it('is emptied with the orders', async () => {
    await db.query('TRUNCATE orders CASCADE');
    expect(await summary()).toEqual([]);
  });
});
