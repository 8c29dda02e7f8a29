import type { SplitBranch } from './definition-types';

/** Each branch's share of enrolments in %, to one decimal; null for a weight that is not a number above 0 (the API names it). */
export function weightPercents(branches: readonly { weight: unknown }[]): (number | null)[] {
  const valid = (w: unknown): w is number => typeof w === 'number' && Number.isFinite(w) && w > 0;
  const sum = branches.reduce((s, b) => s + (valid(b.weight) ? b.weight : 0), 0);
  return branches.map((b) => (valid(b.weight) ? Math.round((b.weight / sum) * 1000) / 10 : null));
}

/** Equal weights that read as percentages: 2 → 50 each, 3 → 33.3 each. */
export function evenWeight(count: number): number {
  return Math.round(1000 / count) / 10;
}

/** A variant name no branch has yet: A, B, … then "Variant 27". */
export function nextVariantName(branches: readonly SplitBranch[]): string {
  const taken = new Set(branches.map((b) => b.name));
  for (let i = 0; i < 26; i++) {
    const letter = String.fromCharCode(65 + i);
    if (!taken.has(letter)) return letter;
  }
  let n = 27;
  while (taken.has(`Variant ${n}`)) n++;
  return `Variant ${n}`;
}

/**
 * Adds a branch to `next`. Even weights stay even (50/50 becomes 33.3 × 3);
 * uneven ones are kept and the new branch gets their average.
 */
export function withAddedBranch(branches: readonly SplitBranch[], next: string): SplitBranch[] {
  const name = nextVariantName(branches);
  const weights = branches.map((b) => b.weight);
  const even = weights.every((w) => w === weights[0]);
  if (even) {
    const weight = evenWeight(branches.length + 1);
    return [...branches.map((b) => ({ ...b, weight })), { name, weight, next }];
  }
  const numbers = weights.filter((w): w is number => typeof w === 'number' && Number.isFinite(w));
  const average = numbers.length ? Math.round((numbers.reduce((s, w) => s + w, 0) / numbers.length) * 10) / 10 : 1;
  return [...branches, { name, weight: average, next }];
}

/** Every branch with the same weight. */
export function withEvenWeights(branches: readonly SplitBranch[]): SplitBranch[] {
  const weight = evenWeight(branches.length);
  return branches.map((b) => ({ ...b, weight }));
}

/** The percentages as the form says them: "50 %", "33.3 %", "—". */
export function percentText(percent: number | null): string {
  return percent === null ? '—' : `${percent} %`;
}
