import { DATABASE_GAUGES_TTL_MS, Metrics, type DatabaseGauges } from './metrics';
import { metricsAccess } from './metrics-access';
import { BoundedLabel, OTHER_LABEL, routeLabel, UNMATCHED_ROUTE } from './metrics-labels';

const GAUGES: DatabaseGauges = {
  messages: [{ state: 'due', reason: 'queued', count: 7 }, { state: 'waiting', reason: 'quiet_hours', count: 2 }, { state: 'leased', reason: 'expired', count: 1 }],
  enrollmentsDue: 4, staleSegments: 3, oldestStaleSegmentSeconds: 12.5,
};

/** Every sample line of a metric family (name and labels → value). */
function samples(body: string, name: string): Record<string, number> {
  const out: Record<string, number> = {};
  for (const line of body.split('\n')) {
    const match = /^(\S+?)(\{[^}]*\})? (\S+)$/.exec(line);
    if (match && match[1] === name) out[match[2] ?? ''] = Number(match[3]);
  }
  return out;
}

describe('routeLabel', () => {
  it.each([
    [{ route: { path: '/v1/customers/:id' } }, '/v1/customers/:id'],
    [{ baseUrl: '/v1', route: { path: '/segments/:id/members' } }, '/v1/segments/:id/members'],
    [{ route: { path: '/' } }, '/'],
    // No route matched (a 404, a scanner's URL): one label whatever the URL was.
    [{}, UNMATCHED_ROUTE],
    // Nest's own catch-all route for URLs no controller has (Express 5 syntax), and Express 4's.
    [{ route: { path: '/{*path}' } }, UNMATCHED_ROUTE],
    [{ route: { path: '*' } }, UNMATCHED_ROUTE],
    [{ route: { path: '/files/{*rest}' } }, '/files/{*rest}'],
    [{ baseUrl: '/x', route: undefined }, UNMATCHED_ROUTE],
    [{ route: { path: /regex/ } }, UNMATCHED_ROUTE],
  ])('%j → %s', (req, label) => {
    expect(routeLabel(req)).toBe(label);
  });
});

describe('BoundedLabel', () => {
  it('keeps the first values up to its maximum, then maps new ones (and unsafe ones) to "other"', () => {
    const label = new BoundedLabel(2);
    expect(['SMTP_421', 'SMTP_550', 'SMTP_421', 'SMTP_451', 'bad code\n', 'x'.repeat(65)].map((v) => label.value(v)))
      .toEqual(['SMTP_421', 'SMTP_550', 'SMTP_421', OTHER_LABEL, OTHER_LABEL, OTHER_LABEL]);
  });
});

describe('Metrics', () => {
  it('times requests by method, route template and status', async () => {
    const metrics = new Metrics();
    metrics.httpRequest('GET', '/v1/customers/:id', 200, 0.003);
    metrics.httpRequest('GET', '/v1/customers/:id', 200, 0.2);
    metrics.httpRequest('GET', '/v1/customers/:id', 404, 0.001);
    const body = (await metrics.render()).body;
    expect(samples(body, 'localreach_http_request_duration_seconds_count')).toEqual({
      '{method="GET",route="/v1/customers/:id",status="200"}': 2,
      '{method="GET",route="/v1/customers/:id",status="404"}': 1,
    });
    expect(samples(body, 'localreach_http_request_duration_seconds_bucket')['{le="0.005",method="GET",route="/v1/customers/:id",status="200"}']).toBe(1);
    expect(samples(body, 'localreach_http_request_duration_seconds_sum')['{method="GET",route="/v1/customers/:id",status="200"}']).toBeCloseTo(0.203);
  });

  it('puts an observation equal to a bound in that bound\'s bucket (le is inclusive), buckets cumulative up to +Inf', async () => {
    const metrics = new Metrics();
    for (const seconds of [0.005, 0.0051, 30]) metrics.httpRequest('GET', '/ready', 200, seconds);
    const buckets = samples((await metrics.render()).body, 'localreach_http_request_duration_seconds_bucket');
    const at = (le: string) => buckets[`{le="${le}",method="GET",route="/ready",status="200"}`];
    expect([at('0.0025'), at('0.005'), at('0.01'), at('10'), at('+Inf')]).toEqual([0, 1, 2, 2, 3]);
  });

  it('counts sends by channel and outcome, and errors by channel, kind and bounded code; no business anywhere', async () => {
    const metrics = new Metrics();
    metrics.messageSent('email', 'sent');
    metrics.messageSent('email', 'sent');
    metrics.messageSent('sms', 'retried', { kind: 'transient', code: '20429' });
    for (let i = 0; i < 150; i++) metrics.messageSent('email', 'failed', { kind: 'permanent', code: `SMTP_${i}` });
    const body = (await metrics.render()).body;
    expect(samples(body, 'localreach_messages_sent_total')).toEqual({
      '{channel="email",outcome="sent"}': 2, '{channel="sms",outcome="retried"}': 1, '{channel="email",outcome="failed"}': 150,
    });
    const errors = samples(body, 'localreach_provider_errors_total');
    expect(errors['{channel="sms",kind="transient",code="20429"}']).toBe(1);
    // 100 codes kept (the SMS one and 99 SMTP ones); the other 51 share "other".
    expect(errors['{channel="email",kind="permanent",code="other"}']).toBe(51);
    expect(Object.keys(errors)).toHaveLength(101);
    expect(body).not.toMatch(/business/);
  });

  it('counts job runs by outcome with their duration', async () => {
    const metrics = new Metrics();
    metrics.jobRun('segment-refresh', 'ok', 0.5);
    metrics.jobRun('segment-refresh', 'failed', 2);
    const body = (await metrics.render()).body;
    expect(samples(body, 'localreach_job_runs_total')).toEqual({ '{job="segment-refresh",outcome="ok"}': 1, '{job="segment-refresh",outcome="failed"}': 1 });
    expect(samples(body, 'localreach_job_duration_seconds_sum')).toEqual({ '{job="segment-refresh"}': 2.5 });
  });

  it('reports watched pools at scrape time, until unwatched', async () => {
    const metrics = new Metrics();
    const counts = { total: 4, idle: 1, waiting: 2 };
    const unwatch = metrics.watchPool('localreach-api', () => counts);
    counts.idle = 3;
    let body = (await metrics.render()).body;
    expect([samples(body, 'localreach_database_pool_connections'), samples(body, 'localreach_database_pool_idle'), samples(body, 'localreach_database_pool_waiting')])
      .toEqual([{ '{pool="localreach-api"}': 4 }, { '{pool="localreach-api"}': 3 }, { '{pool="localreach-api"}': 2 }]);
    unwatch();
    body = (await metrics.render()).body;
    expect(samples(body, 'localreach_database_pool_connections')).toEqual({});
  });

  it('reads the database gauges once per interval whatever the scrapes; the database away: database_up 0, the figures absent, the rest still served', async () => {
    const metrics = new Metrics();
    let reads = 0;
    let fail: Error | undefined;
    metrics.watchDatabase(async () => {
      reads += 1;
      if (fail) throw fail;
      return GAUGES;
    }, (error) => ((error as Error).message === 'slow' ? 'timeout' : 'unreachable'));
    metrics.httpRequest('GET', '/ready', 200, 0.001);
    const t0 = 1_000_000;
    const [first] = await Promise.all([metrics.render(t0), metrics.render(t0), metrics.render(t0 + 10)]);
    expect(reads).toBe(1);
    expect(samples(first.body, 'localreach_messages_queued')).toEqual({
      '{state="due",reason="queued"}': 7, '{state="waiting",reason="quiet_hours"}': 2, '{state="leased",reason="expired"}': 1,
    });
    expect([samples(first.body, 'localreach_enrollments_due'), samples(first.body, 'localreach_segments_stale'), samples(first.body, 'localreach_segment_refresh_lag_seconds'), samples(first.body, 'localreach_database_up')])
      .toEqual([{ '': 4 }, { '': 3 }, { '': 12.5 }, { '': 1 }]);
    await metrics.render(t0 + DATABASE_GAUGES_TTL_MS - 1);
    expect(reads).toBe(1);
    fail = new Error('connect ECONNREFUSED');
    const down = (await metrics.render(t0 + DATABASE_GAUGES_TTL_MS)).body;
    expect(reads).toBe(2);
    expect(samples(down, 'localreach_database_up')).toEqual({ '': 0 });
    for (const name of ['localreach_messages_queued', 'localreach_enrollments_due', 'localreach_segments_stale', 'localreach_segment_refresh_lag_seconds']) expect(samples(down, name)).toEqual({});
    expect(samples(down, 'localreach_http_request_duration_seconds_count')).toEqual({ '{method="GET",route="/ready",status="200"}': 1 });
    // The failure is cached too: a database away is not asked again by every scrape (nor counted again).
    await metrics.render(t0 + DATABASE_GAUGES_TTL_MS + 1);
    expect(reads).toBe(2);
    // A slow read (a big backlog, a busy server) is not the database away.
    fail = new Error('slow');
    const slow = (await metrics.render(t0 + 2 * DATABASE_GAUGES_TTL_MS)).body;
    expect(samples(slow, 'localreach_database_up')).toEqual({ '': 1 });
    expect(samples(slow, 'localreach_database_gauge_failures_total')).toEqual({ '{reason="unreachable"}': 1, '{reason="timeout"}': 1 });
    expect(samples(slow, 'localreach_enrollments_due')).toEqual({});
    // Back: the figures are there again.
    fail = undefined;
    const back = (await metrics.render(t0 + 3 * DATABASE_GAUGES_TTL_MS)).body;
    expect([samples(back, 'localreach_enrollments_due'), samples(back, 'localreach_database_up')]).toEqual([{ '': 4 }, { '': 1 }]);
  });

  it('the process instance carries Node process metrics under the localreach_ prefix', async () => {
    const body = (await Metrics.forProcess().render()).body;
    expect(Metrics.forProcess()).toBe(Metrics.forProcess());
    expect(body).toMatch(/^localreach_process_cpu_user_seconds_total /m);
    expect(body).toMatch(/^localreach_nodejs_eventloop_lag_seconds /m);
  });
});

describe('metricsAccess', () => {
  const token = 'a-metrics-token-of-32-characters';
  it.each([
    ['development', undefined, undefined, 'ok'],
    ['production', undefined, undefined, 'disabled'],
    ['production', undefined, `Bearer ${token}`, 'disabled'],
    ['production', token, undefined, 'token_required'],
    ['production', token, 'Basic abc', 'token_required'],
    ['production', token, `Bearer ${token}x`, 'invalid_token'],
    ['production', token, `Bearer ${token}`, 'ok'],
    ['development', token, undefined, 'token_required'],
    ['development', token, `bearer ${token}`, 'ok'],
  ] as const)('%s, token %s, header %s → %s', (nodeEnv, metricsToken, header, expected) => {
    expect(metricsAccess({ nodeEnv, metricsToken }, header)).toBe(expected);
  });
});
