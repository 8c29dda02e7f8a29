import { Logger } from '@nestjs/common';
import { performance } from 'node:perf_hooks';
import { isDatabaseUnreachable, type Clock } from '@localreach/core';
import type { MessageRepository, ClaimedMessage } from './message.repository';

/**
 * Keeps the leases of a batch's reserved sends alive while they go out: every
 * third of the lease, one UPDATE moves claimed_until of the messages not yet
 * dispatched a full lease ahead. So a slow batch never loses its messages to
 * another worker's lease recovery (which would send them a second time),
 * while a worker that dies stops renewing and its messages come back within
 * one lease.
 *
 * The database keeps the lease in its own time; this side counts on the
 * process's monotonic clock from just before each statement was sent, so its
 * deadline is never later than the database's (neither the demo clock nor a
 * wall-clock step can move it).
 */
export class LeaseKeeper {
  private readonly logger = new Logger(LeaseKeeper.name);
  private readonly pending = new Map<string, ClaimedMessage>();
  private timer: NodeJS.Timeout | undefined;
  private renewing: Promise<void> | undefined;
  private deadline: number;

  /** `claimStartedAt`: performance.now() just before the statement that took the leases was sent. */
  constructor(
    private readonly messages: MessageRepository,
    private readonly clock: Clock,
    private readonly leaseSeconds: number,
    reserved: readonly ClaimedMessage[],
    claimStartedAt: number,
  ) {
    for (const claim of reserved) this.pending.set(claim.id, claim);
    this.deadline = claimStartedAt + leaseSeconds * 1000;
  }

  /** Milliseconds until the leases of the messages still pending run out (at the earliest). */
  msLeft(): number {
    return this.deadline - performance.now();
  }

  start(): this {
    if (this.pending.size > 0) {
      this.timer = setInterval(() => void this.renew(), (this.leaseSeconds * 1000) / 3);
      this.timer.unref();
    }
    return this;
  }

  /** The message was dispatched (sent, failed, given back): its lease is no longer ours to renew. */
  release(id: string): void {
    this.pending.delete(id);
  }

  async stop(): Promise<void> {
    clearInterval(this.timer);
    await this.renewing;
  }

  private renew(): Promise<void> {
    if (this.renewing || this.pending.size === 0) return this.renewing ?? Promise.resolve();
    this.renewing = (async () => {
      const startedAt = performance.now();
      try {
        await this.messages.extendLeases(this.clock.now(), this.leaseSeconds, [...this.pending.values()]);
        this.deadline = startedAt + this.leaseSeconds * 1000;
      } catch (error) {
        // The old lease still holds; the dispatcher gives messages back before it runs out. The database being away is
        // the worker's to log (once).
        if (!isDatabaseUnreachable(error)) this.logger.warn(`could not renew the leases of ${this.pending.size} message(s): ${error instanceof Error ? error.message : String(error)}`);
      } finally {
        this.renewing = undefined;
      }
    })();
    return this.renewing;
  }
}
