import { Test, type TestingModule } from '@nestjs/testing';
import { APP_CONFIG, loadConfig, Metrics } from '@localreach/core';
import { MetricsServer } from './metrics-server';

const TOKEN = 'worker-metrics-token-0123456789';

async function start(env: Record<string, string>): Promise<{ module: TestingModule; server: MetricsServer; metrics: Metrics }> {
  const metrics = new Metrics();
  // Port 0 (any free one) is for tests; METRICS_PORT itself must be 1–65535.
  const config = { ...loadConfig({ NODE_ENV: 'test', ...env }), metricsPort: env.METRICS_PORT === undefined ? undefined : 0 };
  const module = await Test.createTestingModule({ providers: [MetricsServer, { provide: Metrics, useValue: metrics }, { provide: APP_CONFIG, useValue: config }] }).compile();
  await module.init();
  return { module, server: module.get(MetricsServer), metrics };
}

describe('MetricsServer (the worker\'s METRICS_PORT)', () => {
  it('serves this process\'s metrics to the token only, /health to anyone, nothing else; closed on shutdown', async () => {
    const { module, server, metrics } = await start({ METRICS_PORT: '1', METRICS_TOKEN: TOKEN });
    metrics.jobRun('delivery-pass', 'ok', 0.01);
    metrics.messageSent('sms', 'sent');
    const url = `http://127.0.0.1:${server.port}`;
    const scraped = await fetch(`${url}/metrics`, { headers: { authorization: `Bearer ${TOKEN}` } });
    expect({ status: scraped.status, type: scraped.headers.get('content-type') }).toEqual({ status: 200, type: 'text/plain; version=0.0.4; charset=utf-8' });
    const body = await scraped.text();
    expect(body).toContain('localreach_job_runs_total{job="delivery-pass",outcome="ok"} 1');
    expect(body).toContain('localreach_messages_sent_total{channel="sms",outcome="sent"} 1');
    const refused = await fetch(`${url}/metrics`);
    expect({ status: refused.status, body: await refused.json() }).toMatchObject({ status: 401, body: { code: 'METRICS_TOKEN_REQUIRED', details: [{ field: 'authorization' }] } });
    expect((await fetch(`${url}/metrics`, { headers: { authorization: 'Bearer nope' } })).status).toBe(401);
    expect(await (await fetch(`${url}/health`)).json()).toEqual({ status: 'ok' });
    expect((await fetch(`${url}/other`)).status).toBe(404);
    expect((await fetch(`${url}/metrics`, { method: 'POST' })).status).toBe(404);
    await module.close();
    await expect(fetch(`${url}/health`)).rejects.toThrow();
  });

  it('does not listen without METRICS_PORT', async () => {
    const { module, server } = await start({});
    expect(server.port).toBeUndefined();
    await module.close();
  });
});
