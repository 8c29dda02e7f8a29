import fc from 'fast-check';
import { haversineMeters, toMercator } from '../mercator';
import { circleBox, crossesAntimeridian, polygonLiteral, projectRing } from './geofence-geometry';

/** Great-circle destination (spherical trigonometry, independent of circleBox's extent formulas). */
function destination(lat: number, lng: number, bearingDeg: number, distanceM: number): { lat: number; lng: number } {
  const R = 6371008.8;
  const d = distanceM / R;
  const th = (bearingDeg * Math.PI) / 180;
  const p1 = (lat * Math.PI) / 180;
  const l1 = (lng * Math.PI) / 180;
  const p2 = Math.asin(Math.sin(p1) * Math.cos(d) + Math.cos(p1) * Math.sin(d) * Math.cos(th));
  const l2 = l1 + Math.atan2(Math.sin(th) * Math.sin(d) * Math.cos(p1), Math.cos(d) - Math.sin(p1) * Math.sin(p2));
  return { lat: (p2 * 180) / Math.PI, lng: (l2 * 180) / Math.PI };
}

const contains = (box: ReturnType<typeof circleBox>, lat: number, lng: number) => {
  const { x, y } = toMercator(lat, lng);
  return x >= box.minX && x <= box.maxX && y >= box.minY && y <= box.maxY;
};

describe('circleBox', () => {
  it('at the equator, r = 1000 m: half-width = 1000 · 6378137 / 6371008.8 = 1001.1189 m', () => {
    // 6378137 / 6371008.8 = 1.00111885 (worked by hand): the Mercator sphere is the larger one.
    const box = circleBox(0, 0, 1000);
    expect(box.maxX).toBeCloseTo(1001.1189, 1);
    expect(box.minX).toBeCloseTo(-1001.1189, 1);
    expect(box.maxY).toBeCloseTo(1001.1189, 1); // near the equator y ≈ x scale
  });

  it('at 60° N, r = 1000 m: half-width doubles (1 / cos 60° = 2) to 2002.24 m', () => {
    const box = circleBox(60, 10, 1000);
    const centre = toMercator(60, 10);
    expect(box.maxX - centre.x).toBeCloseTo(2002.24, 1);
    expect(centre.x - box.minX).toBeCloseTo(2002.24, 1);
  });

  it('covers a point the plain r / cos φ rule misses: 999.9 m due east at the equator', () => {
    const east = destination(0, 0, 90, 999.9);
    expect(haversineMeters(0, 0, east.lat, east.lng)).toBeCloseTo(999.9, 3);
    expect(toMercator(east.lat, east.lng).x).toBeGreaterThan(1000); // outside a 1000 m half-side box
    expect(contains(circleBox(0, 0, 1000), east.lat, east.lng)).toBe(true);
  });

  it('covers every point of the circle (property: random centre, radius and bearing)', () => {
    fc.assert(
      fc.property(
        fc.double({ min: -84, max: 84, noNaN: true }),
        fc.double({ min: -179, max: 179, noNaN: true }),
        fc.double({ min: 50, max: 50_000, noNaN: true }),
        fc.double({ min: 0, max: 360, noNaN: true }),
        (lat, lng, r, bearing) => {
          const edge = destination(lat, lng, bearing, r);
          return contains(circleBox(lat, lng, r), edge.lat, edge.lng);
        },
      ),
      { numRuns: 2000 },
    );
  });

  it('is tight: the middle of each side is at least r from the centre', () => {
    fc.assert(
      fc.property(fc.double({ min: -80, max: 80, noNaN: true }), fc.double({ min: 50, max: 50_000, noNaN: true }), (lat, r) => {
        const box = circleBox(lat, 0, r);
        const eastLng = (box.maxX / 6378137) * (180 / Math.PI);
        const northLat = destination(lat, 0, 0, r).lat;
        return haversineMeters(lat, 0, lat, eastLng) >= r * (1 - 1e-6) && Math.abs(toMercator(northLat, 0).y - box.maxY) < 0.02;
      }),
      { numRuns: 500 },
    );
  });

  it('flags circles reaching over the antimeridian', () => {
    expect(crossesAntimeridian(circleBox(0, 179.999, 1000))).toBe(true);
    expect(crossesAntimeridian(circleBox(0, 179.9, 1000))).toBe(false);
  });
});

describe('projectRing / polygonLiteral', () => {
  it('drops the closing position and boxes the projected vertices', () => {
    const { vertices, box } = projectRing([[0, 0], [1, 0], [1, 1], [0, 0]]);
    expect(vertices).toHaveLength(3);
    // 1° of longitude = 6378137 · π / 180 = 111319.49 m on the Mercator sphere.
    expect(box.maxX).toBeCloseTo(111319.49, 1);
    expect(box.minX).toBeCloseTo(0, 1);
    expect(polygonLiteral([{ x: 1.5, y: -2 }, { x: 3, y: 4 }])).toBe('((1.5,-2),(3,4))');
  });
});
