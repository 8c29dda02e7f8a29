import { describe, expect, it } from 'vitest';
import { durationInWords, durationOf, durationParts } from './durations';

describe('durations', () => {
  it('reads a one-unit duration as amount and unit, anything else as ISO text', () => {
    expect(durationParts('PT2H')).toEqual({ amount: '2', unit: 'hours' });
    expect(durationParts('PT30M')).toEqual({ amount: '30', unit: 'minutes' });
    expect(durationParts('P3D')).toEqual({ amount: '3', unit: 'days' });
    expect(durationParts('P1W')).toEqual({ amount: '1', unit: 'weeks' });
    expect(durationParts('P6M')).toEqual({ amount: '6', unit: 'months' });
    expect(durationParts('P1DT12H')).toEqual({ amount: 'P1DT12H', unit: 'iso' });
    expect(durationParts('PT30S')).toEqual({ amount: 'PT30S', unit: 'iso' });
    expect(durationParts('')).toEqual({ amount: '', unit: 'iso' });
  });

  it('writes amount and unit as ISO-8601, and every one-unit duration round-trips', () => {
    expect(durationOf({ amount: '2', unit: 'hours' })).toBe('PT2H');
    expect(durationOf({ amount: ' 45 ', unit: 'minutes' })).toBe('PT45M');
    expect(durationOf({ amount: '7', unit: 'days' })).toBe('P7D');
    expect(durationOf({ amount: '2', unit: 'weeks' })).toBe('P2W');
    expect(durationOf({ amount: '1', unit: 'months' })).toBe('P1M');
    expect(durationOf({ amount: '', unit: 'days' })).toBe('');
    expect(durationOf({ amount: 'P1DT1H', unit: 'iso' })).toBe('P1DT1H');
    for (const iso of ['PT1H', 'PT90M', 'P1D', 'P2W', 'P3M', 'P1DT12H', 'PT30S']) expect(durationOf(durationParts(iso))).toBe(iso);
  });

  it('keeps a half-typed amount (the API names it if sent so) instead of switching to ISO text', () => {
    expect(durationParts('P1.D')).toEqual({ amount: '1.', unit: 'days' });
    expect(durationOf({ amount: '1.5', unit: 'hours' })).toBe('PT1.5H');
  });

  it('says a duration in words: minutes (PT…M) apart from months (P…M)', () => {
    expect(durationInWords('P1DT12H')).toBe('1 day 12 hours');
    expect(durationInWords('PT1H')).toBe('1 hour');
    expect(durationInWords('PT90M')).toBe('90 minutes');
    expect(durationInWords('P3M')).toBe('3 months');
    expect(durationInWords('P1Y2M3W4DT5H6M7S')).toBe('1 year 2 months 3 weeks 4 days 5 hours 6 minutes 7 seconds');
    expect(durationInWords('PT1.5S')).toBe('1.5 seconds');
    expect(durationInWords('P0D')).toBe('P0D');
    expect(durationInWords('soon')).toBe('soon');
  });
});
