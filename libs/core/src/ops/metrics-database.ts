import { Inject, Injectable, type OnApplicationShutdown, type OnModuleInit } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { CLOCK, type Clock } from '../clock';
import { databaseFailure } from '../database/database-failure';
import { Metrics, type GaugeFailure, type PoolCounts } from './metrics';
import { OPS_GAUGES_STATEMENT_TIMEOUT_MS, OpsGaugesRepository } from './ops-gauges.repository';

/** The node-postgres pool behind a TypeORM DataSource (its driver's `master`). */
function poolCounts(dataSource: DataSource): () => PoolCounts {
  return () => {
    const pool = (dataSource.driver as unknown as { master?: { totalCount: number; idleCount: number; waitingCount: number } }).master;
    return { total: pool?.totalCount ?? 0, idle: pool?.idleCount ?? 0, waiting: pool?.waitingCount ?? 0 };
  };
}

/** Reports this process's connection pool (labelled with its application name) while the module lives. */
@Injectable()
export class PoolMetrics implements OnModuleInit, OnApplicationShutdown {
  private unwatch: (() => void) | undefined;

  constructor(
    private readonly metrics: Metrics,
    private readonly dataSource: DataSource,
  ) {}

  onModuleInit(): void {
    const name = (this.dataSource.options as { applicationName?: string }).applicationName ?? 'localreach';
    this.unwatch = this.metrics.watchPool(name, poolCounts(this.dataSource));
  }

  onApplicationShutdown(): void {
    this.unwatch?.();
  }
}

class GaugeDeadline extends Error {
  constructor() {
    super('the database figures took too long');
  }
}

/** A slow statement or a full pool is not the database being away. */
function classify(error: unknown): GaugeFailure {
  if (error instanceof GaugeDeadline) return 'timeout';
  return databaseFailure(error) ?? 'error';
}

/** The longest a scrape waits for the database gauges (a free connection included) before reporting the database down. */
const DATABASE_GAUGES_DEADLINE_MS = OPS_GAUGES_STATEMENT_TIMEOUT_MS + 1_000;

/**
 * The queue, enrolment and segment gauges, read at scrape time. Provided by
 * the API only: every process would report the same database-wide figures.
 */
@Injectable()
export class DatabaseGaugeMetrics implements OnModuleInit, OnApplicationShutdown {
  private unwatch: (() => void) | undefined;

  constructor(
    private readonly metrics: Metrics,
    private readonly gauges: OpsGaugesRepository,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  onModuleInit(): void {
    this.unwatch = this.metrics.watchDatabase(() => {
      let timer: NodeJS.Timeout | undefined;
      const deadline = new Promise<never>((_, reject) => {
        timer = setTimeout(() => reject(new GaugeDeadline()), DATABASE_GAUGES_DEADLINE_MS);
      });
      return Promise.race([this.gauges.read(this.clock.now()), deadline]).finally(() => clearTimeout(timer));
    }, classify);
  }

  onApplicationShutdown(): void {
    this.unwatch?.();
  }
}
