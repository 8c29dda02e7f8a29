import { SchedulerRegistry } from '@nestjs/schedule';
import { Test, type TestingModule } from '@nestjs/testing';
import { ExperimentsModule } from '../libs/analytics/src';
import { JourneyService, TriggerService } from '../libs/campaigns/src';
import { CLOCK, CoreModule, JobLock, type Clock } from '../libs/core/src';
import { DatabaseState, passBackoffProvider } from '../apps/worker/src/database-state';
import { ExperimentWinnersJob } from '../apps/worker/src/experiment-winners.job';
import { JobRuns } from '../apps/worker/src/job-runs';
import { bearer, signUpBusiness, startApi, type ApiHarness } from './support/api-harness';
import { ManualClock } from './support/delivery-harness';
import { expectError, expectStatus } from './support/e2e-helpers';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

/**
 * Automatic A/B winner: the worker's job, on a manual clock shared with the API and the journey
 * runner, records nothing before the minimum duration, then records the winner with its
 * numbers; every later arrival at the split gets the winner, earlier ones keep their variant.
 */
describe('automatic A/B winner', () => {
  let api: ApiHarness;
  let worker: TestingModule;
  let key: string;
  const clock = new ManualClock('2026-05-04T15:00:00Z');
  const post = (path: string, body: unknown) => api.http().post(path).set(bearer(key)).send(body as object);

  beforeAll(async () => {
    api = await startApi();
    api.app.get<Clock>(CLOCK).now = () => clock.now();
    // The worker's job, not scheduled: the test runs it by hand.
    worker = await Test.createTestingModule({ imports: [CoreModule.forRoot(api.config, 'test-worker'), ExperimentsModule], providers: [ExperimentWinnersJob, JobRuns, JobLock, SchedulerRegistry, DatabaseState, passBackoffProvider] })
      .overrideProvider(CLOCK).useValue(clock)
      .compile();
    ({ apiKey: key } = await signUpBusiness(api));
  });
  afterAll(async () => {
    await worker.close();
    await api.close();
  });

  async function runJourneys(): Promise<void> {
    for (let i = 0; i < 10; i++) if ((await api.app.get(TriggerService).drainInbox(500)) + (await api.app.get(JourneyService).runDue(500)) === 0) return;
  }

  async function enrol(prefix: string, n: number): Promise<void> {
    const emails = Array.from({ length: n }, (_, i) => `${prefix}${i}@example.com`);
    for (const email of emails) await post('/v1/customers', { email });
    expect((await post('/v1/events', { events: emails.map((email) => ({ type: 'try_ab', customer: { email } })) })).body.accepted).toBe(n);
    await runJourneys();
  }

  /** [email, variant] of the enrolments whose customer's email starts with the prefix. */
  const variantsOf = async (campaignId: string, prefix: string): Promise<[string, string][]> =>
    (await api.dataSource.query<{ email: string; v: string }[]>(
      `SELECT c.email, e.variants->>'ab' AS v FROM enrollment e JOIN customer c ON c.id = e.customer_id WHERE e.campaign_id = $1 AND c.email LIKE $2 ORDER BY c.email`,
      [campaignId, `${prefix}%`],
    )).map((r) => [r.email, r.v]);

  async function campaign(autoWinner: unknown) {
    const template = (await post('/v1/templates', { name: 'T', channel: 'email', subject: 'Hi', html: '<p>Hi</p>' })).body.id;
    return post('/v1/campaigns', {
      name: 'Auto AB',
      trigger: { type: 'event', eventType: 'try_ab' },
      steps: [
        { id: 'ab', type: 'split', branches: [{ name: 'A', weight: 1, next: 'a' }, { name: 'B', weight: 1, next: 'b' }], autoWinner },
        { id: 'a', type: 'email', templateId: template },
        { id: 'b', type: 'email', templateId: template },
      ],
    });
  }

  it('is validated on save: never on open rate', async () => {
    expectError(await campaign({ metric: 'open_rate', confidence: 2, expectedLift: 5 }), 422, ['steps[0].autoWinner.metric', 'steps[0].autoWinner.confidence', 'steps[0].autoWinner.expectedLift']);
  });

  it("fills what a rule leaves out from the business's A/B defaults when saved, and keeps it when the defaults change later", async () => {
    const patch = (body: unknown) => api.http().patch('/v1/settings').set(bearer(key)).send(body as object);
    expectError(await patch({ experiments: { metric: 'open_rate', minDuration: 'P2M' } }), 422, ['experiments.metric', 'experiments.minDuration']);
    const set = await patch({ experiments: { metric: 'click_rate', confidence: 0.9, minDuration: 'P14D' } });
    expectStatus(set, 200);
    expect(set.body.experiments).toEqual({ metric: 'click_rate', confidence: 0.9, minSamplePerVariant: 100, minDuration: 'P14D' });
    const created = await campaign({ minSamplePerVariant: 250 });
    expectStatus(created, 201);
    const rule = { metric: 'click_rate', confidence: 0.9, minSamplePerVariant: 250, minDuration: 'P14D' };
    expect(created.body.definition.steps[0].autoWinner).toEqual(rule);
    expectStatus(await patch({ experiments: { metric: 'revenue_per_recipient', confidence: 0.99 } }), 200);
    const id = created.body.id as string;
    expect((await api.http().get(`/v1/campaigns/${id}`).set(bearer(key))).body.definition.steps[0].autoWinner).toEqual(rule);
    // Saving the campaign again keeps its rule as stored: the defaults fill only gaps.
    expectStatus(await api.http().patch(`/v1/campaigns/${id}`).set(bearer(key)).send({ name: 'Auto AB renamed' }), 200);
    expect((await api.http().get(`/v1/campaigns/${id}`).set(bearer(key))).body.definition.steps[0].autoWinner).toEqual(rule);
    const report = await api.http().get(`/v1/reports/campaigns/${id}/experiment`).set(bearer(key));
    expect(report.body.experiments[0].autoWinner).toEqual(rule);
    // A split without a rule is judged by the defaults of the moment.
    const plain = (await campaign(undefined)).body.id as string;
    expectStatus(await post(`/v1/campaigns/${plain}/activate`, {}), 200);
    await enrol('plain', 4);
    const verdict = (await api.http().get(`/v1/reports/campaigns/${plain}/experiment`).set(bearer(key))).body.experiments[0].verdict;
    expect(verdict).toMatchObject({ confidence: 0.99, winnerMetric: 'revenue_per_recipient' });
    expectStatus(await post(`/v1/campaigns/${plain}/archive`, {}), 200);
    expectStatus(await patch({ experiments: { metric: 'conversion_rate', confidence: 0.95, minDuration: 'P7D' } }), 200);
  });

  it('decides after the minimum duration and sample, records the numbers, and routes later arrivals to the winner', async () => {
    const created = await campaign({ metric: 'conversion_rate', confidence: 0.95, minSamplePerVariant: 10, minDuration: 'P2D' });
    expectStatus(created, 201);
    const id = created.body.id as string;
    expectStatus(await post(`/v1/campaigns/${id}/activate`, {}), 200);
    await enrol('early', 60);
    const early = await variantsOf(id, 'early');
    expect(early.filter(([, v]) => v === 'A').length).toBeGreaterThanOrEqual(10);
    expect(early.filter(([, v]) => v === 'B').length).toBeGreaterThanOrEqual(10);
    // Everyone given B buys within the day; nobody given A does.
    clock.advance(HOUR);
    let n = 0;
    for (const [email, v] of early) {
      if (v === 'B') expectStatus(await post('/v1/orders', { externalId: `o${(n += 1)}`, customer: { email }, total: 20, currency: 'USD', channel: 'online', occurredAt: clock.now().toISOString() }), 201);
    }
    const job = worker.get(ExperimentWinnersJob);
    await job.run();
    expect(await api.dataSource.query(`SELECT 1 FROM experiment_decision WHERE campaign_id = $1`, [id])).toHaveLength(0);
    // The look was kept, and the report continues from it, saying what it will decide while the test runs.
    const [{ state }] = await api.dataSource.query(`SELECT state FROM experiment_sequential_state WHERE campaign_id = $1 AND version = 1 AND step_id = 'ab'`, [id]);
    expect(state.conversion_rate.B).toMatchObject({ looks: 1, alpha: expect.closeTo(0.05, 12) });
    expect(state.conversion_rate.B.pValue).toBeLessThan(0.05);
    const running = (await api.http().get(`/v1/reports/campaigns/${id}/experiment`).set(bearer(key))).body.experiments[0];
    expect(running.decision).toBeNull();
    expect(running.alwaysValid).toMatchObject({ decidedBy: 'always_valid', continuedFromStoredLooks: true, recommendedWinner: 'B', reason: 'challenger_wins' });
    expect(running.alwaysValid.metrics.conversion_rate.arms[1]).toMatchObject({ key: 'B', verdict: 'winner', looks: 2 });
    clock.advance(2 * DAY);
    await job.run();
    const [decision] = await api.dataSource.query(`SELECT step_id, version, metric, winner, reason, numbers, decided_at FROM experiment_decision WHERE campaign_id = $1`, [id]);
    expect(decision).toMatchObject({ step_id: 'ab', version: 1, metric: 'conversion_rate', winner: 'B', reason: 'challenger_wins', decided_at: clock.now() });
    expect(decision.numbers.arms.map((a: { key: string; value: number }) => [a.key, a.value])).toEqual([['A', 0], ['B', 1]]);
    expect(decision.numbers.elapsedSeconds).toBeGreaterThanOrEqual(2 * 86_400);
    expect(decision.numbers.decidedBy).toBe('always_valid');
    expect(decision.numbers.arms[1].alwaysValid).toMatchObject({ verdict: 'winner', looks: 2 });
    expect(decision.numbers.arms[1].alwaysValid.low).toBeGreaterThan(0);
    await enrol('late', 12);
    expect((await variantsOf(id, 'late')).map(([, v]) => v)).toEqual(Array(12).fill('B'));
    expect(await variantsOf(id, 'early')).toEqual(early);
    const report = await api.http().get(`/v1/reports/campaigns/${id}/experiment`).set(bearer(key));
    expect(report.body.experiments[0].decision).toMatchObject({ stepId: 'ab', winner: 'B' });
    // A second run changes nothing.
    await job.run();
    expect(await api.dataSource.query(`SELECT 1 FROM experiment_decision WHERE campaign_id = $1`, [id])).toHaveLength(1);
  });
});
