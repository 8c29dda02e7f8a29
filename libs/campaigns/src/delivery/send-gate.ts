import { Inject, Injectable, Logger } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { APP_CONFIG, isDatabaseUnreachable, type AppConfig, type Queryable } from '@localreach/core';
import { customerKey, DeliveryContextRepository, type RecipientBatch, type SendContext } from './delivery-context.repository';
import { ProviderError } from './delivery.errors';
import { MessageComposer, type Composition } from './message-composer';
import { MessageRepository, type ClaimedMessage, type SendReservation } from './message.repository';
import { decideSend, WEEK_MS, type HoldReason, type SuppressReason } from './send-policy';

export type Admission =
  | { action: 'send'; address: string; composition: Composition }
  | { action: 'held' | 'suppressed' }
  /** Another worker owns the message now (this worker's lease expired). */
  | { action: 'lost' }
  /** Nothing was reserved: the context could not be loaded (transient) or the message cannot be rendered (permanent). */
  | { action: 'fail'; error: unknown };

const SUPPRESS_DETAIL: Record<SuppressReason, string> = {
  no_address: 'the customer has no address for this channel or was erased',
  no_consent: 'the customer has not consented to this channel',
  suppressed_address: 'the address is on the suppression list',
  missed_local_day: 'a catch-up send that could not go out (quiet hours, frequency cap) before its local day ended',
};

/** Messages decided and rendered between two turns of the event loop. */
const PLAN_YIELD_EVERY = 4;

/** What the policy decided for a batch, before it is written. */
interface BatchPlan {
  sends: { claim: ClaimedMessage; reservation: SendReservation; address: string; composition: Composition }[];
  holds: { claim: ClaimedMessage; reason: HoldReason; until: Date }[];
  suppressions: { claim: ClaimedMessage; reason: SuppressReason; detail: string }[];
  failures: { claim: ClaimedMessage; error: unknown }[];
}

/** A claimed batch: the messages this worker now leases (plus those it held or suppressed), their contexts and what to do with each. */
export interface DecidedBatch {
  /** Every message the pass locked, in claim order. */
  messages: ClaimedMessage[];
  contexts: Map<string, SendContext>;
  /** By message id. */
  admissions: Map<string, Admission>;
}

/**
 * Claims and decides a batch of due messages in one short transaction: locks
 * the due rows (SKIP LOCKED, so workers share the queue), reads their
 * contexts, row-locks their customers, reads the recipients, the suppression
 * list and the send histories (two statements for the whole batch), applies
 * the send policy to each message in claim order (so a customer's earlier
 * message of the batch counts toward the frequency cap of the next), renders
 * the sends, and writes everything back before the locks are released: one
 * UPDATE claims the sends (with their reservation: sent_at, recipient,
 * subject, link table) and the failures, one holds, one suppresses. So each
 * message row is written once before its send and once after, one
 * customer's messages are decided one batch at a time on every worker, and a
 * reserved send counts toward the cap of any later message at once. A
 * message that cannot be rendered reserves nothing and comes back as a
 * permanent failure; one whose context could not be loaded, as a transient one.
 */
@Injectable()
export class SendGate {
  private readonly logger = new Logger(SendGate.name);

  constructor(
    private readonly dataSource: DataSource,
    private readonly contexts: DeliveryContextRepository,
    private readonly messages: MessageRepository,
    private readonly composer: MessageComposer,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  /** Up to `limit` due messages, claimed and decided. Throws only when the transaction itself fails (nothing was written). */
  claimBatch(limit: number, now: Date): Promise<DecidedBatch> {
    return this.dataSource.transaction(async (tx) => {
      const messages = await this.messages.lockDue(tx, limit, now);
      const contexts = await this.loadContexts(messages);
      const admissions = new Map<string, Admission>();
      const plan: BatchPlan = { sends: [], holds: [], suppressions: [], failures: [] };
      const ready = messages.filter((m) => {
        if (contexts.has(m.id)) return true;
        plan.failures.push({ claim: m, error: ProviderError.transient('CONTEXT_UNAVAILABLE', 'the business, template or store of the message could not be loaded') });
        return false;
      });
      if (ready.length > 0) {
        const recipients = await this.contexts.lockRecipients(tx, ready, new Date(now.getTime() - WEEK_MS));
        await this.plan(plan, ready, contexts, recipients, now);
      }
      for (const [id, admission] of await this.apply(tx, now, plan)) admissions.set(id, admission);
      return { messages, contexts, admissions };
    });
  }

  /**
   * On the pool, not in the claim's transaction, so a failed read leaves the transaction usable: the messages are
   * then claimed as transient failures and retried with backoff.
   */
  private async loadContexts(messages: readonly ClaimedMessage[]): Promise<Map<string, SendContext>> {
    try {
      return await this.contexts.loadSendContexts(messages);
    } catch (error) {
      // With the server gone the claim's transaction fails too: the pass fails and the worker logs the outage once.
      if (isDatabaseUnreachable(error)) throw error;
      this.logger.error(`could not load the context of ${messages.length} message(s): ${error instanceof Error ? error.message : String(error)}`);
      return new Map();
    }
  }

  private async plan(plan: BatchPlan, ready: readonly ClaimedMessage[], contexts: Map<string, SendContext>, batch: RecipientBatch, now: Date): Promise<void> {
    for (const [index, claim] of ready.entries()) {
      // Rendering a whole batch is tens of milliseconds of CPU: let other lanes' provider replies be recorded in
      // between, because the time from a provider's acceptance to its record is when a crash would send twice.
      if (index % PLAN_YIELD_EVERY === PLAN_YIELD_EVERY - 1) await new Promise((resolve) => setImmediate(resolve));
      const context = contexts.get(claim.id) as SendContext;
      const recipient = batch.recipients.get(customerKey(claim.businessId, claim.customerId)) ?? null;
      const decision = decideSend({
        channel: claim.channel,
        now,
        recipient: recipient?.facts ?? null,
        businessTimezone: context.business.timezone,
        settings: context.business.settings,
        addressSuppressed: batch.suppressedMessages.has(claim.id),
        recentSends: recipient?.history.recentSends ?? [],
        sendBy: claim.sendBy,
      });
      if (decision.action === 'hold') plan.holds.push({ claim, reason: decision.reason, until: decision.until });
      else if (decision.action === 'suppress') plan.suppressions.push({ claim, reason: decision.reason, detail: SUPPRESS_DETAIL[decision.reason] });
      else if (recipient) {
        const firstSms = claim.channel === 'sms' && !recipient.history.hasSentSms;
        let composition: Composition;
        try {
          composition = this.composer.compose({ message: claim, context, customer: recipient.customer, address: decision.address, firstSms, now });
        } catch (error) {
          plan.failures.push({ claim, error });
          continue;
        }
        plan.sends.push({
          claim, address: decision.address, composition, reservation: { toAddress: composition.toAddress, subject: composition.subject, links: composition.links },
        });
        // The customer's next message in this batch sees this send.
        recipient.history.recentSends.push(now);
        if (claim.channel === 'sms') recipient.history.hasSentSms = true;
      }
    }
  }

  /** Writes the plan: 'lost' only if a locked row changed under the lock (which would be a bug). */
  private async apply(tx: Queryable, now: Date, plan: BatchPlan): Promise<Map<string, Admission>> {
    const claimed = await this.messages.claimLocked(tx, now, this.config.deliveryLeaseSeconds, [
      ...plan.sends.map((s) => ({ claim: s.claim, reservation: s.reservation })),
      ...plan.failures.map((f) => ({ claim: f.claim, reservation: null })),
    ]);
    const held = await this.messages.holdLocked(tx, now, plan.holds);
    const suppressed = await this.messages.suppressLocked(tx, now, plan.suppressions);
    const admissions = new Map<string, Admission>();
    for (const s of plan.sends) {
      admissions.set(s.claim.id, claimed.has(s.claim.id) ? { action: 'send', address: s.address, composition: s.composition } : { action: 'lost' });
    }
    for (const f of plan.failures) admissions.set(f.claim.id, claimed.has(f.claim.id) ? { action: 'fail', error: f.error } : { action: 'lost' });
    for (const h of plan.holds) admissions.set(h.claim.id, { action: held.has(h.claim.id) ? 'held' : 'lost' });
    for (const s of plan.suppressions) admissions.set(s.claim.id, { action: suppressed.has(s.claim.id) ? 'suppressed' : 'lost' });
    return admissions;
  }
}
