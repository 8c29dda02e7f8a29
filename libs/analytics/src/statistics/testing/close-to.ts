/** Asserts |actual − expected| ≤ max(absolute, relative·|expected|), so tiny tail probabilities are checked in relative terms. */
export function expectCloseTo(actual: number | null | undefined, expected: number, relative = 1e-10, absolute = 1e-300): void {
  if (typeof actual !== 'number' || Number.isNaN(actual)) throw new Error(`expected a number close to ${expected}, got ${actual}`);
  const tolerance = Math.max(absolute, relative * Math.abs(expected));
  if (!(Math.abs(actual - expected) <= tolerance)) {
    throw new Error(`expected ${actual} to be within ${tolerance} of ${expected} (off by ${Math.abs(actual - expected)})`);
  }
}
