/** Tables and verdict inputs shared by the load benches. */
import { fmtInt, fmtMs, table } from '../segments/timing';
import { percentileOf, totalOf, type KindResult, type OpenLoopResult } from './open-loop';
import type { ProbeVerdictInput } from './rate-search';

export const yes = (ok: boolean) => (ok ? 'yes' : '**no**');

export function verdictInput(k: KindResult): ProbeVerdictInput {
  return { answered: k.answered, sent: k.sent, errors: k.errors, otherStatus: k.otherStatus, p99Ms: percentileOf(k.latencies, 99) };
}

const p = (k: KindResult, q: number) => percentileOf(k.latencies, q);

/** One row per kind (and "all"): answered / sent, answered per second, p50 / p99 / max, errors / other status. */
export function kindRows(label: string, r: OpenLoopResult, kinds: readonly string[]): (string | number)[][] {
  const row = (name: string, k: KindResult) => [
    `${label}: ${name}`, `${fmtInt(k.answered)} / ${fmtInt(k.sent)}`, fmtInt(Math.round(k.answered / r.seconds)),
    fmtMs(p(k, 50)), fmtMs(p(k, 99)), fmtMs(k.latencies[k.latencies.length - 1] ?? Number.NaN),
    `${fmtInt(k.errors)} / ${fmtInt(k.otherStatus)}${k.firstProblem ? ` (${k.firstProblem.slice(0, 80)})` : ''}`,
  ];
  const rows = kinds.filter((kind) => r.byKind[kind]).map((kind) => row(kind, r.byKind[kind]));
  rows.push(row('**all**', totalOf(r)));
  return rows;
}

export function kindTable(runs: { label: string; result: OpenLoopResult }[], kinds: readonly string[]): string {
  return table(
    ['run: kind', 'answered / sent', 'per s', 'p50 ms', 'p99 ms', 'max ms', 'errors / other status'], ['l', 'r', 'r', 'r', 'r', 'r', 'l'],
    runs.flatMap((run) => kindRows(run.label, run.result, kinds)),
  );
}

/** "client send lag p99 3 ms, max 12 ms; 40 in flight at most": whether the load generator kept its own schedule. */
export function clientLine(r: OpenLoopResult): string {
  return `client send lag p99 ${fmtMs(r.sendLagP99)} ms, max ${fmtMs(r.sendLagMax)} ms; at most ${fmtInt(r.maxInFlight)} requests in flight`;
}
