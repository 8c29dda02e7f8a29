import { EnrollmentRepository, type EnrolCandidate } from '../libs/campaigns/src';
import { bearer, signUpBusiness, startApi, type ApiHarness } from './support/api-harness';
import { insertCustomer } from './support/delivery-factories';
import { expectStatus } from './support/e2e-helpers';

/**
 * A 10 % holdout once held out 0 of 19 enrolments. Now each campaign samples its holdout systematically
 * from a random start (holdout-balance): 19 enrolments hold out 1 or 2, 40 exactly 4, whether they come
 * one at a time or in parallel transactions, and each trigger still enrols once.
 */
describe('balanced holdout at small sizes', () => {
  let api: ApiHarness;
  let key: string;
  let businessId: string;

  beforeAll(async () => {
    api = await startApi();
    ({ apiKey: key, businessId } = await signUpBusiness(api));
  });
  afterAll(() => api.close());

  async function campaign(holdoutPercent: number): Promise<{ id: string; version: number }> {
    const post = (path: string, body: object) => api.http().post(path).set(bearer(key)).send(body);
    const template = await post('/v1/templates', { name: 'Hi', channel: 'email', subject: 'Hi', html: '<p>Hi</p>' });
    const created = await post('/v1/campaigns', { name: `Holdout ${holdoutPercent}`, trigger: { type: 'event', eventType: 'x' }, steps: [{ id: 'mail', type: 'email', templateId: template.body.id }], holdoutPercent });
    expectStatus(created, 201);
    return { id: created.body.id, version: created.body.version ?? 1 };
  }

  const candidateFor = (c: { id: string; version: number }, customerId: string, triggerKey: string, holdoutPercent: number): EnrolCandidate => {
    const now = new Date();
    return {
      businessId, campaignId: c.id, version: c.version, customerId, triggerKey, stepId: 'mail', nextRunAt: now, holdoutPercent, context: {},
      enrolledAt: now, anchoredAt: now, localDayEndsAt: null, goalDeadline: null, reentryAfter: null,
    };
  };

  const counts = async (campaignId: string) => (await api.dataSource.query(
    `SELECT count(*)::int AS n, count(*) FILTER (WHERE holdout)::int AS held,
            (SELECT enrolled::int FROM campaign_holdout_tally WHERE campaign_id = $1) AS tallied,
            (SELECT held::int FROM campaign_holdout_tally WHERE campaign_id = $1) AS "talliedHeld"
       FROM enrollment WHERE campaign_id = $1`, [campaignId]))[0] as { n: number; held: number; tallied: number; talliedHeld: number };

  it('19 enrolments at 10 %, one at a time: 1 or 2 held out (floor(1.9 + a random start)); 20: exactly 2', async () => {
    const c = await campaign(10);
    const repo = api.app.get(EnrollmentRepository);
    for (let i = 0; i < 19; i++) {
      const customer = await insertCustomer(api.dataSource, businessId, {});
      await api.dataSource.transaction((tx) => repo.enrol(tx, [candidateFor(c, customer, `t${i}`, 10)]));
    }
    const at19 = await counts(c.id);
    expect(at19.n).toBe(19);
    expect([1, 2]).toContain(at19.held);
    expect([at19.tallied, at19.talliedHeld]).toEqual([19, at19.held]);
    const customer = await insertCustomer(api.dataSource, businessId, {});
    await api.dataSource.transaction((tx) => repo.enrol(tx, [candidateFor(c, customer, 't19', 10)]));
    expect((await counts(c.id)).held).toBe(2);
  });

  it('40 parallel transactions at 10 %, each trigger sent twice: 40 enrolments, exactly 4 held out', async () => {
    const c = await campaign(10);
    const repo = api.app.get(EnrollmentRepository);
    const customers = await Promise.all(Array.from({ length: 40 }, () => insertCustomer(api.dataSource, businessId, {})));
    // Every trigger twice, in parallel: the second is refused by the unique trigger key, and must not count.
    await Promise.all([...customers, ...customers].map((customer, i) =>
      api.dataSource.transaction((tx) => repo.enrol(tx, [candidateFor(c, customer, `p${i % 40}`, 10)]))));
    expect(await counts(c.id)).toEqual({ n: 40, held: 4, tallied: 40, talliedHeld: 4 });
  });

  it('the campaign report says in words when the holdout is too small to estimate anything, and when it is enough', async () => {
    const c = await campaign(10);
    const repo = api.app.get(EnrollmentRepository);
    // A start of 0: the first 9 enrolments at 10 % hold nobody out, the 10th is.
    await api.dataSource.query(`INSERT INTO campaign_holdout_tally (business_id, campaign_id, phase) VALUES ($1, $2, 0)`, [businessId, c.id]);
    const enrol = async (n: number, from: number) => {
      for (let i = from; i < from + n; i++) {
        const customer = await insertCustomer(api.dataSource, businessId, {});
        await api.dataSource.transaction((tx) => repo.enrol(tx, [candidateFor(c, customer, `r${i}`, 10)]));
      }
    };
    const holdout = async () => (await api.http().get(`/v1/reports/campaigns/${c.id}`).set(bearer(key))).body.holdout;
    await enrol(3, 0);
    expect(await holdout()).toMatchObject({
      uplift: null, tooSmall: { code: 'no_holdout_yet', message: 'Nobody has been held out yet (3 enrolments messaged): there is no one to compare with.' },
    });
    await enrol(7, 3);
    expect(await holdout()).toMatchObject({
      control: { n: 1 }, tooSmall: { code: 'too_few_for_interval', message: 'Too small to estimate an interval: 9 enrolments messaged and 1 enrolment held out; at least 2 are needed in each.' },
    });
    await enrol(10, 10);
    const enough = await holdout();
    expect([enough.control.n, enough.tooSmall, enough.uplift === null]).toEqual([2, null, false]);
  });

  it('a broadcast enrols its segment in one statement and holds out exactly its share (30 at 20 %: 6)', async () => {
    const c = await campaign(20);
    const repo = api.app.get(EnrollmentRepository);
    const customers = await Promise.all(Array.from({ length: 30 }, () => insertCustomer(api.dataSource, businessId, {})));
    const enrolled = await api.dataSource.transaction((tx) => repo.enrolMembers(tx, { sql: 'SELECT id FROM customer WHERE business_id = $1 AND id = ANY($2::uuid[])', params: [businessId, customers] }, {
      campaignId: c.id, version: c.version, triggerKey: 'broadcast', stepId: 'mail', holdoutPercent: 20, enrolledAt: new Date(), goalWithin: null, reentryAfter: null, sendAt: null, businessZone: 'UTC',
    }));
    expect(enrolled).toBe(30);
    expect(await counts(c.id)).toEqual({ n: 30, held: 6, tallied: 30, talliedHeld: 6 });
  });
});
