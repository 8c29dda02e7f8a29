import { currencyDigits, roundMoney, roundReportMoney } from './money';

describe('money in reports', () => {
  it('knows the minor unit of the currency (Intl): USD 2, EUR 2, JPY 0, KRW 0, BHD 3; 2 for a code it does not know', () => {
    expect(['USD', 'EUR', 'JPY', 'KRW', 'BHD', 'usd ', 'XYZ'].map(currencyDigits)).toEqual([2, 2, 0, 0, 3, 2, 2]);
  });

  it('rounds half away from zero at the minor unit, 1.005 included', () => {
    expect(roundMoney(4665.666666666667, 'USD')).toBe(4665.67);
    expect(roundMoney(1.005, 'USD')).toBe(1.01);
    expect(roundMoney(-2.345, 'EUR')).toBe(-2.35);
    expect(roundMoney(-0.001, 'USD')).toBe(0);
    expect(roundMoney(4665.5, 'JPY')).toBe(4666);
    expect(roundMoney(1.2345, 'BHD')).toBe(1.235);
    expect(roundMoney(null, 'USD')).toBeNull();
  });

  it('rounds a report\'s money fields and money intervals, never counts, rates, ratios or lifts', () => {
    const report = {
      currency: 'USD',
      totals: { revenue: 14000 / 3, orders: 3, roi: 2 / 3, roiPercent: 66.7, spend: 0.0158, incrementalRevenue: { campaigns: 1, estimate: 50.123, low: -3.456, high: 103.789 } },
      byStore: [{ attributedRevenue: 10.005, spend: 0.0079, incrementalRoi: { estimate: 1.23456, low: 0.5, high: 2 } }],
      metrics: { revenue_per_recipient: { value: 2.3456, low: 0.1234, high: 4.5678, comparison: { difference: 1.111, pValue: 0.0123, lift: { estimate: 0.4567, low: 0.1, high: 0.9 } } },
        conversion_rate: { value: 0.123456, low: 0.1, high: 0.2 } },
    };
    expect(roundReportMoney(report, 'USD')).toEqual({
      currency: 'USD',
      totals: { revenue: 4666.67, orders: 3, roi: 2 / 3, roiPercent: 66.7, spend: 0.02, incrementalRevenue: { campaigns: 1, estimate: 50.12, low: -3.46, high: 103.79 } },
      byStore: [{ attributedRevenue: 10.01, spend: 0.01, incrementalRoi: { estimate: 1.23456, low: 0.5, high: 2 } }],
      metrics: { revenue_per_recipient: { value: 2.35, low: 0.12, high: 4.57, comparison: { difference: 1.11, pValue: 0.0123, lift: { estimate: 0.4567, low: 0.1, high: 0.9 } } },
        conversion_rate: { value: 0.123456, low: 0.1, high: 0.2 } },
    });
    expect(roundReportMoney({ revenue: 4665.666666666667 }, 'JPY')).toEqual({ revenue: 4666 });
  });
});
