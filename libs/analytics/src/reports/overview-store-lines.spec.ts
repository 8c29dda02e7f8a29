import { holdoutUplift } from '../statistics/holdout';
import { campaignArms, storeLines } from './overview.service';

const arm = (campaignId: string, locationId: string | null, holdout: boolean, n: number, revenues: number[]) => ({
  campaignId, locationId, holdout, n, conversions: revenues.length, revenueSum: revenues.reduce((s, x) => s + x, 0), revenueSumOfSquares: revenues.reduce((s, x) => s + x * x, 0),
});

describe('by-store lines of the overview', () => {
  const rows = [
    arm('k', 'north', false, 3, [10, 20]), arm('k', 'north', true, 2, []),
    arm('k', null, false, 2, [30]), arm('k', null, true, 1, [5]),
  ];

  it('store arms summed per campaign are the campaign\'s arms', () => {
    expect(campaignArms(rows)).toEqual([
      { campaignId: 'k', holdout: false, n: 5, conversions: 3, revenueSum: 60, revenueSumOfSquares: 1400 },
      { campaignId: 'k', holdout: true, n: 3, conversions: 1, revenueSum: 5, revenueSumOfSquares: 25 },
    ]);
  });

  it('names the line with no store "Online", gives ROI and its percentage, and incremental ROI on the holdout campaigns\' spend', () => {
    const store = (locationId: string | null, name: string | null, spend: number, held: number) => ({
      locationId, name, orders: 1, customers: 1, revenue: 50, attributedRevenue: 30, messagesSent: 3, spend, holdoutCampaignSpend: held,
    });
    const [north, online] = storeLines([store('north', 'North', 10, 4), store(null, null, 0, 0)], rows);
    // North: treated 3 (Σ 30), held out 2 (Σ 0): 10 per recipient × 3 = 30 incremental; (30 − 4) / 4 = 6.5.
    const byHand = holdoutUplift({ n: 3, conversions: 2, revenueSum: 30, revenueSumOfSquares: 500 }, { n: 2, conversions: 0, revenueSum: 0, revenueSumOfSquares: 0 }).incrementalRevenue;
    expect(north).toMatchObject({ name: 'North', roi: 2, roiPercent: 200, incrementalRevenue: { campaigns: 1, estimate: 30 } });
    expect(north.incrementalRoi).toEqual({ estimate: 6.5, low: ((byHand.low as number) - 4) / 4, high: ((byHand.high as number) - 4) / 4 });
    expect(north).not.toHaveProperty('holdoutCampaignSpend');
    // Online: no spend, so no ROI; one held out gives no interval, so no incremental revenue either.
    expect(online).toMatchObject({
      locationId: null, name: 'Online', roi: null, roiPercent: null, incrementalRevenue: null, incrementalRoi: null,
      incrementalReason: 'Too small to estimate: no campaign has at least 2 messaged and 2 held out among this store\'s enrolments in the period.',
    });
    expect(north.incrementalReason).toBeNull();
    // A store no campaign held anyone out of, and one whose holdout campaigns spent nothing there.
    const [none] = storeLines([store('south', 'South', 5, 0)], rows);
    expect(none.incrementalReason).toBe('No campaign held anyone out of this store\'s enrolments in the period.');
    const [unspent] = storeLines([store('north', 'North', 0, 0)], rows);
    expect([unspent.incrementalRevenue?.estimate, unspent.incrementalRoi, unspent.incrementalReason])
      .toEqual([30, null, 'The campaigns that held someone out spent nothing on this store in the period.']);
  });
});
