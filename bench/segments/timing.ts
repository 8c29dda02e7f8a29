import type { ClientBase } from 'pg';

export const WARM_UPS = 2;
export const RUNS = 9;

export interface Sql {
  sql: string;
  params: unknown[];
}

export function percentile(values: number[], p: number): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const rank = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[rank];
}

export async function timeOnce<T>(work: () => Promise<T>): Promise<{ ms: number; result: T }> {
  const started = performance.now();
  const result = await work();
  return { ms: performance.now() - started, result };
}

async function countOf(client: ClientBase, q: Sql): Promise<number> {
  const r = await client.query<{ count: string | number }>(q.sql, q.params);
  return Number(r.rows[0].count);
}

export interface PairTiming {
  countA: number;
  countB: number;
  /** Every run's count, so a count that changes between runs is caught too. */
  countsA: number[];
  countsB: number[];
  p50A: number;
  p50B: number;
}

/**
 * Times two count queries on the same connection: WARM_UPS warm-ups each,
 * then RUNS interleaved runs (A, B, A, B, …) so drift hits both alike.
 */
export async function timeCountPair(client: ClientBase, a: Sql, b: Sql): Promise<PairTiming> {
  for (let i = 0; i < WARM_UPS; i++) {
    await countOf(client, a);
    await countOf(client, b);
  }
  const msA: number[] = [];
  const msB: number[] = [];
  const countsA: number[] = [];
  const countsB: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    const ra = await timeOnce(() => countOf(client, a));
    const rb = await timeOnce(() => countOf(client, b));
    msA.push(ra.ms);
    msB.push(rb.ms);
    countsA.push(ra.result);
    countsB.push(rb.result);
  }
  return { countA: countsA[0], countB: countsB[0], countsA, countsB, p50A: percentile(msA, 50), p50B: percentile(msB, 50) };
}

/** p50 of RUNS runs of any async work after WARM_UPS warm-ups. */
export async function p50Of(work: () => Promise<unknown>): Promise<number> {
  for (let i = 0; i < WARM_UPS; i++) await work();
  const ms: number[] = [];
  for (let i = 0; i < RUNS; i++) ms.push((await timeOnce(work)).ms);
  return percentile(ms, 50);
}

export const fmtMs = (ms: number) => (Number.isFinite(ms) ? (ms >= 100 ? ms.toFixed(0) : ms.toFixed(1)) : '–');
export const fmtS = (s: number) => s.toFixed(s >= 100 ? 0 : s >= 10 ? 1 : 2);
export const fmtInt = (n: number | null) => (n === null ? '' : n.toLocaleString('en-US'));
export const ratio = (ours: number, theirs: number) => `${(ours / theirs).toFixed(2)}×`;

export function table(header: string[], align: ('l' | 'r')[], rows: (string | number)[][]): string {
  return [
    `| ${header.join(' | ')} |`,
    `| ${align.map((a) => (a === 'r' ? '---:' : '---')).join(' | ')} |`,
    ...rows.map((r) => `| ${r.join(' | ')} |`),
  ].join('\n');
}
