import { roundMoney } from '../reports/money';
import { toCsv } from '../reports/report-csv';
import type { GeoArea } from './geo-lift-area';
import { type DidEstimate, GEO_LIFT_CONFIDENCE, type GeoLiftGroups, type GeoLiftResult } from './geo-lift-estimator';

/** An estimate with its 95 % interval, rounded to cents (orders to hundredths). */
export interface GeoLiftFigure {
  estimate: number;
  low: number;
  high: number;
  perCustomer: number;
  standardError: number;
  pValue: number;
}

export interface GeoLiftReport {
  campaign: { id: string; name: string };
  currency: string;
  /** Always `intent_to_treat`: every customer located in the area, messaged or not. */
  population: 'intent_to_treat';
  area: {
    shape: 'circle' | 'polygon';
    center: { lat: number; lng: number };
    radiusMeters: number | null;
    /** [lng, lat] ring of a polygon area. */
    polygon: [number, number][] | null;
    description: string;
    /** Width of the map cells that are the clusters of the interval. */
    clusterCellMeters: number;
  };
  comparison: { mode: 'auto' | 'explicit'; stores: { id: string; name: string }[] };
  windows: {
    start: string; matchFrom: string; preFrom: string; postTo: string; postObservedTo: string;
    matchDays: number; preDays: number; postDays: number; postDaysObserved: number;
  };
  groups: GeoLiftGroups & { enrolledTreated: number };
  status: 'estimated' | 'too_small';
  /** Why there is no estimate (status too_small). */
  reasons: string[];
  confidence: number;
  incrementalOrders: GeoLiftFigure | null;
  incrementalRevenue: GeoLiftFigure | null;
  preTrend: { orders: GeoLiftFigure; revenue: GeoLiftFigure; parallel: boolean } | null;
  /** Plain-language warnings the reader should weigh. */
  caveats: string[];
}

export interface GeoLiftInputs {
  campaign: { id: string; name: string };
  currency: string;
  area: GeoArea;
  cellMeters: number;
  comparison: GeoLiftReport['comparison'];
  windows: { start: Date; matchFrom: Date; preFrom: Date; postTo: Date; postObservedTo: Date; matchDays: number; preDays: number; postDays: number; postDaysObserved: number };
  enrolledTreated: number;
  result: GeoLiftResult;
  extraReasons: string[];
}

const round = (x: number, places = 2) => Math.round(x * 10 ** places) / 10 ** places;

/** Orders to hundredths; money (`currency` given) to the currency's minor unit, as every report (roundMoney). */
function figure(d: DidEstimate, places: number, currency?: string): GeoLiftFigure {
  const r = (x: number) => (currency ? roundMoney(x, currency) : round(x));
  return { estimate: r(d.estimate), low: r(d.low), high: r(d.high), perCustomer: round(d.perCustomer, places), standardError: r(d.standardError), pValue: d.pValue };
}

/** The response: rounded figures, the groups, and the caveats in plain words. */
export function assembleGeoLift(i: GeoLiftInputs): GeoLiftReport {
  const { result, windows: w } = i;
  const estimated = result.status === 'estimated' && i.extraReasons.length === 0 ? result.estimate : null;
  return {
    campaign: i.campaign,
    currency: i.currency,
    population: 'intent_to_treat',
    area: { shape: i.area.shape, center: i.area.center, radiusMeters: i.area.radiusMeters, polygon: i.area.ring, description: i.area.description, clusterCellMeters: i.cellMeters },
    comparison: i.comparison,
    windows: {
      start: w.start.toISOString(), matchFrom: w.matchFrom.toISOString(), preFrom: w.preFrom.toISOString(), postTo: w.postTo.toISOString(), postObservedTo: w.postObservedTo.toISOString(),
      matchDays: w.matchDays, preDays: w.preDays, postDays: w.postDays, postDaysObserved: round(w.postDaysObserved),
    },
    groups: { ...result.groups, bins: result.groups.bins.map((b) => ({ ...b, weight: round(b.weight, 4) })), enrolledTreated: i.enrolledTreated },
    status: estimated ? 'estimated' : 'too_small',
    reasons: estimated ? [] : [...i.extraReasons, ...(result.status === 'too_small' ? result.reasons : [])],
    confidence: GEO_LIFT_CONFIDENCE,
    incrementalOrders: estimated ? figure(estimated.orders, 4) : null,
    incrementalRevenue: estimated ? figure(estimated.revenue, 2, i.currency) : null,
    preTrend: estimated ? { orders: figure(estimated.preTrend.orders, 4), revenue: figure(estimated.preTrend.revenue, 2, i.currency), parallel: estimated.preTrend.parallel } : null,
    caveats: caveats(i, estimated),
  };
}

function caveats(i: GeoLiftInputs, e: Extract<GeoLiftResult, { status: 'estimated' }>['estimate'] | null): string[] {
  const out: string[] = [];
  const g = i.result.groups;
  out.push(`Counts every customer who lives in the area (${g.treatedCustomers}), whether or not the campaign reached them (it enrolled ${i.enrolledTreated} of them); the effect on those it reached is larger if only some were.`);
  if (e && !e.preTrend.parallel) {
    out.push(`Before the campaign, customers in the area were already changing how much they ordered differently from the comparison customers: the same method finds ${round(e.preTrend.orders.estimate)} "incremental" orders between the two halves of the period before the start, where there should be none. Part of the lift shown may be that drift rather than the campaign.`);
  }
  if (e && e.orders.low <= 0 && e.orders.high >= 0) out.push('The interval for orders includes zero: the data are consistent with the campaign having had no effect on orders.');
  if (g.unmatchedTreated > 0) out.push(`${g.unmatchedTreated} customers in the area were left out: no comparison customer had as many prior orders as they had.`);
  if (i.windows.postDaysObserved < i.windows.postDays) out.push(`The period after the start has run ${round(i.windows.postDaysObserved, 1)} of ${i.windows.postDays} days so far; the figures cover what has happened until now.`);
  return out;
}

/** CSV: one line per figure (orders, revenue and their pre-trend placebos) with the groups and windows repeated. */
export function geoLiftCsv(r: GeoLiftReport): string {
  const header = ['campaign_id', 'status', 'metric', 'estimate', 'low', 'high', 'per_customer', 'standard_error', 'p_value', 'treated_customers', 'comparison_customers', 'treated_clusters', 'comparison_clusters', 'comparison_stores', 'start', 'pre_days', 'post_days_observed', 'parallel_pre_trends', 'currency'];
  const metrics: [string, GeoLiftFigure | null][] = [
    ['incremental_orders', r.incrementalOrders], ['incremental_revenue', r.incrementalRevenue],
    ['pre_trend_orders', r.preTrend?.orders ?? null], ['pre_trend_revenue', r.preTrend?.revenue ?? null],
  ];
  return toCsv(header, metrics.map(([metric, f]) => [
    r.campaign.id, r.status, metric, f?.estimate, f?.low, f?.high, f?.perCustomer, f?.standardError, f?.pValue,
    r.groups.treatedCustomers, r.groups.comparisonCustomers, r.groups.treatedClusters, r.groups.comparisonClusters,
    r.comparison.stores.map((s) => s.name).join('; '), r.windows.start, r.windows.preDays, r.windows.postDaysObserved, r.preTrend ? r.preTrend.parallel : null, r.currency,
  ]));
}
