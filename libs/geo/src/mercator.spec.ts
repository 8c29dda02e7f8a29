import { haversineMeters, toMercator } from './mercator';

describe('toMercator', () => {
  // EPSG:3857 bounds: 180° of longitude maps to π·6378137 m = 20037508.342789244 m.
  it('maps the antimeridian to the published EPSG:3857 bound', () => {
    expect(toMercator(0, 180).x).toBeCloseTo(20037508.342789244, 6);
    expect(toMercator(0, -180).x).toBeCloseTo(-20037508.342789244, 6);
    expect(toMercator(0, 0).x).toBe(0);
    expect(Math.abs(toMercator(0, 0).y)).toBeLessThan(1e-6);
  });

  // Reference: EPSG:3857 coordinates of London (51.5074 N, 0.1278 W) as printed by PROJ
  // (cs2cs +init=epsg:4326 +to +init=epsg:3857): -14226.63 6711542.47.
  it('matches PROJ for London', () => {
    const p = toMercator(51.5074, -0.1278);
    expect(p.x).toBeCloseTo(-14226.63, 1);
    expect(p.y).toBeCloseTo(6711542.47, 1);
  });

  it('clamps latitudes beyond ±85°', () => {
    expect(toMercator(89.9, 0).y).toBe(toMercator(85, 0).y);
    expect(toMercator(-90, 0).y).toBe(toMercator(-85, 0).y);
    // y at 85° = R·ln(tan(87.5°)) = 6378137 · 3.1313013 ≈ 19971868.88 m.
    expect(toMercator(85, 0).y).toBeCloseTo(19971868.88, 0);
  });
});

describe('haversineMeters', () => {
  // Expected values: the spherical law of cosines (a different formula) on the
  // same 6371008.8 m sphere, computed in Python's math module:
  // R*acos(sin φ1 sin φ2 + cos φ1 cos φ2 cos Δλ), rounded to the metre.
  it.each([
    ['Paris–London', 48.8566, 2.3522, 51.5074, -0.1278, 343_557],
    ['New York–Los Angeles', 40.7128, -74.006, 34.0522, -118.2437, 3_935_752],
    ['Sydney–Melbourne', -33.8688, 151.2093, -37.8136, 144.9631, 713_428],
  ])('%s', (_name, lat1, lng1, lat2, lng2, expected) => {
    expect(Math.abs(haversineMeters(lat1, lng1, lat2, lng2) - expected)).toBeLessThan(1);
  });

  it('is zero for the same point and symmetric', () => {
    expect(haversineMeters(10, 20, 10, 20)).toBe(0);
    expect(haversineMeters(1, 2, 3, 4)).toBeCloseTo(haversineMeters(3, 4, 1, 2), 6);
  });
});
