import { combineIncrements } from './overview-assembly';

describe('combineIncrements', () => {
  it('adds the estimates and the variances of independent campaigns', () => {
    // Half-widths 30 and 40: the sum's half-width is √(30² + 40²) = 50.
    expect(combineIncrements([
      { estimate: 100, low: 70, high: 130 },
      { estimate: -20, low: -60, high: 20 },
    ])).toEqual({ campaigns: 2, estimate: 80, low: 30, high: 130 });
  });

  it('leaves out comparisons without an estimate or interval, and is null with none', () => {
    expect(combineIncrements([{ estimate: 10, low: 4, high: 16 }, { estimate: null, low: null, high: null }])).toEqual({ campaigns: 1, estimate: 10, low: 4, high: 16 });
    expect(combineIncrements([{ estimate: 5, low: null, high: null }])).toBeNull();
    expect(combineIncrements([])).toBeNull();
  });
});
