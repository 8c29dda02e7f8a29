import { Logger } from '@nestjs/common';
import { SchedulerRegistry } from '@nestjs/schedule';
import { Test, type TestingModule } from '@nestjs/testing';
import { CronJob } from 'cron';
import { JobLock, Metrics, type AloneResult } from '@localreach/core';
import { DatabaseState, PASS_BACKOFF, type PassBackoffPolicy } from './database-state';
import { JobRuns } from './job-runs';

const refused = () => Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:5432'), { code: 'ECONNREFUSED' });
const POLICY: PassBackoffPolicy = { baseMs: 1_000, maxMs: 8_000, random: () => 0.5 };

/** A promise and the function that settles it. */
function gate(): { opened: Promise<void>; open: () => void } {
  let open: () => void = () => undefined;
  const opened = new Promise<void>((resolve) => (open = resolve));
  return { opened, open };
}

/** The cluster lock as another worker process might hold it. */
class FakeLock {
  heldElsewhere = false;
  async runAlone<T>(_name: string, work: () => Promise<T>): Promise<AloneResult<T>> {
    return this.heldElsewhere ? { ran: false } : { ran: true, value: await work() };
  }
}

describe('JobRuns: every job run goes through it', () => {
  let module: TestingModule;
  let runs: JobRuns;
  let lock: FakeLock;
  let registry: SchedulerRegistry;
  let logs: { level: string; text: string }[];
  let finished: jest.SpyInstance;

  beforeEach(async () => {
    logs = [];
    lock = new FakeLock();
    module = await Test.createTestingModule({
      providers: [JobRuns, DatabaseState, SchedulerRegistry, { provide: JobLock, useValue: lock }, { provide: PASS_BACKOFF, useValue: POLICY }, Metrics],
    }).compile();
    for (const level of ['log', 'warn', 'error'] as const) {
      jest.spyOn(Logger.prototype, level).mockImplementation((...args: unknown[]) => void logs.push({ level, text: String(args[0]) }));
    }
    runs = module.get(JobRuns);
    registry = module.get(SchedulerRegistry);
    finished = jest.spyOn(runs, 'finished');
  });
  afterEach(async () => {
    await runs.beforeApplicationShutdown();
    jest.restoreAllMocks();
  });

  it('a run that works: its value, and finished(job, "ok", seconds) once', async () => {
    expect(await runs.run('spend', async () => 42)).toEqual({ outcome: 'ok', value: 42 });
    expect(finished.mock.calls).toEqual([['spend', 'ok', expect.any(Number)]]);
    expect(finished.mock.calls[0][2]).toBeGreaterThanOrEqual(0);
    expect(logs).toEqual([]);
  });

  it('failures: one line each with the count in a row (per series), finished(…, "failed"), never thrown; a run that works resets the count', async () => {
    const boom = async () => {
      throw new Error('boom');
    };
    expect(await runs.run('spend', boom)).toEqual({ outcome: 'failed', failures: 1, retryMs: undefined });
    expect(await runs.run('spend', boom)).toMatchObject({ failures: 2 });
    expect(await runs.run('delivery', boom, { series: 'claim:delivery:lane-1', retryMs: (n) => n * 500 })).toEqual({ outcome: 'failed', failures: 1, retryMs: 500 });
    await runs.run('spend', async () => 0);
    expect(await runs.run('spend', boom)).toMatchObject({ failures: 1 });
    expect(logs).toEqual([
      { level: 'error', text: 'spend failed (1 in a row, next run on its schedule): boom' },
      { level: 'error', text: 'spend failed (2 in a row, next run on its schedule): boom' },
      { level: 'error', text: 'claim:delivery:lane-1 failed (1 in a row, next in 0.5 s): boom' },
      { level: 'error', text: 'spend failed (1 in a row, next run on its schedule): boom' },
    ]);
    expect(finished.mock.calls.map(([job, outcome]) => `${job} ${outcome}`)).toEqual(['spend failed', 'spend failed', 'delivery failed', 'spend ok', 'spend failed']);
    expect(runs.summary().get('spend')).toMatchObject({ runs: 4, failed: 3, skipped: 0, last: { outcome: 'failed' } });
  });

  it('the database away: logged once when it goes and once when a run works again, whatever the job', async () => {
    const away = async () => {
      throw refused();
    };
    await runs.run('spend', away);
    await runs.run('geocoding', away);
    await runs.run('spend', away);
    await runs.run('geocoding', async () => 0);
    await runs.run('spend', async () => 0);
    expect(logs.map((l) => l.level)).toEqual(['warn', 'log']);
    expect(logs[0].text).toMatch(/^database unreachable \(connect ECONNREFUSED/);
    expect(logs[1].text).toMatch(/^database reachable again after/);
    expect(finished.mock.calls.map(([, outcome]) => outcome)).toEqual(['failed', 'failed', 'failed', 'ok', 'ok']);
  });

  it('exclusive: another process holding the job skips the run without calling it', async () => {
    const work = jest.fn(async () => 1);
    lock.heldElsewhere = true;
    expect(await runs.run('experiment-winners', work, { exclusive: true })).toEqual({ outcome: 'skipped' });
    lock.heldElsewhere = false;
    expect(await runs.run('experiment-winners', work, { exclusive: true })).toEqual({ outcome: 'ok', value: 1 });
    expect(work).toHaveBeenCalledTimes(1);
    expect(finished.mock.calls.map(([job, outcome]) => `${job} ${outcome}`)).toEqual(['experiment-winners skipped', 'experiment-winners ok']);
  });

  it('shutdown: waits for the runs in flight, aborts the signal, stops the cron jobs, and starts no run after', async () => {
    const cron = CronJob.from({ cronTime: '* * * * * *', onTick: () => undefined, start: true, waitForCompletion: true });
    registry.addCronJob('every-second', cron);
    const { opened, open } = gate();
    let ended = false;
    const inFlight = runs.run('slow', async () => {
      await opened;
      ended = true;
    });
    let stopped = false;
    const stopping = runs.beforeApplicationShutdown().then(() => (stopped = true));
    await new Promise((resolve) => setImmediate(resolve));
    expect({ aborted: runs.signal.aborted, cronActive: cron.isActive, running: runs.running, stopped }).toEqual({ aborted: true, cronActive: false, running: 1, stopped: false });
    const late = jest.fn(async () => 0);
    expect(await runs.run('late', late)).toEqual({ outcome: 'skipped' });
    open();
    await stopping;
    expect({ ended, stopped, running: runs.running }).toEqual({ ended: true, stopped: true, running: 0 });
    expect(await inFlight).toEqual({ outcome: 'ok', value: undefined });
    expect(late).not.toHaveBeenCalled();
    expect(finished.mock.calls.map(([job]) => job)).toEqual(['slow']);
  });
});
