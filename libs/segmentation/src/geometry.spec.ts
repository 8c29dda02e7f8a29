import { EARTH_MEAN_RADIUS_M, haversineMeters, toMercator } from '@localreach/geo';
import { boxContains, coveringBoxes, pointInPolygon, polygonLiteral, projectRing, segmentsIntersect } from './geometry';

const pt = (x: number, y: number) => ({ x, y });

/** Destination point on the sphere (the standard bearing formula), independent of the box construction. */
function destination(lat: number, lng: number, bearingDeg: number, distanceM: number): [number, number] {
  const rad = Math.PI / 180;
  const d = distanceM / EARTH_MEAN_RADIUS_M;
  const b = bearingDeg * rad;
  const phi1 = lat * rad;
  const phi2 = Math.asin(Math.sin(phi1) * Math.cos(d) + Math.cos(phi1) * Math.sin(d) * Math.cos(b));
  const lambda2 = lng * rad + Math.atan2(Math.sin(b) * Math.sin(d) * Math.cos(phi1), Math.cos(d) - Math.sin(phi1) * Math.sin(phi2));
  const lngOut = ((((lambda2 / rad) + 540) % 360) - 180);
  return [phi2 / rad, lngOut];
}

describe('coveringBoxes', () => {
  // Expected numbers computed separately in Python: R = 6378137, Rm = 6371008.8, θ = r / Rm;
  // half-width = R·θ / cos(φfar), y = R·ln(tan(π/4 + φ/2)).
  it('at the equator, r = 1 km: half-width R·θ/cos θ = 1001.1189 m, north edge 1001.1189 m', () => {
    const [box] = coveringBoxes(0, 0, 1000);
    expect(box.xmax).toBeCloseTo(1001.1188618 + 0.001, 5);
    expect(box.xmin).toBeCloseTo(-1001.1188618 - 0.001, 5);
    expect(box.ymax).toBeCloseTo(1001.1188536 + 0.001, 5);
  });

  it('at 45°N, r = 10 km, centre lng -87.63', () => {
    const boxes = coveringBoxes(45, -87.63, 10_000);
    expect(boxes).toHaveLength(1);
    const [box] = boxes;
    expect((box.xmax - box.xmin) / 2).toBeCloseTo(14180.2334419 + 0.001, 4);
    expect((box.xmax + box.xmin) / 2).toBeCloseTo(-9754926.9782146, 4);
    expect(box.ymin).toBeCloseTo(5607374.6214694 - 0.001, 4);
    expect(box.ymax).toBeCloseTo(5635690.5734402 + 0.001, 4);
  });

  it.each([
    ['the equator', 0, 10, 50_000],
    ['Chicago', 41.88, -87.63, 100_000],
    ['Tromsø', 69.65, 18.96, 100_000],
    ['near the clamp', 84.5, 10, 20_000],
    ['southern hemisphere', -33.87, 151.21, 30_000],
    ['the antimeridian', -17.7, 179.99, 25_000],
  ])('covers every point of the circle near %s (sampled with the destination formula)', (_name, lat, lng, r) => {
    const boxes = coveringBoxes(lat, lng, r);
    const missed: number[] = [];
    for (let bearing = 0; bearing < 360; bearing += 0.25) {
      const [pLat, pLng] = destination(lat, lng, bearing, r);
      // Guard the sampler itself: the point is on the circle by the haversine distance too.
      if (Math.abs(haversineMeters(lat, lng, pLat, pLng) - r) > 1e-3) throw new Error('sampler is off the circle');
      if (!boxes.some((b) => boxContains(b, toMercator(pLat, pLng)))) missed.push(bearing);
    }
    expect(missed).toEqual([]);
  });

  it('is not much larger than the circle (within 1 % at Chicago, 5 km)', () => {
    const [box] = coveringBoxes(41.88, -87.63, 5000);
    const xs = Array.from({ length: 720 }, (_, i) => toMercator(...destination(41.88, -87.63, i / 2, 5000)).x);
    const halfWidthNeeded = (Math.max(...xs) - Math.min(...xs)) / 2;
    expect((box.xmax - box.xmin) / 2 / halfWidthNeeded).toBeLessThan(1.01);
  });

  it('splits at the antimeridian: the part past 180° wraps to the west edge', () => {
    const boxes = coveringBoxes(0, 179.99, 5000);
    expect(boxes).toHaveLength(2);
    expect(boxes[1].xmin).toBe(-20037508.342789244);
    // Python: R·rad(179.99) + R·θ/cos θ − πR = 3892.4009 m past the line (+ 1 mm pad).
    expect(boxes[1].xmax - -20037508.342789244).toBeCloseTo(3892.4019, 3);
    // The customer just across the line, 2.2 km away.
    expect(boxes.some((b) => boxContains(b, toMercator(0, -179.99)))).toBe(true);
  });

  it('spans every longitude when the circle reaches a pole', () => {
    const boxes = coveringBoxes(89.5, 0, 100_000);
    expect(boxes).toEqual([{ xmin: -20037508.342789244, xmax: 20037508.342789244, ymin: expect.any(Number), ymax: expect.any(Number) }]);
  });
});

describe('pointInPolygon (projected ray casting)', () => {
  const square = [pt(0, 0), pt(10, 0), pt(10, 10), pt(0, 10)];
  // An L shape: the notch (7, 7) is outside.
  const ell = [pt(0, 0), pt(10, 0), pt(10, 5), pt(5, 5), pt(5, 10), pt(0, 10)];
  it.each([
    [square, pt(5, 5), true],
    [square, pt(11, 5), false],
    [square, pt(-0.1, 5), false],
    [ell, pt(2, 8), true],
    [ell, pt(7, 7), false],
    [ell, pt(7, 2), true],
  ])('%j contains %j: %s', (polygon, p, expected) => {
    expect(pointInPolygon(p, polygon)).toBe(expected);
  });

  it('projects GeoJSON [lng, lat] rings without the closing position', () => {
    const ring = projectRing([[-87.64, 41.87], [-87.62, 41.87], [-87.62, 41.89], [-87.64, 41.87]]);
    expect(ring).toHaveLength(3);
    expect(ring[1]).toEqual(toMercator(41.87, -87.62));
    expect(polygonLiteral([pt(1, 2), pt(3.5, -4)])).toBe('((1,2),(3.5,-4))');
  });
});

describe('segmentsIntersect', () => {
  it.each([
    ['crossing', [0, 0], [2, 2], [0, 2], [2, 0], true],
    ['touching at an end', [0, 0], [2, 2], [2, 2], [3, 0], true],
    ['T-junction', [0, 0], [4, 0], [2, 0], [2, 3], true],
    ['collinear overlapping', [0, 0], [4, 0], [3, 0], [6, 0], true],
    ['collinear apart', [0, 0], [1, 0], [2, 0], [3, 0], false],
    ['parallel', [0, 0], [4, 0], [0, 1], [4, 1], false],
    ['apart', [0, 0], [1, 1], [3, 0], [2, 1.4], false],
  ])('%s', (_name, a, b, c, d, expected) => {
    const p = (q: number[]) => pt(q[0], q[1]);
    expect(segmentsIntersect(p(a), p(b), p(c), p(d))).toBe(expected);
  });
});
