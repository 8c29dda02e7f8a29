import type { OnModuleDestroy } from '@nestjs/common';
import type { DataSource } from 'typeorm';
import type { Clock } from './clock';
import { positiveDurationMs, type AdvanceClockInput } from './demo-clock.input';

/** How often each process re-reads the shared offset. */
const REFRESH_MS = 500;
/** The furthest the demo clock may run ahead. */
const MAX_OFFSET_MS = 366 * 24 * 3_600_000;

/**
 * The system clock plus an offset kept in `demo_clock`, so the API and every
 * worker process jump forward together (each re-reads it twice a second).
 * Only for demos (DEMO_CLOCK=1, refused in production): it never goes back.
 */
export class DemoClock implements Clock, OnModuleDestroy {
  private offsetMs = 0;
  private timer: NodeJS.Timeout | undefined;

  constructor(private readonly dataSource: DataSource) {}

  now(): Date {
    return new Date(Date.now() + this.offsetMs);
  }

  get offset(): number {
    return this.offsetMs;
  }

  async start(): Promise<this> {
    await this.refresh();
    this.timer = setInterval(() => void this.refresh().catch(() => undefined), REFRESH_MS);
    this.timer.unref();
    return this;
  }

  onModuleDestroy(): void {
    clearInterval(this.timer);
  }

  /** Moves every process's clock forward by a checked ISO-8601 duration (PT1H, P3D). */
  async advance(input: AdvanceClockInput): Promise<number> {
    const ms = positiveDurationMs(input.by)!;
    await this.dataSource.query(`UPDATE demo_clock SET offset_ms = least(offset_ms + $1, $2)`, [Math.round(ms), MAX_OFFSET_MS]);
    await this.refresh();
    return this.offsetMs;
  }

  private async refresh(): Promise<void> {
    const rows = await this.dataSource.query<{ offset_ms: string }[]>(`SELECT offset_ms FROM demo_clock`);
    if (rows[0]) this.offsetMs = Number(rows[0].offset_ms);
  }
}
