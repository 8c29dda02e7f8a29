import { backoffCeilingMs, DEFAULT_RETRY_POLICY, nextRetryAt, retryDelayMs, type RetryPolicy } from './backoff';

const policy = (random: number): RetryPolicy => ({ ...DEFAULT_RETRY_POLICY, random: () => random });
const NOW = new Date('2026-03-10T12:00:00Z');

describe('retry backoff', () => {
  it.each([
    // 30 s · 2^(n−1): 30 s, 1 min, 2 min, 4 min, 8 min, 16 min, 32 min, then the 1 h cap.
    [1, 30_000],
    [2, 60_000],
    [3, 120_000],
    [4, 240_000],
    [5, 480_000],
    [6, 960_000],
    [7, 1_920_000],
    [8, 3_600_000],
    [9, 3_600_000],
    [1000, 3_600_000],
  ])('the ceiling after attempt %i is %i ms', (attempt, ceiling) => {
    expect(backoffCeilingMs(attempt, DEFAULT_RETRY_POLICY)).toBe(ceiling);
  });

  it('draws uniformly between half the ceiling and the ceiling (equal jitter)', () => {
    expect(retryDelayMs(3, policy(0))).toBe(60_000);
    expect(retryDelayMs(3, policy(0.5))).toBe(90_000);
    expect(retryDelayMs(3, policy(0.999999))).toBe(119_999);
    expect(retryDelayMs(20, policy(0.25))).toBe(2_250_000);
  });

  it('spends the six attempts over at least half the sum of the ceilings, however the draws fall', () => {
    const least = [1, 2, 3, 4, 5].reduce((sum, attempt) => sum + retryDelayMs(attempt, policy(0)), 0);
    expect(least).toBe((30_000 + 60_000 + 120_000 + 240_000 + 480_000) / 2);
  });

  it('schedules retries after attempts 1–5 and gives up after the sixth', () => {
    expect(nextRetryAt(1, NOW, policy(1 - Number.EPSILON))?.toISOString()).toBe('2026-03-10T12:00:29.999Z');
    expect(nextRetryAt(5, NOW, policy(0.5))?.toISOString()).toBe('2026-03-10T12:06:00.000Z');
    expect(nextRetryAt(6, NOW, policy(0.5))).toBeNull();
    expect(nextRetryAt(7, NOW, policy(0.5))).toBeNull();
  });

  it('rejects attempt numbers below 1', () => {
    expect(() => backoffCeilingMs(0, DEFAULT_RETRY_POLICY)).toThrow(RangeError);
    expect(() => backoffCeilingMs(1.5, DEFAULT_RETRY_POLICY)).toThrow(RangeError);
  });
});
