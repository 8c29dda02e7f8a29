import { studentTQuantile, studentTTwoSidedP } from '../statistics/distributions';

/**
 * Customers of one (cluster, group, prior-order bin), with their period totals
 * summed: the repository's aggregation. Weights are constant within such a
 * cell, so these sums are all the weighted regression and its cluster-robust
 * variance need.
 */
export interface GeoLiftCell {
  /** The area cluster (a grid cell of the map). */
  cluster: string;
  treated: boolean;
  /** Index into PRIOR_ORDER_BINS of the customer's orders in the matching window. */
  bin: number;
  customers: number;
  preOrders: number;
  postOrders: number;
  preRevenue: number;
  postRevenue: number;
  /** The pre-period's first and second halves (the parallel-trends check). */
  earlyOrders: number;
  lateOrders: number;
  earlyRevenue: number;
  lateRevenue: number;
}

/** Bins of prior orders (in the matching window before the pre-period): 0, 1, 2, 3–4, 5 or more. */
export const PRIOR_ORDER_BINS: readonly { min: number; max: number | null; label: string }[] = [
  { min: 0, max: 0, label: '0' }, { min: 1, max: 1, label: '1' }, { min: 2, max: 2, label: '2' }, { min: 3, max: 4, label: '3-4' }, { min: 5, max: null, label: '5+' },
];

export function priorOrderBin(orders: number): number {
  return PRIOR_ORDER_BINS.findIndex((b) => orders >= b.min && (b.max === null || orders <= b.max));
}

/** Below these the report says it is too small to estimate instead of giving a number. */
export const GEO_LIFT_MINIMUMS = { customersPerGroup: 30, clustersPerGroup: 4 } as const;

export interface GeoLiftWindows {
  /** Days of the pre-period actually used (it ends at the campaign's start). */
  preDays: number;
  /** Days of the post-period observed so far (from the start, at most the asked length). */
  postDays: number;
}

export interface DidEstimate {
  /** Incremental total over the post-period for the matched treated customers. */
  estimate: number;
  low: number;
  high: number;
  /** Per treated customer over the post-period. */
  perCustomer: number;
  standardError: number;
  pValue: number;
}

export interface GeoLiftEstimate {
  orders: DidEstimate;
  revenue: DidEstimate;
  /** The same estimator on the pre-period's second half against its first, scaled to the post-period's length: ≈ 0 when trends were parallel. */
  preTrend: { orders: DidEstimate; revenue: DidEstimate; parallel: boolean };
}

export interface GeoLiftGroups {
  treatedCustomers: number;
  comparisonCustomers: number;
  treatedClusters: number;
  comparisonClusters: number;
  /** Treated customers left out because no comparison customer had their prior order count (bin). */
  unmatchedTreated: number;
  /** Comparison customers given weight 0 because no treated customer is in their bin. */
  unusedComparison: number;
  /** Per bin: treated and comparison customers, and the weight each comparison customer gets. */
  bins: { bin: string; treated: number; comparison: number; weight: number }[];
}

export type GeoLiftResult =
  | { status: 'estimated'; groups: GeoLiftGroups; estimate: GeoLiftEstimate }
  | { status: 'too_small'; groups: GeoLiftGroups; estimate: null; reasons: string[] };

export const GEO_LIFT_CONFIDENCE = 0.95;

/**
 * Difference in differences, per customer: Δᵢ = post − pre × (postDays / preDays),
 * regressed on [1, treated] by weighted least squares, where comparison customers
 * are weighted so their distribution of prior orders matches the treated one. The
 * coefficient of `treated` is the incremental orders (revenue) per treated
 * customer over the post-period; its variance is the cluster-robust sandwich
 * (CR1: G/(G−1)·(N−1)/(N−2)) clustered by area, with a t interval on G − 1
 * degrees of freedom, which is what statsmodels' WLS gives with
 * cov_type='cluster' and use_t=True.
 */
export function estimateGeoLift(cells: GeoLiftCell[], windows: GeoLiftWindows): GeoLiftResult {
  const weights = binWeights(cells);
  const used = cells.filter((c) => c.customers > 0 && weights.weight(c) > 0);
  const groups = describeGroups(cells, used, weights);
  const reasons = tooSmall(groups, windows);
  if (reasons.length > 0) return { status: 'too_small', groups, estimate: null, reasons };
  const scale = windows.postDays / windows.preDays;
  const halfScale = windows.postDays / (windows.preDays / 2);
  const n = groups.treatedCustomers;
  const orders = did(used, weights.weight, (c) => c.postOrders - c.preOrders * scale, n);
  const revenue = did(used, weights.weight, (c) => c.postRevenue - c.preRevenue * scale, n);
  const preOrders = did(used, weights.weight, (c) => (c.lateOrders - c.earlyOrders) * halfScale, n);
  const preRevenue = did(used, weights.weight, (c) => (c.lateRevenue - c.earlyRevenue) * halfScale, n);
  const parallel = preOrders.low <= 0 && preOrders.high >= 0 && preRevenue.low <= 0 && preRevenue.high >= 0;
  return { status: 'estimated', groups, estimate: { orders, revenue, preTrend: { orders: preOrders, revenue: preRevenue, parallel } } };
}

interface BinWeights {
  weight: (c: GeoLiftCell) => number;
  treated: number[];
  comparison: number[];
  comparisonWeight: number[];
}

/** Treated customers weigh 1; a comparison customer of bin b weighs (treated share of b) / (comparison share of b), over the bins both groups have. */
function binWeights(cells: GeoLiftCell[]): BinWeights {
  const treated = PRIOR_ORDER_BINS.map(() => 0);
  const comparison = PRIOR_ORDER_BINS.map(() => 0);
  for (const c of cells) (c.treated ? treated : comparison)[c.bin] += c.customers;
  const shared = treated.map((t, b) => t > 0 && comparison[b] > 0);
  const treatedTotal = treated.reduce((s, t, b) => s + (shared[b] ? t : 0), 0);
  const comparisonTotal = comparison.reduce((s, t, b) => s + (shared[b] ? t : 0), 0);
  const comparisonWeight = treated.map((t, b) => (shared[b] ? (t / treatedTotal) / (comparison[b] / comparisonTotal) : 0));
  return {
    weight: (c) => (!shared[c.bin] ? 0 : c.treated ? 1 : comparisonWeight[c.bin]),
    treated, comparison, comparisonWeight,
  };
}

function describeGroups(cells: GeoLiftCell[], used: GeoLiftCell[], w: BinWeights): GeoLiftGroups {
  const count = (treated: boolean) => used.filter((c) => c.treated === treated).reduce((s, c) => s + c.customers, 0);
  const clusters = (treated: boolean) => new Set(used.filter((c) => c.treated === treated).map((c) => c.cluster)).size;
  const all = (treated: boolean) => cells.filter((c) => c.treated === treated).reduce((s, c) => s + c.customers, 0);
  return {
    treatedCustomers: count(true),
    comparisonCustomers: count(false),
    treatedClusters: clusters(true),
    comparisonClusters: clusters(false),
    unmatchedTreated: all(true) - count(true),
    unusedComparison: all(false) - count(false),
    bins: PRIOR_ORDER_BINS.map((b, i) => ({ bin: b.label, treated: w.treated[i], comparison: w.comparison[i], weight: w.comparisonWeight[i] })),
  };
}

function tooSmall(g: GeoLiftGroups, windows: GeoLiftWindows): string[] {
  const min = GEO_LIFT_MINIMUMS;
  const reasons: string[] = [];
  if (windows.postDays <= 0) reasons.push('the campaign has not run yet: there is no post-period to compare');
  if (g.treatedCustomers < min.customersPerGroup) reasons.push(`${g.treatedCustomers} matched customers in the area; at least ${min.customersPerGroup} are needed`);
  if (g.comparisonCustomers < min.customersPerGroup) reasons.push(`${g.comparisonCustomers} matched comparison customers; at least ${min.customersPerGroup} are needed`);
  if (g.treatedClusters < min.clustersPerGroup) reasons.push(`customers in the area fall in ${g.treatedClusters} map cells; at least ${min.clustersPerGroup} are needed for an interval`);
  if (g.comparisonClusters < min.clustersPerGroup) reasons.push(`comparison customers fall in ${g.comparisonClusters} map cells; at least ${min.clustersPerGroup} are needed for an interval`);
  return reasons;
}

/**
 * The WLS coefficient of `treated` and its CR1 cluster-robust interval, from
 * cell sums. Model Δ = a + b·D; a = weighted comparison mean, b = treated mean − a.
 * Bread A = X'WX = [[S, T], [T, T]] (S: all weights, T: treated weight);
 * cluster score u_g = Σ wᵢeᵢ·[1, Dᵢ]; V(b) = c · (A⁻¹ M A⁻¹)[1][1].
 */
function did(cells: GeoLiftCell[], weight: (c: GeoLiftCell) => number, delta: (c: GeoLiftCell) => number, treatedN: number): DidEstimate {
  let sumW = [0, 0];
  let sumWY = [0, 0];
  for (const c of cells) {
    const g = c.treated ? 1 : 0;
    sumW = sumW.map((v, i) => (i === g ? v + weight(c) * c.customers : v));
    sumWY = sumWY.map((v, i) => (i === g ? v + weight(c) * delta(c) : v));
  }
  const mean = [sumWY[0] / sumW[0], sumWY[1] / sumW[1]];
  const b = mean[1] - mean[0];
  // Scores per cluster: Σ w(Δ − mean) over its cells; treated part is also the D-component.
  const scores = new Map<string, [number, number]>();
  let customers = 0;
  for (const c of cells) {
    const g = c.treated ? 1 : 0;
    const s = weight(c) * (delta(c) - mean[g] * c.customers);
    const u = scores.get(c.cluster) ?? [0, 0];
    scores.set(c.cluster, [u[0] + s, u[1] + (g ? s : 0)]);
    customers += c.customers;
  }
  const S = sumW[0] + sumW[1];
  const T = sumW[1];
  const det = S * T - T * T;
  // Row 2 of A⁻¹ = [−T, S] / det.
  const r = [-T / det, S / det];
  let meat = 0;
  for (const [u0, u1] of scores.values()) meat += (r[0] * u0 + r[1] * u1) ** 2;
  const G = scores.size;
  const correction = (G / (G - 1)) * ((customers - 1) / (customers - 2));
  const se = Math.sqrt(correction * meat);
  const t = studentTQuantile(1 - (1 - GEO_LIFT_CONFIDENCE) / 2, G - 1);
  const pValue = se > 0 ? studentTTwoSidedP(b / se, G - 1) : b === 0 ? 1 : 0;
  return { estimate: b * treatedN, low: (b - t * se) * treatedN, high: (b + t * se) * treatedN, perCustomer: b, standardError: se * treatedN, pValue };
}
