import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expectCloseTo } from '../statistics/testing/close-to';
import { estimateGeoLift, GEO_LIFT_MINIMUMS, type GeoLiftCell, priorOrderBin } from './geo-lift-estimator';

interface FixtureCustomer {
  cluster: string; treated: boolean; prior: number;
  earlyOrders: number; lateOrders: number; postOrders: number; earlyRevenue: number; lateRevenue: number; postRevenue: number;
}
interface Fixture { preDays: number; postDays: number; customers: FixtureCustomer[] }

const fixture = JSON.parse(readFileSync(join(__dirname, '../statistics/testing/geo_lift_fixture.json'), 'utf8')) as Fixture;

/** Sums customers into (cluster, group, bin) cells, as the repository's SQL does. */
function cellsOf(customers: FixtureCustomer[]): GeoLiftCell[] {
  const cells = new Map<string, GeoLiftCell>();
  for (const c of customers) {
    const bin = priorOrderBin(c.prior);
    const key = `${c.cluster}|${c.treated}|${bin}`;
    const cell = cells.get(key) ?? { cluster: c.cluster, treated: c.treated, bin, customers: 0, preOrders: 0, postOrders: 0, preRevenue: 0, postRevenue: 0, earlyOrders: 0, lateOrders: 0, earlyRevenue: 0, lateRevenue: 0 };
    cell.customers += 1;
    cell.preOrders += c.earlyOrders + c.lateOrders;
    cell.postOrders += c.postOrders;
    cell.preRevenue += c.earlyRevenue + c.lateRevenue;
    cell.postRevenue += c.postRevenue;
    cell.earlyOrders += c.earlyOrders;
    cell.lateOrders += c.lateOrders;
    cell.earlyRevenue += c.earlyRevenue;
    cell.lateRevenue += c.lateRevenue;
    cells.set(key, cell);
  }
  return [...cells.values()];
}

describe('estimateGeoLift', () => {
  const windows = { preDays: fixture.preDays, postDays: fixture.postDays };

  // Expected figures printed by (statsmodels WLS, cov_type='cluster', use_t=True, on one row per customer):
  //   /usr/bin/python3 libs/analytics/src/statistics/testing/geo_lift_reference.py
  // matched treated 91 comparison 162 unmatched treated 7 clusters 24
  // comparison weights per bin ['0.38491238491238494', '0.8545054945054945', '1.2906593406593405', '1.5259026687598114', '0.0']
  // orders perCustomer 0.5347098943527515 total 48.65860038610039 low 9.989247534969293 high 87.32795323723148 se 18.692969129530326 p 0.015901178278383696
  // revenue perCustomer 14.372651711464218 total 1307.911305743244 low 229.17642811272503 high 2386.6461833737626 se 521.4661296279007 p 0.019638021905830097
  // preTrendOrders perCustomer 0.0824035809750095 total 7.498725868725864 low -33.806766097569934 high 48.80421783502166 se 19.96729268210252 p 0.7106924737080516
  // preTrendRevenue perCustomer 3.74156811807883 total 340.48269874517354 low -861.7711871519845 high 1542.7365846423315 se 581.1758697243387 p 0.5636806682449782
  it('matches the weighted regression with cluster-robust errors computed independently', () => {
    const result = estimateGeoLift(cellsOf(fixture.customers), windows);
    if (result.status !== 'estimated') throw new Error(result.reasons.join('; '));
    expect(result.groups).toMatchObject({ treatedCustomers: 91, comparisonCustomers: 162, unmatchedTreated: 7, unusedComparison: 0 });
    expect(result.groups.treatedClusters + result.groups.comparisonClusters).toBe(25); // cell 'm' holds both groups: 24 distinct clusters
    const weights = [0.38491238491238494, 0.8545054945054945, 1.2906593406593405, 1.5259026687598114, 0];
    result.groups.bins.forEach((b, i) => expectCloseTo(b.weight, weights[i], 1e-12, 1e-15));
    const check = (got: { perCustomer: number; estimate: number; low: number; high: number; standardError: number; pValue: number }, want: number[]) => {
      const [perCustomer, total, low, high, se, p] = want;
      expectCloseTo(got.perCustomer, perCustomer, 1e-9);
      expectCloseTo(got.estimate, total, 1e-9);
      expectCloseTo(got.low, low, 1e-7);
      expectCloseTo(got.high, high, 1e-7);
      expectCloseTo(got.standardError, se, 1e-9);
      expectCloseTo(got.pValue, p, 1e-6);
    };
    check(result.estimate.orders, [0.5347098943527515, 48.65860038610039, 9.989247534969293, 87.32795323723148, 18.692969129530326, 0.015901178278383696]);
    check(result.estimate.revenue, [14.372651711464218, 1307.911305743244, 229.17642811272503, 2386.6461833737626, 521.4661296279007, 0.019638021905830097]);
    check(result.estimate.preTrend.orders, [0.0824035809750095, 7.498725868725864, -33.806766097569934, 48.80421783502166, 19.96729268210252, 0.7106924737080516]);
    check(result.estimate.preTrend.revenue, [3.74156811807883, 340.48269874517354, -861.7711871519845, 1542.7365846423315, 581.1758697243387, 0.5636806682449782]);
    expect(result.estimate.preTrend.parallel).toBe(true);
  });

  it('is zero with a zero-width interval when both groups change alike', () => {
    const cell = (cluster: string, treated: boolean): GeoLiftCell => ({
      cluster, treated, bin: 1, customers: 10, preOrders: 20, postOrders: 20, preRevenue: 200, postRevenue: 200, earlyOrders: 10, lateOrders: 10, earlyRevenue: 100, lateRevenue: 100,
    });
    const cells = [...['a', 'b', 'c', 'd'].map((c) => cell(c, true)), ...['e', 'f', 'g', 'h'].map((c) => cell(c, false))];
    const result = estimateGeoLift(cells, { preDays: 28, postDays: 28 });
    if (result.status !== 'estimated') throw new Error('expected an estimate');
    expect(result.estimate.orders).toMatchObject({ estimate: 0, low: 0, high: 0, pValue: 1 });
  });

  it('flags pre-trends that disagree', () => {
    // Treated customers were already ordering more in the pre-period's second half than in its first; comparison ones were not.
    const cell = (cluster: string, treated: boolean, spread: number): GeoLiftCell => ({
      cluster, treated, bin: 0, customers: 10, preOrders: 20, postOrders: 15 + (treated ? 10 : 0) + spread, preRevenue: 200, postRevenue: 200,
      earlyOrders: treated ? 4 + spread : 10, lateOrders: treated ? 16 - spread : 10, earlyRevenue: treated ? 40 : 100, lateRevenue: treated ? 160 : 100,
    });
    const cells = [0, 1, 2, 3, 4].flatMap((s) => [cell(`t${s}`, true, s % 2), cell(`c${s}`, false, s % 2)]);
    const result = estimateGeoLift(cells, { preDays: 28, postDays: 14 });
    if (result.status !== 'estimated') throw new Error('expected an estimate');
    expect(result.estimate.preTrend.parallel).toBe(false);
    expect(result.estimate.preTrend.orders.low).toBeGreaterThan(0);
  });

  it('says why instead of estimating when too few customers or map cells', () => {
    const cell = (cluster: string, treated: boolean, customers: number): GeoLiftCell => ({
      cluster, treated, bin: 0, customers, preOrders: 1, postOrders: 2, preRevenue: 10, postRevenue: 20, earlyOrders: 0, lateOrders: 1, earlyRevenue: 0, lateRevenue: 10,
    });
    const result = estimateGeoLift([cell('a', true, 5), cell('b', false, 40), cell('c', false, 40)], { preDays: 28, postDays: 28 });
    expect(result.status).toBe('too_small');
    if (result.status !== 'too_small') return;
    expect(result.estimate).toBeNull();
    expect(result.reasons).toEqual([
      `5 matched customers in the area; at least ${GEO_LIFT_MINIMUMS.customersPerGroup} are needed`,
      `customers in the area fall in 1 map cells; at least ${GEO_LIFT_MINIMUMS.clustersPerGroup} are needed for an interval`,
      `comparison customers fall in 2 map cells; at least ${GEO_LIFT_MINIMUMS.clustersPerGroup} are needed for an interval`,
    ]);
  });

  it('bins prior orders 0, 1, 2, 3–4, 5+', () => {
    expect([0, 1, 2, 3, 4, 5, 40].map(priorOrderBin)).toEqual([0, 1, 2, 3, 3, 4, 4]);
  });
});
