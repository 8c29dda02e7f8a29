import { Inject, Injectable, Logger } from '@nestjs/common';
import { setTimeout as sleep } from 'node:timers/promises';
import { APP_CONFIG, CLOCK, isDatabaseUnreachable, type AppConfig, type Clock } from '@localreach/core';
import type { SendContext } from './delivery-context.repository';
import { ProviderError } from './delivery.errors';
import { DeliveryRecorder, type DispatchOutcome } from './delivery-recorder';
import type { Composition } from './message-composer';
import type { ClaimedMessage } from './message.repository';
import { EMAIL_PROVIDER, type EmailProvider } from './providers/email-provider';
import { SMS_PROVIDER, type SmsProvider } from './providers/sms-provider';
import type { Admission } from './send-gate';

/** This worker's hold on a message while it goes out. */
export interface SendLease {
  /** How long this worker's lease on the message still runs (renewed while the batch goes out). */
  msLeft(): number;
  /** Aborts when the worker is stopping. */
  stopping?: AbortSignal;
}

/** Waits between attempts to record an acceptance while the database is unreachable: doubling from the first to the last. */
const RECORD_RETRY_FIRST_MS = 250;
const RECORD_RETRY_MAX_MS = 2_000;

/**
 * Takes one admitted message (SendGate decided it for its batch) through the
 * provider and the record of what happened. Never throws: whatever goes wrong
 * is recorded on the message (or, when even that fails, left to the lease to
 * retry), so one message never stops a batch.
 */
@Injectable()
export class MessageDispatcher {
  private readonly logger = new Logger(MessageDispatcher.name);

  constructor(
    private readonly recorder: DeliveryRecorder,
    @Inject(EMAIL_PROVIDER) private readonly email: EmailProvider,
    @Inject(SMS_PROVIDER) private readonly sms: SmsProvider,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async dispatch(message: ClaimedMessage, admission: Admission, context: SendContext | undefined, lease: SendLease): Promise<DispatchOutcome> {
    // Nothing reached the provider, so there is no address to suppress.
    if (admission.action === 'fail') return this.recordFailure(message, admission.error, null, null);
    if (admission.action !== 'send') return admission.action;
    const startedAt = this.clock.now();
    // The worker is stopping: what has not gone out yet goes back to the queue for another worker (at once, not after
    // its lease), and a stop with the database away sends nothing it could not record.
    if (lease.stopping?.aborted) return this.requeue(message);
    // Leases are renewed every third of their length while a batch goes out; one this close to running out means the
    // renewals failed. Give it back rather than send: once it ran out another worker could send the same message.
    if (lease.msLeft() < (this.config.deliveryLeaseSeconds * 1000) / 3) return this.requeue(message);
    let result: { providerId: string; segments: number | null };
    try {
      result = await this.send(admission.composition);
    } catch (error) {
      return this.recordFailure(message, error, startedAt, admission.address);
    }
    return this.recordSent(message, (context as SendContext).business, result, startedAt, lease);
  }

  /**
   * Sent but not recorded, the message would go again once its lease expires (the at-least-once window). With
   * the database unreachable the record is tried again while the lease holds, so an outage shorter than the lease
   * sends nothing twice; meanwhile this slot of the batch sends nothing more (a send it could not record would be
   * one more duplicate).
   */
  private async recordSent(
    message: ClaimedMessage, business: SendContext['business'], result: { providerId: string; segments: number | null }, startedAt: Date, lease: SendLease,
  ): Promise<DispatchOutcome> {
    for (let waitMs = RECORD_RETRY_FIRST_MS; ; waitMs = Math.min(waitMs * 2, RECORD_RETRY_MAX_MS)) {
      try {
        return await this.recorder.sent(message, business, result, startedAt);
      } catch (error) {
        if (!isDatabaseUnreachable(error) || lease.stopping?.aborted || lease.msLeft() < waitMs * 2) {
          this.logger.error(`message ${message.id} was accepted as ${result.providerId} but could not be marked sent; it will go again once its lease expires: ${describe(error)}`);
          return 'lost';
        }
        await sleep(waitMs, undefined, { signal: lease.stopping }).catch(() => undefined);
      }
    }
  }

  private async requeue(message: ClaimedMessage): Promise<DispatchOutcome> {
    try {
      return await this.recorder.requeued(message);
    } catch (error) {
      // The database away is the worker's to log (once); the message comes back when its lease runs out either way.
      if (isDatabaseUnreachable(error)) return 'lost';
      this.logger.error(`message ${message.id}: could not give it back (${describe(error)}); its lease will expire and it will be retried`);
      return 'lost';
    }
  }

  private async send(composition: Composition): Promise<{ providerId: string; segments: number | null }> {
    if (composition.channel === 'email') return { ...(await this.email.send(composition.mail)), segments: null };
    return this.sms.send(composition.sms);
  }

  private async recordFailure(message: ClaimedMessage, error: unknown, startedAt: Date | null, address: string | null): Promise<DispatchOutcome> {
    if (!(error instanceof ProviderError)) this.logger.error(`message ${message.id} failed unexpectedly: ${describe(error)}`);
    try {
      return await this.recorder.failed(message, error, startedAt, address);
    } catch (recordError) {
      this.logger.error(`message ${message.id}: could not record the failure (${describe(recordError)}); its lease will expire and it will be retried`);
      return 'lost';
    }
  }
}

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
