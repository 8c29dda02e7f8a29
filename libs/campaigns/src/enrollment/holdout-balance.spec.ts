import { seededRandom } from '@localreach/core';
import { drawHoldouts } from './holdout-balance';

const held = (draw: { holdouts: boolean[] }) => draw.holdouts.filter(Boolean).length;

describe('balanced holdout assignment (systematic, random start)', () => {
  it('19 enrolments at 10 % hold out 1 or 2 (never 0, as independent coins did 13.5 % of the time); 20 hold out exactly 2', () => {
    const random = seededRandom(19);
    const counts = new Set<number>();
    for (let c = 0; c < 2000; c++) {
      const start = random();
      counts.add(held(drawHoldouts(start, 19, 10)));
      expect(held(drawHoldouts(start, 20, 10))).toBe(2);
    }
    expect([...counts].sort()).toEqual([1, 2]);
    // The start u decides: floor(1.9 + u) of 19, so 1 for u < 0.1, else 2 (2 in 10 on average: 1.9).
    expect([held(drawHoldouts(0.05, 19, 10)), held(drawHoldouts(0.5, 19, 10)), held(drawHoldouts(0.95, 19, 10))]).toEqual([1, 2, 2]);
  });

  it('keeps |held − n·p| < 1 at every size, for any share, across batches carried by the phase', () => {
    const random = seededRandom(3);
    for (const percent of [0.3, 5, 10, 12.5, 33.3, 50]) {
      let phase = random();
      let total = 0;
      let n = 0;
      for (const batch of [1, 1, 3, 7, 19, 1, 50, 2, 200]) {
        const draw = drawHoldouts(phase, batch, percent);
        phase = draw.phase;
        total += held(draw);
        n += batch;
        expect(Math.abs(total - (n * percent) / 100)).toBeLessThan(1);
      }
    }
  });

  it('holds each enrolment out with probability p whatever its position (10,000 campaigns of 7 enrolments at 10 %)', () => {
    const random = seededRandom(7);
    const byPosition = Array.from({ length: 7 }, () => 0);
    for (let c = 0; c < 10_000; c++) drawHoldouts(random(), 7, 10).holdouts.forEach((h, i) => { byPosition[i] += h ? 1 : 0; });
    // Binomial(10,000, 0.1): sd 30; 5 sd is 150.
    for (const count of byPosition) expect(Math.abs(count - 1000)).toBeLessThan(150);
  });

  it('holds nobody out at 0 %; a share changed mid-campaign applies from the next enrolment', () => {
    expect(drawHoldouts(0.4, 100, 0)).toEqual({ holdouts: Array(100).fill(false), phase: 0.4 });
    const first = drawHoldouts(0, 10, 10);
    expect(held(first)).toBe(1);
    expect(held(drawHoldouts(first.phase, 10, 50))).toBe(5);
  });
});
