import { describe, expect, it } from 'vitest';
import { ApiError } from '../../api/api-error';
import { type GeoLiftReport, isNotAreaCampaign, readGeoLift } from './geo-lift-reading';

const figure = (estimate: number, low: number, high: number) => ({ estimate, low, high, perCustomer: estimate / 100, standardError: 1, pValue: 0.01 });

function report(overrides: Partial<GeoLiftReport> = {}): GeoLiftReport {
  return {
    campaign: { id: 'c', name: 'Nearby' }, currency: 'USD', population: 'intent_to_treat',
    area: { shape: 'circle', center: { lat: 40, lng: -75 }, radiusMeters: 1000, polygon: null, description: 'geofence "Around A", from the trigger', clusterCellMeters: 500 },
    comparison: { mode: 'auto', stores: [{ id: 'b', name: 'Corner B' }, { id: 'c', name: 'Corner C' }] },
    windows: { start: '2026-01-01T00:00:00.000Z', matchFrom: '', preFrom: '', postTo: '', postObservedTo: '', matchDays: 84, preDays: 28, postDays: 28, postDaysObserved: 28 },
    groups: { treatedCustomers: 120, enrolledTreated: 40, comparisonCustomers: 1240, treatedClusters: 16, comparisonClusters: 100, unmatchedTreated: 0, unusedComparison: 0, bins: [] },
    status: 'estimated', reasons: [], confidence: 0.95,
    incrementalOrders: figure(108.45, 71.54, 145.36), incrementalRevenue: figure(2616.46, 1345.54, 3887.38),
    preTrend: { orders: figure(-29.14, -85.95, 27.66), revenue: figure(-1066.32, -2874, 741.37), parallel: true },
    caveats: [],
    ...overrides,
  };
}

describe('readGeoLift', () => {
  it('a lift whose range is above zero, with who was compared and a pre-trend check that agrees', () => {
    const r = readGeoLift(report(), 'en-US');
    expect(r.tone).toBe('positive');
    expect(r.sentence).toBe('The campaign brought about $2,616 of revenue (95% range: between $1,346 and $3,887) and 108.5 orders (between 71.5 and 145.4) from customers in the area that the comparison says would not have happened otherwise.');
    expect(r.comparison).toBe('120 customers living in the area (geofence "Around A", from the trigger) against 1,240 living around Corner B and Corner C (chosen automatically: every other store), weighted so their past ordering matches; 28 days before the start against 28 days after.');
    expect(r.preTrend).toEqual({ ok: true, sentence: expect.stringMatching(/changed their ordering alike/) });
  });

  it('a caveat in plain words when the pre-trends disagree', () => {
    const r = readGeoLift(report({ preTrend: { orders: figure(40, 10, 70), revenue: figure(900, 100, 1700), parallel: false } }), 'en-US');
    expect(r.preTrend?.ok).toBe(false);
    expect(r.preTrend?.sentence).toMatch(/^Caution: .* finds 40 "extra" orders before anything was sent\)\. Part of the lift shown may be that drift/);
  });

  it('"too early to tell" while the revenue range includes zero; a drop said as a drop', () => {
    expect(readGeoLift(report({ incrementalRevenue: figure(-120, -900, 660) }), 'en-US')).toMatchObject({ tone: 'unclear', sentence: expect.stringMatching(/^Too early to tell: customers in the area spent \$120 less .* includes zero/) });
    expect(readGeoLift(report({ incrementalRevenue: figure(-1200, -1900, -500), incrementalOrders: figure(-30, -50, -10) }), 'en-US')).toMatchObject({ tone: 'negative', sentence: expect.stringMatching(/^Customers in the area spent about \$1,200 less/) });
  });

  it('too small: the reasons, not a bare null', () => {
    const r = readGeoLift(report({ status: 'too_small', incrementalOrders: null, incrementalRevenue: null, preTrend: null, reasons: ['2 matched customers in the area; at least 30 are needed'] }), 'en-US');
    expect(r).toMatchObject({ tone: 'too-small', preTrend: null, sentence: 'Too few customers to estimate anything: 2 matched customers in the area; at least 30 are needed.' });
  });

  it('hides the section only for campaigns not aimed at an area', () => {
    expect(isNotAreaCampaign(new ApiError(422, 'CAMPAIGN_NOT_AREA', 'x'))).toBe(true);
    expect(isNotAreaCampaign(new ApiError(422, 'CAMPAIGN_NOT_STARTED', 'x'))).toBe(false);
    expect(isNotAreaCampaign(new Error('x'))).toBe(false);
  });
});
