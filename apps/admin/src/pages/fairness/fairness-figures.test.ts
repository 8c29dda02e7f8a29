import { describe, expect, it } from 'vitest';
import {
  areaBounds, areaTooltip, binOf, formatGroundSide, groundSideMeters, colorOf, defaultMeasure, type FairnessGroup, flaggedSentence, formatP, formatRatio, LEGEND_BINS, keepUnits, legendCounts, mapBounds, NO_DATA_COLOR, shapeOf,
} from './fairness-figures';

const measure = (ratio: number | null, flagged = false) => ({ customers: 1, share: null, rate: null, ratio, pValue: null, adjustedPValue: null, flagged });
const group = (key: string, ratio: number | null, extra: Partial<FairnessGroup> = {}): FairnessGroup => ({
  key, kind: 'area', label: `Cell ${key}`, eligible: 20, eligibleShare: 0.1, groups: 1, messagesSent: 1, offersSent: 1,
  enrolments: measure(ratio), messages: measure(ratio), offers: measure(ratio, ratio !== null && ratio < 0.5), flagged: ratio !== null && ratio < 0.5,
  bbox: null, polygon: null, centroid: null, ...extra,
});

describe('colour scale', () => {
  it.each([
    [0, 'far-less'], [0.49, 'far-less'], [0.5, 'less'], [0.79, 'less'], [0.8, 'even'], [1, 'even'], [1.2499, 'even'], [1.25, 'more'], [2, 'far-more'], [40, 'far-more'],
  ])('ratio %d falls in %s', (ratio, key) => {
    expect(binOf(ratio)?.key).toBe(key);
  });

  it('bins cover [0, ∞) without gaps and are symmetric around 1 on a log scale', () => {
    LEGEND_BINS.slice(1).forEach((b, i) => expect(b.min).toBe(LEGEND_BINS[i].max));
    expect(LEGEND_BINS[0].min).toBe(0);
    expect(LEGEND_BINS.at(-1)!.max).toBe(Infinity);
    expect(LEGEND_BINS[1].min * LEGEND_BINS[3].max).toBeCloseTo(1);
    expect(LEGEND_BINS[2].min * LEGEND_BINS[2].max).toBeCloseTo(1);
  });

  it('greys areas without a ratio', () => {
    expect(colorOf(null)).toBe(NO_DATA_COLOR);
    expect(colorOf(Number.NaN)).toBe(NO_DATA_COLOR);
    expect(colorOf(0.3)).toBe('#b2182b');
  });
});

describe('legend', () => {
  it('counts the areas per bin, with a no-data line only when needed', () => {
    const lines = legendCounts([group('a', 0.1), group('b', 1), group('c', 1.1), group('d', 3)], 'offers');
    expect(lines.map((l) => [l.key, l.count])).toEqual([['far-less', 1], ['less', 0], ['even', 2], ['more', 0], ['far-more', 1]]);
    expect(legendCounts([group('a', null)], 'offers').at(-1)).toEqual(expect.objectContaining({ key: 'none', count: 1 }));
  });
});

describe('measure and words', () => {
  it('opens on offers when any were sent, else messages, else enrolments', () => {
    const totals = (messages: number, offers: number) => ({ totals: { eligible: 1, enrolled: 1, messaged: 1, offered: 1, messages, offers } });
    expect(defaultMeasure(totals(5, 2))).toBe('offers');
    expect(defaultMeasure(totals(5, 0))).toBe('messages');
    expect(defaultMeasure(totals(0, 0))).toBe('enrolments');
  });

  it('formats ratios and p-values', () => {
    expect([formatRatio(0.4215), formatRatio(null), formatP(0.00001), formatP(0.0342), formatP(1)]).toEqual(['0.42×', '–', '< 0.001', '0.034', '1']);
  });

  it('names the flagged areas', () => {
    const report = { minCustomers: 10, areas: [group('a', 0.1), group('b', 1)] };
    expect(flaggedSentence(report, 'offers')).toBe('1 area was offered significantly less than its share: Cell a.');
    expect(flaggedSentence({ minCustomers: 10, areas: [group('a', 0.1), group('c', 0.2)] }, 'offers')).toBe('2 areas were offered significantly less than their share: Cell a, Cell c.');
    expect(flaggedSentence({ minCustomers: 10, areas: [group('b', 1)] }, 'offers')).toMatch(/^No area was offered/);
  });
});

describe('shapes', () => {
  const cell = group('1,1', 1, { polygon: { type: 'Polygon', coordinates: [[[-74, 40.7], [-73.99, 40.7], [-73.99, 40.71], [-74, 40.71], [-74, 40.7]]] } });
  it('turns a GeoJSON cell into Leaflet corners, and a postal centroid into a point', () => {
    expect(shapeOf(cell)).toEqual({ kind: 'cell', corners: [[40.7, -74], [40.7, -73.99], [40.71, -73.99], [40.71, -74]] });
    expect(shapeOf(group('10001', 1, { centroid: { lat: 40.75, lng: -73.99 } }))).toEqual({ kind: 'point', lat: 40.75, lng: -73.99 });
    expect(shapeOf(group('other', 1))).toBeNull();
  });

  it('bounds every drawable area', () => {
    expect(areaBounds([cell, group('10001', 1, { centroid: { lat: 40.75, lng: -73.98 } }), group('other', 1)])).toEqual([[40.7, -74], [40.75, -73.98]]);
    expect(areaBounds([group('other', 1)])).toBeUndefined();
  });

  it('widens the first view to each area\'s nearest store only: the store its label names', () => {
    const near = { id: 's1', name: 'Elm Street', lat: 40.69, lng: -74.02 };
    // 0.02° of longitude from the cell: nearer than "far" (1° south) for the only area.
    const far = { id: 's2', name: 'Harbor Road', lat: 39.7, lng: -74 };
    const unplaced = { id: 's3', name: 'Web shop', lat: null, lng: null };
    expect(mapBounds([cell, group('other', 1)], [far, near, unplaced])).toEqual([[40.69, -74.02], [40.71, -73.99]]);
    expect(mapBounds([cell], [unplaced])).toEqual([[40.7, -74], [40.71, -73.99]]);
    expect(mapBounds([group('other', 1)], [near])).toBeUndefined();
  });
});

describe('area tooltip', () => {
  it('says the area, its ratio on the measure and its counts, and whether it was reached significantly less', () => {
    const skipped = group('-8231,4968', 0, { label: '760 m square 5.4 km E of Elm Street', eligible: 1240, offers: { customers: 0, share: 0, rate: 0, ratio: 0, pValue: 0, adjustedPValue: 0, flagged: true } });
    expect(areaTooltip(skipped, 'offers', (n) => n.toLocaleString('en-US'))).toBe('760 m square 5.4 km E of Elm Street: 0.00× · offered 0 of 1,240 eligible · reached significantly less');
    expect(areaTooltip(group('10001', 1.2), 'messages')).toBe('Cell 10001: 1.20× · messaged 1 of 20 eligible');
  });
});

describe('labels on screen', () => {
  it('keeps numbers with their units', () => {
    expect(keepUnits('760 m square 5.4 km E of Elm Street')).toBe('760\u00a0m square 5.4\u00a0km E of Elm Street');
    expect(keepUnits('Cell -8231,4968')).toBe('Cell -8231,4968');
    expect(keepUnits('10001 Main')).toBe('10001 Main');
  });
});

describe('groundSideMeters', () => {
  it('measures a square of the grid on the ground at its latitude', () => {
    // 1,000 Mercator metres at New York's latitude span 0.0089831° of longitude; across the box's
    // middle (40.715717°) that is 6,371,008.8 × cos(40.715717°) × 0.0089831° in radians ≈ 757.1 m
    // (worked out in Python with the haversine; 1000 × cos φ = 758.0 m on the Mercator sphere).
    const side = groundSideMeters({ areas: [group('postal', 1), group('cell', 1, { bbox: [-74.0032131, 40.7123126, -73.99423, 40.7191214] })] });
    expect(side).toBeCloseTo(757.1, 0);
  });

  it('is null without a square to measure (postal codes)', () => {
    expect(groundSideMeters({ areas: [group('postal', 1)] })).toBeNull();
    expect(groundSideMeters(undefined)).toBeNull();
  });
});

describe('formatGroundSide', () => {
  it.each([[757.1, '760 m'], [994.9, '990 m'], [995, '1 km'], [1515, '1.5 km'], [3790, '3.8 km']])('%d m → %s, as the area labels say it', (meters, text) => {
    expect(formatGroundSide(meters)).toBe(text);
  });
});
