import { Inject, Injectable, Logger } from '@nestjs/common';
import { APP_CONFIG, isDatabaseUnreachable, type AppConfig } from '@localreach/core';

/** How long a loop waits after failed passes; `random` is injectable so tests can fix the draw. */
export interface PassBackoffPolicy {
  /** The ceiling after the first failure; it doubles with each failure in a row. */
  readonly baseMs: number;
  /** The ceiling never grows past this (WORKER_BACKOFF_MAX_MS). */
  readonly maxMs: number;
  /** A draw in [0, 1). */
  readonly random: () => number;
}

export const PASS_BACKOFF = Symbol('PASS_BACKOFF');

export const PASS_BACKOFF_BASE_MS = 1_000;

/**
 * The wait before a loop's next pass after `failures` failed passes in a row:
 * full jitter, a draw below min(maxMs, baseMs·2^(failures−1)), so many
 * loops and many worker processes do not retry in step; never shorter than
 * the loop's own rest, so a failing loop never runs faster than a working one.
 */
export function passBackoffMs(failures: number, idleMs: number, policy: PassBackoffPolicy): number {
  const ceiling = Math.min(policy.maxMs, policy.baseMs * 2 ** Math.min(failures - 1, 30));
  return Math.max(idleMs, Math.floor(policy.random() * ceiling));
}

/**
 * What the worker's loops know about the database, shared by all of them: the
 * first failure that says the server is unreachable is logged once (with the
 * reason), the first success after it once (with how long it was away), and
 * nothing in between; the loops back off meanwhile and are woken together as
 * soon as any of them (or the heartbeat) gets through again.
 */
@Injectable()
export class DatabaseState {
  private readonly logger = new Logger(DatabaseState.name);
  private awaySince: number | undefined;
  private readonly listeners = new Set<() => void>();

  constructor(@Inject(PASS_BACKOFF) private readonly policy: PassBackoffPolicy) {}

  get reachable(): boolean {
    return this.awaySince === undefined;
  }

  /** Returns true when the error is the database being unreachable: already logged here, the caller stays quiet. */
  failed(error: unknown): boolean {
    if (!isDatabaseUnreachable(error)) return false;
    if (this.awaySince === undefined) {
      this.awaySince = Date.now();
      this.logger.warn(`database unreachable (${error instanceof Error ? error.message : String(error)}); passes back off up to ${this.policy.maxMs / 1000} s until it answers`);
    }
    return true;
  }

  /** A database call worked: if the database was away, say so once and wake the loops resting on a backoff. */
  succeeded(): void {
    if (this.awaySince === undefined) return;
    const awayMs = Date.now() - this.awaySince;
    this.awaySince = undefined;
    this.logger.log(`database reachable again after ${(awayMs / 1000).toFixed(1)} s`);
    for (const listener of [...this.listeners]) listener();
  }

  /** Calls `listener` each time the database comes back; returns the unsubscribe. */
  onBack(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  backoffMs(failures: number, idleMs: number): number {
    return passBackoffMs(failures, idleMs, this.policy);
  }
}

/** The worker's policy: WORKER_BACKOFF_MAX_MS, Math.random. */
export const passBackoffProvider = {
  provide: PASS_BACKOFF,
  inject: [APP_CONFIG],
  useFactory: (config: AppConfig): PassBackoffPolicy => ({ baseMs: PASS_BACKOFF_BASE_MS, maxMs: config.workerBackoffMaxMs, random: Math.random }),
};
