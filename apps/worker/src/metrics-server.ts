import { createServer, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Inject, Injectable, Logger, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { APP_CONFIG, Metrics, metricsAccess, metricsRefusal, type AppConfig } from '@localreach/core';

/**
 * The worker's own metrics (its sends, passes, pool and Node process) on
 * METRICS_PORT: the worker has no HTTP server of its own, so a bare one with
 * two routes, `GET /metrics` (METRICS_TOKEN as on the API) and `GET /health`
 * (200 while the event loop answers, for liveness probes). Closed on shutdown.
 */
@Injectable()
export class MetricsServer implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(MetricsServer.name);
  private server: Server | undefined;

  constructor(
    private readonly metrics: Metrics,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  /** The port it listens on (tests ask for it). */
  get port(): number | undefined {
    return (this.server?.address() as AddressInfo | null)?.port;
  }

  async onApplicationBootstrap(): Promise<void> {
    if (this.config.metricsPort === undefined) return;
    const server = createServer((req, res) => void this.answer(req.method, req.url, req.headers.authorization, res));
    // Scrapes every few seconds on a kept-alive connection: the default 5 s keep-alive would race them.
    server.keepAliveTimeout = 65_000;
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(this.config.metricsPort, () => resolve());
    });
    this.server = server;
    this.logger.log(`metrics on port ${this.port}`);
  }

  async onApplicationShutdown(): Promise<void> {
    const server = this.server;
    if (!server) return;
    this.server = undefined;
    await new Promise<void>((resolve) => {
      server.close(() => resolve());
      server.closeAllConnections();
    });
  }

  private async answer(method: string | undefined, url: string | undefined, authorization: string | undefined, res: ServerResponse): Promise<void> {
    const path = (url ?? '/').split('?')[0];
    const json = (status: number, body: object) => res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store' }).end(JSON.stringify(body));
    if (method !== 'GET' || (path !== '/metrics' && path !== '/health')) return void json(404, { statusCode: 404, error: 'Not Found', code: 'NOT_FOUND', message: 'GET /metrics or /health', details: [] });
    if (path === '/health') return void json(200, { status: 'ok' });
    const access = metricsAccess(this.config, authorization);
    if (access !== 'ok') {
      const refusal = metricsRefusal(access);
      const status = refusal.kind === 'unauthenticated' ? 401 : 404;
      return void json(status, { statusCode: status, error: status === 401 ? 'Unauthorized' : 'Not Found', code: refusal.code, message: refusal.message, details: refusal.details });
    }
    try {
      const { contentType, body } = await this.metrics.render();
      res.writeHead(200, { 'content-type': contentType, 'cache-control': 'no-store' }).end(body);
    } catch (error) {
      this.logger.error(`rendering metrics failed: ${error instanceof Error ? error.message : String(error)}`);
      json(500, { statusCode: 500, error: 'Internal Server Error', code: 'METRICS_FAILED', message: 'rendering metrics failed', details: [] });
    }
  }
}
