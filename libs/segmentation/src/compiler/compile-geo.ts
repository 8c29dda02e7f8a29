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

/**
 * Inside a polygon, or a stored geofence. A fence compiles to one GiST index
 * condition, as a polygon would: `c.point <@` the fence's polygon, or for a
 * circle fence its covering box as a polygon (the whole band of latitudes when
 * the circle crosses the antimeridian), both read once (InitPlan); circles then
 * check the exact distance. An OR of the two shapes' conditions could only be
 * a bitmap scan of both (2× the polygon's own time at 1M customers); this stays
 * an index-only scan. An unknown or deleted fence yields NULL: no members.
 */
export function compileInside(cond: InsideCondition, scope: CompileScope): string {
  if ('polygon' in cond) return `c.point <@ ${scope.param(polygonLiteral(projectRing(cond.polygon.coordinates[0])), 'polygon')}`;
  const fence = `g.business_id = ${scope.business} AND g.id = ${scope.param(cond.geofenceId, 'uuid')} AND g.deleted_at IS NULL`;
  const world = MERCATOR_HALF_WORLD;
  // polygon(path(...)) detoasts the stored polygon once in the InitPlan instead of once per row.
  const area = `(SELECT CASE WHEN g.kind = 'polygon' THEN polygon(path(g.area))
               WHEN b.x - b.half_width < -${world} OR b.x + b.half_width > ${world}
                 THEN polygon(box(point(-${world}, b.y_south), point(${world}, b.y_north)))
               ELSE polygon(box(point(b.x - b.half_width, b.y_south), point(b.x + b.half_width, b.y_north))) END
     FROM geofence g
${circleBoxLaterals('g.center_lat', 'g.center_lng', 'g.radius_m', false)}
    WHERE ${fence})`;
  const distance = haversineSql('c.lat', 'c.lng', 'g.center_lat', 'g.center_lng');
  const exact = `(SELECT g.kind = 'polygon' FROM geofence g WHERE ${fence})
    OR EXISTS (SELECT 1 FROM geofence g WHERE ${fence} AND g.kind = 'circle' AND ${distance} <= g.radius_m)`;
  return `(c.point <@ ${indent(area, 2)}
  AND (${exact}))`;
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
  return `(SELECT box(point(b.x - b.half_width, b.y_south), point(b.x + b.half_width, b.y_north))
   FROM ${source.table}
${circleBoxLaterals(lat, lng, radius, wrapped)}
  WHERE ${source.where})`;
}

/**
 * The covering box of a circle (centre and radius from a row) as `b.x` (its
 * centre, shifted by one world width when `wrapped`), `b.half_width`,
 * `b.y_south` and `b.y_north`, in Web-Mercator metres: the rule of `coveringBoxes`.
 */
function circleBoxLaterals(lat: string, lng: string, radius: string, wrapped: boolean): string {
  const world = 2 * MERCATOR_HALF_WORLD;
  const y = (latExpr: string) => `${EARTH_RADIUS_MERCATOR_M} * ln(tan(pi() / 4 + radians(${latExpr}) / 2))`;
  return `  CROSS JOIN LATERAL (SELECT ${radius} / ${EARTH_MEAN_RADIUS_M} AS theta, degrees(${radius} / ${EARTH_MEAN_RADIUS_M}) AS theta_deg) t
  CROSS JOIN LATERAL (SELECT
      ${EARTH_RADIUS_MERCATOR_M} * radians(${lng})${wrapped ? ` - sign(${lng}) * ${world}` : ''} AS x,
      CASE WHEN abs(${lat}) + t.theta_deg >= 90 THEN ${world}
           ELSE ${EARTH_RADIUS_MERCATOR_M} * t.theta / cos(radians(abs(${lat}) + t.theta_deg)) END + ${BOX_PAD_M} AS half_width,
      ${y(`greatest(${lat} - t.theta_deg, -85)`)} - ${BOX_PAD_M} AS y_south,
      ${y(`least(${lat} + t.theta_deg, 85)`)} + ${BOX_PAD_M} AS y_north) b`;
}
