import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { confirmedFromAddress, resolveBusinessSettings, SegmentStalenessRepository, type BusinessSettings, type ConsentStatus, type PostalAddress, type Queryable } from '@localreach/core';
import type { EventContext, Template } from '../templates';
import type { BusinessForSend, CustomerForSend, StoreForSend } from './message-composition';
import type { ClaimedMessage } from './message.repository';
import type { DeliveryChannel, RecipientFacts } from './send-policy';
import { normaliseAddress } from './suppression.repository';

/** What a message is rendered from, besides its recipient. */
export interface SendContext {
  business: BusinessForSend;
  /** null when the template is gone (deleted, or never set). */
  template: Template | null;
  campaignName: string | null;
  /** The enrolment's store (e.g. the geofence's), else the customer's nearest store. */
  store: StoreForSend | null;
  /** The event that started an event-triggered journey; null otherwise. */
  event: EventContext | null;
  /** The business's own partials by name (its layout among them when it has one). */
  partials: Record<string, string>;
}

/** A locked recipient: the facts the policy reads and the fields templates see. */
export interface Recipient {
  facts: RecipientFacts;
  customer: CustomerForSend;
  history: SendHistory;
}

/** What lockRecipients read for a claimed batch. */
export interface RecipientBatch {
  /** By customerKey(businessId, customerId). */
  recipients: Map<string, Recipient>;
  /** Ids of the messages whose recipient address (for their channel) is on the suppression list. */
  suppressedMessages: Set<string>;
}

/** The map key of a customer across businesses. */
export function customerKey(businessId: string, customerId: string): string {
  return `${businessId}/${customerId}`;
}

export interface SendHistory {
  /** sent_at of the customer's messages sent (or reserved for sending by any worker) within the history window, oldest first. */
  recentSends: Date[];
  /** Whether any SMS was sent (or reserved) to the customer before. */
  hasSentSms: boolean;
}

interface ContextRow {
  message_id: string;
  name: string;
  timezone: string;
  currency: string;
  address: PostalAddress;
  settings: unknown;
  confirmed_from: string | null;
  template_channel: 'email' | 'sms' | null;
  subject: string | null;
  preheader: string | null;
  html: string | null;
  text: string | null;
  body: string | null;
  campaign_name: string | null;
  store_name: string | null;
  store_address: PostalAddress | null;
  store_phone: string | null;
  store_lat: number | null;
  store_lng: number | null;
  event_type: string | null;
  event_at: Date | string | null;
  event_properties: Record<string, unknown> | null;
}

interface RecipientRow {
  id: string;
  erased: boolean;
  email: string | null;
  phone: string | null;
  first_name: string | null;
  last_name: string | null;
  birthday: string | null;
  timezone: string | null;
  attributes: Record<string, unknown>;
  tags: string[];
  consent_email: ConsentStatus | null;
  consent_sms: ConsentStatus | null;
}

interface BatchFactsRow {
  id: string;
  business_id: string;
  customer_id: string;
  suppressed: boolean;
  recent: Date[];
  has_sent_sms: boolean;
}

function uniqueCustomers(messages: readonly ClaimedMessage[]): { businessId: string; customerId: string }[] {
  const seen = new Map<string, { businessId: string; customerId: string }>();
  for (const m of messages) seen.set(customerKey(m.businessId, m.customerId), { businessId: m.businessId, customerId: m.customerId });
  return [...seen.values()];
}

function toRecipient(r: RecipientRow, history: SendHistory): Recipient {
  return {
    facts: { erased: r.erased, email: r.email, phone: r.phone, timezone: r.timezone, consent: { email: r.consent_email, sms: r.consent_sms } },
    customer: {
      id: r.id, firstName: r.first_name, lastName: r.last_name, email: r.email, phone: r.phone, birthday: r.birthday, timezone: r.timezone,
      attributes: r.attributes, tags: r.tags,
    },
    history,
  };
}

function toRecipientBatch(rows: Map<string, RecipientRow>, facts: BatchFactsRow[]): RecipientBatch {
  const recipients = new Map<string, Recipient>();
  const suppressedMessages = new Set<string>();
  for (const f of facts) {
    const key = customerKey(f.business_id, f.customer_id);
    if (!recipients.has(key)) recipients.set(key, toRecipient(rows.get(key) as RecipientRow, { recentSends: f.recent, hasSentSms: f.has_sent_sms }));
    if (f.suppressed) suppressedMessages.add(f.id);
  }
  return { recipients, suppressedMessages };
}

function suppressionKey(channel: DeliveryChannel, r: RecipientRow): string | null {
  const address = channel === 'email' ? r.email : r.phone;
  return address === null ? null : normaliseAddress(channel, address);
}

const UUID_TEXT = `'^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$'`;

function toTemplate(row: ContextRow): Template | null {
  if (row.template_channel === 'sms') return { channel: 'sms', body: row.body ?? '' };
  if (row.template_channel !== 'email') return null;
  return {
    channel: 'email', subject: row.subject ?? '', html: row.html ?? '', ...(row.text !== null ? { text: row.text } : {}),
    ...(row.preheader !== null ? { preheader: row.preheader } : {}),
  };
}

/** The settings as sends use them: the email From address only once confirmed (otherwise the platform's default sender). */
function settingsForSend(row: ContextRow): BusinessSettings {
  const settings = resolveBusinessSettings(row.settings);
  const fromAddress = confirmedFromAddress(settings.sender.email.fromAddress, row.confirmed_from);
  return { ...settings, sender: { ...settings.sender, email: { ...settings.sender.email, fromAddress } } };
}

function toSendContext(row: ContextRow): SendContext {
  return {
    business: { name: row.name, timezone: row.timezone, currency: row.currency, address: row.address, settings: settingsForSend(row) },
    template: toTemplate(row),
    campaignName: row.campaign_name,
    store: row.store_name === null ? null : { name: row.store_name, address: row.store_address, phone: row.store_phone, lat: row.store_lat, lng: row.store_lng },
    event: eventOf(row),
    partials: {},
  };
}

function eventOf(row: ContextRow): EventContext | null {
  if (row.event_type === null || row.event_properties === null || row.event_at === null) return null;
  return { type: row.event_type, occurredAt: new Date(row.event_at).toISOString(), properties: row.event_properties };
}

/** The reads a send needs (business, template, campaign, store, recipient under lock, history) and the carrier opt-out write. */
@Injectable()
export class DeliveryContextRepository {
  constructor(
    private readonly dataSource: DataSource,
    private readonly staleness: SegmentStalenessRepository,
  ) {}

  /**
   * The context of every message of a claimed batch, by message id, in one
   * query (a batch mostly shares a few businesses and templates).
   */
  async loadSendContexts(messages: readonly ClaimedMessage[]): Promise<Map<string, SendContext>> {
    if (messages.length === 0) return new Map();
    const rows = await this.dataSource.query<ContextRow[]>(
      `SELECT x.message_id, b.name, b.timezone, b.currency, b.address, b.settings, se.address AS confirmed_from,
              t.channel AS template_channel, t.subject, t.preheader, t.html, t.text, t.body, k.name AS campaign_name,
              l.name AS store_name, l.address AS store_address, l.phone AS store_phone, l.lat AS store_lat, l.lng AS store_lng,
              e.context->>'eventType' AS event_type, e.context->'properties' AS event_properties,
              COALESCE(e.context->>'occurredAt', (COALESCE(e.anchored_at, e.enrolled_at))::text) AS event_at
         FROM unnest($1::uuid[], $2::uuid[], $3::uuid[], $4::uuid[], $5::uuid[], $6::uuid[])
                AS x(message_id, business_id, customer_id, template_id, campaign_id, enrollment_id)
         JOIN business b ON b.id = x.business_id
         LEFT JOIN sender_email se ON se.business_id = x.business_id AND se.confirmed_at IS NOT NULL
         LEFT JOIN template t ON t.business_id = x.business_id AND t.id = x.template_id AND t.deleted_at IS NULL
         LEFT JOIN campaign k ON k.business_id = x.business_id AND k.id = x.campaign_id
         LEFT JOIN enrollment e ON e.business_id = x.business_id AND e.id = x.enrollment_id
         LEFT JOIN LATERAL (
           SELECT COALESCE(
             CASE WHEN e.context->>'storeId' ~ ${UUID_TEXT} THEN (e.context->>'storeId')::uuid END,
             (SELECT c.nearest_location_id FROM customer c WHERE c.business_id = x.business_id AND c.id = x.customer_id)) AS store_id
         ) s ON true
         LEFT JOIN location l ON l.business_id = x.business_id AND l.id = s.store_id AND l.deleted_at IS NULL`,
      [
        messages.map((m) => m.id), messages.map((m) => m.businessId), messages.map((m) => m.customerId), messages.map((m) => m.templateId),
        messages.map((m) => m.campaignId), messages.map((m) => m.enrollmentId),
      ],
    );
    const partials = await this.partialsOf(messages.map((m) => m.businessId));
    const byMessage = new Map(messages.map((m) => [m.id, m.businessId]));
    return new Map(rows.map((row) => [row.message_id, { ...toSendContext(row), partials: partials.get(byMessage.get(row.message_id) as string) ?? {} }]));
  }

  /** Every business's partials of a batch in one read. */
  private async partialsOf(businessIds: string[]): Promise<Map<string, Record<string, string>>> {
    const rows = await this.dataSource.query<{ business_id: string; name: string; source: string }[]>(
      `SELECT business_id, name, source FROM template_partial WHERE business_id = ANY($1::uuid[])`,
      [[...new Set(businessIds)]],
    );
    const out = new Map<string, Record<string, string>>();
    for (const r of rows) out.set(r.business_id, { ...out.get(r.business_id), [r.name]: r.source });
    return out;
  }

  /**
   * The recipients of a claimed batch, with what the send policy needs to
   * know about them, row-locking the customers (in id order, so workers
   * locking overlapping batches cannot deadlock) until `q`'s transaction
   * ends: one customer's sends are decided one batch at a time across
   * workers, so two messages cannot both pass the frequency cap. NO KEY
   * UPDATE leaves inserts that reference the customer (new messages, events)
   * unblocked. Customers that no longer exist are absent from the result.
   */
  async lockRecipients(q: Queryable, messages: readonly ClaimedMessage[], historySince: Date): Promise<RecipientBatch> {
    if (messages.length === 0) return { recipients: new Map(), suppressedMessages: new Set() };
    const customers = uniqueCustomers(messages);
    const rows = await q.query<(RecipientRow & { business_id: string })[]>(
      `SELECT c.business_id, c.id, c.erased_at IS NOT NULL AS erased, c.email, c.phone, c.first_name, c.last_name,
              to_char(c.birthday, 'YYYY-MM-DD') AS birthday, c.timezone, c.attributes, c.tags, c.consent_email, c.consent_sms
         FROM customer c
        WHERE (c.business_id, c.id) IN (SELECT * FROM unnest($1::uuid[], $2::uuid[]))
        ORDER BY c.id
          FOR NO KEY UPDATE OF c`,
      [customers.map((c) => c.businessId), customers.map((c) => c.customerId)],
    );
    const byCustomer = new Map(rows.map((r) => [customerKey(r.business_id, r.id), r]));
    const present = messages.filter((m) => byCustomer.has(customerKey(m.businessId, m.customerId)));
    // A second statement on purpose: under READ COMMITTED it takes a new snapshot, after the locks were granted, and so
    // sees the sends other workers reserved while we waited. Subqueries of the locking statement would use its older snapshot.
    const facts = await q.query<BatchFactsRow[]>(
      `WITH x AS (SELECT * FROM unnest($1::uuid[], $2::uuid[], $3::uuid[], $4::text[], $5::text[]) AS x(id, business_id, customer_id, channel, address)),
            h AS (SELECT DISTINCT business_id, customer_id FROM x)
       SELECT x.id, x.business_id, x.customer_id, hx.recent, hx.has_sent_sms,
              EXISTS (SELECT 1 FROM suppression s WHERE s.business_id = x.business_id AND s.channel = x.channel AND s.address = x.address) AS suppressed
         FROM x
         JOIN (SELECT h.business_id, h.customer_id,
                      ARRAY(SELECT m.sent_at FROM message m
                             WHERE m.business_id = h.business_id AND m.customer_id = h.customer_id AND m.sent_at > $6 ORDER BY m.sent_at) AS recent,
                      EXISTS (SELECT 1 FROM message m
                               WHERE m.business_id = h.business_id AND m.customer_id = h.customer_id AND m.channel = 'sms' AND m.sent_at IS NOT NULL) AS has_sent_sms
                 FROM h) hx ON hx.business_id = x.business_id AND hx.customer_id = x.customer_id`,
      [
        present.map((m) => m.id), present.map((m) => m.businessId), present.map((m) => m.customerId), present.map((m) => m.channel),
        present.map((m) => suppressionKey(m.channel, byCustomer.get(customerKey(m.businessId, m.customerId)) as RecipientRow)), historySince,
      ],
    );
    return toRecipientBatch(byCustomer, facts);
  }

  /** The recipient texted STOP to their carrier (Twilio 21610): SMS consent becomes denied, source 'carrier_stop'. */
  async denySmsConsent(businessId: string, customerId: string, at: Date): Promise<void> {
    await this.dataSource.transaction(async (tx) => {
      const [, changed] = await tx.query<[unknown[], number]>(
        `UPDATE customer SET consent_sms = 'denied', consent_sms_at = $3, consent_sms_source = 'carrier_stop', updated_at = $3
          WHERE business_id = $1 AND id = $2 AND erased_at IS NULL AND consent_sms IS DISTINCT FROM 'denied' RETURNING id`,
        [businessId, customerId, at],
      );
      if (changed > 0) await this.staleness.markStale(tx, businessId, ['customer']);
    });
  }

  /** Segments reading engagement (e.g. "received a message in the last 7 days") see the new sends. */
  async markEngagementChanged(businessId: string): Promise<void> {
    await this.staleness.markStale(this.dataSource, businessId, ['engagement']);
  }
}
