/**
 * CPU time by process group from /proc (Linux), to show where a run's time
 * went on a 2-core machine: named pid groups, the bench's PostgreSQL (its
 * postmaster and children), and the machine's busy time, so whatever else
 * ran on the machine meanwhile shows up as "other". Processes that exit
 * between two snapshots lose their share (PostgreSQL backends are pooled, so
 * this is small).
 */
import { readdirSync, readFileSync } from 'node:fs';
import { cpus } from 'node:os';
import { join } from 'node:path';

const TICKS_PER_S = 100;

export interface CpuSnapshot {
  /** Ticks so far of each process, by group. */
  byGroup: Record<string, Map<number, number>>;
  machineBusyS: number;
}

export interface CpuUse {
  byGroup: Record<string, number>;
  machineBusyS: number;
}

function procTicks(pid: number | string): { ppid: number; ticks: number } | null {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    // ppid, utime and stime are fields 4, 14 and 15 of stat; fields[0] here is field 3.
    return { ppid: Number(fields[1]), ticks: Number(fields[11]) + Number(fields[12]) };
  } catch {
    return null;
  }
}

function machineBusyTicks(): number {
  const cpu = readFileSync('/proc/stat', 'utf8').split('\n')[0].trim().split(/\s+/).slice(1).map(Number);
  const [user, nice, system, , , irq, softirq, steal] = cpu;
  return user + nice + system + irq + softirq + (steal ?? 0);
}

/** The postmaster's pid, from postmaster.pid in the cluster directory. */
export function postmasterPid(clusterDir: string): number {
  return Number(readFileSync(join(clusterDir, 'postmaster.pid'), 'utf8').split('\n')[0]);
}

/** CPU used so far by each group of pids, by the PostgreSQL cluster of `postmaster`, and by the whole machine. */
export function cpuSnapshot(groups: Record<string, number[]>, postmaster: number): CpuSnapshot {
  const ticks = (pids: number[]) => new Map(pids.map((pid) => [pid, procTicks(pid)?.ticks ?? 0]));
  const byGroup: Record<string, Map<number, number>> = {};
  for (const [name, pids] of Object.entries(groups)) byGroup[name] = ticks(pids);
  const cluster = [postmaster];
  for (const entry of readdirSync('/proc')) {
    if (/^\d+$/.test(entry) && procTicks(entry)?.ppid === postmaster) cluster.push(Number(entry));
  }
  byGroup.postgres = ticks(cluster);
  return { byGroup, machineBusyS: machineBusyTicks() / TICKS_PER_S };
}

/** CPU seconds between two snapshots; a process that exited in between is left out, one that started counts from zero. */
export function cpuDelta(before: CpuSnapshot, after: CpuSnapshot): CpuUse {
  const byGroup: Record<string, number> = {};
  for (const [key, procs] of Object.entries(after.byGroup)) {
    let sum = 0;
    for (const [pid, t] of procs) if (t > 0) sum += t - (before.byGroup[key]?.get(pid) ?? 0);
    byGroup[key] = sum / TICKS_PER_S;
  }
  return { byGroup, machineBusyS: after.machineBusyS - before.machineBusyS };
}

/** "worker 52 s, postgres 30 s, …, other 1 s; machine 98 % busy" for a run of `wallS` seconds on `cores` cores. */
export function describeCpu(d: CpuUse, wallS: number, cores: number): string {
  const ours = Object.values(d.byGroup).reduce((a, b) => a + b, 0);
  const parts = Object.entries(d.byGroup).map(([k, v]) => `${k} ${v.toFixed(1)} s`);
  return `${parts.join(', ')}, other processes ${Math.max(0, d.machineBusyS - ours).toFixed(1)} s; machine ${Math.round((100 * d.machineBusyS) / (wallS * cores))} % busy`;
}

/** How busy the machine is over `ms` (other benchmarks or builds skew every figure). */
export async function machineBusyPercent(ms: number): Promise<number> {
  const before = machineBusyTicks();
  await new Promise((resolve) => setTimeout(resolve, ms));
  return Math.round((100 * (machineBusyTicks() - before)) / TICKS_PER_S / (ms / 1000) / cpus().length);
}

/** Runs `work` and describes the CPU each group used meanwhile. */
export async function withCpu<T>(groups: Record<string, number[]>, postmaster: number, work: () => Promise<T>): Promise<{ result: T; cpu: string }> {
  const before = cpuSnapshot(groups, postmaster);
  const started = performance.now();
  const result = await work();
  return { result, cpu: describeCpu(cpuDelta(before, cpuSnapshot(groups, postmaster)), (performance.now() - started) / 1000, cpus().length) };
}
