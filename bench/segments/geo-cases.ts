/**
 * Part (a): the geo segments, alone and with a behaviour + consent
 * condition, each as our compiled query and as a query written by hand for
 * the same set (own covering box and haversine, `point <@ polygon`, an
 * EXISTS … OFFSET 1 for "at least two orders"), plus a PostGIS query for
 * the geo-only ones.
 */
import { DateTime } from 'luxon';
import { compileSegment, type SegmentDefinition } from '@localreach/segmentation';
import { BUSINESS_TIMEZONE, capBox, HAVERSINE_RADIUS_M, mercatorPolygonText, PROBE } from './metro';
import type { Dataset } from './load';
import type { Sql } from './timing';

export interface GeoCase {
  name: string;
  definition: SegmentDefinition;
  ours: Sql;
  hand: Sql;
  /** PostGIS formulation (geo-only cases); $1 is the business id. */
  postgis?: Sql;
}

const BEHAVIOUR: SegmentDefinition[] = [
  { type: 'orders', metric: 'count', op: 'gte', value: 2, within: 'P90D' },
  { type: 'consent', channel: 'sms', status: 'granted' },
];

/** The geo predicate written by hand; `next` is the first free placeholder number. */
interface HandGeo {
  from: string;
  where: string;
  params: unknown[];
}

function handRadius(radiusM: number): HandGeo {
  const b = capBox(PROBE.lat, PROBE.lng, radiusM);
  // haversine: d <= r  <=>  asin(sqrt(h)) <= r / 2R
  return {
    from: 'customer c',
    where: `c.point <@ box(point($2, $3), point($4, $5))
        AND asin(sqrt(power(sin(radians(c.lat - $6) / 2), 2) + cos(radians($6)) * cos(radians(c.lat)) * power(sin(radians(c.lng - $7) / 2), 2))) <= $8`,
    params: [b.xmin, b.ymin, b.xmax, b.ymax, PROBE.lat, PROBE.lng, radiusM / (2 * HAVERSINE_RADIUS_M)],
  };
}

function handPolygon(ds: Dataset): HandGeo {
  return { from: 'customer c', where: 'c.point <@ $2::polygon', params: [mercatorPolygonText(ds.polygon)] };
}

function handFence(ds: Dataset): HandGeo {
  return {
    from: 'customer c JOIN geofence g ON g.business_id = $1 AND g.id = $2 AND g.deleted_at IS NULL',
    where: 'c.point <@ g.area',
    params: [ds.geofenceId],
  };
}

function handSql(geo: HandGeo, withBehaviour: boolean, now: Date): Sql {
  const params: unknown[] = [null, ...geo.params];
  let extra = '';
  if (withBehaviour) {
    const start = DateTime.fromJSDate(now, { zone: BUSINESS_TIMEZONE }).minus({ days: 90 }).toJSDate();
    params.push(start, now);
    const [s, n] = [params.length - 1, params.length];
    extra = `
        AND c.consent_sms = 'granted'
        AND EXISTS (SELECT 1 FROM orders o
                     WHERE o.business_id = $1 AND o.customer_id = c.id AND o.occurred_at >= $${s}::timestamptz AND o.occurred_at <= $${n}::timestamptz
                    OFFSET 1)`;
  }
  return {
    sql: `SELECT count(*) FROM ${geo.from}
      WHERE c.business_id = $1 AND c.erased_at IS NULL
        AND ${geo.where}${extra}`,
    params,
  };
}

function postgisRadius(radiusM: number): Sql {
  return {
    sql: `SELECT count(*) FROM customer c
           WHERE c.business_id = $1 AND c.erased_at IS NULL
             AND ST_DWithin(c.geog, ST_SetSRID(ST_MakePoint($3, $2), 4326)::geography, $4, false)`,
    params: [null, PROBE.lat, PROBE.lng, radiusM],
  };
}

function postgisPolygon(ds: Dataset): Sql {
  return {
    sql: `SELECT count(*) FROM customer c
           WHERE c.business_id = $1 AND c.erased_at IS NULL
             AND ST_Contains(ST_Transform(ST_SetSRID(ST_GeomFromGeoJSON($2), 4326), 3857), c.geom)`,
    params: [null, JSON.stringify(ds.polygon)],
  };
}

function countOfCompiled(definition: SegmentDefinition, ds: Dataset, now: Date): Sql {
  const { sql, params } = compileSegment(definition, { businessId: ds.businessId, now, businessTimezone: BUSINESS_TIMEZONE });
  return { sql: `SELECT count(*) FROM (${sql}) s`, params };
}

const withBusiness = (q: Sql, businessId: string): Sql => ({ sql: q.sql, params: [businessId, ...q.params.slice(1)] });

export function geoCases(ds: Dataset, now: Date): GeoCase[] {
  const geos: { name: string; def: SegmentDefinition; hand: HandGeo; postgis: Sql }[] = [
    ...[1_000, 5_000, 20_000].map((r) => ({
      name: `near ${r / 1000} km`,
      def: { type: 'near', lat: PROBE.lat, lng: PROBE.lng, radiusMeters: r } as SegmentDefinition,
      hand: handRadius(r),
      postgis: postgisRadius(r),
    })),
    { name: 'inside {polygon} (64 vertices)', def: { type: 'inside', polygon: ds.polygon }, hand: handPolygon(ds), postgis: postgisPolygon(ds) },
    { name: 'inside {geofenceId} (64 vertices)', def: { type: 'inside', geofenceId: ds.geofenceId }, hand: handFence(ds), postgis: postgisPolygon(ds) },
  ];
  const cases: GeoCase[] = [];
  for (const g of geos) {
    cases.push({
      name: g.name, definition: g.def, ours: countOfCompiled(g.def, ds, now),
      hand: withBusiness(handSql(g.hand, false, now), ds.businessId), postgis: withBusiness(g.postgis, ds.businessId),
    });
  }
  for (const g of geos) {
    const def: SegmentDefinition = { all: [g.def, ...BEHAVIOUR] };
    cases.push({
      name: `${g.name} + ≥2 orders in P90D + sms granted`, definition: def, ours: countOfCompiled(def, ds, now),
      hand: withBusiness(handSql(g.hand, true, now), ds.businessId),
    });
  }
  return cases;
}

/** Hand-written preview of the 5 km + behaviour segment: count and 20 sample ids in one statement. */
export function handPreviewSql(c: GeoCase): Sql {
  return {
    sql: `WITH m AS MATERIALIZED (${c.hand.sql.replace('SELECT count(*) FROM', 'SELECT c.id FROM')})
          SELECT (SELECT count(*) FROM m) AS count, (SELECT array_agg(id) FROM (SELECT id FROM m ORDER BY id LIMIT 20) s) AS sample`,
    params: c.hand.params,
  };
}
