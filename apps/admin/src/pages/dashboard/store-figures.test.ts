import { describe, expect, it } from 'vitest';
import { incrementalRoiText, roiPercentText, storeLabel } from './store-figures';

describe('by-store figures', () => {
  it('names the line with no store "Online"', () => {
    expect(storeLabel({ locationId: null, name: null })).toBe('Online');
    expect(storeLabel({ locationId: null, name: 'Online' })).toBe('Online');
    expect(storeLabel({ locationId: 'a', name: 'Elm Street' })).toBe('Elm Street');
  });

  it('ROI as a signed percentage, a dash without spend', () => {
    expect([roiPercentText(150, 'en-US'), roiPercentText(-100, 'en-US'), roiPercentText(0, 'en-US'), roiPercentText(33.3, 'en-US'), roiPercentText(null)])
      .toEqual(['+150 %', '−100 %', '0 %', '+33.3 %', '—']);
  });

  it('incremental ROI with its range, or why there is none', () => {
    const inc = { campaigns: 1, estimate: 50, low: 10, high: 90 };
    expect(incrementalRoiText({ incrementalRevenue: inc, incrementalRoi: { estimate: 4, low: -0.25, high: 8 }, incrementalReason: null }, 'en-US')).toBe('+400 % (−25 % to +800 %)');
    expect(incrementalRoiText({ incrementalRevenue: null, incrementalRoi: null, incrementalReason: 'No campaign held anyone out of this store\'s enrolments in the period.' })).toBe('no holdout');
    expect(incrementalRoiText({ incrementalRevenue: null, incrementalRoi: null, incrementalReason: 'Too small to estimate: no campaign has at least 2 …' })).toBe('too small to estimate');
    expect(incrementalRoiText({ incrementalRevenue: inc, incrementalRoi: null, incrementalReason: 'The campaigns that held someone out spent nothing on this store in the period.' })).toBe('no spend by those campaigns');
  });
});
