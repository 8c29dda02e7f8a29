import { SchedulerRegistry } from '@nestjs/schedule';
import { Test } from '@nestjs/testing';
import type { DataSource } from 'typeorm';
import { WorkerModule } from '../apps/worker/src/worker.module';
import { EngagementRecorder, EngagementRetentionService } from '../libs/analytics/src';
import { EngagementRetentionRepository } from '../libs/analytics/src/retention/engagement-retention.repository';
import { CLOCK, type AppConfig, type Clock } from '../libs/core/src';
import { LocationPingRetentionService } from '../libs/geo/src';
import { LocationPingRetentionRepository } from '../libs/geo/src/pings/location-ping-retention.repository';
import { bearer, signUpBusiness } from './support/api-harness';
import { expectStatus } from './support/e2e-helpers';
import { runWorkerUntilIdle, startDeliveryHarness, type DeliveryHarness } from './support/delivery-harness';

const CHROME = 'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0.0.0 Safari/537.36';
const GMAIL_PROXY = 'Mozilla/5.0 (Windows NT 5.1; rv:11.0) Gecko Firefox/11.0 (via ggpht.com GoogleImageProxy)';
const DAY = 86_400_000;
const CUSTOMERS = 40;
const SENT_AT = '2025-01-06T15:00:00Z';
// ENGAGEMENT_RETENTION_DAYS = 395 (the default): hits before 2025-02-08 are rolled up at the first `now`, before 2025-05-11 at the second.
const FIRST_NOW = new Date('2026-03-10T00:00:00Z');
const FIRST_CUTOFF = new Date('2025-02-08T00:00:00Z');
const SECOND_NOW = new Date('2026-06-10T00:00:00Z');
const SECOND_CUTOFF = new Date('2025-05-11T00:00:00Z');

/**
 * Hits for every sent message of the business, spread over 14 months from the send: human and
 * machine opens, repeated opens on both sides of the cutoffs (a message must count once among the
 * uniques), human and machine clicks (machine-only days too, which still extend the series), an
 * unsubscribe, a bounce. k numbers the messages, so the mix is the same on every run.
 */
const SYNTHETIC_HITS_SQL = `
WITH m AS (SELECT id, sent_at, row_number() OVER (ORDER BY id)::int AS k FROM message WHERE business_id = $1 AND sent_at IS NOT NULL),
hits AS (
  SELECT id, k, 'opened' AS type, sent_at + (k % 5) * interval '1 day' + interval '2 hours' AS at, false AS machine FROM m WHERE k % 3 <> 0
  UNION ALL SELECT id, k, 'opened', sent_at + interval '1 minute', true FROM m WHERE k % 2 = 0
  UNION ALL SELECT id, k, 'opened', sent_at + interval '31 days' + k * interval '3 hours', false FROM m WHERE k % 4 = 0
  UNION ALL SELECT id, k, 'opened', sent_at + interval '300 days' + k * interval '1 hour', k % 3 = 0 FROM m WHERE k % 5 < 2
  UNION ALL SELECT id, k, 'clicked', sent_at + (k % 7) * interval '9 days' + interval '5 hours', false FROM m WHERE k % 3 <> 1
  UNION ALL SELECT id, k, 'clicked', sent_at + (k % 7) * interval '9 days' + interval '5 hours 7 minutes', false FROM m WHERE k % 6 = 2
  UNION ALL SELECT id, k, 'clicked', sent_at + interval '20 days' + interval '3 hours', true FROM m WHERE k % 6 = 0
  UNION ALL SELECT id, k, 'clicked', sent_at + interval '100 days', true FROM m WHERE k = 1
  UNION ALL SELECT id, k, 'unsubscribed', sent_at + interval '2 days', false FROM m WHERE k % 11 = 0
  UNION ALL SELECT id, k, 'bounced', sent_at + interval '10 minutes', false FROM m WHERE k % 13 = 0)
INSERT INTO engagement (business_id, message_id, customer_id, campaign_id, step_id, variant, type, occurred_at, machine, machine_reason, properties)
SELECT g.business_id, g.id, g.customer_id, g.campaign_id, g.step_id, g.variant, h.type, h.at, h.machine,
       CASE WHEN h.machine THEN 'proxy_user_agent' END, NULL
  FROM hits h JOIN message g ON g.id = h.id`;

type Figures = Record<string, unknown>;

/**
 * Retention end to end: a business with two campaigns (one an A/B split with a holdout) sent
 * through the real SMTP server, real opens and clicks through the tracking endpoints plus 14 months
 * of synthetic hits, and orders credited to clicks. Every report that reads engagement (campaign
 * report JSON and its CSV parts, experiment report JSON and CSV, campaign list, overview, segment
 * previews on opens and clicks in a window) gives the same figures after the job rolled up and
 * pruned part of the hits, again after a second run, and after two runs at once.
 */
describe('retention', () => {
  let h: DeliveryHarness;
  let key: string;
  let businessId: string;
  let campaignIds: string[];
  let db: DataSource;
  let engagement: EngagementRetentionService;
  let before: Figures;

  const get = (path: string, k = key) => h.api.http().get(path).set(bearer(k));
  const post = (path: string, body: unknown, k = key) => h.api.http().post(path).set(bearer(k)).send(body as object);
  const config = (): AppConfig => h.config;

  async function figures(): Promise<Figures> {
    const out: Figures = {};
    const read = async (name: string, path: string) => {
      const res = await get(path);
      expectStatus(res, 200);
      out[name] = res.headers['content-type']?.startsWith('text/csv') ? res.text : res.body;
    };
    for (const id of campaignIds) {
      await read(`campaign ${id}`, `/v1/reports/campaigns/${id}`);
      for (const part of ['funnel', 'holdout', 'series']) await read(`campaign ${id} csv ${part}`, `/v1/reports/campaigns/${id}?format=csv&part=${part}`);
    }
    await read('experiment', `/v1/reports/campaigns/${campaignIds[0]}/experiment`);
    await read('experiment csv', `/v1/reports/campaigns/${campaignIds[0]}/experiment?format=csv`);
    await read('campaign list', '/v1/campaigns');
    await read('overview', '/v1/reports/overview?from=2025-01-01T00:00:00Z&to=2026-03-01T00:00:00Z&granularity=month');
    await read('overview csv', '/v1/reports/overview?from=2025-01-01T00:00:00Z&to=2026-03-01T00:00:00Z&format=csv');
    for (const [action, within] of [['opened', 'P400D'], ['opened', 'P2Y'], ['clicked', 'P400D'], ['clicked', 'P300D']]) {
      for (const campaignId of [undefined, campaignIds[0]]) {
        const res = await post('/v1/segments/preview', { definition: { type: 'engagement', action, within, ...(campaignId ? { campaignId } : {}) } });
        expectStatus(res, 200);
        out[`segment ${action} ${within} ${campaignId ?? 'any'}`] = { count: res.body.count, sample: res.body.sample.map((c: { id: string }) => c.id).sort() };
      }
    }
    return out;
  }

  const rawOlderThan = async (cutoff: Date) => {
    const [row] = await db.query(`SELECT count(*)::int AS n FROM engagement WHERE business_id = $1 AND occurred_at < $2 AND type <> 'converted'`, [businessId, cutoff]);
    return row.n as number;
  };

  beforeAll(async () => {
    h = await startDeliveryHarness(SENT_AT);
    h.api.app.get<Clock>(CLOCK).now = () => h.clock.now();
    db = h.db;
    engagement = new EngagementRetentionService(new EngagementRetentionRepository(db), config());
    ({ apiKey: key, businessId } = await signUpBusiness(h.api, { name: 'Elm Street Bakery' }));
    const template = async (name: string) => {
      const res = await post('/v1/templates', { name, channel: 'email', subject: `${name} for you`, html: `<p>${name}</p><a href="https://shop.example/menu">Menu</a>` });
      expectStatus(res, 201);
      return res.body.id as string;
    };
    const [a, b, c] = [await template('Croissants'), await template('Baguettes'), await template('Scones')];
    const ab = await post('/v1/campaigns', {
      name: 'Spring A/B',
      trigger: { type: 'event', eventType: 'spring' },
      steps: [
        { id: 'ab', type: 'split', branches: [{ name: 'A', weight: 1, next: 'mail-a' }, { name: 'B', weight: 1, next: 'mail-b' }] },
        { id: 'mail-a', type: 'email', templateId: a },
        { id: 'mail-b', type: 'email', templateId: b },
      ],
      holdoutPercent: 20,
    });
    const plain = await post('/v1/campaigns', { name: 'Scones', trigger: { type: 'event', eventType: 'scones' }, steps: [{ id: 'mail', type: 'email', templateId: c }] });
    campaignIds = [ab.body.id, plain.body.id];
    for (const id of campaignIds) expectStatus(await post(`/v1/campaigns/${id}/activate`, {}), 200);
    const emails = Array.from({ length: CUSTOMERS }, (_, i) => `guest${i}@example.com`);
    for (const email of emails) expectStatus(await post('/v1/customers', { email }), 201);
    const events = emails.flatMap((email, i) => [{ type: 'spring', customer: { email } }, ...(i % 2 === 0 ? [{ type: 'scones', customer: { email } }] : [])]);
    expect((await post('/v1/events', { events })).body.accepted).toBe(events.length);
    await runWorkerUntilIdle(h);

    // Real hits an hour after the send: a person clicks twice, Gmail's proxy fetches another mail's pixel.
    h.clock.advance(3_600_000);
    const mails = h.smtp.messages.filter((m) => m.envelopeTo.some((to) => emails.includes(to)));
    const click = /\/t\/c\/[\w-]+/.exec(String(mails[0].html))![0];
    for (let i = 0; i < 2; i++) expect((await h.api.http().get(click).set('User-Agent', CHROME).redirects(0)).status).toBe(302);
    const pixel = /\/t\/o\/[\w-]+/.exec(String(mails[1].html))![0];
    expect((await h.api.http().get(pixel).set('User-Agent', GMAIL_PROXY)).status).toBe(200);
    await h.api.app.get(EngagementRecorder).flush();

    await db.query(SYNTHETIC_HITS_SQL, [businessId]);
    // Orders an hour after some human clicks, on both sides of the cutoffs: credited to those clicks while they are raw.
    const buyers = await db.query<{ email: string; at: Date }[]>(
      `SELECT DISTINCT ON (c.email) c.email, e.occurred_at + interval '1 hour' AS at
         FROM engagement e JOIN customer c ON c.id = e.customer_id
        WHERE e.business_id = $1 AND e.type = 'clicked' AND NOT e.machine ORDER BY c.email, e.occurred_at DESC`,
      [businessId],
    );
    for (const [i, buyer] of buyers.filter((_, i) => i % 3 === 0).entries()) {
      h.clock.set(buyer.at);
      const res = await post('/v1/orders', { externalId: `pos-${i}`, customer: { email: buyer.email }, total: 10 + i * 2.5, currency: 'USD', channel: 'online', occurredAt: buyer.at.toISOString() });
      expectStatus(res, 201);
    }
    h.clock.set(FIRST_NOW);
    const [{ n }] = await db.query(`SELECT count(*)::int AS n FROM engagement WHERE business_id = $1 AND type = 'converted'`, [businessId]);
    expect(n).toBeGreaterThan(3);
    before = await figures();
  }, 240_000);
  afterAll(() => h?.close());

  it('rolls up and prunes the hits past the age; every report and segment gives the same figures', async () => {
    const old = await rawOlderThan(FIRST_CUTOFF);
    // How many depends on who the 20 % holdout drew (random), so only a floor: enough to span several batches of 50.
    expect(old).toBeGreaterThan(50);
    const run = await engagement.rollUpAndPruneEngagement(FIRST_NOW, 50);
    expect(run.before).toEqual(FIRST_CUTOFF);
    expect(run.moved).toBe(old);
    expect(await rawOlderThan(FIRST_CUTOFF)).toBe(0);
    const [{ rolled }] = await db.query(`SELECT sum(hits)::int AS rolled FROM engagement_message_rollup WHERE business_id = $1`, [businessId]);
    expect(rolled).toBe(old);
    expect(await new EngagementRetentionRepository(db).watermark(businessId)).toEqual(FIRST_CUTOFF);
    // Some of the raw hits left belong to messages that also have rolled-up hits of the same type: the uniques must count them once.
    const [{ both }] = await db.query(
      `SELECT count(*)::int AS both FROM engagement_message_rollup r
        WHERE r.business_id = $1 AND EXISTS (SELECT 1 FROM engagement e WHERE e.message_id = r.message_id AND e.type = r.type)`,
      [businessId],
    );
    expect(both).toBeGreaterThan(0);
    expect(await figures()).toEqual(before);
  });

  it('a second run moves nothing and changes nothing', async () => {
    const run = await engagement.rollUpAndPruneEngagement(FIRST_NOW, 50);
    expect(run.moved).toBe(0);
    expect(await figures()).toEqual(before);
  });

  it('two runs at once, on two connections, move every hit once', async () => {
    const old = await rawOlderThan(SECOND_CUTOFF);
    expect(old).toBeGreaterThan(20);
    const [{ rolled: rolledBefore }] = await db.query(`SELECT sum(hits)::int AS rolled FROM engagement_message_rollup WHERE business_id = $1`, [businessId]);
    const runs = await Promise.all([engagement.rollUpAndPruneEngagement(SECOND_NOW, 7), engagement.rollUpAndPruneEngagement(SECOND_NOW, 7)]);
    expect(runs[0].moved + runs[1].moved).toBe(old);
    expect(await rawOlderThan(SECOND_CUTOFF)).toBe(0);
    const [{ rolled }] = await db.query(`SELECT sum(hits)::int AS rolled FROM engagement_message_rollup WHERE business_id = $1`, [businessId]);
    expect(rolled - rolledBefore).toBe(old);
    expect(await figures()).toEqual(before);
  });

  it('deletes location pings past their age, every business alike, and keeps the newer ones', async () => {
    const other = await signUpBusiness(h.api, { name: 'Oak Avenue Deli' });
    const pingAge = config().retention.locationPingDays;
    const now = new Date('2026-03-10T12:00:00Z');
    const ages = [pingAge + 5, pingAge + 0.01, pingAge - 0.01, 1];
    for (const [k, business] of [[key, businessId], [other.apiKey, other.businessId]]) {
      const customer = await post('/v1/customers', { email: 'walker@example.com' }, k);
      expectStatus(customer, 201);
      await db.query(
        `INSERT INTO location_ping (business_id, customer_id, lat, lng, occurred_at)
         SELECT $1, $2, 41.88, -87.63, $3::timestamptz - a * interval '1 day' FROM unnest($4::float8[]) a`,
        [business, customer.body.id, now, ages],
      );
    }
    const pings = new LocationPingRetentionService(new LocationPingRetentionRepository(db), config());
    const deleted = await Promise.all([pings.deleteOldLocationPings(now, 1), pings.deleteOldLocationPings(now, 1)]);
    expect(deleted[0] + deleted[1]).toBe(4);
    const left = await db.query<{ business_id: string; n: number }[]>(
      `SELECT business_id, count(*)::int AS n FROM location_ping WHERE business_id = ANY($1::uuid[]) AND occurred_at >= $2 GROUP BY 1 ORDER BY 1`,
      [[businessId, other.businessId], new Date(now.getTime() - pingAge * DAY)],
    );
    expect(left.map((r) => r.n)).toEqual([2, 2]);
    const [{ n }] = await db.query(`SELECT count(*)::int AS n FROM location_ping WHERE business_id = ANY($1::uuid[])`, [[businessId, other.businessId]]);
    expect(n).toBe(4);
    expect(await pings.deleteOldLocationPings(now)).toBe(0);
  });

  it('the worker registers both as named cron jobs', async () => {
    const worker = await Test.createTestingModule({ imports: [WorkerModule.forRoot(h.config)] }).compile();
    await worker.init();
    try {
      const jobs = worker.get(SchedulerRegistry).getCronJobs();
      expect([...jobs.keys()]).toEqual(expect.arrayContaining(['engagement-retention', 'location-ping-retention']));
    } finally {
      await worker.close();
    }
  });
});
