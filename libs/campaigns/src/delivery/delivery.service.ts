import { Inject, Injectable, Logger } from '@nestjs/common';
import { performance } from 'node:perf_hooks';
import { APP_CONFIG, CLOCK, isDatabaseUnreachable, type AppConfig, type Clock } from '@localreach/core';
import { mapConcurrently } from './concurrency';
import { DeliveryContextRepository, type SendContext } from './delivery-context.repository';
import type { DispatchOutcome } from './delivery-recorder';
import { MessageDispatcher } from './message-dispatcher';
import { LeaseKeeper } from './lease-keeper';
import { MessageRepository, type ClaimedMessage } from './message.repository';
import { SendGate, type Admission, type DecidedBatch } from './send-gate';

/** Messages claimed per pass. */
export const DELIVERY_BATCH_SIZE = 100;
/** Recipients served at once per pass; the SMTP pool and the Twilio client reuse their connections across them. */
export const DELIVERY_CONCURRENCY = 10;

/** The claimed messages grouped by customer, each group and the groups in claim order. */
function byRecipient(claimed: ClaimedMessage[]): ClaimedMessage[][] {
  const groups = new Map<string, ClaimedMessage[]>();
  for (const message of claimed) {
    const group = groups.get(message.customerId);
    if (group) group.push(message);
    else groups.set(message.customerId, [message]);
  }
  return [...groups.values()];
}

export interface DeliveryPassResult {
  /** Messages of crashed workers put back in the queue. */
  released: number;
  claimed: number;
  outcomes: Record<DispatchOutcome, number>;
}

/**
 * One delivery pass: requeue messages whose worker died mid-send, claim and
 * decide a batch of due messages across all businesses (highest priority
 * first) in one transaction under its customers' locks (SendGate: policy,
 * rendering, reservations), then send with bounded concurrency, one
 * customer's messages in order, each recorded on its own so one failure never
 * stops the batch. Any number of workers can run passes at once.
 */
@Injectable()
export class DeliveryService {
  private readonly logger = new Logger(DeliveryService.name);

  constructor(
    private readonly messages: MessageRepository,
    private readonly gate: SendGate,
    private readonly dispatcher: MessageDispatcher,
    private readonly contexts: DeliveryContextRepository,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  /** `stopping`: the worker is shutting down (a send waiting for the database to come back to be recorded stops waiting). */
  async runOnce(batchSize: number = DELIVERY_BATCH_SIZE, stopping?: AbortSignal): Promise<DeliveryPassResult> {
    const now = this.clock.now();
    const released = await this.messages.releaseExpiredLeases(now);
    if (released > 0) this.logger.warn(`requeued ${released} message(s) whose worker stopped mid-send`);
    const claimStartedAt = performance.now();
    const { messages: claimed, contexts, admissions } = await this.claim(batchSize, now);
    const reserved = claimed.filter((m) => admissions.get(m.id)?.action === 'send');
    const leases = new LeaseKeeper(this.messages, this.clock, this.config.deliveryLeaseSeconds, reserved, claimStartedAt).start();
    let results: { message: ClaimedMessage; outcome: DispatchOutcome }[];
    try {
      results = (await mapConcurrently(byRecipient(claimed), DELIVERY_CONCURRENCY, (group) => this.dispatchInOrder(group, admissions, contexts, leases, stopping))).flat();
    } finally {
      await leases.stop();
    }
    const outcomes: Record<DispatchOutcome, number> = { sent: 0, held: 0, suppressed: 0, retried: 0, failed: 0, requeued: 0, lost: 0 };
    for (const { outcome } of results) outcomes[outcome] += 1;
    await this.announceSends(new Set(results.filter((r) => r.outcome === 'sent').map((r) => r.message.businessId)));
    return { released, claimed: claimed.length, outcomes };
  }

  /** One recipient's messages, highest priority first, so it is the first to meet the frequency cap. */
  private async dispatchInOrder(
    group: ClaimedMessage[], admissions: Map<string, Admission>, contexts: Map<string, SendContext>, leases: LeaseKeeper, stopping?: AbortSignal,
  ): Promise<{ message: ClaimedMessage; outcome: DispatchOutcome }[]> {
    const results: { message: ClaimedMessage; outcome: DispatchOutcome }[] = [];
    for (const message of group) {
      const admission = admissions.get(message.id) ?? { action: 'lost' };
      results.push({ message, outcome: await this.dispatcher.dispatch(message, admission, contexts.get(message.id), { msLeft: () => leases.msLeft(), stopping }) });
      leases.release(message.id);
    }
    return results;
  }

  /**
   * The batch, claimed and decided by the gate. When its transaction fails nothing was written: the pass then
   * claims a batch the plain way and retries every message of it with backoff (transient), so a message that makes
   * every decision fail cannot stall the queue.
   */
  private async claim(batchSize: number, now: Date): Promise<DecidedBatch> {
    try {
      return await this.gate.claimBatch(batchSize, now);
    } catch (error) {
      // With the server gone the plain claim fails too: the pass fails and the worker backs off.
      if (isDatabaseUnreachable(error)) throw error;
      this.logger.error(`could not decide a batch: ${error instanceof Error ? error.message : String(error)}`);
      const messages = await this.messages.claimDue(batchSize, now, this.config.deliveryLeaseSeconds);
      return { messages, contexts: new Map(), admissions: new Map(messages.map((m) => [m.id, { action: 'fail', error }])) };
    }
  }

  private async announceSends(businessIds: Set<string>): Promise<void> {
    for (const businessId of businessIds) {
      try {
        await this.contexts.markEngagementChanged(businessId);
      } catch (error) {
        // Segments are also refreshed on a timer; a missed mark only delays them (the worker logs the database being away).
        if (!isDatabaseUnreachable(error)) this.logger.warn(`could not mark segments of ${businessId} stale: ${error instanceof Error ? error.message : String(error)}`);
      }
    }
  }
}
