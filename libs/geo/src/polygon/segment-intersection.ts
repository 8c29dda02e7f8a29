import type { MercatorPoint } from '../mercator';

/** Sign of the cross product (q − p) × (r − p): 1 counter-clockwise, −1 clockwise, 0 collinear. */
export function orientation(p: MercatorPoint, q: MercatorPoint, r: MercatorPoint): -1 | 0 | 1 {
  const cross = (q.x - p.x) * (r.y - p.y) - (q.y - p.y) * (r.x - p.x);
  return cross > 0 ? 1 : cross < 0 ? -1 : 0;
}

/** True when r, known to be collinear with p–q, lies on the closed segment p–q. */
function withinSegment(p: MercatorPoint, q: MercatorPoint, r: MercatorPoint): boolean {
  return Math.min(p.x, q.x) <= r.x && r.x <= Math.max(p.x, q.x) && Math.min(p.y, q.y) <= r.y && r.y <= Math.max(p.y, q.y);
}

/**
 * True when the closed segments a1–a2 and b1–b2 share at least one point:
 * a proper crossing, a touch (an endpoint on the other segment) or a collinear overlap.
 */
export function segmentsIntersect(a1: MercatorPoint, a2: MercatorPoint, b1: MercatorPoint, b2: MercatorPoint): boolean {
  const d1 = orientation(b1, b2, a1);
  const d2 = orientation(b1, b2, a2);
  const d3 = orientation(a1, a2, b1);
  const d4 = orientation(a1, a2, b2);
  if (d1 * d2 < 0 && d3 * d4 < 0) return true;
  return (
    (d1 === 0 && withinSegment(b1, b2, a1)) ||
    (d2 === 0 && withinSegment(b1, b2, a2)) ||
    (d3 === 0 && withinSegment(a1, a2, b1)) ||
    (d4 === 0 && withinSegment(a1, a2, b2))
  );
}

/**
 * Consecutive edges a–b and b–c share b by construction; they overlap beyond
 * it only when the ring doubles back on itself along one line (a spike).
 */
function adjacentEdgesOverlap(a: MercatorPoint, b: MercatorPoint, c: MercatorPoint): boolean {
  return orientation(a, b, c) === 0 && (withinSegment(a, b, c) || withinSegment(b, c, a));
}

/**
 * First pair of edges [i, j] (edge k runs from vertex k to vertex k+1, the last
 * one back to vertex 0) that meet anywhere other than the vertex two
 * consecutive edges share; undefined for a simple ring. `vertices` is the ring
 * without its closing repeat. O(n²) with a bounding-box reject, fine for the
 * 2,000-position limit.
 */
export function findSelfIntersection(vertices: MercatorPoint[]): [number, number] | undefined {
  const n = vertices.length;
  const at = (k: number) => vertices[k % n];
  for (let i = 0; i < n; i++) {
    const a1 = at(i);
    const a2 = at(i + 1);
    for (let j = i + 1; j < n; j++) {
      const b1 = at(j);
      const b2 = at(j + 1);
      if (j === i + 1) {
        if (adjacentEdgesOverlap(a1, a2, b2)) return [i, j];
        continue;
      }
      if (i === 0 && j === n - 1) {
        if (adjacentEdgesOverlap(b1, b2, a2)) return [i, j];
        continue;
      }
      if (Math.max(a1.x, a2.x) < Math.min(b1.x, b2.x) || Math.max(b1.x, b2.x) < Math.min(a1.x, a2.x)) continue;
      if (Math.max(a1.y, a2.y) < Math.min(b1.y, b2.y) || Math.max(b1.y, b2.y) < Math.min(a1.y, a2.y)) continue;
      if (segmentsIntersect(a1, a2, b1, b2)) return [i, j];
    }
  }
  return undefined;
}
