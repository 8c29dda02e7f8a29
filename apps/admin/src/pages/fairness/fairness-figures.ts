import type { Schemas } from '@localreach/api-client';
import { distanceMeters, placed, type LatLng, type MapStore } from '../../components/map/geometry';

export type FairnessReport = Schemas['FairnessReportDto'];
export type FairnessGroup = Schemas['FairnessGroupDto'];
export type FairnessMeasure = 'enrolments' | 'messages' | 'offers';

export const MEASURES: readonly { value: FairnessMeasure; label: string; noun: string }[] = [
  { value: 'offers', label: 'Offers', noun: 'offered' },
  { value: 'messages', label: 'Messages', noun: 'messaged' },
  { value: 'enrolments', label: 'Enrolments', noun: 'enrolled' },
];

/** A legend bin: ratios from `min` (inclusive) to `max` (exclusive), its colour and words. */
export interface LegendBin {
  key: string;
  min: number;
  max: number;
  color: string;
  label: string;
}

/**
 * Reach ratio bins, symmetric on a log scale around 1 (½ and 2, ⅘ and 5⁄4): a diverging scale
 * (ColorBrewer RdBu, colour-blind safe) from reached far less (red) through in proportion (pale)
 * to reached far more (blue).
 */
export const LEGEND_BINS: readonly LegendBin[] = [
  { key: 'far-less', min: 0, max: 0.5, color: '#b2182b', label: 'under ½ of its share' },
  { key: 'less', min: 0.5, max: 0.8, color: '#ef8a62', label: '½ to ⅘' },
  { key: 'even', min: 0.8, max: 1.25, color: '#f7f7f7', label: 'in proportion (⅘ to 1¼)' },
  { key: 'more', min: 1.25, max: 2, color: '#67a9cf', label: '1¼ to 2' },
  { key: 'far-more', min: 2, max: Infinity, color: '#2166ac', label: 'over twice its share' },
];

/** Areas nobody could be compared on (no one reached at all). */
export const NO_DATA_COLOR = '#adb5bd';

/** The bin a reach ratio falls in; null ratio (nothing to compare) → null. */
export function binOf(ratio: number | null | undefined): LegendBin | null {
  if (ratio === null || ratio === undefined || !Number.isFinite(ratio) || ratio < 0) return null;
  return LEGEND_BINS.find((b) => ratio >= b.min && ratio < b.max) ?? null;
}

export function colorOf(ratio: number | null | undefined): string {
  return binOf(ratio)?.color ?? NO_DATA_COLOR;
}

/** The legend's lines with how many shown areas fall in each (the no-data line only when some do). */
export function legendCounts(groups: readonly FairnessGroup[], measure: FairnessMeasure): { key: string; color: string; label: string; count: number }[] {
  const count = (key: string | null) => groups.filter((g) => (binOf(g[measure].ratio)?.key ?? null) === key).length;
  const lines = LEGEND_BINS.map((b) => ({ key: b.key, color: b.color, label: b.label, count: count(b.key) }));
  const none = count(null);
  return none > 0 ? [...lines, { key: 'none', color: NO_DATA_COLOR, label: 'nobody reached', count: none }] : lines;
}

/** Offers when the period sent any, else messages: the measure a map opens on. */
export function defaultMeasure(report: Pick<FairnessReport, 'totals'>): FairnessMeasure {
  return report.totals.offers > 0 ? 'offers' : report.totals.messages > 0 ? 'messages' : 'enrolments';
}

/** "0.42×", "1.00×"; an en dash without a ratio. */
export function formatRatio(ratio: number | null | undefined): string {
  return ratio === null || ratio === undefined ? '–' : `${ratio.toFixed(2)}×`;
}

/** "12.5 %"; an en dash without a share. */
export function formatShare(share: number | null | undefined): string {
  return share === null || share === undefined ? '–' : `${(share * 100).toFixed(1)} %`;
}

/** An adjusted p-value as people read it: "< 0.001", "0.034", "1". */
export function formatP(p: number | null | undefined): string {
  if (p === null || p === undefined) return '–';
  if (p < 0.001) return '< 0.001';
  return p >= 0.9995 ? '1' : p.toFixed(3);
}

/** What can be drawn of an area: its cell, or its postal centroid; nothing for "other" and "unknown". */
export type AreaShape = { kind: 'cell'; corners: [number, number][] } | { kind: 'point'; lat: number; lng: number };

export function shapeOf(group: FairnessGroup): AreaShape | null {
  const ring = group.polygon?.coordinates?.[0];
  // GeoJSON is [lng, lat]; Leaflet wants [lat, lng]. The closing corner repeats the first.
  if (ring && ring.length >= 4) return { kind: 'cell', corners: ring.slice(0, -1).map(([lng, lat]) => [lat, lng] as [number, number]) };
  if (group.centroid) return { kind: 'point', lat: group.centroid.lat, lng: group.centroid.lng };
  return null;
}

/** Bounds holding every drawable area ([[south, west], [north, east]]), or undefined when none is. */
export function areaBounds(groups: readonly FairnessGroup[]): [[number, number], [number, number]] | undefined {
  const points = groups.flatMap((g) => {
    const s = shapeOf(g);
    return s === null ? [] : s.kind === 'cell' ? s.corners : [[s.lat, s.lng] as [number, number]];
  });
  if (points.length === 0) return undefined;
  const lats = points.map((p) => p[0]);
  const lngs = points.map((p) => p[1]);
  return [[Math.min(...lats), Math.min(...lngs)], [Math.max(...lats), Math.max(...lngs)]];
}

/** The sentence over the map: how many areas were reached significantly less on this measure. */
export function flaggedSentence(report: Pick<FairnessReport, 'areas' | 'minCustomers'>, measure: FairnessMeasure): string {
  const noun = MEASURES.find((m) => m.value === measure)!.noun;
  const flagged = report.areas.filter((a) => a[measure].flagged);
  if (report.areas.length === 0) return 'No eligible customers in this business yet.';
  if (flagged.length === 0) return `No area was ${noun} significantly less than its share of eligible customers.`;
  const names = flagged.slice(0, 3).map((a) => a.label).join(', ');
  const more = flagged.length > 3 ? ` and ${flagged.length - 3} more` : '';
  const one = flagged.length === 1;
  return `${flagged.length} ${one ? 'area was' : 'areas were'} ${noun} significantly less than ${one ? 'its' : 'their'} share: ${names}${more}.`;
}

/** What an area says when hovered, tapped or focused: "760 m square 5.4 km E of Elm Street: 0.00× · offered 0 of 40 eligible · reached significantly less". */
export function areaTooltip(group: FairnessGroup, measure: FairnessMeasure, count: (n: number) => string = String): string {
  const noun = MEASURES.find((m) => m.value === measure)!.noun;
  const m = group[measure];
  return `${group.label}: ${formatRatio(m.ratio)} · ${noun} ${count(m.customers)} of ${count(group.eligible)} eligible${m.flagged ? ' · reached significantly less' : ''}`;
}

function middleOf(shape: AreaShape): LatLng {
  if (shape.kind === 'point') return { lat: shape.lat, lng: shape.lng };
  const lats = shape.corners.map((c) => c[0]);
  const lngs = shape.corners.map((c) => c[1]);
  return { lat: (Math.min(...lats) + Math.max(...lats)) / 2, lng: (Math.min(...lngs) + Math.max(...lngs)) / 2 };
}

/**
 * The map's first view: every drawable area and, for each, its nearest placed store, so the store
 * an area's label names is on screen; stores far from every area do not pull the view away.
 */
export function mapBounds(groups: readonly FairnessGroup[], stores: readonly MapStore[]): [[number, number], [number, number]] | undefined {
  const areas = areaBounds(groups);
  const located = stores.filter(placed);
  if (!areas || located.length === 0) return areas;
  const landmarks = groups.flatMap((g) => {
    const shape = shapeOf(g);
    if (!shape) return [];
    const middle = middleOf(shape);
    return [located.reduce((best, s) => (distanceMeters(middle, s) < distanceMeters(middle, best) ? s : best))];
  });
  const lats = [areas[0][0], areas[1][0], ...landmarks.map((s) => s.lat)];
  const lngs = [areas[0][1], areas[1][1], ...landmarks.map((s) => s.lng)];
  return [[Math.min(...lats), Math.min(...lngs)], [Math.max(...lats), Math.max(...lngs)]];
}

/** A label for display: a number stays on the line of its unit ("5.4 km" never breaks after "5.4"). */
export function keepUnits(label: string): string {
  return label.replace(/(\d) (m|km)\b/g, '$1\u00a0$2');
}

/**
 * The side on the ground of the report's grid squares, from the first area with bounds
 * ([west, south, east, north]): the grid's size is set in Web-Mercator metres, and on the ground
 * a square is that times the cosine of its latitude (a "1 km" grid draws 760 m squares in New York).
 * Null when no area has bounds (postal codes, or nothing to show).
 */
export function groundSideMeters(report: Pick<FairnessReport, 'areas'> | undefined): number | null {
  const box = report?.areas.find((a) => Array.isArray(a.bbox) && a.bbox.length === 4)?.bbox;
  if (!box) return null;
  const [west, south, east, north] = box;
  const lat = (south + north) / 2;
  return distanceMeters({ lat, lng: west }, { lat, lng: east });
}

/** A square's side as the area labels write it (the server's rule): to 10 m under a kilometre, to 0.1 km beyond. */
export function formatGroundSide(meters: number): string {
  return meters < 995 ? `${Math.round(meters / 10) * 10} m` : `${Math.round(meters / 100) / 10} km`;
}
