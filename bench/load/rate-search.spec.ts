import { mixSequence } from './mix';
import { foundRate, nextRate, probePassed, type ProbeOutcome, type RateSearchOptions } from './rate-search';

const OPTS: RateSearchOptions = { start: 200, min: 50, max: 5000, precision: 0.1, maxProbes: 10, step: 10 };

/** Runs the search against a server that sustains exactly `capacity` requests a second. */
function search(capacity: number, opts = OPTS): { probes: number[]; found: number | null } {
  const history: ProbeOutcome[] = [];
  for (let rate = nextRate(history, opts); rate !== null; rate = nextRate(history, opts)) history.push({ rate, passed: rate <= capacity });
  return { probes: history.map((h) => h.rate), found: foundRate(history) };
}

describe('rate search', () => {
  it('doubles until a probe fails, then bisects to within the precision', () => {
    // 200 ✓, 400 ✓, 800 ✓, 1600 ✗, 1200 ✗, 1000 ✓, 1100 ✗: 1000 → 1100 is within 10 %.
    expect(search(1050)).toEqual({ probes: [200, 400, 800, 1600, 1200, 1000, 1100], found: 1000 });
  });

  it('halves when the first probe fails, and reports nothing when even the minimum fails', () => {
    expect(search(120)).toEqual({ probes: [200, 100, 150, 130, 120], found: 120 });
    expect(search(10)).toEqual({ probes: [200, 100, 50], found: null });
  });

  it('stops at the maximum when every probe passes', () => {
    expect(search(1e9, { ...OPTS, max: 700 })).toEqual({ probes: [200, 400, 700], found: 700 });
  });

  it('stops after maxProbes and keeps the best pass so far', () => {
    expect(search(1050, { ...OPTS, maxProbes: 4 })).toEqual({ probes: [200, 400, 800, 1600], found: 800 });
  });

  it('does not trust a pass above a fail (noise), and never probes a rate twice', () => {
    const history: ProbeOutcome[] = [{ rate: 400, passed: true }, { rate: 800, passed: false }, { rate: 600, passed: true }, { rate: 700, passed: false }, { rate: 900, passed: true }];
    expect(foundRate(history)).toBe(600);
    expect(nextRate(history, OPTS)).toBe(650);
    expect(nextRate([...history, { rate: 650, passed: true }], OPTS)).toBeNull();
  });

  it('passes a probe only with every request answered as expected and the p99 under the limit', () => {
    const ok = { answered: 100, sent: 100, errors: 0, otherStatus: 0, p99Ms: 99 };
    expect(probePassed(ok, 100)).toBe(true);
    expect(probePassed({ ...ok, p99Ms: 100 }, 100)).toBe(false);
    expect(probePassed({ ...ok, errors: 1 }, 100)).toBe(false);
    expect(probePassed({ ...ok, otherStatus: 1, answered: 99 }, 100)).toBe(false);
    expect(probePassed({ ...ok, answered: 0, sent: 0 }, 100)).toBe(false);
  });
});

describe('traffic mix order', () => {
  it('holds the exact counts in every 100 consecutive requests and spreads the rare kinds out', () => {
    const weights = { open: 40, click: 40, ingest: 15, list: 2, search: 2, report: 1 };
    const seq = mixSequence(weights, 1000);
    for (const from of [0, 100, 500, 900]) {
      const counts: Record<string, number> = {};
      for (const k of seq.slice(from, from + 100)) counts[k] = (counts[k] ?? 0) + 1;
      expect(counts).toEqual(weights);
    }
    const reports = seq.map((k, i) => (k === 'report' ? i : -1)).filter((i) => i >= 0);
    expect(reports.slice(1).map((i, j) => i - reports[j])).toEqual(Array(9).fill(100));
  });
});
