/**
 * The search for the highest request rate a server sustains within a latency
 * limit, kept free of I/O so it can be tested: the bench runs a fixed-rate
 * probe, reports whether it passed, and asks for the next rate. Rates double
 * from `start` until a probe fails (or halve until one passes), then bisect
 * between the highest pass and the lowest fail above it until they are within
 * `precision` of each other, or the probes run out.
 */

export interface ProbeOutcome {
  rate: number;
  passed: boolean;
}

export interface RateSearchOptions {
  start: number;
  /** No probe below this rate: if it fails, there is no sustainable rate to report. */
  min: number;
  /** No probe above this rate (e.g. what the load generator itself can send). */
  max: number;
  /** Stop once (lowest fail − highest pass) / highest pass ≤ this. */
  precision: number;
  maxProbes: number;
  /** Rates are rounded to a multiple of this. */
  step: number;
}

export interface ProbeVerdictInput {
  answered: number;
  sent: number;
  errors: number;
  otherStatus: number;
  p99Ms: number;
}

/** A probe passes with every request answered as expected and the p99 under the limit. */
export function probePassed(r: ProbeVerdictInput, p99LimitMs: number): boolean {
  return r.errors === 0 && r.otherStatus === 0 && r.answered === r.sent && r.sent > 0 && r.p99Ms < p99LimitMs;
}

/** The highest rate that passed below the lowest that failed (a pass above a fail is noise and is not trusted). */
export function bounds(history: readonly ProbeOutcome[]): { pass: number | null; fail: number | null } {
  const fails = history.filter((h) => !h.passed).map((h) => h.rate);
  const fail = fails.length ? Math.min(...fails) : null;
  const passes = history.filter((h) => h.passed && (fail === null || h.rate < fail)).map((h) => h.rate);
  return { pass: passes.length ? Math.max(...passes) : null, fail };
}

/** The next rate to probe, or null when the search is over. */
export function nextRate(history: readonly ProbeOutcome[], o: RateSearchOptions): number | null {
  if (history.length >= o.maxProbes) return null;
  if (history.length === 0) return o.start;
  const round = (r: number) => Math.max(o.step, Math.round(r / o.step) * o.step);
  const { pass, fail } = bounds(history);
  const tried = new Set(history.map((h) => h.rate));
  let next: number;
  if (fail === null) {
    if (pass === null || pass >= o.max) return null;
    next = Math.min(o.max, round(pass * 2));
  } else if (pass === null) {
    if (fail <= o.min) return null;
    next = Math.max(o.min, round(fail / 2));
  } else {
    if ((fail - pass) / pass <= o.precision) return null;
    next = round((pass + fail) / 2);
  }
  return tried.has(next) || (pass !== null && next <= pass) || (fail !== null && next >= fail) ? null : next;
}

/** The rate the search found: the highest pass below the lowest fail, or null if nothing passed. */
export function foundRate(history: readonly ProbeOutcome[]): number | null {
  return bounds(history).pass;
}
