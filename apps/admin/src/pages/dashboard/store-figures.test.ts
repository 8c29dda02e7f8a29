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
    expect(incrementalRoiText({ incrementalRevenue: inc, incrementalRoi: { estimate: 4, low: -0.25, high: 8 } }, 'en-US')).toBe('+400 % (−25 % to +800 %)');
    expect(incrementalRoiText({ incrementalRevenue: null, incrementalRoi: null })).toBe('no holdout');
    expect(incrementalRoiText({ incrementalRevenue: inc, incrementalRoi: null })).toBe('no spend by those campaigns');
  });
});
