/**
 * Holdout assignment that keeps a campaign's held-out share close to its setting at any size. An
 * independent coin per enrolment (the earlier rule) held out 0 of 19 at 10 % one time in seven
 * (0.9¹⁹ = 0.135), leaving the report nothing to compare with. Here each campaign holds out by
 * systematic sampling with a random start: it carries a phase D in [0, 1), drawn uniformly when its
 * first enrolment comes (the tally row's default); each enrolment adds p to it and is held out when it
 * reaches 1 (D ← D + p − 1). After n enrolments floor(n·p + u) are held out (u the start): 19 at 10 %
 * hold out 1 or 2, 20 exactly 2, always |held − n·p| < 1; and since u is uniform, every enrolment,
 * whatever its position, is held out with probability exactly p. A change of the share applies from
 * the next enrolment, with no burst.
 */
export interface HoldoutDraw {
  /** One per enrolment, in order: held out or not. */
  holdouts: boolean[];
  /** The campaign's phase after them, to carry to its next enrolments. */
  phase: number;
}

/** `phase` in [0, 1), `percent` the campaign's holdout (0–50 %). */
export function drawHoldouts(phase: number, count: number, percent: number): HoldoutDraw {
  const p = percent / 100;
  const holdouts: boolean[] = [];
  let d = phase;
  for (let i = 0; i < count; i++) {
    d += p;
    // The epsilon absorbs binary drift (0.1 added ten times is 0.9999999999999999).
    const held = d >= 1 - 1e-9;
    if (held) d -= 1;
    holdouts.push(held);
  }
  return { holdouts, phase: Math.min(1 - 1e-12, Math.max(0, d)) };
}
