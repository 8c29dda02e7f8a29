import { expectCloseTo } from '../statistics/testing/close-to';
import { assembleGroups, type FairnessGroupRow, gridLabels, mergeSmallGroups, postalLabels } from './fairness-assembly';
import { bboxPolygon, cellBbox, fromMercator } from './fairness-grid';
import { binomialCdf } from './fairness-statistics';
import { toMercator } from '@localreach/geo';

// Expected values from libs/analytics/src/statistics/testing/fairness_reference.py (SciPy's binomtest and
// binom.cdf, Holm written out in Python, the merge rule re-implemented there); its output is recorded here.

const row = (key: string | null, eligible: number, enrolled: number, messaged: number, offered: number): FairnessGroupRow => ({
  key, eligible, enrolled, messaged, offered, messages: messaged * 2, offers: offered, located: key === null ? 0 : eligible, lat: key === null ? null : 40.7, lng: key === null ? null : -74,
});

// Cell keys, so the grid labels give every area a polygon; the reference names them A–F.
const AREAS = [
  row('1,1', 120, 100, 90, 30), // A
  row('2,1', 80, 66, 60, 25), // B
  row('3,1', 60, 20, 14, 2), // C: the skipped neighbourhood
  row('4,1', 40, 33, 30, 12), // D
  row('5,1', 4, 3, 3, 2), // E: under the minimum
  row('6,1', 3, 1, 1, 1), // F: under the minimum
  row(null, 25, 18, 15, 3), // no location
];

// Per line (A, B, C, unknown, other): share, ratio, one-sided binomial p, Holm-adjusted p, flagged.
const EXPECTED = {
  enrolments: [
      [0.4149377593360996, 1.1479944674965423, 0.9979596044577947, 1.0, false],
      [0.27385892116182575, 1.136514522821577, 0.9859901814266692, 1.0, false],
      [0.08298755186721991, 0.45919778699861685, 2.7733039901020223e-10, 1.3866519950510113e-09, true],
      [0.07468879668049792, 0.9918672199170123, 0.5491761144387828, 1.0, false],
      [0.15352697095435686, 1.0844883905712015, 0.8672348794237767, 1.0, false],
    ],
  messages: [
      [0.4225352112676056, 1.1690140845070423, 0.9958326190613409, 1.0, false],
      [0.28169014084507044, 1.1690140845070423, 0.9857715974601258, 1.0, false],
      [0.06572769953051644, 0.36369327073552427, 1.3211204621165076e-10, 6.605602310582538e-10, true],
      [0.07042253521126761, 0.9352112676056338, 0.4039673320596181, 1.0, false],
      [0.1596244131455399, 1.127559684347218, 0.909175532910391, 1.0, false],
    ],
  offers: [
      [0.4, 1.1066666666666667, 0.7731744519643895, 1.0, false],
      [0.3333333333333333, 1.3833333333333333, 0.9730479049422637, 1.0, false],
      [0.02666666666666667, 0.14755555555555558, 3.599409664215446e-05, 0.00017997048321077228, true],
      [0.04, 0.5312, 0.1509918516937958, 0.6039674067751832, false],
      [0.2, 1.4127659574468086, 0.9511262913542183, 1.0, false],
    ],
} as const;

describe('binomialCdf', () => {
  it.each([
    [2, 60, 0.22, 5.3252497492640736e-05],
    [0, 10, 0.3, 0.028247524900000005],
    [7, 10, 0.3, 0.9984096136],
    [150, 100000, 0.0015, 0.5216971858207856],
    [30, 40, 0.9, 0.0050630536578343925],
  ])('P(X ≤ %d; n=%d, p=%d) matches SciPy', (k, n, p, expected) => {
    expectCloseTo(binomialCdf(k, n, p), expected, 1e-9);
  });

  it('is 1 at k ≥ n and 0 below 0', () => {
    expect(binomialCdf(10, 10, 0.4)).toBe(1);
    expect(binomialCdf(-1, 10, 0.4)).toBe(0);
  });
});

describe('mergeSmallGroups', () => {
  it('merges groups under the minimum and tops "other" up with the smallest area, keeping the unknown line', () => {
    const { shown, other, otherGroups } = mergeSmallGroups(AREAS, 10);
    expect(shown.map((r) => r.key)).toEqual([null, '3,1', '2,1', '1,1']);
    expect(other?.eligible).toBe(47);
    expect(otherGroups).toBe(3);
  });

  it('shows no other line when every group is big enough', () => {
    expect(mergeSmallGroups([row('1,1', 10, 1, 1, 1), row('2,1', 12, 1, 1, 1)], 10).other).toBeNull();
  });

  it('takes the unknown line into "other" only when no area is left', () => {
    const { shown, other } = mergeSmallGroups([row(null, 30, 1, 1, 1), row('1,1', 3, 1, 1, 1)], 10);
    expect(shown).toEqual([]);
    expect(other?.eligible).toBe(33);
  });
});

describe('assembleGroups', () => {
  const groups = assembleGroups(AREAS, 10, gridLabels(1000));

  it('lists the areas by size, then unknown, then other, with no line under the minimum', () => {
    expect(groups.map((g) => [g.key, g.kind, g.eligible])).toEqual([
      ['1,1', 'area', 120], ['2,1', 'area', 80], ['3,1', 'area', 60], ['unknown', 'unknown', 25], ['other', 'other', 47],
    ]);
    expect(Math.min(...groups.map((g) => g.eligible))).toBeGreaterThanOrEqual(10);
  });

  it.each(['enrolments', 'messages', 'offers'] as const)('%s: shares, ratios, p-values and flags match the reference', (measure) => {
    groups.forEach((g, i) => {
      const [share, ratio, p, adjusted, flagged] = EXPECTED[measure][i];
      expectCloseTo(g[measure].share, share, 0, 5e-7); // shares and ratios are rounded to 6 decimals
      expectCloseTo(g[measure].ratio, ratio, 0, 5e-7);
      expectCloseTo(g[measure].pValue, p, 1e-8);
      expectCloseTo(g[measure].adjustedPValue, adjusted, 1e-8);
      expect(g[measure].flagged).toBe(flagged);
    });
  });

  it('flags the skipped neighbourhood only', () => {
    expect(groups.filter((g) => g.flagged).map((g) => g.key)).toEqual(['3,1']);
  });

  it('gives grid areas their cell as a polygon and merged or unknown lines no geometry', () => {
    expect(groups[0].polygon?.coordinates[0]).toHaveLength(5);
    expect(groups[0].bbox).toEqual(cellBbox(1, 1, 1000));
    expect(groups.slice(3).map((g) => g.polygon)).toEqual([null, null]);
  });

  it('gives postal areas a centroid only when enough of their customers are located', () => {
    const postal = assembleGroups([
      { ...row('EC1A', 12, 1, 1, 1), located: 12, lat: 51.52, lng: -0.1 },
      { ...row('EC1B', 12, 1, 1, 1), located: 3, lat: 51.53, lng: -0.11 },
    ], 10, postalLabels(10));
    expect(postal.map((g) => g.centroid)).toEqual([{ lat: 51.52, lng: -0.1 }, null]);
  });

  it('tests nothing when nobody was reached', () => {
    const none = assembleGroups([row('1,1', 20, 0, 0, 0), row('2,1', 20, 0, 0, 0)], 10, gridLabels(1000));
    expect(none.map((g) => [g.offers.pValue, g.offers.ratio, g.flagged])).toEqual([[null, null, false], [null, null, false]]);
  });
});

describe('grid geometry', () => {
  it('bounds a cell as the reference inverse projection does', () => {
    expect(cellBbox(-8238, 4970, 1000)).toEqual([-74.0032131, 40.7123126, -73.99423, 40.7191214]);
  });

  it('inverts toMercator', () => {
    const { x, y } = toMercator(40.7128, -74.006);
    const back = fromMercator(x, y);
    expectCloseTo(back.lat, 40.7128, 1e-12);
    expectCloseTo(back.lng, -74.006, 1e-12);
  });

  it('closes the polygon ring', () => {
    const ring = bboxPolygon([0, 1, 2, 3]).coordinates[0];
    expect(ring[0]).toEqual(ring[4]);
  });
});
