/**
 * The order of request kinds in a traffic mix: smooth weighted round robin
 * (nginx's), so any 100 consecutive requests of a 40/40/15/2/2/1 mix hold
 * exactly those counts and each kind is spread evenly, rather than drawn at
 * random (which, in a 10 s probe, lets the rare kinds bunch up or vanish).
 */

export type Weights = Readonly<Record<string, number>>;

/** The first `n` kinds of the mix. */
export function mixSequence(weights: Weights, n: number): string[] {
  const kinds = Object.entries(weights).filter(([, w]) => w > 0);
  if (kinds.length === 0) throw new Error('a mix needs at least one kind with a positive weight');
  const sum = kinds.reduce((s, [, w]) => s + w, 0);
  const current = kinds.map(() => 0);
  const out: string[] = [];
  for (let i = 0; i < n; i++) {
    let best = 0;
    for (let k = 0; k < kinds.length; k++) {
      current[k] += kinds[k][1];
      if (current[k] > current[best]) best = k;
    }
    current[best] -= sum;
    out.push(kinds[best][0]);
  }
  return out;
}
