import { createServer } from 'node:net';
import { join } from 'node:path';
import { Test, type TestingModule } from '@nestjs/testing';
import type { DataSource } from 'typeorm';
import { CLOCK, CoreModule, loadConfig, type AppConfig, type Clock } from '../../libs/core/src';
import { JourneyService, ScheduledTriggerService, TriggerService } from '../../libs/campaigns/src';
import { DEFAULT_RETRY_POLICY, DeliveryModule, DeliveryService, RETRY_POLICY } from '../../libs/campaigns/src/delivery';
import { DevSmtpServer, TwilioStandIn } from '../../apps/dev-services/src';
import { startApi, type ApiHarness } from './api-harness';

/** A clock tests move by hand. */
export class ManualClock implements Clock {
  private at: number;

  constructor(start: Date | string) {
    this.at = new Date(start).getTime();
  }

  now(): Date {
    return new Date(this.at);
  }

  set(at: Date | string): void {
    this.at = new Date(at).getTime();
  }

  advance(ms: number): void {
    this.at += ms;
  }
}

/** The number the stand-in accepts as a sender when a business configured none (TWILIO_FROM). */
export const DEFAULT_SMS_FROM = '+15005550006';
/** The fixed draw of the retry jitter in these tests. */
export const RETRY_DRAW = 0.5;
/** The retry delay under a ceiling with that draw (equal jitter: half the ceiling plus the draw's share of the other half). */
export const retryDelayUnder = (ceilingMs: number): number => ceilingMs / 2 + RETRY_DRAW * (ceilingMs / 2);

export interface DeliveryHarness {
  api: ApiHarness;
  db: DataSource;
  config: AppConfig;
  smtp: DevSmtpServer;
  twilio: TwilioStandIn;
  clock: ManualClock;
  /** A worker: the delivery module on the injected clock, against the API's database. */
  startWorker(): Promise<{ module: TestingModule; delivery: DeliveryService }>;
  delivery: DeliveryService;
  close(): Promise<void>;
}

/** The worker's passes run by hand on the harness's clock (triggers, scheduled scans, journeys, sends) until nothing moves. */
export async function runWorkerUntilIdle(h: DeliveryHarness): Promise<void> {
  for (let round = 0; round < 10; round++) {
    const moved = (await h.api.app.get(TriggerService).drainInbox(500)) + (await h.api.app.get(JourneyService).runDue(500))
      + (await h.api.app.get(ScheduledTriggerService).runScans()) + (await h.delivery.runOnce(500)).claimed;
    if (moved === 0) return;
  }
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

/**
 * The real API listening on loopback (so the Twilio stand-in can post its
 * signed status callbacks to PUBLIC_BASE_URL), the dev SMTP server, the
 * Twilio stand-in reached through the twilio SDK, and a delivery worker on a
 * manual clock, all on one fresh database.
 */
export async function startDeliveryHarness(start: string, env: Record<string, string> = {}, options: { outboxDir?: string } = {}): Promise<DeliveryHarness> {
  // With an outbox, the servers keep what they receive there, as under npm start, and the API lists it (DEV_OUTBOX_DIR).
  const smtp = await DevSmtpServer.start({ outboxDir: options.outboxDir });
  const twilio = await TwilioStandIn.start({ callbackDelayMs: 5, outboxDir: options.outboxDir && join(options.outboxDir, 'sms') });
  if (options.outboxDir) env = { DEV_OUTBOX_DIR: options.outboxDir, ...env };
  const port = await freePort();
  const fullEnv = {
    PORT: String(port), PUBLIC_BASE_URL: `http://127.0.0.1:${port}`, SMTP_URL: smtp.url, TWILIO_ACCOUNT_SID: twilio.accountSid,
    TWILIO_AUTH_TOKEN: twilio.authToken, TWILIO_API_BASE_URL: twilio.baseUrl, TWILIO_FROM: DEFAULT_SMS_FROM, ...env,
  };
  const api = await startApi(fullEnv);
  await api.app.listen(port, '127.0.0.1');
  const config = loadConfig({ NODE_ENV: 'test', LOG_LEVEL: 'silent', DATABASE_URL: api.config.databaseUrl ?? '', ...fullEnv });
  const clock = new ManualClock(start);
  const workers: TestingModule[] = [];
  const startWorker = async () => {
    const module = await Test.createTestingModule({ imports: [CoreModule.forRoot(config, 'test-delivery'), DeliveryModule] })
      .overrideProvider(CLOCK).useValue(clock)
      .overrideProvider(RETRY_POLICY).useValue({ ...DEFAULT_RETRY_POLICY, random: () => RETRY_DRAW })
      .compile();
    await module.init();
    workers.push(module);
    return { module, delivery: module.get(DeliveryService) };
  };
  const { delivery } = await startWorker();
  return {
    api, db: api.dataSource, config, smtp, twilio, clock, startWorker, delivery,
    close: async () => {
      for (const worker of workers) await worker.close();
      await api.close();
      await twilio.stop();
      await smtp.stop();
    },
  };
}
