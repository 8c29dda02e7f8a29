import { getPriority, setPriority } from 'node:os';

/**
 * Lowers this process's CPU priority to `nice` (see AppConfig.workerCpuNice);
 * never raises it (a process started at a lower priority keeps it, and only a
 * privileged process may raise its own). Returns the nice value it runs at.
 */
export function lowerCpuPriority(nice: number): number {
  const current = getPriority();
  if (nice > current) setPriority(nice);
  return getPriority();
}
