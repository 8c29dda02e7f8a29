import { describe, expect, it } from 'vitest';
import { formatCount, formatDateTime, formatDistance, formatMoney } from './formatting';

describe('formatting', () => {
  it('formats in the given locale', () => {
    expect(formatMoney(1234.5, 'USD', 'en-US')).toBe('$1,234.50');
    expect(formatMoney(1234.5, 'EUR', 'de-DE')).toBe('1.234,50\u00a0€');
    // Below one unit, up to four decimals (a message's cost); none added to round amounts.
    expect(formatMoney(0.016, 'USD', 'en-US')).toBe('$0.016');
    expect(formatMoney(0.0079, 'USD', 'en-US')).toBe('$0.0079');
    expect(formatMoney(0.5, 'USD', 'en-US')).toBe('$0.50');
    expect(formatMoney(0, 'USD', 'en-US')).toBe('$0.00');
    expect(formatMoney(-0.001, 'USD', 'en-US')).toBe('-$0.001');
    expect(formatCount(1234567, 'en-US')).toBe('1,234,567');
    expect(formatDateTime(null)).toBe('—');
    expect(formatDateTime('2026-03-04T05:06:00Z', 'en-US')).toMatch(/^Mar 4, 2026/);
  });

  it('says metres under a kilometre, kilometres above', () => {
    expect(formatDistance(850.4, 'en-US')).toBe('850 m');
    expect(formatDistance(12_449, 'en-US')).toBe('12.4 km');
    expect(formatDistance(123_456, 'en-US')).toBe('123 km');
  });
});
