import { Inject, Injectable, Logger, type OnApplicationBootstrap, type BeforeApplicationShutdown } from '@nestjs/common';
import { SchedulerRegistry } from '@nestjs/schedule';
import { randomUUID } from 'node:crypto';
import { hostname } from 'node:os';
import { APP_CONFIG, WorkerHeartbeatRepository, type AppConfig } from '@localreach/core';
import { DatabaseState } from './database-state';

export const HEARTBEAT_INTERVAL_MS = 10_000;
/** Its interval's name in the SchedulerRegistry. */
export const HEARTBEAT_INTERVAL = 'heartbeat';

/** Tells the API's /health which worker processes are alive. */
@Injectable()
export class HeartbeatService implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger(HeartbeatService.name);
  readonly workerId = `${hostname()}:${process.pid}:${randomUUID().slice(0, 8)}`;
  private readonly startedAt = new Date();

  constructor(
    private readonly heartbeats: WorkerHeartbeatRepository,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly database: DatabaseState,
    private readonly registry: SchedulerRegistry,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    await this.beat();
    this.registry.addInterval(HEARTBEAT_INTERVAL, setInterval(() => void this.beat(), HEARTBEAT_INTERVAL_MS));
    this.logger.log(`worker ${this.workerId} started (${this.config.nodeEnv})`);
  }

  // Before the pool closes (in an onApplicationShutdown hook).
  async beforeApplicationShutdown(): Promise<void> {
    if (this.registry.doesExist('interval', HEARTBEAT_INTERVAL)) this.registry.deleteInterval(HEARTBEAT_INTERVAL);
    await this.heartbeats.remove(this.workerId).catch(() => undefined);
  }

  private async beat(): Promise<void> {
    try {
      await this.heartbeats.beat({ workerId: this.workerId, hostname: hostname(), pid: process.pid, startedAt: this.startedAt });
      // Every 10 s whatever the loops' backoff: often the first to see the database back, and then it wakes them.
      this.database.succeeded();
    } catch (error) {
      if (!this.database.failed(error)) this.logger.warn(`heartbeat failed: ${error instanceof Error ? error.message : String(error)}`);
    }
  }
}
