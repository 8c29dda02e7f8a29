import type { DataSource } from 'typeorm';

export async function one<T>(db: DataSource, sql: string, params: unknown[]): Promise<T> {
  const rows = await db.query<T[]>(sql, params);
  return rows[0];
}

/** Rows as the journey runner, delivery, tracking and ingest leave them, at chosen times. */
export const historyFactories = (db: DataSource, businessId: string) => ({
  campaign: async (name: string) => (await one<{ id: string }>(db, `INSERT INTO campaign (business_id, name, trigger_type, status) VALUES ($1, $2, 'event', 'active') RETURNING id`, [businessId, name])).id,
  segment: async (name: string) => (await one<{ id: string }>(db, `INSERT INTO segment (business_id, name, definition) VALUES ($1, $2, '{"type":"tag","tag":"vip","present":true}') RETURNING id`, [businessId, name])).id,
  event: async (customerId: string, type: string, occurredAt: Date | string, properties: object = {}, source = 'api') =>
    (await one<{ id: string }>(db, `INSERT INTO event (business_id, customer_id, type, properties, occurred_at, source) VALUES ($1, $2, $3, $4, $5, $6) RETURNING id::text AS id`, [
      businessId, customerId, type, JSON.stringify(properties), occurredAt, source,
    ])).id,
  order: async (customerId: string, externalId: string, total: number, occurredAt: Date) =>
    (await one<{ id: string }>(db, `INSERT INTO orders (business_id, external_id, customer_id, total, currency, channel, occurred_at, items) VALUES ($1, $2, $3, $4, 'USD', 'online', $5, '[{"sku":"A"}]') RETURNING id`, [
      businessId, externalId, customerId, total, occurredAt,
    ])).id,
  enrollment: async (customerId: string, campaignId: string, enrolledAt: Date, ended?: { at: Date; state: string; reason: string }) =>
    (await one<{ id: string }>(db, `INSERT INTO enrollment (business_id, campaign_id, version, customer_id, trigger_key, state, enrolled_at, anchored_at, ended_at, end_reason)
       VALUES ($1, $2, 1, $3, gen_random_uuid()::text, $4, $5, $5, $6, $7) RETURNING id`, [
      businessId, campaignId, customerId, ended?.state ?? 'active', enrolledAt, ended?.at ?? null, ended?.reason ?? null,
    ])).id,
  message: async (customerId: string, m: { campaignId?: string; enrollmentId?: string; channel?: 'email' | 'sms'; status?: string; createdAt: Date; sentAt?: Date; stepId?: string; errorCode?: string; cost?: number }) =>
    (await one<{ id: string }>(db, `INSERT INTO message (business_id, customer_id, campaign_id, campaign_version, enrollment_id, step_id, step_seq, channel, status, created_at, sent_at,
       delivered_at, error_code, cost, to_address, subject)
       VALUES ($1, $2, $3, 1, $4, $5, 1, $6, $7, $8, $9, $10, $11, $12, 'someone@example.com', 'A subject') RETURNING id`, [
      businessId, customerId, m.campaignId ?? null, m.enrollmentId ?? null, m.stepId ?? null, m.channel ?? 'email', m.status ?? 'sent', m.createdAt, m.sentAt ?? null,
      m.status === 'delivered' ? m.sentAt : null, m.errorCode ?? null, m.cost ?? null,
    ])).id,
  engagement: async (customerId: string, messageId: string, type: string, occurredAt: Date) =>
    (await one<{ id: string }>(db, `INSERT INTO engagement (business_id, message_id, customer_id, campaign_id, step_id, type, occurred_at, url)
       SELECT business_id, id, customer_id, campaign_id, step_id, $2, $3, CASE WHEN $2 = 'clicked' THEN 'https://shop.example.com/offer' END FROM message WHERE id = $1
       RETURNING id::text AS id`, [messageId, type, occurredAt])).id,
});

