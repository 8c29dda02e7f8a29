import { Inject, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { AuditRepository } from '../audit/audit.repository';
import { CLOCK, type Clock } from '../clock';
import { APP_CONFIG, type AppConfig } from '../config/app-config';
import { isUniqueViolation, type Queryable } from '../database/sql';
import { DomainError } from '../errors/domain-error';
import {
  claimedDomainOf, confirmationTokenState, confirmationView, newConfirmationToken, readConfirmationToken, type ConfirmationToken,
  type SenderEmailConfirmation, type TokenState,
} from './sender-email';
import { SenderEmailRepository, type StoredToken } from './sender-email.repository';
import type { Tenant } from './tenant';

const FIELD = 'sender.email.fromAddress';
const HOUR_MS = 3_600_000;
/** A confirmation mail is re-sent at most once per this long. */
export const CONFIRMATION_RESEND_INTERVAL_MS = 60_000;

/** A link to mail: the address it confirms and the token (only ever in the mail). */
export interface ConfirmationLink {
  businessId: string;
  address: string;
  token: string;
  tokenHash: Buffer;
  expiresAt: Date;
}

/** What a confirmation link leads to. `taken`: another business confirmed the address or its domain first. */
export type ConfirmationOutcome =
  | { state: 'invalid' }
  | { state: TokenState | 'confirmed' | 'taken'; businessName: string; address: string; confirmedAt: Date | null; expiresAt: Date | null };

export function senderDomainTaken(): DomainError {
  return DomainError.conflict('SENDER_DOMAIN_TAKEN', 'this address or its domain is the confirmed email sender of another business', [
    { field: FIELD, message: 'belongs to a domain (or, at public mailbox providers, is an address) another business confirmed as its sender' },
  ]);
}

/**
 * Confirmation of a business's email From address: a new address starts
 * pending with a link to mail, the link's page confirms it, and a confirmed
 * address claims its domain (public mailbox providers: only the address)
 * for that business alone. Mailing the link is the caller's part.
 */
@Injectable()
export class SenderEmailService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly senders: SenderEmailRepository,
    private readonly audit: AuditRepository,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async confirmation(businessId: string): Promise<SenderEmailConfirmation | null> {
    const record = await this.senders.find(businessId);
    return record ? confirmationView(record) : null;
  }

  /**
   * Inside the settings transaction: the From address changed from `before`
   * to `after`. A new address starts pending (a previous confirmation no
   * longer counts) and its link is returned; none releases the claim. 409
   * SENDER_DOMAIN_TAKEN when another business confirmed it or its domain.
   */
  async addressChanged(tx: Queryable, tenant: Tenant, after: string | null): Promise<ConfirmationLink | null> {
    if (after === null) {
      await this.senders.remove(tx, tenant.businessId);
      return null;
    }
    if (await this.senders.isClaimedByAnother(tx, tenant.businessId, after, claimedDomainOf(after))) throw senderDomainTaken();
    const token = newConfirmationToken(tenant.businessId);
    const stored = this.stored(token);
    await this.senders.startPending(tx, tenant.businessId, after, stored, this.clock.now());
    return { businessId: tenant.businessId, address: after, token: token.token, tokenHash: token.hash, expiresAt: stored.expiresAt };
  }

  /**
   * A new link for the pending address (the previous one stops working).
   * 409 when there is no address, it is confirmed, or another business
   * claimed it meanwhile; 429 within a minute of the last mail.
   */
  async renewLink(tenant: Tenant): Promise<ConfirmationLink> {
    return this.dataSource.transaction(async (tx) => {
      const record = await this.senders.lock(tx, tenant.businessId);
      if (!record) throw DomainError.conflict('NO_SENDER_EMAIL', 'no email From address is set', [{ field: FIELD, message: 'is not set; PATCH /v1/settings sets it' }]);
      if (record.confirmedAt) {
        throw DomainError.conflict('SENDER_EMAIL_CONFIRMED', 'the email From address is already confirmed', [{ field: FIELD, message: `was confirmed at ${record.confirmedAt.toISOString()}` }]);
      }
      if (await this.senders.isClaimedByAnother(tx, tenant.businessId, record.address, claimedDomainOf(record.address))) throw senderDomainTaken();
      const now = this.clock.now();
      const wait = record.sentAt ? record.sentAt.getTime() + CONFIRMATION_RESEND_INTERVAL_MS - now.getTime() : 0;
      if (wait > 0) {
        throw DomainError.tooManyRequests('CONFIRMATION_RECENTLY_SENT', 'a confirmation mail was sent less than a minute ago', wait / 1000, [
          { field: FIELD, message: 'had a confirmation mail sent less than a minute ago' },
        ]);
      }
      const token = newConfirmationToken(tenant.businessId);
      const stored = this.stored(token);
      await this.senders.renewToken(tx, tenant.businessId, stored);
      await this.audit.record(tx, {
        businessId: tenant.businessId, actorKeyId: tenant.keyId, actorRole: tenant.role, action: 'business.sender_email_link_renewed', entity: 'business', entityId: tenant.businessId,
      });
      return { businessId: tenant.businessId, address: record.address, token: token.token, tokenHash: token.hash, expiresAt: stored.expiresAt };
    });
  }

  async recordSend(link: ConfirmationLink, outcome: { sentAt: Date } | { error: string }): Promise<void> {
    await this.senders.recordSend(link.businessId, link.tokenHash, outcome);
  }

  /** What the link's page shows; changes nothing (mail scanners open links). */
  async inspect(rawToken: string): Promise<ConfirmationOutcome> {
    const token = readConfirmationToken(rawToken);
    const found = token && (await this.senders.findByToken(token.businessId, token.hash));
    if (!found) return { state: 'invalid' };
    const { record, businessName } = found;
    return { state: confirmationTokenState(record, this.clock.now()), businessName, address: record.address, confirmedAt: record.confirmedAt, expiresAt: record.tokenExpiresAt };
  }

  /** The link's button: confirms the address once, before it expires, unless another business claimed it first. */
  async confirm(rawToken: string): Promise<ConfirmationOutcome> {
    const seen = await this.inspect(rawToken);
    const token = readConfirmationToken(rawToken);
    if (seen.state !== 'valid' || !token) return seen;
    try {
      return await this.dataSource.transaction(async (tx) => {
        const record = await this.senders.lockByToken(tx, token.businessId, token.hash);
        const now = this.clock.now();
        if (!record) return { state: 'invalid' as const };
        const state = confirmationTokenState(record, now);
        if (state !== 'valid') return { ...seen, state, confirmedAt: record.confirmedAt };
        const claimedDomain = claimedDomainOf(record.address);
        await this.senders.confirm(tx, token.businessId, claimedDomain, now);
        await this.audit.record(tx, {
          businessId: token.businessId, actorKeyId: null, action: 'business.sender_email_confirmed', entity: 'business', entityId: token.businessId,
          details: { address: record.address, claimedDomain },
        });
        return { ...seen, state: 'confirmed' as const, confirmedAt: now, expiresAt: null };
      });
    } catch (error) {
      if (isUniqueViolation(error, 'sender_email_confirmed_address_idx') || isUniqueViolation(error, 'sender_email_claimed_domain_idx')) {
        return { ...seen, state: 'taken' };
      }
      throw error;
    }
  }

  private stored(token: ConfirmationToken): StoredToken {
    return { hash: token.hash, expiresAt: new Date(this.clock.now().getTime() + this.config.senderConfirmationHours * HOUR_MS) };
  }
}
