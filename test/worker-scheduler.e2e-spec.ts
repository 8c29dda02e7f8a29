import { SchedulerRegistry } from '@nestjs/schedule';
import { Test, type TestingModule } from '@nestjs/testing';
import { ExperimentDecisionService } from '../libs/analytics/src';
import { DeliveryService } from '../libs/campaigns/src/delivery';
import { loadConfig } from '../libs/core/src';
import { JobRuns } from '../apps/worker/src/job-runs';
import { WorkerModule } from '../apps/worker/src/worker.module';
import { createTestDatabase } from './support/test-database';

const CRON_JOBS = ['aged-segments', 'audit-retention', 'engagement-retention', 'experiment-winners', 'geocoding', 'location-ping-retention', 'message-spend'];
const CLAIM_TIMERS = [
  'claim:delivery:lane-0', 'claim:delivery:lane-1', 'claim:journey:lane-0', 'claim:scheduled-trigger:lane-0',
  'claim:stale-segments:lane-0', 'claim:stale-segments:lane-1', 'claim:trigger:lane-0',
];

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function until(what: string, condition: () => boolean, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await sleep(10);
  }
}

/** A promise and the function that settles it. */
function gate(): { opened: Promise<void>; open: () => void } {
  let open: () => void = () => undefined;
  const opened = new Promise<void>((resolve) => (open = resolve));
  return { opened, open };
}

/**
 * The worker app as `node dist/apps/worker/src/main.js` builds it (its
 * SIGTERM handler calls the same close()), on a fresh database, with the
 * experiment job every second and its work (and, for one test, delivery's)
 * replaced by a stand-in that records when it runs.
 */
describe('the worker on @nestjs/schedule', () => {
  let databaseUrl: string;
  const apps: TestingModule[] = [];
  beforeAll(async () => {
    databaseUrl = await createTestDatabase();
  });
  afterEach(async () => {
    for (const app of apps.splice(0)) await app.close();
  });

  async function startWorker(decideRunning: () => Promise<number>, delivery?: Partial<DeliveryService>): Promise<TestingModule> {
    const config = loadConfig({ NODE_ENV: 'test', DATABASE_URL: databaseUrl, LOG_LEVEL: 'silent', WORKER_CRON_EXPERIMENT_WINNERS: '* * * * * *' });
    let builder = Test.createTestingModule({ imports: [WorkerModule.forRoot(config)] }).overrideProvider(ExperimentDecisionService).useValue({ decideRunning });
    if (delivery) builder = builder.overrideProvider(DeliveryService).useValue(delivery);
    const app = await builder.compile();
    app.useLogger(false);
    await app.init();
    apps.push(app);
    return app;
  }

  it('its SchedulerRegistry names every timer: the cron jobs (with their configured schedule), the claim loops\' lanes, the heartbeat', async () => {
    const app = await startWorker(async () => 0);
    const registry = app.get(SchedulerRegistry);
    expect([...registry.getCronJobs().keys()].sort()).toEqual(CRON_JOBS);
    expect(String(registry.getCronJob('experiment-winners').cronTime.source)).toBe('* * * * * *');
    expect(String(registry.getCronJob('message-spend').cronTime.source)).toBe('0 * * * * *');
    expect([...registry.getCronJobs().values()].every((job) => job.isActive)).toBe(true);
    expect(registry.getIntervals()).toEqual(['heartbeat']);
    // A lane in a pass holds no timer for that moment: every lane rests most of the time on an idle database.
    await until('every claim lane resting', () => CLAIM_TIMERS.every((name) => registry.doesExist('timeout', name)));
    expect(registry.getTimeouts().sort()).toEqual(CLAIM_TIMERS);
    await app.close();
    apps.splice(0);
    expect({ cron: registry.getCronJobs().size, timeouts: registry.getTimeouts(), intervals: registry.getIntervals() }).toEqual({ cron: 0, timeouts: [], intervals: [] });
  });

  it('a cron job never overlaps itself: not in one process (a tick during a run is skipped) nor across two (the job lock)', async () => {
    let running = 0;
    let most = 0;
    const starts: string[] = [];
    const slowDecision = (worker: string) => async () => {
      starts.push(worker);
      running += 1;
      most = Math.max(most, running);
      await sleep(1_500);
      running -= 1;
      return 0;
    };
    const [a, b] = [await startWorker(slowDecision('a')), await startWorker(slowDecision('b'))];
    await until('four runs', () => starts.length >= 4, 15_000);
    await until('the last run to end', () => running === 0);
    expect(most).toBe(1);
    // Both processes fire every second; most ticks found the job running here or held there.
    const skippedElsewhere = [a, b].map((app) => app.get(JobRuns).summary().get('experiment-winners')?.skipped ?? 0);
    expect(skippedElsewhere.reduce((x, y) => x + y, 0)).toBeGreaterThan(0);
  });

  it('shutdown (SIGTERM) waits for the cron job and the claim passes in flight, then starts nothing', async () => {
    const events: string[] = [];
    const job = gate();
    const pass = gate();
    let decisions = 0;
    let passes = 0;
    const app = await startWorker(
      async () => {
        decisions += 1;
        events.push('job started');
        await job.opened;
        events.push('job ended');
        return 0;
      },
      {
        runOnce: async (_batch, stopping) => {
          passes += 1;
          if (passes === 1) {
            events.push('pass started');
            await pass.opened;
            events.push(`pass ended (stopping: ${stopping?.aborted})`);
          }
          return { claimed: 0 } as Awaited<ReturnType<DeliveryService['runOnce']>>;
        },
      },
    );
    await until('the job and a delivery pass in flight', () => events.includes('job started') && events.includes('pass started'));
    const closed = app.close().then(() => events.push('closed'));
    apps.splice(0);
    await sleep(1_200); // a second tick passes meanwhile
    expect(events).toEqual(expect.not.arrayContaining(['closed']));
    pass.open();
    await sleep(200);
    expect(events).toEqual(expect.not.arrayContaining(['closed'])); // the cron job still runs
    job.open();
    await closed;
    expect(events.filter((e) => e !== 'pass started' && e !== 'job started')).toEqual(['pass ended (stopping: true)', 'job ended', 'closed']);
    const after = { decisions, passes };
    await sleep(1_200);
    expect({ decisions, passes }).toEqual(after);
    expect(decisions).toBe(1);
  });
});
