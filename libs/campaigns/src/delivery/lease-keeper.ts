import { Logger } from '@nestjs/common';
import type { Clock } from '@localreach/core';
import { leaseEnd, type MessageRepository, type ClaimedMessage } from './message.repository';

/**
 * Keeps the leases of a batch's reserved sends alive while they go out: every
 * third of the lease, one UPDATE moves claimed_until of the messages not yet
 * dispatched a full lease ahead. So a slow batch never loses its messages to
 * another worker's lease recovery (which would send them a second time),
 * while a worker that dies stops renewing and its messages come back within
 * one lease. `until` is the latest lease every pending message holds.
 */
export class LeaseKeeper {
  private readonly logger = new Logger(LeaseKeeper.name);
  private readonly pending = new Map<string, ClaimedMessage>();
  private timer: NodeJS.Timeout | undefined;
  private renewing: Promise<void> | undefined;
  private leaseUntil: Date;

  constructor(
    private readonly messages: MessageRepository,
    private readonly clock: Clock,
    private readonly leaseSeconds: number,
    reserved: readonly ClaimedMessage[],
    reservedUntil: Date,
  ) {
    for (const claim of reserved) this.pending.set(claim.id, claim);
    this.leaseUntil = reservedUntil;
  }

  /** When the leases of the messages still pending run out. */
  get until(): Date {
    return this.leaseUntil;
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
      const now = this.clock.now();
      const until = leaseEnd(now, this.leaseSeconds);
      try {
        await this.messages.extendLeases(now, until, [...this.pending.values()]);
        this.leaseUntil = until;
      } catch (error) {
        // The old lease still holds; the dispatcher gives messages back before it runs out.
        this.logger.warn(`could not renew the leases of ${this.pending.size} message(s): ${error instanceof Error ? error.message : String(error)}`);
      } finally {
        this.renewing = undefined;
      }
    })();
    return this.renewing;
  }
}
