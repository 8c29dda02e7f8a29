import { randomUUID } from 'node:crypto';
import type { Queryable } from '@localreach/core';
import { toMercator } from '@localreach/geo';
import { polygonLiteral, projectRing } from '../geometry';
import type { EvalCustomer, EvalEvent, EvalGeofence, EvalOrder, EvalStore, EvaluationData } from '../evaluator/evaluation-data';

/**
 * Test factories shared by the segmentation specs: build one business's data
 * in memory (the evaluator's input) and write the same rows to PostgreSQL.
 * Not used by production code.
 */
export function emptyData(): EvaluationData {
  return { customers: [], events: [], orders: [], stores: [], geofences: [], messages: [], engagements: [] };
}

export function makeCustomer(overrides: Partial<EvalCustomer> = {}): EvalCustomer {
  const at = new Date('2024-01-01T00:00:00Z');
  return {
    id: randomUUID(), externalId: null, email: null, phone: null, firstName: null, lastName: null, birthday: null, timezone: null,
    lat: null, lng: null, attributes: {}, tags: [], consent: { email: null, sms: null, location: null }, nearestLocationId: null,
    createdAt: at, updatedAt: at, erasedAt: null, ...overrides,
  };
}

export function makeEvent(customerId: string, type: string, occurredAt: Date, properties: Record<string, unknown> = {}): EvalEvent {
  return { customerId, type, occurredAt, properties };
}

export function makeOrder(customerId: string, total: number, occurredAt: Date): EvalOrder {
  return { customerId, total, occurredAt };
}

export function makeStore(lat: number | null, lng: number | null, deletedAt: Date | null = null): EvalStore {
  return { id: randomUUID(), lat, lng, deletedAt };
}

export function makeCircleFence(lat: number, lng: number, radiusM: number): EvalGeofence {
  return { id: randomUUID(), kind: 'circle', centerLat: lat, centerLng: lng, radiusM, polygon: null, deletedAt: null };
}

export function makePolygonFence(ring: [number, number][]): EvalGeofence {
  return { id: randomUUID(), kind: 'polygon', centerLat: null, centerLng: null, radiusM: null, polygon: { type: 'Polygon', coordinates: [ring] }, deletedAt: null };
}

/** Creates a business directly with SQL and returns its id. */
export async function insertBusiness(q: Queryable, timezone: string): Promise<string> {
  const id = randomUUID();
  await q.query(`INSERT INTO business (id, name, timezone, currency, country, address) VALUES ($1, 'Segment test', $2, 'USD', 'US', '{}')`, [id, timezone]);
  return id;
}

const iso = (d: Date | null) => (d ? d.toISOString() : null);

/** Writes a data set for one business: one INSERT … FROM jsonb_to_recordset per table. */
export async function insertData(q: Queryable, businessId: string, data: EvaluationData): Promise<void> {
  await insertRows(q, businessId, 'location', 'id uuid, name text, lat float8, lng float8, deleted_at timestamptz',
    data.stores.map((s) => ({ id: s.id, name: 'Store', lat: s.lat, lng: s.lng, deleted_at: iso(s.deletedAt) })));
  await insertCustomers(q, businessId, data.customers);
  await insertGeofences(q, businessId, data.geofences);
  await insertRows(q, businessId, 'event', 'customer_id uuid, type text, properties jsonb, occurred_at timestamptz',
    data.events.map((e) => ({ customer_id: e.customerId, type: e.type, properties: e.properties, occurred_at: iso(e.occurredAt) })));
  await insertRows(q, businessId, 'orders', 'external_id text, customer_id uuid, total numeric, occurred_at timestamptz',
    data.orders.map((o) => ({ external_id: randomUUID(), customer_id: o.customerId, total: o.total, occurred_at: iso(o.occurredAt) })),
    { currency: 'USD', channel: 'online' });
  await insertMessagesAndEngagements(q, businessId, data);
}

async function insertCustomers(q: Queryable, businessId: string, customers: EvalCustomer[]): Promise<void> {
  const rows = customers.map((c) => ({
    id: c.id, external_id: c.externalId, email: c.email, phone: c.phone, first_name: c.firstName, last_name: c.lastName, birthday: c.birthday,
    timezone: c.timezone, lat: c.lat, lng: c.lng, attributes: c.attributes, tags: c.tags, consent_email: c.consent.email, consent_sms: c.consent.sms,
    consent_location: c.consent.location, nearest_location_id: c.nearestLocationId, created_at: iso(c.createdAt), updated_at: iso(c.updatedAt),
    erased_at: iso(c.erasedAt),
  }));
  const types = `id uuid, external_id text, email text, phone text, first_name text, last_name text, birthday date, timezone text, lat float8, lng float8,
    attributes jsonb, tags text[], consent_email text, consent_sms text, consent_location text, nearest_location_id uuid, created_at timestamptz,
    updated_at timestamptz, erased_at timestamptz`;
  await insertRows(q, businessId, 'customer', types, rows);
}

async function insertGeofences(q: Queryable, businessId: string, fences: EvalGeofence[]): Promise<void> {
  const rows = fences.map((g) => {
    const centre = g.centerLat !== null && g.centerLng !== null ? toMercator(g.centerLat, g.centerLng) : undefined;
    const area = g.polygon ? polygonLiteral(projectRing(g.polygon.coordinates[0])) : null;
    // The rule engine does not read bbox; any box satisfies the NOT NULL column.
    const bbox = centre ? `(${centre.x - 1},${centre.y - 1}),(${centre.x + 1},${centre.y + 1})` : null;
    return { id: g.id, kind: g.kind, center_lat: g.centerLat, center_lng: g.centerLng, radius_m: g.radiusM, polygon: g.polygon, area, bbox, deleted_at: iso(g.deletedAt) };
  });
  await q.query(
    `INSERT INTO geofence (business_id, id, name, kind, center_lat, center_lng, radius_m, polygon, area, bbox, deleted_at)
     SELECT $1, r.id, 'Fence', r.kind, r.center_lat, r.center_lng, r.radius_m, r.polygon, r.area::polygon, coalesce(r.bbox::box, box(r.area::polygon)), r.deleted_at
       FROM jsonb_to_recordset($2::jsonb) AS r(id uuid, kind text, center_lat float8, center_lng float8, radius_m float8, polygon jsonb, area text, bbox text, deleted_at timestamptz)`,
    [businessId, JSON.stringify(rows)],
  );
}

async function insertMessagesAndEngagements(q: Queryable, businessId: string, data: EvaluationData): Promise<void> {
  await insertRows(q, businessId, 'message', 'customer_id uuid, campaign_id uuid, sent_at timestamptz',
    data.messages.map((m) => ({ customer_id: m.customerId, campaign_id: m.campaignId, sent_at: iso(m.sentAt) })), { channel: 'email' });
  // Each engagement hangs off its own never-sent message, which no "received" rule can match.
  const rows = data.engagements.map((e) => ({ message_id: randomUUID(), customer_id: e.customerId, campaign_id: e.campaignId, type: e.type, occurred_at: iso(e.occurredAt) }));
  await q.query(
    `INSERT INTO message (business_id, id, customer_id, campaign_id, channel)
     SELECT $1, r.message_id, r.customer_id, r.campaign_id, 'email' FROM jsonb_to_recordset($2::jsonb) AS r(message_id uuid, customer_id uuid, campaign_id uuid)`,
    [businessId, JSON.stringify(rows)],
  );
  await insertRows(q, businessId, 'engagement', 'message_id uuid, customer_id uuid, campaign_id uuid, type text, occurred_at timestamptz', rows);
}

/** `types` is the record definition ("col type, ..."); its columns are inserted, plus fixed `constants` (code literals only). */
async function insertRows(q: Queryable, businessId: string, table: string, types: string, rows: object[], constants: Record<string, string> = {}): Promise<void> {
  if (rows.length === 0) return;
  const columns = types.split(',').map((t) => t.trim().split(/\s+/)[0]);
  const fixed = Object.entries(constants);
  await q.query(
    `INSERT INTO ${table} (business_id, ${[...columns, ...fixed.map(([name]) => name)].join(', ')})
     SELECT $1, ${[...columns.map((c) => `r.${c}`), ...fixed.map(([, value]) => `'${value}'`)].join(', ')}
       FROM jsonb_to_recordset($2::jsonb) AS r(${types})`,
    [businessId, JSON.stringify(rows)],
  );
}
