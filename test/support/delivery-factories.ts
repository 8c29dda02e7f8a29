import type { DataSource } from 'typeorm';

/** Factories for delivery tests: rows written straight to the tables, as the journey runner and ingest would leave them. */

let counter = 0;
const next = (): number => (counter += 1);

export async function insertBusiness(db: DataSource, overrides: { name?: string; timezone?: string; settings?: Record<string, unknown> } = {}): Promise<string> {
  const rows = await db.query<{ id: string }[]>(
    `INSERT INTO business (name, timezone, currency, country, address, settings) VALUES ($1, $2, 'USD', 'US', $3, $4) RETURNING id`,
    [
      overrides.name ?? `Maple & Crumb ${next()}`, overrides.timezone ?? 'America/Chicago',
      JSON.stringify({ line1: '1 Main St', city: 'Springfield', region: 'IL', postalCode: '62701', country: 'US' }),
      JSON.stringify(overrides.settings ?? {}),
    ],
  );
  return rows[0].id;
}

/** The business's From address (as set in its settings) confirmed through the link mailed to it. */
export async function insertConfirmedSender(db: DataSource, businessId: string, address: string, confirmedAt = new Date()): Promise<void> {
  await db.query(
    `INSERT INTO sender_email (business_id, address, requested_at, confirmed_at, claimed_domain) VALUES ($1, $2, $3, $3, split_part($2, '@', 2))`,
    [businessId, address, confirmedAt],
  );
}

export interface CustomerOverrides {
  email?: string | null;
  phone?: string | null;
  firstName?: string | null;
  timezone?: string | null;
  consentEmail?: 'granted' | 'denied' | null;
  consentSms?: 'granted' | 'denied' | null;
  nearestLocationId?: string | null;
}

export async function insertCustomer(db: DataSource, businessId: string, overrides: CustomerOverrides = {}): Promise<string> {
  const n = next();
  const rows = await db.query<{ id: string }[]>(
    `INSERT INTO customer (business_id, email, phone, first_name, timezone, consent_email, consent_email_at, consent_sms, consent_sms_at, consent_sms_source, nearest_location_id)
     VALUES ($1, $2, $3, $4, $5, $6, CASE WHEN $6::text IS NULL THEN NULL ELSE now() END, $7, CASE WHEN $7::text IS NULL THEN NULL ELSE now() END,
             CASE WHEN $7::text IS NULL THEN NULL ELSE 'form' END, $8) RETURNING id`,
    [
      businessId,
      overrides.email === undefined ? `customer${n}@example.com` : overrides.email,
      overrides.phone === undefined ? `+1312555${String(n % 10000).padStart(4, '0')}` : overrides.phone,
      overrides.firstName === undefined ? 'Ana' : overrides.firstName,
      overrides.timezone === undefined ? null : overrides.timezone,
      overrides.consentEmail === undefined ? null : overrides.consentEmail,
      overrides.consentSms === undefined ? 'granted' : overrides.consentSms,
      overrides.nearestLocationId ?? null,
    ],
  );
  return rows[0].id;
}

export async function insertLocation(db: DataSource, businessId: string, name: string): Promise<string> {
  const rows = await db.query<{ id: string }[]>(
    `INSERT INTO location (business_id, name, address, lat, lng) VALUES ($1, $2, $3, 39.8, -89.6) RETURNING id`,
    [businessId, name, JSON.stringify({ line1: '5 Oak Ave', city: 'Springfield', postalCode: '62702', country: 'US' })],
  );
  return rows[0].id;
}

export async function insertEmailTemplate(db: DataSource, businessId: string, t: { subject: string; html: string; text?: string }): Promise<string> {
  const rows = await db.query<{ id: string }[]>(
    `INSERT INTO template (business_id, name, channel, subject, html, text) VALUES ($1, $2, 'email', $3, $4, $5) RETURNING id`,
    [businessId, `email ${next()}`, t.subject, t.html, t.text ?? null],
  );
  return rows[0].id;
}

export async function insertSmsTemplate(db: DataSource, businessId: string, body: string): Promise<string> {
  const rows = await db.query<{ id: string }[]>(`INSERT INTO template (business_id, name, channel, body) VALUES ($1, $2, 'sms', $3) RETURNING id`, [
    businessId, `sms ${next()}`, body,
  ]);
  return rows[0].id;
}

export async function insertCampaign(db: DataSource, businessId: string, name: string): Promise<string> {
  const rows = await db.query<{ id: string }[]>(`INSERT INTO campaign (business_id, name, trigger_type, status) VALUES ($1, $2, 'broadcast', 'active') RETURNING id`, [businessId, name]);
  return rows[0].id;
}

export interface MessageSpec {
  businessId: string;
  customerId: string;
  templateId: string;
  channel: 'email' | 'sms';
  dueAt: Date;
  priority?: 0 | 1 | 2;
  campaignId?: string | null;
  offer?: { couponPrefix: string; description?: string; validDays: number } | null;
  couponCode?: string | null;
}

/** A message as the journey runner queues it (no enrolment: these tests start at the send queue). */
export async function insertMessage(db: DataSource, spec: MessageSpec): Promise<string> {
  const rows = await db.query<{ id: string }[]>(
    `INSERT INTO message (business_id, customer_id, campaign_id, template_id, channel, priority, status, next_attempt_at, offer, coupon_code, created_at)
     VALUES ($1, $2, $3, $4, $5, $6, 'queued', $7, $8, $9, $7) RETURNING id`,
    [
      spec.businessId, spec.customerId, spec.campaignId ?? null, spec.templateId, spec.channel, spec.priority ?? 1, spec.dueAt,
      spec.offer ? JSON.stringify(spec.offer) : null, spec.couponCode ?? null,
    ],
  );
  return rows[0].id;
}

export interface MessageRow {
  status: string;
  attempts: number;
  held_reason: string | null;
  next_attempt_at: Date | null;
  sent_at: Date | null;
  provider_id: string | null;
  to_address: string | null;
  subject: string | null;
  error_code: string | null;
  sms_segments: number | null;
  cost: string | null;
  links: string[] | null;
  delivered_at: Date | null;
}

export async function messageRow(db: DataSource, id: string): Promise<MessageRow> {
  const rows = await db.query<MessageRow[]>(
    `SELECT status, attempts, held_reason, next_attempt_at, sent_at, provider_id, to_address, subject, error_code, sms_segments, cost, links, delivered_at
       FROM message WHERE id = $1`,
    [id],
  );
  return rows[0];
}

export async function attemptsOf(db: DataSource, id: string): Promise<{ attempt: number; outcome: string; code: string | null }[]> {
  return db.query(`SELECT attempt, outcome, code FROM message_attempt WHERE message_id = $1 ORDER BY attempt`, [id]);
}
