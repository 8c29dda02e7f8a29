import { Injectable, Logger } from '@nestjs/common';
import { SchedulerRegistry } from '@nestjs/schedule';
import { Test, type TestingModule } from '@nestjs/testing';
import { JobLock, Metrics } from '@localreach/core';
import { DatabaseState, PASS_BACKOFF, passBackoffMs, type PassBackoffPolicy } from './database-state';
import { JobRuns } from './job-runs';
import { PollingLoop } from './polling-loop';

/** What node-postgres throws when the server is gone. */
const refused = () => Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:5432'), { code: 'ECONNREFUSED' });

/** Scripted passes: each call takes the next outcome (an error to throw, or "more work?"); records when it ran. */
@Injectable()
class ScriptedLoop extends PollingLoop {
  readonly jobName = 'scripted';
  protected readonly idleMs = 100;
  readonly ranAt: number[] = [];
  script: (Error | boolean)[] = [];
  signals: AbortSignal[] = [];
  inFlight: Promise<void> | undefined;

  protected async pass(signal: AbortSignal): Promise<boolean> {
    this.ranAt.push(Date.now());
    this.signals.push(signal);
    if (this.inFlight) await this.inFlight;
    const next = this.script.shift() ?? false;
    if (next instanceof Error) throw next;
    return next;
  }
}

const POLICY: PassBackoffPolicy = { baseMs: 1_000, maxMs: 8_000, random: () => 0.5 };

describe('passBackoffMs (full jitter, base 1 s)', () => {
  it.each([
    // failures, idle, draw, expected: draw × min(max, base·2^(failures−1)), at least the idle rest
    [1, 100, 0.5, 500],
    [2, 100, 0.5, 1_000],
    [3, 100, 0.5, 2_000],
    [4, 100, 0.5, 4_000],
    [5, 100, 0.5, 4_000], // ceiling 16 s capped at 8 s
    [40, 100, 0.5, 4_000], // no overflow far past the cap
    [3, 100, 0.999, 3_996],
    [1, 100, 0, 100], // never below the loop's own rest
    [2, 60_000, 0.5, 60_000], // a slow loop keeps its minute
  ])('after %i failure(s), idle %i ms, draw %d: %i ms', (failures, idleMs, draw, expected) => {
    expect(passBackoffMs(failures, idleMs, { ...POLICY, random: () => draw })).toBe(expected);
  });
});

describe('PollingLoop backing off', () => {
  let module: TestingModule;
  let loop: ScriptedLoop;
  let state: DatabaseState;
  let registry: SchedulerRegistry;
  let runs: JobRuns;
  let logs: { level: string; text: string }[];
  let metrics: Metrics;

  beforeEach(async () => {
    jest.useFakeTimers({ now: 0 });
    logs = [];
    module = await Test.createTestingModule({ providers: [ScriptedLoop, DatabaseState, JobRuns, SchedulerRegistry, { provide: JobLock, useValue: {} }, { provide: PASS_BACKOFF, useValue: POLICY }, { provide: Metrics, useValue: (metrics = new Metrics()) }] })
      .compile();
    for (const level of ['log', 'warn', 'error'] as const) {
      jest.spyOn(Logger.prototype, level).mockImplementation((...args: unknown[]) => void logs.push({ level, text: String(args[0]) }));
    }
    loop = module.get(ScriptedLoop);
    state = module.get(DatabaseState);
    registry = module.get(SchedulerRegistry);
    runs = module.get(JobRuns);
  });
  afterEach(async () => {
    await loop.beforeApplicationShutdown();
    jest.useRealTimers();
    jest.restoreAllMocks();
  });

  it('the database away: retries at 0.5, 1.5, 3.5, 7.5, 11.5, 15.5 s (not every 100 ms), logs going and coming back once each, then rests as usual', async () => {
    loop.script = [refused(), refused(), refused(), refused(), refused(), refused(), false];
    loop.onApplicationBootstrap();
    await jest.advanceTimersByTimeAsync(15_650);
    // Waits 500, 1000, 2000, 4000, 4000 (cap 8 s × 0.5), 4000, then the 100 ms rest after the pass that worked.
    expect(loop.ranAt).toEqual([0, 500, 1_500, 3_500, 7_500, 11_500, 15_500, 15_600]);
    expect(logs).toEqual([
      { level: 'warn', text: expect.stringMatching(/^database unreachable \(connect ECONNREFUSED 127\.0\.0\.1:5432\); passes back off up to 8 s/) },
      { level: 'log', text: 'database reachable again after 15.5 s' },
    ]);
    expect(state.reachable).toBe(true);
  });

  it('any other failure is logged on each pass, and backs off the same way; a pass that works resets the count', async () => {
    loop.script = [new Error('boom'), new Error('boom'), false, new Error('boom'), false];
    loop.onApplicationBootstrap();
    await jest.advanceTimersByTimeAsync(2_100);
    // Waits 500, 1000, then the 100 ms rest, then 500 again (the count starts over).
    expect(loop.ranAt).toEqual([0, 500, 1_500, 1_600, 2_100]);
    expect(logs).toEqual([
      { level: 'error', text: 'claim:scripted:lane-0 failed (1 in a row, next in 0.5 s): boom' },
      { level: 'error', text: 'claim:scripted:lane-0 failed (2 in a row, next in 1.0 s): boom' },
      { level: 'error', text: 'claim:scripted:lane-0 failed (1 in a row, next in 0.5 s): boom' },
    ]);
    // Every pass went through JobRuns as a run of the loop's job.
    expect(runs.summary().get('scripted')).toMatchObject({ runs: 5, failed: 3, skipped: 0, last: { outcome: 'ok' } });
    expect(state.reachable).toBe(true);
    // Each pass is a job run, by outcome.
    const body = (await metrics.render()).body;
    expect(body).toContain('localreach_job_runs_total{job="scripted",outcome="failed"} 3');
    expect(body).toContain('localreach_job_runs_total{job="scripted",outcome="ok"} 2');
    expect(body).toContain('localreach_job_duration_seconds_count{job="scripted"} 5');
  });

  it('the database back (seen by anyone, say the heartbeat) wakes a lane backing off at once', async () => {
    loop.script = [refused(), false];
    loop.onApplicationBootstrap();
    await jest.advanceTimersByTimeAsync(100); // failed at 0; the next pass is due at 500
    state.succeeded();
    await jest.advanceTimersByTimeAsync(0);
    expect(loop.ranAt).toEqual([0, 100]);
    expect(logs.map((l) => l.text)).toEqual([expect.stringMatching(/^database unreachable/), 'database reachable again after 0.1 s']);
  });

  it('wake() (another loop made work) does not cut a failure backoff short', async () => {
    loop.script = [new Error('boom'), false];
    loop.onApplicationBootstrap();
    await jest.advanceTimersByTimeAsync(100);
    loop.wake();
    await jest.advanceTimersByTimeAsync(300);
    expect(loop.ranAt).toEqual([0]);
    await jest.advanceTimersByTimeAsync(100);
    expect(loop.ranAt).toEqual([0, 500]);
  });

  it('a resting lane is a named timeout in the SchedulerRegistry; a lane in a pass has none; wake() replaces it', async () => {
    let finish: () => void = () => undefined;
    loop.onApplicationBootstrap();
    expect(registry.getTimeouts()).toEqual(['claim:scripted:lane-0']);
    loop.inFlight = new Promise((resolve) => (finish = resolve));
    await jest.advanceTimersByTimeAsync(0); // the first pass starts and waits
    expect({ timers: registry.getTimeouts(), passes: loop.ranAt.length }).toEqual({ timers: [], passes: 1 });
    loop.inFlight = undefined;
    finish();
    await jest.advanceTimersByTimeAsync(0); // no more work: rests 100 ms
    expect(registry.getTimeouts()).toEqual(['claim:scripted:lane-0']);
    await jest.advanceTimersByTimeAsync(50);
    loop.wake();
    expect(registry.getTimeouts()).toEqual(['claim:scripted:lane-0']);
    await jest.advanceTimersByTimeAsync(0);
    expect(loop.ranAt).toEqual([0, 50]);
    await loop.beforeApplicationShutdown();
    expect(registry.getTimeouts()).toEqual([]);
  });

  it('shutdown aborts the pass in flight, waits for it and starts no pass after it (not even one it asked for)', async () => {
    let finish: () => void = () => undefined;
    loop.script = [refused(), true];
    loop.onApplicationBootstrap();
    await jest.advanceTimersByTimeAsync(100); // failed at 0; the next pass is due at 500
    loop.inFlight = new Promise((resolve) => (finish = resolve));
    await jest.advanceTimersByTimeAsync(400); // the pass at 500 starts and waits
    expect(loop.ranAt).toEqual([0, 500]);
    let done = false;
    const stopped = loop.beforeApplicationShutdown().then(() => (done = true));
    await jest.advanceTimersByTimeAsync(0);
    expect({ aborted: loop.signals[1].aborted, done }).toEqual({ aborted: true, done: false });
    finish(); // it found more work
    await stopped;
    await jest.advanceTimersByTimeAsync(60_000);
    expect(loop.ranAt).toEqual([0, 500]);
    expect(jest.getTimerCount()).toBe(0);
  });
});
