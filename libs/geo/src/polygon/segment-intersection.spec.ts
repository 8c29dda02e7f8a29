import { findSelfIntersection, orientation, segmentsIntersect } from './segment-intersection';

const p = (x: number, y: number) => ({ x, y });

describe('orientation', () => {
  it('is the sign of the turn a → b → c', () => {
    expect(orientation(p(0, 0), p(1, 0), p(1, 1))).toBe(1); // left turn
    expect(orientation(p(0, 0), p(1, 0), p(1, -1))).toBe(-1); // right turn
    expect(orientation(p(0, 0), p(1, 1), p(2, 2))).toBe(0); // straight on
  });
});

describe('segmentsIntersect', () => {
  it.each([
    ['an X crossing at (1, 1)', [0, 0, 2, 2], [0, 2, 2, 0], true],
    ['a T: an endpoint lying on the other segment', [0, 0, 2, 0], [1, 0, 1, 5], true],
    ['sharing one endpoint', [0, 0, 1, 1], [1, 1, 2, 0], true],
    ['collinear and overlapping on [1, 2]', [0, 0, 2, 0], [1, 0, 3, 0], true],
    ['collinear with a gap between 1 and 2', [0, 0, 1, 0], [2, 0, 3, 0], false],
    ['parallel, one unit apart', [0, 0, 2, 0], [0, 1, 2, 1], false],
    ['lines would cross at (3, 3), beyond both segments', [0, 0, 2, 2], [4, 2, 5, 1], false],
    ['a T stopping 0.001 short of the other segment', [0, 0, 2, 0], [1, 0.001, 1, 5], false],
  ])('%s → %p', (_name, a, b, expected) => {
    expect(segmentsIntersect(p(a[0], a[1]), p(a[2], a[3]), p(b[0], b[1]), p(b[2], b[3]))).toBe(expected);
    // Order of segments and of endpoints does not matter.
    expect(segmentsIntersect(p(b[2], b[3]), p(b[0], b[1]), p(a[2], a[3]), p(a[0], a[1]))).toBe(expected);
  });
});

describe('findSelfIntersection', () => {
  it('finds nothing in a square or a concave L-shape', () => {
    expect(findSelfIntersection([p(0, 0), p(1, 0), p(1, 1), p(0, 1)])).toBeUndefined();
    expect(findSelfIntersection([p(0, 0), p(2, 0), p(2, 1), p(1, 1), p(1, 2), p(0, 2)])).toBeUndefined();
  });

  it('a bow-tie: edge 0 (0,0)→(1,1) crosses edge 2 (1,0)→(0,1) at (0.5, 0.5)', () => {
    expect(findSelfIntersection([p(0, 0), p(1, 1), p(1, 0), p(0, 1)])).toEqual([0, 2]);
  });

  it('a figure-8 pinched at one repeated vertex (2, 2)', () => {
    // Vertices 1 and 4 are both (2, 2): edges 0 and 3 touch there without being neighbours.
    expect(findSelfIntersection([p(0, 0), p(2, 2), p(4, 0), p(4, 4), p(2, 2), p(0, 4)])).toBeDefined();
  });

  it('a spike that doubles back along its own edge', () => {
    // (0,0)→(2,0)→(1,0): the second edge runs back over the first.
    expect(findSelfIntersection([p(0, 0), p(2, 0), p(1, 0), p(1, 1)])).toEqual([0, 1]);
  });

  it('a vertex touching a non-adjacent edge', () => {
    // Vertex 3 (2, 0) lies on edge 0 from (0,0) to (4,0).
    expect(findSelfIntersection([p(0, 0), p(4, 0), p(4, 4), p(2, 0), p(0, 4)])).toBeDefined();
  });
});
