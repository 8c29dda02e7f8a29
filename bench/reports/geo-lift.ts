/**
 * The geo-lift bench's part of the data and its hand-written side. After the
 * report bench's bulk load (bench/reports/load.ts), business A's customers
 * get positions: each around one of its three stores (by a hash draw, 45 /
 * 30 / 25 %), uniformly within 4 km, with that store as nearest. A 1.5 km
 * geofence around the first store and an email campaign it triggers are
 * made through the API; the campaign is dated as activated 30 days before
 * the data's anchor, so the 28-day post-period has run.
 */
import type { Pool, PoolClient } from 'pg';
import { EARTH_MEAN_RADIUS_M } from '@localreach/geo';
import { estimateGeoLift, type GeoLiftCell } from '@localreach/analytics';
import type { ApiClient } from '../campaigns/setup';
import type { ReportBusiness } from './fixtures';

const DAY_MS = 86_400_000;
export const FENCE_RADIUS_M = 1500;
export const STORE_A = { lat: 45.5202, lng: -122.6742 };
const STORES = [STORE_A, { lat: 45.559, lng: -122.6443 }, { lat: 45.4651, lng: -122.6538 }];

/** A uniform draw in [0, 1) from a uuid and a salt (md5, so no session helper is needed). */
const draw = (id: string, salt: number) => `(('x' || substr(md5(${id}::text || '${salt}'), 1, 8))::bit(32)::bigint / 4294967296.0)`;

/** Positions A's customers around its stores (see the header); returns how many. */
export async function positionCustomers(pool: Pool, b: ReportBusiness): Promise<number> {
  const store = (k: string) => `(ARRAY[${STORES.map((s) => s.lat).join(',')}])[${k}]`;
  const storeLng = (k: string) => `(ARRAY[${STORES.map((s) => s.lng).join(',')}])[${k}]`;
  const r = await pool.query(
    `UPDATE customer c SET lat = ${store('p.k')} + p.d * cos(p.a) / 111195.0,
                           lng = ${storeLng('p.k')} + p.d * sin(p.a) / (111195.0 * cos(radians(${store('p.k')}))),
                           nearest_location_id = ($2::uuid[])[p.k]
       FROM (SELECT id, CASE WHEN ${draw('id', 1)} < 0.45 THEN 1 WHEN ${draw('id', 1)} < 0.75 THEN 2 ELSE 3 END AS k,
                    4000 * sqrt(${draw('id', 2)}) AS d, 2 * pi() * ${draw('id', 3)} AS a
               FROM customer WHERE business_id = $1) p
      WHERE c.id = p.id`,
    [b.id, b.locationIds],
  );
  await pool.query('VACUUM (ANALYZE) customer');
  return r.rowCount ?? 0;
}

/** The fence around the first store, an email campaign on entering it, activated, dated 30 days before the anchor. */
export async function areaCampaign(pool: Pool, api: ApiClient, b: ReportBusiness, anchor: Date): Promise<{ campaignId: string; start: Date }> {
  const fence = await api.call<{ id: string }>('POST', '/v1/geofences', { name: 'Around Market Street', storeId: b.locationIds[0], center: STORE_A, radiusMeters: FENCE_RADIUS_M, cooldownSeconds: 86_400 });
  const { id } = await api.call<{ id: string }>('POST', '/v1/campaigns', {
    name: 'Market Street nearby', trigger: { type: 'geofence', geofenceId: fence.id, on: 'entered' }, steps: [{ id: 'hi', type: 'email', templateId: b.templates.a }],
  });
  await api.call('POST', `/v1/campaigns/${id}/activate`);
  const start = new Date(anchor.getTime() - 30 * DAY_MS);
  await pool.query('UPDATE campaign SET activated_at = $2 WHERE id = $1', [id, start]);
  return { campaignId: id, start };
}

export interface HandGeoLiftParams {
  businessId: string;
  campaignId: string;
  comparisonStoreIds: string[];
  start: Date;
  preDays: number;
  postDays: number;
  matchDays: number;
  /** Cell width in Mercator units (the report's clusterCellMeters / cos(latitude)). */
  cellSize: number;
}

/**
 * The same aggregation written plainly: every located customer of the business
 * joined to its orders of the whole span, grouped per customer, then per
 * (cell, in the fence, prior-order bin). The circle test is the haversine.
 */
export async function handGeoLift(c: PoolClient, p: HandGeoLiftParams): Promise<GeoLiftCell[]> {
  const t = (days: number) => new Date(p.start.getTime() + days * DAY_MS);
  const rad = (x: string) => `radians(${x})`;
  const distance = `2 * ${EARTH_MEAN_RADIUS_M} * asin(least(1.0, sqrt(power(sin(${rad(`${STORE_A.lat} - c.lat`)} / 2), 2) + cos(${rad('c.lat')}) * cos(${rad(String(STORE_A.lat))}) * power(sin(${rad(`${STORE_A.lng} - c.lng`)} / 2), 2))))`;
  const { rows } = await c.query<GeoLiftCell>(
    `WITH per AS (
       SELECT c.id, c.created_at, c.point, c.nearest_location_id, ${distance} <= ${FENCE_RADIUS_M} AS treated,
              count(o.id) FILTER (WHERE o.occurred_at < $3) AS prior,
              count(o.id) FILTER (WHERE o.occurred_at >= $3 AND o.occurred_at < $4) AS e_o,
              count(o.id) FILTER (WHERE o.occurred_at >= $4 AND o.occurred_at < $5) AS l_o,
              count(o.id) FILTER (WHERE o.occurred_at >= $5) AS p_o,
              coalesce(sum(o.total) FILTER (WHERE o.occurred_at >= $3 AND o.occurred_at < $4), 0) AS e_r,
              coalesce(sum(o.total) FILTER (WHERE o.occurred_at >= $4 AND o.occurred_at < $5), 0) AS l_r,
              coalesce(sum(o.total) FILTER (WHERE o.occurred_at >= $5), 0) AS p_r
         FROM customer c
         LEFT JOIN orders o ON o.business_id = c.business_id AND o.customer_id = c.id AND o.occurred_at >= $2 AND o.occurred_at < $6
        WHERE c.business_id = $1 AND c.lat IS NOT NULL
        GROUP BY c.id)
     SELECT floor(point[0] / $8)::bigint || ':' || floor(point[1] / $8)::bigint AS cluster, treated,
            CASE WHEN prior >= 5 THEN 4 WHEN prior >= 3 THEN 3 ELSE prior END::int AS bin,
            count(*)::int AS customers, sum(e_o + l_o)::int AS "preOrders", sum(p_o)::int AS "postOrders",
            sum(e_r + l_r)::float8 AS "preRevenue", sum(p_r)::float8 AS "postRevenue", sum(e_o)::int AS "earlyOrders", sum(l_o)::int AS "lateOrders",
            sum(e_r)::float8 AS "earlyRevenue", sum(l_r)::float8 AS "lateRevenue",
            count(*) FILTER (WHERE treated AND id IN (SELECT customer_id FROM enrollment WHERE business_id = $1 AND campaign_id = $9))::int AS enrolled
       FROM per
      WHERE (treated OR nearest_location_id = ANY($7::uuid[])) AND (created_at < $5 OR prior + e_o + l_o > 0)
      GROUP BY 1, 2, 3`,
    [p.businessId, t(-p.preDays - p.matchDays), t(-p.preDays), t(-p.preDays / 2), p.start, t(p.postDays),
      p.comparisonStoreIds, p.cellSize, p.campaignId],
  );
  return rows;
}

/** The figures both sides must agree on: group sizes and the estimate from the hand-written cells. */
export function handFigures(cells: GeoLiftCell[], preDays: number, postDays: number): Map<string, number> {
  const r = estimateGeoLift(cells, { preDays, postDays });
  const f = new Map<string, number>([
    ['treatedCustomers', r.groups.treatedCustomers], ['comparisonCustomers', r.groups.comparisonCustomers],
    ['treatedClusters', r.groups.treatedClusters], ['comparisonClusters', r.groups.comparisonClusters],
  ]);
  if (r.status === 'estimated') {
    f.set('incrementalOrders', Math.round(r.estimate.orders.estimate * 100) / 100);
    f.set('incrementalRevenue', Math.round(r.estimate.revenue.estimate * 100) / 100);
  }
  return f;
}
