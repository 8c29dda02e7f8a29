import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';
import { HttpLatencyHistogram } from './metrics-http-histogram';
import { BoundedLabel } from './metrics-labels';

/** Everything read from the database at scrape time (see OpsGaugesRepository). */
export interface DatabaseGauges {
  /** Queued, held and leased messages: state × reason → count. */
  messages: { state: string; reason: string; count: number }[];
  /** Active enrolments whose next step is due (those of a paused campaign included: they wait for it). */
  enrollmentsDue: number;
  /** Segments waiting for a refresh, and how long the oldest has waited (seconds; 0 when none). */
  staleSegments: number;
  oldestStaleSegmentSeconds: number;
}

/** Why the database figures could not be read: only `unreachable` reports the database down. */
export type GaugeFailure = 'unreachable' | 'timeout' | 'busy' | 'error';

/** A pg Pool's counters. */
export interface PoolCounts {
  total: number;
  idle: number;
  waiting: number;
}

/** How long database gauges read by one scrape serve the next ones: a scrape storm costs one read per interval. */
export const DATABASE_GAUGES_TTL_MS = 5_000;

const PREFIX = 'localreach_';
const LATENCY_BUCKETS = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];
const JOB_BUCKETS = [0.005, 0.025, 0.1, 0.5, 1, 5, 15, 60, 300];

let processMetrics: Metrics | undefined;

/**
 * The process's Prometheus metrics: one registry, named methods for what the
 * code records, so nothing else touches prom-client. No label carries a
 * business (thousands of tenants would make thousands of series per metric);
 * per-business figures are the reports' job.
 */
export class Metrics {
  readonly registry = new Registry();
  private readonly http: HttpLatencyHistogram;
  private readonly sends: Counter<'channel' | 'outcome'>;
  private readonly providerErrors: Counter<'channel' | 'kind' | 'code'>;
  private readonly providerCodes = new BoundedLabel(100);
  private readonly jobRuns: Counter<'job' | 'outcome'>;
  private readonly jobSeconds: Histogram<'job'>;
  private readonly engagementFlushSeconds: Histogram;
  private readonly engagementRows: Counter;
  private readonly databaseUp: Gauge;
  private readonly queue: Gauge<'state' | 'reason'>;
  private readonly enrollmentsDue: Gauge;
  private readonly staleSegments: Gauge;
  private readonly segmentLag: Gauge;
  private readonly engagementBuffers = new Set<() => number>();
  private readonly pools = new Map<string, () => PoolCounts>();
  private readonly gaugeFailures: Counter<'reason'>;
  private databaseReader: (() => Promise<GaugeRead>) | undefined;
  private databaseRead: { at: number; done: Promise<GaugeRead> } | undefined;

  /** The process's one instance (API and worker; in-process tests share it like the processes they stand for). */
  static forProcess(): Metrics {
    processMetrics ??= new Metrics(true);
    return processMetrics;
  }

  /** `processDefaults`: Node's own metrics (CPU, memory, event loop lag, GC), once per process. */
  constructor(processDefaults = false) {
    const registers = [this.registry];
    if (processDefaults) collectDefaultMetrics({ register: this.registry, prefix: PREFIX });
    this.http = new HttpLatencyHistogram(`${PREFIX}http_request_duration_seconds`, 'HTTP requests by route template (never the URL), method and status', LATENCY_BUCKETS);
    this.registry.registerMetric(this.http as unknown as Parameters<Registry['registerMetric']>[0]);
    this.sends = new Counter({
      name: `${PREFIX}messages_sent_total`, help: 'Messages through the provider by channel and outcome (sent, retried, failed, lost)',
      labelNames: ['channel', 'outcome'], registers,
    });
    this.providerErrors = new Counter({
      name: `${PREFIX}provider_errors_total`, help: 'Send failures by channel, kind (transient, permanent) and code: provider refusals, and failures before the provider such as TEMPLATE_NOT_FOUND',
      labelNames: ['channel', 'kind', 'code'], registers,
    });
    this.jobRuns = new Counter({ name: `${PREFIX}job_runs_total`, help: 'Worker job and pass runs by outcome (ok, failed, skipped: another worker held an exclusive job)', labelNames: ['job', 'outcome'], registers });
    this.jobSeconds = new Histogram({ name: `${PREFIX}job_duration_seconds`, help: 'Worker job and pass run time', labelNames: ['job'], buckets: JOB_BUCKETS, registers });
    this.engagementFlushSeconds = new Histogram({
      name: `${PREFIX}engagement_flush_duration_seconds`, help: 'Time to write one batch of buffered opens and clicks', buckets: LATENCY_BUCKETS, registers,
    });
    this.engagementRows = new Counter({ name: `${PREFIX}engagement_rows_written_total`, help: 'Open and click rows written', registers });
    const buffers = this.engagementBuffers;
    new Gauge({
      name: `${PREFIX}engagement_buffer_rows`, help: 'Opens and clicks waiting in memory to be written', registers,
      collect() {
        let rows = 0;
        for (const depth of buffers) rows += depth();
        this.set(rows);
      },
    });
    const pools = this.pools;
    const poolGauge = (name: string, help: string, pick: (c: PoolCounts) => number) =>
      new Gauge({
        name: `${PREFIX}database_pool_${name}`, help, labelNames: ['pool'], registers,
        collect() {
          this.reset();
          for (const [pool, counts] of pools) this.set({ pool }, pick(counts()));
        },
      });
    poolGauge('connections', 'Connections open in the pool (in use and idle)', (c) => c.total);
    poolGauge('idle', 'Idle connections in the pool', (c) => c.idle);
    poolGauge('waiting', 'Queries waiting for a free connection', (c) => c.waiting);
    this.databaseUp = new Gauge({ name: `${PREFIX}database_up`, help: '0 when the database could not be reached for the figures below, else 1', registers });
    this.gaugeFailures = new Counter({
      name: `${PREFIX}database_gauge_failures_total`, help: 'Reads of the database figures that failed, by reason (unreachable, timeout, busy, error); the figures are absent meanwhile',
      labelNames: ['reason'], registers,
    });
    this.queue = new Gauge({
      name: `${PREFIX}messages_queued`,
      help: 'Unsent messages by state and reason: due or waiting (reason queued, frequency_cap or quiet_hours: held by that rule until then), leased (active, or expired: its worker is gone)',
      labelNames: ['state', 'reason'], registers,
    });
    this.enrollmentsDue = new Gauge({ name: `${PREFIX}enrollments_due`, help: 'Active journey enrolments whose next step is due', registers });
    this.staleSegments = new Gauge({ name: `${PREFIX}segments_stale`, help: 'Segments waiting for a membership refresh', registers });
    this.segmentLag = new Gauge({ name: `${PREFIX}segment_refresh_lag_seconds`, help: 'How long the oldest stale segment has waited for its refresh', registers });
  }

  /** One HTTP request: `route` is the template (see routeLabel). */
  httpRequest(method: string, route: string, status: number, seconds: number): void {
    this.http.observe(method, route, status, seconds);
  }

  /**
   * What became of one message handed to the provider; `code` (with `kind`)
   * when the provider refused or failed. Codes are bounded (see BoundedLabel).
   */
  messageSent(channel: string, outcome: string, error?: { kind: string; code: string }): void {
    this.sends.inc({ channel, outcome });
    if (error) this.providerErrors.inc({ channel, kind: error.kind, code: this.providerCodes.value(error.code) });
  }

  /** One run of a worker job or pass. */
  jobRun(job: string, outcome: 'ok' | 'failed' | 'skipped', seconds: number): void {
    this.jobRuns.inc({ job, outcome });
    this.jobSeconds.observe({ job }, seconds);
  }

  /** One batch of opens and clicks written. */
  engagementFlushed(rows: number, seconds: number): void {
    this.engagementRows.inc(rows);
    this.engagementFlushSeconds.observe(seconds);
  }

  /** Reports a buffer's depth at every scrape until the returned function is called. */
  watchEngagementBuffer(depth: () => number): () => void {
    this.engagementBuffers.add(depth);
    return () => this.engagementBuffers.delete(depth);
  }

  /** Reports a connection pool's counters at every scrape, labelled `pool`, until the returned function is called. */
  watchPool(pool: string, counts: () => PoolCounts): () => void {
    this.pools.set(pool, counts);
    return () => {
      if (this.pools.get(pool) === counts) this.pools.delete(pool);
    };
  }

  /**
   * Scrapes read the database-wide gauges with `reader` (at most once per
   * DATABASE_GAUGES_TTL_MS), until the returned function is called. One
   * process should (the API): every process would report the same figures.
   * `classify` tells a database away (database_up 0) from a read that was
   * slow or refused (database_up stays 1); either way the failure is counted.
   */
  watchDatabase(reader: () => Promise<DatabaseGauges>, classify: (error: unknown) => GaugeFailure = () => 'unreachable'): () => void {
    const read = (): Promise<GaugeRead> =>
      reader().then(
        (gauges) => ({ gauges }),
        (error: unknown) => ({ failure: classify(error) }),
      );
    this.databaseReader = read;
    this.databaseRead = undefined;
    return () => {
      if (this.databaseReader !== read) return;
      this.databaseReader = undefined;
      this.databaseRead = undefined;
    };
  }

  /** The Prometheus text exposition and its content type. */
  async render(now = Date.now()): Promise<{ contentType: string; body: string }> {
    await this.refreshDatabaseGauges(now);
    return { contentType: this.registry.contentType, body: await this.registry.metrics() };
  }

  private async refreshDatabaseGauges(now: number): Promise<void> {
    const reader = this.databaseReader;
    if (!reader) return;
    let fresh = false;
    if (!this.databaseRead || now - this.databaseRead.at >= DATABASE_GAUGES_TTL_MS) {
      // Concurrent scrapes share one read; a failed read is cached too, so a database away is not asked again at once.
      this.databaseRead = { at: now, done: reader() };
      fresh = true;
    }
    const read = await this.databaseRead.done;
    this.queue.reset();
    const scalars: [string, Gauge][] = [[`${PREFIX}enrollments_due`, this.enrollmentsDue], [`${PREFIX}segments_stale`, this.staleSegments], [`${PREFIX}segment_refresh_lag_seconds`, this.segmentLag]];
    if ('failure' in read) {
      if (fresh) this.gaugeFailures.inc({ reason: read.failure });
      this.databaseUp.set(read.failure === 'unreachable' ? 0 : 1);
      // Absent rather than 0: a figure that could not be read is not a figure of 0.
      for (const [name] of scalars) if (this.registry.getSingleMetric(name)) this.registry.removeSingleMetric(name);
      return;
    }
    this.databaseUp.set(1);
    for (const [name, gauge] of scalars) if (!this.registry.getSingleMetric(name)) this.registry.registerMetric(gauge);
    for (const row of read.gauges.messages) this.queue.set({ state: row.state, reason: row.reason }, row.count);
    this.enrollmentsDue.set(read.gauges.enrollmentsDue);
    this.staleSegments.set(read.gauges.staleSegments);
    this.segmentLag.set(read.gauges.oldestStaleSegmentSeconds);
  }
}

type GaugeRead = { gauges: DatabaseGauges } | { failure: GaugeFailure };
