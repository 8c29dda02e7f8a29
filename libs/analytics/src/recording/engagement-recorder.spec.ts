import { Logger } from '@nestjs/common';
import type { DataSource } from 'typeorm';
import { Metrics, type SegmentStalenessRepository } from '@localreach/core';
import { EngagementRecorder } from './engagement-recorder';
import type { EngagementRepository, EngagementRow } from './engagement.repository';
import type { MessageFacts, TrackingHit } from './engagement.types';
import type { MessageFactsCache } from './message-facts.cache';
import { DEFAULT_RECORDING_OPTIONS, type RecordingOptions } from './recording.options';

const MESSAGE = '00000000-0000-4000-8000-000000000001';
const FACTS: MessageFacts = {
  id: MESSAGE, businessId: 'b1', customerId: 'c1', campaignId: null, channel: 'email', sentAt: new Date('2026-03-10T15:00:00Z'), deliveredAt: null, links: ['https://a.example/'],
};
const UA = 'Mozilla/5.0 (iPhone; CPU iPhone OS 17_4 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Mobile/15E148';
const hit = (n: number): TrackingHit => ({ messageId: MESSAGE, type: 'opened', occurredAt: new Date(Date.parse('2026-03-10T16:00:00Z') + n), userAgent: UA, link: null, url: null });

const connectionLost = () => Object.assign(new Error('Connection terminated unexpectedly'), { code: undefined });
const invalidData = () => Object.assign(new Error('invalid byte sequence for encoding "UTF8": 0x00'), { code: '22021' });

/** A repository that fails as told and remembers what it wrote. */
class FakeRepository {
  written: EngagementRow[] = [];
  calls = 0;
  failNext: (() => Error)[] = [];
  rejectRow: ((row: EngagementRow) => boolean) | null = null;

  async insertBatch(rows: readonly EngagementRow[]): Promise<number> {
    this.calls += 1;
    const failure = this.failNext.shift();
    if (failure) throw failure();
    if (this.rejectRow && rows.some(this.rejectRow)) throw invalidData();
    this.written.push(...rows);
    return rows.length;
  }

  async flagClickBurst(): Promise<number> {
    return 0;
  }
}

function recorder(options: Partial<RecordingOptions> = {}) {
  const repository = new FakeRepository();
  const cache = { getMany: async (ids: Iterable<string>) => new Map([...ids].filter((id) => id === MESSAGE).map((id) => [id, FACTS])) };
  const staleness = { markStale: jest.fn(async () => undefined) };
  const metrics = new Metrics();
  const instance = new EngagementRecorder(
    repository as unknown as EngagementRepository,
    cache as unknown as MessageFactsCache,
    staleness as unknown as SegmentStalenessRepository,
    {} as DataSource,
    { ...DEFAULT_RECORDING_OPTIONS, flushIntervalMs: 5, retryDelayMs: [1, 5], ...options },
    metrics,
  );
  return { instance, repository, staleness, metrics };
}

const order = (rows: EngagementRow[]) => rows.map((r) => r.occurredAt.getTime() - Date.parse('2026-03-10T16:00:00Z'));

describe('EngagementRecorder', () => {
  beforeAll(() => Logger.overrideLogger(false));
  afterAll(() => Logger.overrideLogger(new Logger()));

  it('writes queued hits in one batch on its own within the flush interval, then marks the business’s segments stale', async () => {
    const { instance, repository, staleness } = recorder();
    for (let i = 0; i < 5; i++) instance.record(hit(i));
    expect(repository.calls).toBe(0);
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect([repository.calls, order(repository.written)]).toEqual([1, [0, 1, 2, 3, 4]]);
    expect(staleness.markStale).toHaveBeenCalledWith(expect.anything(), 'b1', ['engagement']);
    expect(instance.stats).toEqual({ recorded: 5, written: 5, dropped: 0, failedWrites: 0 });
  });

  it('reports its buffer depth and each batch written (rows, time) to the metrics', async () => {
    const { instance, metrics } = recorder({ flushIntervalMs: 60_000 });
    instance.onModuleInit();
    for (let i = 0; i < 3; i++) instance.record(hit(i));
    const sample = async (name: string) => Number(new RegExp(`^${name} (\\S+)$`, 'm').exec((await metrics.render()).body)?.[1]);
    expect(await sample('localreach_engagement_buffer_rows')).toBe(3);
    expect(await instance.flush()).toBe(0);
    expect(await sample('localreach_engagement_buffer_rows')).toBe(0);
    expect(await sample('localreach_engagement_rows_written_total')).toBe(3);
    expect(await sample('localreach_engagement_flush_duration_seconds_count')).toBe(1);
    await instance.onApplicationShutdown();
    instance.record(hit(9));
    // No longer watched once shut down.
    expect(await sample('localreach_engagement_buffer_rows')).toBe(0);
  });

  it('sends no implied open for a click on a message it has written an open for', async () => {
    const { instance, repository } = recorder();
    instance.record(hit(0));
    expect(await instance.flush()).toBe(0);
    instance.record({ ...hit(1), type: 'clicked', link: 0, url: FACTS.links![0] });
    expect(await instance.flush()).toBe(0);
    expect(repository.written.map((r) => [r.type, r.implied])).toEqual([['opened', false], ['clicked', false]]);
  });

  it('splits the queue into batches of batchRows', async () => {
    const { instance, repository } = recorder({ batchRows: 4 });
    for (let i = 0; i < 10; i++) instance.record(hit(i));
    expect(await instance.flush()).toBe(0);
    expect(repository.calls).toBe(3);
    expect(order(repository.written)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
  });

  it('keeps the rows of a failed write and retries them, in order, exactly once each', async () => {
    const { instance, repository } = recorder({ batchRows: 3 });
    repository.failNext = [connectionLost, connectionLost];
    for (let i = 0; i < 7; i++) instance.record(hit(i));
    expect(await instance.flush()).toBe(0);
    expect(order(repository.written)).toEqual([0, 1, 2, 3, 4, 5, 6]);
    expect(instance.stats).toMatchObject({ written: 7, dropped: 0, failedWrites: 2 });
  });

  it('drops only the row the database rejects as invalid, found by halving the batch', async () => {
    const { instance, repository } = recorder();
    repository.rejectRow = (row) => row.occurredAt.getTime() === hit(5).occurredAt.getTime();
    for (let i = 0; i < 8; i++) instance.record(hit(i));
    expect(await instance.flush()).toBe(0);
    expect(order(repository.written).sort((a, b) => a - b)).toEqual([0, 1, 2, 3, 4, 6, 7]);
    expect(instance.stats).toMatchObject({ written: 7, dropped: 1 });
  });

  it('keeps at most maxBufferedRows unwritten and drops the oldest beyond', async () => {
    const { instance, repository } = recorder({ maxBufferedRows: 3, flushIntervalMs: 60_000 });
    for (let i = 0; i < 5; i++) instance.record(hit(i));
    expect([instance.queued, instance.stats.dropped]).toEqual([3, 2]);
    expect(await instance.flush()).toBe(0);
    expect(order(repository.written)).toEqual([2, 3, 4]);
  });

  it('at shutdown, reports what a failing database kept it from writing instead of hanging', async () => {
    const { instance, repository } = recorder({ shutdownTimeoutMs: 30 });
    repository.failNext = Array.from({ length: 1000 }, () => connectionLost);
    instance.record(hit(0));
    instance.record(hit(1));
    await instance.beforeApplicationShutdown();
    expect(instance.queued).toBe(2);
    await instance.onApplicationShutdown();
    expect(instance.queued).toBe(0);
    expect(instance.stats).toMatchObject({ written: 0, dropped: 2 });
  });

  it('ends its pass before the server closes while hits keep arriving during every write, then writes them all after', async () => {
    const { instance, repository } = recorder({ batchRows: 2, flushIntervalMs: 60_000 });
    let arriving = true;
    let n = 0;
    instance.record(hit(0));
    const insert = repository.insertBatch.bind(repository);
    repository.insertBatch = async (rows) => {
      if (arriving) instance.record(hit(++n));
      return insert(rows);
    };
    await instance.beforeApplicationShutdown();
    arriving = false;
    await instance.onApplicationShutdown();
    expect(order(repository.written)).toEqual(Array.from({ length: n + 1 }, (_, i) => i));
    expect(instance.stats).toMatchObject({ written: n + 1, dropped: 0 });
  });

  it('writes what arrives between the two shutdown hooks (the HTTP server’s last requests)', async () => {
    const { instance, repository } = recorder({ flushIntervalMs: 60_000 });
    instance.record(hit(0));
    await instance.beforeApplicationShutdown();
    instance.record(hit(1));
    await instance.onApplicationShutdown();
    expect(order(repository.written)).toEqual([0, 1]);
  });
});
