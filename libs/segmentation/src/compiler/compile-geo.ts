import { EARTH_MEAN_RADIUS_M, EARTH_RADIUS_MERCATOR_M } from '@localreach/geo';
import { BOX_PAD_M, coveringBoxes, MERCATOR_HALF_WORLD, polygonLiteral, projectRing, type MercatorBox } from '../geometry';
import type { InsideCondition, NearCondition } from '../segment-definition';
import { indent, type CompileScope } from './compile-scope';

/**
 * Geo conditions follow the design's "Geo in plain PostgreSQL": a GiST-indexed
 * `c.point <@ box` prefilter (the indexed column stays bare), then the exact
 * haversine distance on lat/lng; polygons use native `point <@ polygon` in
 * Web-Mercator metres.
 */
export function compileNear(cond: NearCondition, scope: CompileScope): string {
  const radius = scope.param(cond.radiusMeters, 'float8');
  if ('storeId' in cond) {
    const store = { table: 'location s', where: `s.business_id = ${scope.business} AND s.id = ${scope.param(cond.storeId, 'uuid')} AND s.deleted_at IS NULL` };
    return `(${resolvedCircleSql(store, 's.lat', 's.lng', radius)})`;
  }
  const boxes = coveringBoxes(cond.lat, cond.lng, cond.radiusMeters).map((b) => `c.point <@ ${scope.param(boxLiteral(b), 'box')}`);
  const prefilter = boxes.length === 1 ? boxes[0] : `(${boxes.join(' OR ')})`;
  const distance = haversineSql('c.lat', 'c.lng', scope.param(cond.lat, 'float8'), scope.param(cond.lng, 'float8'));
  return `(${prefilter}\n  AND ${distance} <= ${radius})`;
}

export function compileInside(cond: InsideCondition, scope: CompileScope): string {
  if ('polygon' in cond) return `c.point <@ ${scope.param(polygonLiteral(projectRing(cond.polygon.coordinates[0])), 'polygon')}`;
  const fence = `g.business_id = ${scope.business} AND g.id = ${scope.param(cond.geofenceId, 'uuid')} AND g.deleted_at IS NULL`;
  // polygon(path(...)) detoasts the stored polygon once in the InitPlan instead of once per row.
  const polygon = `c.point <@ (SELECT polygon(path(g.area)) FROM geofence g WHERE ${fence} AND g.kind = 'polygon')`;
  const circle = resolvedCircleSql({ table: 'geofence g', where: `${fence} AND g.kind = 'circle'` }, 'g.center_lat', 'g.center_lng', 'g.radius_m');
  // Computed once: for a polygon fence the circle arm stops here instead of running its distance subquery per row.
  const isCircle = `(SELECT g.kind = 'circle' FROM geofence g WHERE ${fence})`;
  return `(${polygon}\n  OR (${isCircle}\n    AND ${indent(circle, 4)}))`;
}

function boxLiteral(b: MercatorBox): string {
  return `(${b.xmin},${b.ymin}),(${b.xmax},${b.ymax})`;
}

/** Great-circle distance in metres, the same haversine as libs/geo. */
function haversineSql(lat1: string, lng1: string, lat2: string, lng2: string): string {
  return `(2 * ${EARTH_MEAN_RADIUS_M} * asin(least(1, sqrt(sin(radians(${lat2} - ${lat1}) / 2) ^ 2 + cos(radians(${lat1})) * cos(radians(${lat2})) * sin(radians(${lng2} - ${lng1}) / 2) ^ 2))))`;
}

interface RowSource {
  /** Table and alias, e.g. `location s`. */
  table: string;
  /** Tenant-scoped filter selecting the one row. */
  where: string;
}

/**
 * Within `radius` of a centre read from a row (store or circle geofence). The
 * covering box is built in SQL with the same rule as `coveringBoxes`; a second
 * box shifted by one world width catches circles crossing the antimeridian
 * (it lies off the map otherwise). Both are scalar subqueries, so each is
 * computed once and used as a GiST index condition.
 */
function resolvedCircleSql(source: RowSource, lat: string, lng: string, radius: string): string {
  const boxes = [false, true].map((wrapped) => `c.point <@ ${indent(boxSql(source, lat, lng, radius, wrapped), 14)}`);
  const distance = haversineSql('c.lat', 'c.lng', lat, lng);
  return `(${boxes.join('\n    OR ')})\n  AND EXISTS (SELECT 1 FROM ${source.table} WHERE ${source.where} AND ${distance} <= ${radius})`;
}

function boxSql(source: RowSource, lat: string, lng: string, radius: string, wrapped: boolean): string {
  const world = 2 * MERCATOR_HALF_WORLD;
  const y = (latExpr: string) => `${EARTH_RADIUS_MERCATOR_M} * ln(tan(pi() / 4 + radians(${latExpr}) / 2))`;
  return `(SELECT box(point(b.x - b.half_width, b.y_south), point(b.x + b.half_width, b.y_north))
   FROM ${source.table}
  CROSS JOIN LATERAL (SELECT ${radius} / ${EARTH_MEAN_RADIUS_M} AS theta, degrees(${radius} / ${EARTH_MEAN_RADIUS_M}) AS theta_deg) t
  CROSS JOIN LATERAL (SELECT
      ${EARTH_RADIUS_MERCATOR_M} * radians(${lng})${wrapped ? ` - sign(${lng}) * ${world}` : ''} AS x,
      CASE WHEN abs(${lat}) + t.theta_deg >= 90 THEN ${world}
           ELSE ${EARTH_RADIUS_MERCATOR_M} * t.theta / cos(radians(abs(${lat}) + t.theta_deg)) END + ${BOX_PAD_M} AS half_width,
      ${y(`greatest(${lat} - t.theta_deg, -85)`)} - ${BOX_PAD_M} AS y_south,
      ${y(`least(${lat} + t.theta_deg, 85)`)} + ${BOX_PAD_M} AS y_north) b
  WHERE ${source.where})`;
}
