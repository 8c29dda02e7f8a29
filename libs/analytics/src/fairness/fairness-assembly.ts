import { gridCellLabels, type LandmarkStore } from './area-labels';
import { bboxPolygon, cellBbox, type Bbox, type GeoJsonPolygon, parseCellKey } from './fairness-grid';
import { type ReachTest, underReachTests } from './fairness-statistics';

/** The smallest group a fairness report shows on its own: fewer eligible customers could point at a person. */
export const MIN_GROUP_FLOOR = 10;
export const DEFAULT_MIN_GROUP = 10;
export const MAX_MIN_GROUP = 1_000;
export const FAIRNESS_ALPHA = 0.05;

/** One area or age band as the database sums it: eligible customers, and how many of them were enrolled, messaged, offered. */
export interface FairnessGroupRow {
  /** Grid cell "cx,cy", postal code or age band; null: no location / no birthday. */
  key: string | null;
  eligible: number;
  enrolled: number;
  messaged: number;
  offered: number;
  /** Messages and offers sent to them (volume; a customer may get several). */
  messages: number;
  offers: number;
  /** Customers of the group with a known location and their mean position (postal centroids). */
  located: number;
  lat: number | null;
  lng: number | null;
}

export type FairnessMeasureName = 'enrolments' | 'messages' | 'offers';

/** How one group fared on one measure (customers enrolled, messaged or offered). */
export interface FairnessMeasure extends ReachTest {
  /** Eligible customers of the group reached. */
  customers: number;
  /** The group's part of everyone reached. */
  share: number | null;
  /** customers / eligible. */
  rate: number | null;
  /** share / eligible share = rate / overall rate: 1 is reached in proportion, below 1 less. */
  ratio: number | null;
}

export type FairnessGroupKind = 'area' | 'band' | 'other' | 'unknown';

export interface FairnessGroup {
  /** The cell "cx,cy", the postal code, the age band; "other" and "unknown" for those lines. */
  key: string;
  kind: FairnessGroupKind;
  label: string;
  eligible: number;
  eligibleShare: number | null;
  /** How many groups the "other" line holds (1 for the others). */
  groups: number;
  messagesSent: number;
  offersSent: number;
  enrolments: FairnessMeasure;
  messages: FairnessMeasure;
  offers: FairnessMeasure;
  /** Reached significantly less than its share on any measure. */
  flagged: boolean;
  /** Grid cells: their bounds. */
  bbox: Bbox | null;
  polygon: GeoJsonPolygon | null;
  /** Postal areas: the mean position of their located customers, when at least the minimum of them are located. */
  centroid: { lat: number; lng: number } | null;
}

export interface FairnessTotals { eligible: number; enrolled: number; messaged: number; offered: number; messages: number; offers: number }

const MEASURES: readonly [FairnessMeasureName, 'enrolled' | 'messaged' | 'offered'][] = [['enrolments', 'enrolled'], ['messages', 'messaged'], ['offers', 'offered']];
const round = (v: number, digits = 6) => Math.round(v * 10 ** digits) / 10 ** digits;
const ratioOf = (a: number, b: number) => (b === 0 ? null : a / b);

function add(a: FairnessGroupRow, b: FairnessGroupRow, key: string | null): FairnessGroupRow {
  const located = a.located + b.located;
  const mean = (x: number | null, nx: number, y: number | null, ny: number) => (located === 0 ? null : ((x ?? 0) * nx + (y ?? 0) * ny) / located);
  return {
    key, eligible: a.eligible + b.eligible, enrolled: a.enrolled + b.enrolled, messaged: a.messaged + b.messaged, offered: a.offered + b.offered,
    messages: a.messages + b.messages, offers: a.offers + b.offers, located, lat: mean(a.lat, a.located, b.lat, b.located), lng: mean(a.lng, a.located, b.lng, b.located),
  };
}

const EMPTY: FairnessGroupRow = { key: null, eligible: 0, enrolled: 0, messaged: 0, offered: 0, messages: 0, offers: 0, located: 0, lat: null, lng: null };

/**
 * Merges every group with fewer than `min` eligible customers (the "unknown" one too) into one
 * "other" group; when that group is itself non-empty but under `min`, the smallest shown groups join
 * it until it is not (areas before the unknown line, which goes only when nothing else is left), so no line of fewer than `min` people is ever shown and
 * none can be had by subtracting shown lines from the total.
 */
export function mergeSmallGroups(rows: readonly FairnessGroupRow[], min: number): { shown: FairnessGroupRow[]; other: FairnessGroupRow | null; otherGroups: number } {
  const bySize = [...rows].sort((a, b) => a.eligible - b.eligible || String(a.key).localeCompare(String(b.key)));
  let other = EMPTY;
  let otherGroups = 0;
  const shown: FairnessGroupRow[] = [];
  for (const row of bySize) {
    if (row.eligible < min) { other = add(other, row, 'other'); otherGroups++; } else shown.push(row);
  }
  while (other.eligible > 0 && other.eligible < min && shown.length > 0) {
    // The smallest located group first: the unknown line is kept while any other can be taken.
    const located = shown.findIndex((r) => r.key !== null);
    other = add(other, shown.splice(located === -1 ? 0 : located, 1)[0], 'other');
    otherGroups++;
  }
  return { shown, other: otherGroups === 0 ? null : other, otherGroups };
}

export interface GroupLabels {
  /** What a shown group is. */
  kind: 'area' | 'band';
  /** The labels of the shown groups' keys, in their order (together: a label may depend on the others, to stay unique). */
  label: (keys: readonly string[]) => string[];
  other: string;
  unknown: string;
  /** Order of the shown groups (after "unknown" and "other", which come last). */
  compare: (a: FairnessGroupRow, b: FairnessGroupRow) => number;
  geometry?: (row: FairnessGroupRow) => Pick<FairnessGroup, 'bbox' | 'polygon' | 'centroid'>;
}

/** The groups of one line-up (areas or age bands) with shares, ratios and Holm-corrected under-reach tests per measure. */
export function assembleGroups(rows: readonly FairnessGroupRow[], min: number, labels: GroupLabels, alpha = FAIRNESS_ALPHA): FairnessGroup[] {
  const { shown, other, otherGroups } = mergeSmallGroups(rows.filter((r) => r.eligible > 0), min);
  const named = shown.filter((r) => r.key !== null).sort(labels.compare);
  const unknown = shown.find((r) => r.key === null);
  const names = labels.label(named.map((row) => row.key!));
  const lines: { row: FairnessGroupRow; kind: FairnessGroupKind; key: string; label: string; groups: number }[] = [
    ...named.map((row, i) => ({ row, kind: labels.kind as FairnessGroupKind, key: row.key!, label: names[i], groups: 1 })),
    ...(unknown ? [{ row: unknown, kind: 'unknown' as const, key: 'unknown', label: labels.unknown, groups: 1 }] : []),
    ...(other ? [{ row: other, kind: 'other' as const, key: 'other', label: labels.other, groups: otherGroups }] : []),
  ];
  const total = fairnessTotals(rows);
  const tests = Object.fromEntries(MEASURES.map(([name, field]) => [name, underReachTests(lines.map((l) => ({ reached: l.row[field], eligible: l.row.eligible })), alpha)])) as Record<FairnessMeasureName, ReachTest[]>;
  return lines.map((l, i) => {
    const measure = (name: FairnessMeasureName, field: 'enrolled' | 'messaged' | 'offered'): FairnessMeasure => {
      const share = ratioOf(l.row[field], total[field]);
      const eligibleShare = ratioOf(l.row.eligible, total.eligible);
      const ratio = share === null || eligibleShare === null ? null : share / eligibleShare;
      const t = tests[name][i];
      return {
        customers: l.row[field], share: share === null ? null : round(share), rate: l.row.eligible === 0 ? null : round(l.row[field] / l.row.eligible),
        ratio: ratio === null ? null : round(ratio), pValue: t.pValue, adjustedPValue: t.adjustedPValue, flagged: t.flagged && ratio !== null && ratio < 1,
      };
    };
    const [enrolments, messages, offers] = MEASURES.map(([name, field]) => measure(name, field));
    const geometry = l.kind === 'area' && labels.geometry ? labels.geometry(l.row) : { bbox: null, polygon: null, centroid: null };
    return {
      key: l.key, kind: l.kind, label: l.label, eligible: l.row.eligible,
      eligibleShare: total.eligible === 0 ? null : round(l.row.eligible / total.eligible), groups: l.groups, messagesSent: l.row.messages, offersSent: l.row.offers,
      enrolments, messages, offers, flagged: enrolments.flagged || messages.flagged || offers.flagged, ...geometry,
    };
  });
}

export function fairnessTotals(rows: readonly FairnessGroupRow[]): FairnessTotals {
  const sum = (f: keyof FairnessTotals) => rows.reduce((s, r) => s + r[f], 0);
  return { eligible: sum('eligible'), enrolled: sum('enrolled'), messaged: sum('messaged'), offered: sum('offered'), messages: sum('messages'), offers: sum('offers') };
}

/** Age bands at the period's end, youngest first; the SQL buckets birthdays into these keys. */
export const AGE_BANDS = ['under 25', '25-34', '35-44', '45-54', '55-64', '65+'] as const;

export const AGE_LABELS: GroupLabels = {
  kind: 'band',
  label: (keys) => [...keys],
  other: 'Other ages',
  unknown: 'Unknown age',
  compare: (a, b) => AGE_BANDS.indexOf(a.key as (typeof AGE_BANDS)[number]) - AGE_BANDS.indexOf(b.key as (typeof AGE_BANDS)[number]),
};

/**
 * Grid cells: named by the business's stores ("760 m square 0.8 km NE of Elm Street", area-labels.ts;
 * "Cell cx,cy" without a placed store), ordered by eligible customers (most first), with their bounds.
 */
export function gridLabels(cellSizeM: number, stores: readonly LandmarkStore[] = []): GroupLabels {
  return {
    kind: 'area',
    label: (keys) => {
      const cells = keys.flatMap((key) => parseCellKey(key) ?? []);
      const named = gridCellLabels(cells, cellSizeM, stores);
      return keys.map((key) => named.get(key) ?? `Cell ${key}`);
    },
    other: 'Other areas',
    unknown: 'Unknown location',
    compare: (a, b) => b.eligible - a.eligible || String(a.key).localeCompare(String(b.key)),
    geometry: (row) => {
      const cell = parseCellKey(row.key ?? '');
      if (!cell) return { bbox: null, polygon: null, centroid: null };
      const bbox = cellBbox(cell.cx, cell.cy, cellSizeM);
      return { bbox, polygon: bboxPolygon(bbox), centroid: null };
    },
  };
}

/** Postal codes: labelled by the code, ordered by eligible customers, with their located customers' mean position when at least `min` are located. */
export function postalLabels(min: number): GroupLabels {
  return {
    kind: 'area',
    label: (keys) => [...keys],
    other: 'Other areas',
    unknown: 'Unknown location',
    compare: (a, b) => b.eligible - a.eligible || String(a.key).localeCompare(String(b.key)),
    geometry: (row) => ({
      bbox: null, polygon: null,
      centroid: row.located >= min && row.lat !== null && row.lng !== null ? { lat: round(row.lat, 5), lng: round(row.lng, 5) } : null,
    }),
  };
}
