/**
 * Part (b): full membership refresh of 20 mixed segments through the real
 * SegmentService / SegmentRepository (compile, one MATERIALIZED members CTE,
 * DELETE exited, INSERT entered, segment_entered / segment_exited events):
 * one after another (per-segment timings), and as the worker runs them.
 */
import type { DataSource } from 'typeorm';
import { AuditRepository, AuditTrail, CustomerRepository, loadConfig, SegmentStalenessRepository, type Tenant } from '@localreach/core';
import { SegmentRepository, SegmentService, type SegmentDefinition } from '@localreach/segmentation';
import { BUSINESS_TIMEZONE, PROBE } from './metro';
import type { Dataset } from './load';

export function benchTenant(businessId: string): Tenant {
  return { businessId, keyId: null, role: 'owner', business: { name: 'Bench Metro Bakery', timezone: BUSINESS_TIMEZONE, currency: 'USD', country: 'US' } };
}

export function segmentService(dataSource: DataSource): SegmentService {
  return new SegmentService(dataSource, new SegmentRepository(dataSource), new CustomerRepository(dataSource), new SegmentStalenessRepository(), new AuditTrail(dataSource, new AuditRepository()), { now: () => new Date() }, loadConfig({ NODE_ENV: 'test' }));
}

export function mixedSegments(ds: Dataset): { name: string; definition: SegmentDefinition }[] {
  const near = (radiusMeters: number): SegmentDefinition => ({ type: 'near', lat: PROBE.lat, lng: PROBE.lng, radiusMeters });
  return [
    { name: 'attribute: tier = gold', definition: { type: 'attribute', field: 'attributes.tier', op: 'eq', value: 'gold' } },
    { name: 'attribute: visits ≥ 150', definition: { type: 'attribute', field: 'attributes.visits', op: 'gte', value: 150 } },
    { name: 'attribute: timezone in [NY, LA]', definition: { type: 'attribute', field: 'timezone', op: 'in', value: ['America/New_York', 'America/Los_Angeles'] } },
    { name: 'tag: vip', definition: { type: 'tag', tag: 'vip', present: true } },
    { name: 'consent: sms granted', definition: { type: 'consent', channel: 'sms', status: 'granted' } },
    { name: 'birthday: next 7 days', definition: { type: 'birthday', withinNextDays: 7 } },
    { name: 'near: 5 km of a point', definition: near(5_000) },
    { name: 'near: 3 km of a store', definition: { type: 'near', storeId: ds.storeIds[0], radiusMeters: 3_000 } },
    { name: 'inside: geofence (64 vertices)', definition: { type: 'inside', geofenceId: ds.geofenceId } },
    { name: 'inside: polygon (64 vertices)', definition: { type: 'inside', polygon: ds.polygon } },
    { name: 'event: ≥3 product_view in P30D', definition: { type: 'event', eventType: 'product_view', within: 'P30D', count: { op: 'gte', value: 3 } } },
    { name: 'event: product_view sku = SKU-42 in P90D', definition: { type: 'event', eventType: 'product_view', where: [{ field: 'sku', op: 'eq', value: 'SKU-42' }], within: 'P90D' } },
    { name: 'event: visited_store in P7D', definition: { type: 'event', eventType: 'visited_store', within: 'P7D' } },
    { name: 'orders: sum ≥ 300 in P180D', definition: { type: 'orders', metric: 'sum', op: 'gte', value: 300, within: 'P180D' } },
    { name: 'orders: none in P90D (lapsed)', definition: { type: 'orders', metric: 'count', op: 'eq', value: 0, within: 'P90D' } },
    { name: 'rfm: R 4–5, M 4–5', definition: { type: 'rfm', recency: [4, 5], monetary: [4, 5] } },
    { name: 'localTime: 9–17 weekdays', definition: { type: 'localTime', hours: [9, 17], weekdays: [1, 2, 3, 4, 5] } },
    { name: 'any: vip or not email-granted', definition: { any: [{ type: 'tag', tag: 'vip', present: true }, { not: { type: 'consent', channel: 'email', status: 'granted' } }] } },
    {
      name: 'all: 10 km + visited P30D + not ordered P30D',
      definition: { all: [near(10_000), { type: 'event', eventType: 'visited_store', within: 'P30D' }, { not: { type: 'orders', metric: 'count', op: 'gte', value: 1, within: 'P30D' } }] },
    },
    {
      name: 'all: sms + (gold/platinum or rfm F5) + not opened',
      definition: {
        all: [
          { type: 'consent', channel: 'sms', status: 'granted' },
          { any: [{ type: 'attribute', field: 'attributes.tier', op: 'in', value: ['gold', 'platinum'] }, { type: 'rfm', frequency: [5, 5] }] },
          { not: { type: 'engagement', action: 'opened', within: 'P30D' } },
        ],
      },
    },
  ];
}

export interface RefreshRow {
  name: string;
  members: number;
  entered: number;
  exited: number;
  seconds: number;
  /** Set when the refresh did not finish: 'timeout' (statement_timeout) or 'skipped'. */
  failed?: 'timeout' | 'skipped';
}

/** Worker lanes refreshing stale segments at once (StaleSegmentPass in apps/worker). */
export const WORKER_LANES = 2;
const WORKER_MAX_AGE_SECONDS = 600;

/**
 * Refreshes every stale segment the way the worker does: WORKER_LANES loops,
 * each claiming one stale segment at a time through SegmentService.refreshDue
 * (cheapest first, never one in flight) until none is left. Returns the wall
 * clock seconds and how many refreshes failed (refreshDue records, not throws).
 */
export async function refreshAsWorker(service: SegmentService, dataSource: DataSource, ids: string[]): Promise<{ seconds: number; failed: number }> {
  const started = performance.now();
  await Promise.all(Array.from({ length: WORKER_LANES }, async () => {
    for (;;) if ((await service.refreshDue(WORKER_MAX_AGE_SECONDS, 1, 'stale')) === 0) return;
  }));
  const seconds = (performance.now() - started) / 1000;
  const [row] = await dataSource.query<{ failed: number }[]>(`SELECT count(*)::int AS failed FROM segment WHERE id = ANY($1) AND refresh_error IS NOT NULL`, [ids]);
  return { seconds, failed: row.failed };
}

/** Refreshes every segment once, in order, timing each; a statement timeout is recorded, not thrown. */
export async function refreshAll(service: SegmentService, tenant: Tenant, ids: string[], names: string[], skip: Set<string> = new Set()): Promise<RefreshRow[]> {
  const rows: RefreshRow[] = [];
  for (let i = 0; i < ids.length; i++) {
    if (skip.has(ids[i])) {
      rows.push({ name: names[i], members: 0, entered: 0, exited: 0, seconds: 0, failed: 'skipped' });
      continue;
    }
    const started = performance.now();
    try {
      const outcome = await service.refreshNow(tenant, ids[i]);
      rows.push({ name: names[i], ...outcome, seconds: (performance.now() - started) / 1000 });
    } catch (error) {
      const code = (error as { code?: string; driverError?: { code?: string } }).code ?? (error as { driverError?: { code?: string } }).driverError?.code;
      if (code !== '57014') throw error;
      rows.push({ name: names[i], members: 0, entered: 0, exited: 0, seconds: (performance.now() - started) / 1000, failed: 'timeout' });
    }
  }
  return rows;
}
