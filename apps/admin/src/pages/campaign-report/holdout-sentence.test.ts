import { describe, expect, it } from 'vitest';
import { readHoldout, type HoldoutReport } from './holdout-sentence';

const arm = (n: number, conversions: number, revenueSum: number) => ({ n, conversions, revenueSum, revenueSumOfSquares: revenueSum * revenueSum });
const est = (estimate: number | null, low: number | null, high: number | null) => ({ estimate, low, high });

function report(over: Partial<HoldoutReport> & { revenue?: [number, number, number]; orders?: [number, number, number]; roi?: [number, number, number] | null }): HoldoutReport {
  const [r, rl, rh] = over.revenue ?? [400, 120, 680];
  const [o, ol, oh] = over.orders ?? [8, 2.5, 13.5];
  return {
    treated: arm(800, 40, 2000), control: arm(200, 2, 100),
    uplift: { conversionRateDifference: est(0.04, 0.01, 0.07), conversionPValue: 0.01, incrementalConversions: est(o, ol, oh), revenuePerRecipientDifference: est(r / 800, rl / 800, rh / 800), revenuePValue: 0.01, incrementalRevenue: est(r, rl, rh) },
    incrementalRoi: over.roi === null ? est(null, null, null) : est(...(over.roi ?? [3, 0.2, 5.8])),
    byVariant: [],
    ...over,
  } as HoldoutReport;
}

const usd = { currency: 'USD', locale: 'en-US' };

describe('the holdout in plain words', () => {
  it('no holdout: nothing can be told apart; the last-touch ROI is all there is', () => {
    const r = readHoldout(null, { ...usd, lastTouchRoi: 12.5 });
    expect(r.tone).toBe('no-holdout');
    expect(r.sentence).toBe('This campaign holds nobody out, so what it caused cannot be told apart from what customers would have bought anyway. '
      + 'Last-touch ROI, which credits it with every order after a click, is 1,250%.');
  });

  it('too small: the API\'s reason in words (nobody held out yet)', () => {
    const message = 'Nobody has been held out yet (19 enrolments messaged): there is no one to compare with.';
    const r = readHoldout({ ...report({}), control: arm(0, 0, 0), uplift: null, incrementalRoi: null, tooSmall: { code: 'no_holdout_yet', message } }, { ...usd, lastTouchRoi: null });
    expect(r).toEqual({ tone: 'no-data', sentence: `${message} Nothing was spent, so there is no last-touch ROI.` });
  });

  it('not enough data: an empty arm (no uplift), or nobody ordered in either arm', () => {
    const empty = readHoldout({ ...report({}), treated: arm(3, 0, 0), control: arm(0, 0, 0), uplift: null, incrementalRoi: null }, { ...usd, lastTouchRoi: null });
    expect(empty.tone).toBe('no-data');
    expect(empty.sentence).toBe('Not enough data yet: 3 messaged and 0 held out, 0 of them ordered. Both groups need more customers, and some orders, before the difference means anything. '
      + 'Nothing was spent, so there is no last-touch ROI.');
    const noOrders = readHoldout({ ...report({ revenue: [0, 0, 0] }), treated: arm(50, 0, 0), control: arm(10, 0, 0) }, { ...usd, lastTouchRoi: -1 });
    expect(noOrders.tone).toBe('no-data');
    expect(noOrders.sentence).toContain('50 messaged and 10 held out, 0 of them ordered');
  });

  it('not enough data: an interval the API could not work out (fewer than 2 in an arm)', () => {
    const r = report({});
    const single = { ...r, control: arm(1, 1, 30), uplift: { ...r.uplift!, incrementalRevenue: est(10, null, null) } };
    expect(readHoldout(single, { ...usd, lastTouchRoi: 2 }).tone).toBe('no-data');
  });

  it('interval includes zero: too early to tell, whichever way the estimate leans', () => {
    const up = readHoldout(report({ revenue: [150, -90, 390] }), { ...usd, lastTouchRoi: 4 });
    expect(up.tone).toBe('unclear');
    expect(up.sentence).toBe('Too early to tell: customers who got the messages spent $150 more than they would have without them, but the 95% range, between -$90 and $390, '
      + 'includes zero, so the difference may be chance. Last-touch ROI, which credits it with every order after a click, is 400%.');
    expect(readHoldout(report({ revenue: [-20, -200, 160] }), { ...usd, lastTouchRoi: 4 }).sentence).toContain('spent $20 less than');
  });

  it('caused revenue: the amount, its range, the orders and the incremental ROI beside last touch', () => {
    const r = readHoldout(report({}), { ...usd, lastTouchRoi: 9 });
    expect(r.tone).toBe('positive');
    expect(r.sentence).toBe('The campaign caused about $400 of revenue that would not have happened otherwise (95% range: between $120 and $680), '
      + 'from 8 orders (between 2.5 and 13.5) more: an incremental ROI of 300% (between 20% and 580%). Last-touch ROI, which credits it with every order after a click, is 900%.');
  });

  it('nothing spent: no incremental ROI, said so', () => {
    expect(readHoldout(report({ roi: null }), { ...usd, lastTouchRoi: null }).sentence).toContain('no incremental ROI (nothing was spent)');
  });

  it('lost revenue: the messaged bought less, beyond chance', () => {
    const r = readHoldout(report({ revenue: [-300, -520, -80], roi: [-4, -6, -1.5] }), { ...usd, lastTouchRoi: 1 });
    expect(r.tone).toBe('negative');
    expect(r.sentence).toBe('Customers who got the messages spent less than those held out: about $300 less (95% range: between -$520 and -$80): '
      + 'an incremental ROI of -400% (between -600% and -150%). Last-touch ROI, which credits it with every order after a click, is 100%.');
  });
});
