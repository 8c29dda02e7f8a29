import { Inject, Injectable } from '@nestjs/common';
import { CLOCK, Metrics, type Clock } from '@localreach/core';
import { nextRetryAt, RETRY_POLICY, type RetryPolicy } from './backoff';
import { DeliveryContextRepository } from './delivery-context.repository';
import { ProviderError } from './delivery.errors';
import type { BusinessForSend } from './message-composition';
import { GroupCommit } from './group-commit';
import { MessageRepository, type AttemptRecord, type ClaimedMessage, type SentEntry } from './message.repository';
import { SuppressionRepository } from './suppression.repository';

/** What became of one claimed message in a delivery pass. */
export type DispatchOutcome = 'sent' | 'held' | 'suppressed' | 'retried' | 'failed' | 'requeued' | 'lost';

const round5 = (value: number): number => Math.round(value * 1e5) / 1e5;

/** The backoff's retry time, or the provider's Retry-After when later; null (attempts used up) stays null. */
const laterOf = (backoff: Date | null, retryAfter: Date | null): Date | null =>
  backoff === null || retryAfter === null || retryAfter <= backoff ? backoff : retryAfter;

/** Acceptances recorded per statement at most. */
const SENT_GROUP_MAX = 500;

/** The failure as a ProviderError: anything else (a database error, a bug) is transient, so the message is retried. */
export function asProviderError(error: unknown): ProviderError {
  if (error instanceof ProviderError) return error;
  return ProviderError.transient('INTERNAL_ERROR', error instanceof Error ? error.message : String(error), error);
}

/** Records what a send attempt did: sent, retried with backoff, or failed (suppressing the address when the provider says so). */
@Injectable()
export class DeliveryRecorder {
  private readonly sentLedger = new GroupCommit<SentEntry, boolean | Error>((entries) => this.recordSent(entries), SENT_GROUP_MAX);

  constructor(
    private readonly messages: MessageRepository,
    private readonly suppressions: SuppressionRepository,
    private readonly contexts: DeliveryContextRepository,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(RETRY_POLICY) private readonly retryPolicy: RetryPolicy,
    private readonly metrics: Metrics,
  ) {}

  /**
   * The provider accepted: 'sent' with provider id, billed segments and cost
   * (email: costs.email; SMS: segments × costs.smsSegment). Committed at once,
   * together with the other acceptances that arrive while the previous group
   * is being written, so the window in which a crash would send the message
   * again stays one statement long. Throws when it could not be recorded.
   */
  async sent(message: ClaimedMessage, business: BusinessForSend, result: { providerId: string; segments: number | null }, startedAt: Date): Promise<DispatchOutcome> {
    const now = this.clock.now();
    const costs = business.settings.costs;
    const segments = message.channel === 'sms' ? (result.segments ?? 1) : null;
    const cost = round5(segments === null ? costs.email : segments * costs.smsSegment);
    const applied = await this.sentLedger.submit({ claim: message, sent: { providerId: result.providerId, sentAt: now, smsSegments: segments, cost }, startedAt });
    if (applied instanceof Error) throw applied;
    // Counted once recorded: a record retried while the database is away is one send, not several.
    const outcome = applied ? 'sent' : 'lost';
    this.metrics.messageSent(message.channel, outcome);
    return outcome;
  }

  /** One statement for the group; if it fails (say, one bad row), each entry on its own so the others still land. */
  private async recordSent(entries: SentEntry[]): Promise<(boolean | Error)[]> {
    try {
      const moved = await this.messages.markSentMany(entries);
      return entries.map((e) => moved.has(e.claim.id));
    } catch {
      return Promise.all(entries.map(async (e) => {
        const attempt: AttemptRecord = { startedAt: e.startedAt, finishedAt: e.sent.sentAt, outcome: 'accepted', code: null, detail: e.sent.providerId };
        try {
          return await this.messages.markSent(e.claim, e.sent, attempt);
        } catch (error) {
          return error instanceof Error ? error : new Error(String(error));
        }
      }));
    }
  }

  /** Not sent because too little of its lease was left: back to the queue at once, the claim's attempt given back. */
  async requeued(message: ClaimedMessage): Promise<DispatchOutcome> {
    return (await this.messages.requeue(message, this.clock.now())) ? 'requeued' : 'lost';
  }

  /**
   * A failed attempt: transient failures are retried with backoff until the
   * attempts run out, then fail; permanent ones fail at once and, when the
   * provider says the address is bad or opted out, suppress it (a carrier
   * opt-out also denies the customer's SMS consent).
   */
  async failed(message: ClaimedMessage, error: unknown, startedAt: Date | null, address: string | null): Promise<DispatchOutcome> {
    const failure = asProviderError(error);
    const outcome = await this.recordFailure(message, failure, startedAt, address);
    this.metrics.messageSent(message.channel, outcome, { kind: failure.kind, code: failure.code });
    return outcome;
  }

  private async recordFailure(message: ClaimedMessage, failure: ProviderError, startedAt: Date | null, address: string | null): Promise<DispatchOutcome> {
    const now = this.clock.now();
    const attempt: AttemptRecord = { startedAt: startedAt ?? now, finishedAt: now, outcome: failure.kind, code: failure.code, detail: failure.message };
    if (failure.kind === 'transient') {
      const next = laterOf(nextRetryAt(message.attempt, now, this.retryPolicy), failure.retryAfterMs === undefined ? null : new Date(now.getTime() + failure.retryAfterMs));
      if (next) return (await this.messages.retry(message, now, next, attempt)) ? 'retried' : 'lost';
      const gaveUp = { code: failure.code, message: `gave up after ${message.attempt} attempts: ${failure.message}` };
      return (await this.messages.fail(message, now, gaveUp, attempt)) ? 'failed' : 'lost';
    }
    const applied = await this.messages.fail(message, now, failure, attempt);
    if (failure.suppress && address !== null) {
      const reason = failure.optedOut ? 'carrier_stop' : message.channel === 'email' ? 'bad_address' : 'invalid_number';
      const source = `${message.channel === 'email' ? 'smtp' : 'twilio'}_${failure.code}`;
      await this.suppressions.add(message.businessId, { channel: message.channel, address, reason, source });
    }
    if (failure.optedOut) await this.contexts.denySmsConsent(message.businessId, message.customerId, now);
    return applied ? 'failed' : 'lost';
  }
}
