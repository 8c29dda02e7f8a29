import { Inject, Injectable } from '@nestjs/common';
import * as path from 'node:path';
import { APP_CONFIG, DomainError, readConfirmationToken, SENDER_CONFIRMATION_PATH, type AppConfig, type Tenant } from '@localreach/core';
import { SENDER_CONFIRMATION_HEADER } from '../sender-confirmation/sender-confirmation-mail';
import { DevOutboxRepository } from './dev-outbox.repository';
import { outboxIds, readOutboxFile, type OutboxEmailFile, type OutboxSmsFile } from './dev-outbox-files';

export interface OutboxEmail {
  id: string;
  receivedAt: Date;
  from: string;
  to: string;
  subject: string;
  text: string;
  html: string;
}

export interface OutboxSms {
  id: string;
  sid: string;
  receivedAt: Date;
  from: string | null;
  to: string;
  body: string;
  segments: number;
}

export interface OutboxPage<T> {
  items: T[];
  /** Continue after this id; null at the end. */
  nextCursor: string | null;
}

const BATCH = 200;
// Bounds one request's reading when the business has few of the machine's messages; the page then ends early with a cursor.
const MAX_SCANNED = 5_000;
const CURSOR = /^[0-9]+-[0-9A-Za-z-]+$/;
const CONFIRMATION_LINK = new RegExp(`${SENDER_CONFIRMATION_PATH}/([A-Za-z0-9_-]+)`);

/** Whose a received file is: a provider id to look up, or (a sender confirmation mail) the business its link names. */
interface Found<T> {
  providerId?: string;
  businessId?: string;
  item: T;
}

/**
 * A sender confirmation mail has no message row; its link's token starts
 * with the business's id (the token is the credential, the id only routes it).
 */
function confirmationBusiness(file: OutboxEmailFile): string | undefined {
  if (!file.headers?.[SENDER_CONFIRMATION_HEADER.toLowerCase()]) return undefined;
  const token = CONFIRMATION_LINK.exec(file.text)?.[1];
  return token ? readConfirmationToken(token)?.businessId : undefined;
}

/**
 * What the loopback SMTP server and Twilio stand-in received (DEV_OUTBOX_DIR),
 * newest first. They are shared by every business on the machine, so a
 * message is listed only to the business whose message or campaign test send
 * carries its provider id (email Message-ID, Twilio SID), or whose sender
 * confirmation link a mail holds; anything else is never listed.
 */
@Injectable()
export class DevOutboxService {
  constructor(
    private readonly repository: DevOutboxRepository,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async emails(tenant: Tenant, request: { limit: number; cursor?: string }): Promise<OutboxPage<OutboxEmail>> {
    return this.page(tenant, this.dir(), request, async (dir, id) => {
      const file = await readOutboxFile<OutboxEmailFile>(dir, id);
      if (!file) return undefined;
      const item = { id, receivedAt: new Date(file.receivedAt), from: file.from, to: file.to, subject: file.subject, text: file.text, html: file.html };
      return { providerId: file.headers?.['message-id'], businessId: confirmationBusiness(file), item };
    });
  }

  async sms(tenant: Tenant, request: { limit: number; cursor?: string }): Promise<OutboxPage<OutboxSms>> {
    return this.page(tenant, path.join(this.dir(), 'sms'), request, async (dir, id) => {
      const file = await readOutboxFile<OutboxSmsFile>(dir, id);
      if (!file) return undefined;
      const item = { id, sid: file.sid, receivedAt: new Date(file.dateCreated), from: file.from ?? file.messagingServiceSid, to: file.to, body: file.body, segments: file.numSegments };
      return { providerId: file.sid, item };
    });
  }

  private dir(): string {
    if (!this.config.devOutboxDir) {
      throw new DomainError('not_found', 'DEV_OUTBOX_DISABLED', 'the dev outbox is off: it lists what the loopback SMTP server and Twilio stand-in of npm start received');
    }
    return this.config.devOutboxDir;
  }

  private async page<T>(
    tenant: Tenant, dir: string, request: { limit: number; cursor?: string },
    read: (dir: string, id: string) => Promise<Found<T> | undefined>,
  ): Promise<OutboxPage<T>> {
    if (request.cursor !== undefined && !CURSOR.test(request.cursor)) {
      throw DomainError.invalid('INVALID_CURSOR', [{ field: 'cursor', message: 'is not a cursor returned by this endpoint' }]);
    }
    const ids = await outboxIds(dir, request.cursor);
    const items: T[] = [];
    let scanned = 0;
    while (scanned < ids.length && items.length < request.limit && scanned < MAX_SCANNED) {
      const batch = ids.slice(scanned, scanned + BATCH);
      const found = (await Promise.all(batch.map((id) => read(dir, id)))).map((r, i) => ({ id: batch[i], r }));
      const providerIds = found.flatMap(({ r }) => (r?.providerId && !r.businessId ? [r.providerId] : []));
      const owned = await this.repository.ownedProviderIds(tenant.businessId, providerIds);
      for (const { id, r } of found) {
        scanned += 1;
        if (r && (r.businessId === tenant.businessId || (r.providerId !== undefined && owned.has(r.providerId)))) items.push(r.item);
        if (items.length === request.limit) return { items, nextCursor: scanned < ids.length ? id : null };
      }
    }
    return { items, nextCursor: scanned < ids.length ? ids[scanned - 1] : null };
  }
}
