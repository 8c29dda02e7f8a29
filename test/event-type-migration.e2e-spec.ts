import type { DataSource } from 'typeorm';
import { EventTypeName1765800000000 } from '../libs/core/src/database/migrations/1765800000000-event-type-name';
import { openTestDataSource } from './support/test-database';

/** Definitions stored before issue 17 say `name` for an event's type; the migration rewrites them to `eventType`. */
describe('migration EventTypeName1765800000000', () => {
  let db: DataSource;
  let businessId: string;

  const OLD_SEGMENT = {
    all: [
      { type: 'event', name: 'visit', within: 'P30D' },
      { not: { any: [{ type: 'event', name: 'cart_abandoned', eventType: 'kept' }, { type: 'tag', tag: 'name', present: true }] } },
    ],
  };
  const OLD_CAMPAIGN = {
    name: 'Old campaign',
    trigger: { type: 'event', name: 'cart_abandoned', where: [{ field: 'name', op: 'eq', value: 'x' }] },
    goal: { type: 'event', name: 'purchase', within: 'P7D' },
    entry: { type: 'event', name: 'visit' },
    steps: [
      { id: 'b', type: 'branch', condition: { any: [{ type: 'event', name: 'opened', sinceEnrollment: true }] }, yes: 'u', no: 'u' },
      // An update step's attribute values are data, not rules: left alone even when they look like an event condition.
      { id: 'u', type: 'update', attributes: { set: { last: { type: 'event', name: 'stay' } } } },
    ],
  };
  const NEW_SEGMENT = {
    all: [
      { type: 'event', eventType: 'visit', within: 'P30D' },
      { not: { any: [{ type: 'event', name: 'cart_abandoned', eventType: 'kept' }, { type: 'tag', tag: 'name', present: true }] } },
    ],
  };
  const NEW_CAMPAIGN = {
    ...OLD_CAMPAIGN,
    trigger: { type: 'event', eventType: 'cart_abandoned', where: [{ field: 'name', op: 'eq', value: 'x' }] },
    goal: { type: 'event', eventType: 'purchase', within: 'P7D' },
    entry: { type: 'event', eventType: 'visit' },
    steps: [{ ...OLD_CAMPAIGN.steps[0], condition: { any: [{ type: 'event', eventType: 'opened', sinceEnrollment: true }] } }, OLD_CAMPAIGN.steps[1]],
  };

  beforeAll(async () => {
    ({ dataSource: db } = await openTestDataSource());
    [{ id: businessId }] = await db.query(`INSERT INTO business (name, timezone, currency, country, address) VALUES ('Old', 'UTC', 'USD', 'US', '{}') RETURNING id`);
  });
  afterAll(() => db.destroy());

  async function stored(): Promise<{ segment: unknown; campaign: unknown }> {
    const [{ definition: segment }] = await db.query(`SELECT definition FROM segment WHERE business_id = $1`, [businessId]);
    const [{ definition: campaign }] = await db.query(`SELECT v.definition FROM campaign_version v WHERE v.business_id = $1`, [businessId]);
    return { segment, campaign };
  }

  it('rewrites name to eventType in rule positions only, and back down', async () => {
    await db.query(`INSERT INTO segment (business_id, name, definition) VALUES ($1, 'Old segment', $2)`, [businessId, JSON.stringify(OLD_SEGMENT)]);
    const [{ id: campaignId }] = await db.query(
      `INSERT INTO campaign (business_id, name, trigger_type, trigger_key) VALUES ($1, 'Old campaign', 'event', 'cart_abandoned') RETURNING id`, [businessId],
    );
    await db.query(`INSERT INTO campaign_version (campaign_id, version, business_id, definition) VALUES ($1, 1, $2, $3)`, [campaignId, businessId, JSON.stringify(OLD_CAMPAIGN)]);

    const migration = new EventTypeName1765800000000();
    const runner = db.createQueryRunner();
    try {
      await migration.up(runner);
      expect(await stored()).toEqual({ segment: NEW_SEGMENT, campaign: NEW_CAMPAIGN });
      await migration.up(runner);
      expect(await stored()).toEqual({ segment: NEW_SEGMENT, campaign: NEW_CAMPAIGN });
      await migration.down(runner);
      // A node that had both keeps its eventType and its name, so down leaves it as it was.
      expect(await stored()).toEqual({ segment: OLD_SEGMENT, campaign: OLD_CAMPAIGN });
    } finally {
      await runner.release();
    }
  });
});
