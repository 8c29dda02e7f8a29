import { ProblemList } from '@localreach/core';
import { POLYGON_LIMITS, validatePolygon } from './polygon-validation';

const square = [[-89.652, 39.781], [-89.648, 39.781], [-89.648, 39.784], [-89.652, 39.784], [-89.652, 39.781]];
const poly = (ring: unknown, extra: Record<string, unknown> = {}) => ({ type: 'Polygon', coordinates: [ring], ...extra });

function check(value: unknown) {
  const out = new ProblemList();
  const polygon = validatePolygon(value, 'polygon', out);
  return { polygon, fields: out.problems.map((p) => p.field), messages: out.problems.map((p) => p.message) };
}

/** A regular n-gon around (lng, lat), closed: always simple. */
function regular(n: number, lng = 2.35, lat = 48.85, r = 0.01): number[][] {
  const ring = Array.from({ length: n }, (_, i) => [lng + r * Math.cos((2 * Math.PI * i) / n), lat + r * Math.sin((2 * Math.PI * i) / n)]);
  return [...ring, ring[0]];
}

describe('validatePolygon', () => {
  it('accepts a closed square, counter-clockwise or clockwise, and drops altitudes', () => {
    expect(check(poly(square))).toEqual({ polygon: { type: 'Polygon', coordinates: [square] }, fields: [], messages: [] });
    expect(check(poly([...square].reverse())).fields).toEqual([]);
    const withAltitude = square.map(([lng, lat]) => [lng, lat, 180]);
    expect(check(poly(withAltitude)).polygon?.coordinates[0]).toEqual(square);
  });

  it('accepts a concave L-shape and a 1,999-gon (2,000 positions with the closing one)', () => {
    expect(check(poly([[0, 0], [2, 0], [2, 1], [1, 1], [1, 2], [0, 2], [0, 0]])).fields).toEqual([]);
    expect(check(poly(regular(POLYGON_LIMITS.maxPositions - 1))).fields).toEqual([]);
  });

  it('rejects a bow-tie, naming the crossing edges', () => {
    // (0,0)→(1,1) and (1,0)→(0,1) cross at (0.5, 0.5).
    const result = check(poly([[0, 0], [1, 1], [1, 0], [0, 1], [0, 0]]));
    expect(result.fields).toEqual(['polygon.coordinates[0]']);
    expect(result.messages[0]).toBe('must not intersect itself: edge 0→1 meets edge 2→3');
    expect(result.polygon).toBeUndefined();
  });

  it.each([
    ['a figure-8 pinched at a repeated vertex', [[0, 0], [2, 2], [4, 0], [4, 4], [2, 2], [0, 4], [0, 0]], 'polygon.coordinates[0]'],
    ['a spike doubling back', [[0, 0], [2, 0], [1, 0], [1, 1], [0, 0]], 'polygon.coordinates[0]'],
    ['an open ring', [[0, 0], [1, 0], [1, 1], [0, 1]], 'polygon.coordinates[0]'],
    ['three positions', [[0, 0], [1, 0], [0, 0]], 'polygon.coordinates[0]'],
    ['a degenerate line', [[0, 0], [1, 0], [2, 0], [0, 0]], 'polygon.coordinates[0]'],
    ['a repeated consecutive position', [[0, 0], [1, 0], [1, 0], [1, 1], [0, 0]], 'polygon.coordinates[0][2]'],
    ['a latitude of 91', [[0, 0], [1, 0], [1, 91], [0, 0]], 'polygon.coordinates[0][2][1]'],
    ['a longitude of -181', [[0, 0], [-181, 0], [1, 1], [0, 0]], 'polygon.coordinates[0][1][0]'],
    ['a position that is not two numbers', [[0, 0], [1, '0'], [1, 1], [0, 0]], 'polygon.coordinates[0][1]'],
    ['a non-finite number', [[0, 0], [1, Number.NaN], [1, 1], [0, 0]], 'polygon.coordinates[0][1]'],
  ])('rejects %s', (_name, ring, field) => {
    const result = check(poly(ring));
    expect(result.fields).toEqual([field]);
    expect(result.polygon).toBeUndefined();
  });

  it('rejects 2,001 positions', () => {
    expect(check(poly(regular(POLYGON_LIMITS.maxPositions))).fields).toEqual(['polygon.coordinates[0]']);
  });

  it('rejects holes (only an outer ring is supported)', () => {
    const hole = [[-89.651, 39.782], [-89.649, 39.782], [-89.649, 39.783], [-89.651, 39.782]];
    const result = check({ type: 'Polygon', coordinates: [square, hole] });
    expect(result.fields).toEqual(['polygon.coordinates']);
    expect(result.messages[0]).toMatch(/holes/);
  });

  it('names every shape problem: wrong type, unknown member, missing coordinates', () => {
    expect(check({ type: 'Point', coordinates: [square], crs: {} }).fields).toEqual(['polygon.crs', 'polygon.type']);
    expect(check({ type: 'Polygon' }).fields).toEqual(['polygon.coordinates']);
    expect(check({ type: 'Polygon', coordinates: [] }).fields).toEqual(['polygon.coordinates']);
    expect(check([square]).fields).toEqual(['polygon']);
    expect(check(null).fields).toEqual(['polygon']);
  });

  it('reports under the path it is given', () => {
    const out = new ProblemList();
    validatePolygon(poly([[0, 0], [1, 1], [1, 0], [0, 1], [0, 0]]), 'where.inside.polygon', out);
    expect(out.problems.map((p) => p.field)).toEqual(['where.inside.polygon.coordinates[0]']);
  });
});
