import { DEFAULT_MACHINE_RULES, type MachineRules } from './machine-classifier';

/** Tuning of the engagement recorder; tests and benchmarks override it through RECORDING_OPTIONS. */
export interface RecordingOptions {
  /** How long a hit may wait in memory before its batch is written. */
  flushIntervalMs: number;
  /** Rows per INSERT; a full buffer is written at once. */
  batchRows: number;
  /** Beyond this many unwritten rows (the database is down), the oldest are dropped with an error log. */
  maxBufferedRows: number;
  /** Longest wait for a failing database at shutdown before the remaining rows are reported lost. */
  shutdownTimeoutMs: number;
  /** Messages whose links and send time are kept in memory, and for how long. */
  cacheSize: number;
  cacheTtlMs: number;
  /** Messages remembered as opened, so clicks on them send no implied open to the database (newest kept). */
  knownOpensSize: number;
  /** Retry delays after a failed write: doubling from the first, capped at the second. */
  retryDelayMs: readonly [number, number];
  machineRules: MachineRules;
}

export const RECORDING_OPTIONS = Symbol('RECORDING_OPTIONS');

export const DEFAULT_RECORDING_OPTIONS: RecordingOptions = {
  flushIntervalMs: 50,
  batchRows: 1000,
  maxBufferedRows: 200_000,
  shutdownTimeoutMs: 10_000,
  cacheSize: 20_000,
  cacheTtlMs: 10 * 60_000,
  knownOpensSize: 100_000,
  retryDelayMs: [100, 10_000],
  machineRules: DEFAULT_MACHINE_RULES,
};
