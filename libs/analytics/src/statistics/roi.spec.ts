import { incrementalRoi, roi, roiPercent } from './roi';
import { StatisticsError } from './statistics.errors';

describe('roi', () => {
  it.each([
    [1500, 500, 2], // by hand: (1500 − 500)/500
    [500, 500, 0],
    [0, 250, -1],
    [125, 1000, -0.875],
  ])('revenue %p on cost %p → %p', (revenue, cost, expected) => {
    expect(roi(revenue, cost)).toBe(expected);
  });

  it('is null when nothing was spent', () => {
    expect(roi(1500, 0)).toBeNull();
  });

  it.each([-1, NaN, Infinity])('rejects a cost of %p', (cost) => {
    expect(() => roi(100, cost)).toThrow(StatisticsError);
  });
});

describe('incrementalRoi', () => {
  it('maps the incremental revenue interval (by hand: (x − 200)/200)', () => {
    expect(incrementalRoi({ estimate: 900, low: 100, high: 1700 }, 200)).toEqual({ estimate: 3.5, low: -0.5, high: 7.5 });
  });

  it('is null without a cost or without an estimate', () => {
    expect(incrementalRoi({ estimate: 900, low: 100, high: 1700 }, 0)).toEqual({ estimate: null, low: null, high: null });
    expect(incrementalRoi({ estimate: null, low: null, high: null }, 200)).toEqual({ estimate: null, low: null, high: null });
  });

  it('as a percentage to one decimal: 2 → 200 %, −0.875 → −87.5 %, 1/3 → 33.3 %', () => {
    expect([roiPercent(2), roiPercent(-0.875), roiPercent(1 / 3), roiPercent(null)]).toEqual([200, -87.5, 33.3, null]);
  });
});
