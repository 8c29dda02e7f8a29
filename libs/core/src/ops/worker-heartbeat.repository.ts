import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { ClientBase } from 'pg';

export interface WorkerHeartbeat {
  workerId: string;
  hostname: string;
  pid: number;
  startedAt: Date;
  seenAt: Date;
}

/** Liveness of worker processes (not tenant data: workers serve every business). */
@Injectable()
export class WorkerHeartbeatRepository {
  constructor(private readonly dataSource: DataSource) {}

  async beat(hb: Omit<WorkerHeartbeat, 'seenAt'>): Promise<void> {
    await this.dataSource.query(
      `INSERT INTO worker_heartbeat (worker_id, hostname, pid, started_at, seen_at) VALUES ($1, $2, $3, $4, now())
       ON CONFLICT (worker_id) DO UPDATE SET seen_at = now()`,
      [hb.workerId, hb.hostname, hb.pid, hb.startedAt],
    );
  }

  async remove(workerId: string): Promise<void> {
    await this.dataSource.query(`DELETE FROM worker_heartbeat WHERE worker_id = $1`, [workerId]);
  }

  /** Workers seen within the window; older rows are pruned as they are read. */
  async listAlive(withinSeconds: number): Promise<WorkerHeartbeat[]> {
    await this.dataSource.query(`DELETE FROM worker_heartbeat WHERE seen_at < now() - interval '1 day'`);
    return this.dataSource.query(
      `SELECT worker_id AS "workerId", hostname, pid, started_at AS "startedAt", seen_at AS "seenAt"
         FROM worker_heartbeat WHERE seen_at > now() - make_interval(secs => $1) ORDER BY started_at`,
      [withinSeconds],
    );
  }

  async ping(): Promise<number> {
    const started = process.hrtime.bigint();
    await this.dataSource.query('SELECT 1');
    return Number(process.hrtime.bigint() - started) / 1e6;
  }
}

/**
 * Whether a worker process on `hostname` beat within `withinSeconds`: the
 * worker's container health check (a worker whose loops stopped, or that has
 * lost the database, stops beating). A plain pg client, so the check starts
 * in a fraction of the time a Nest context would.
 */
export async function workerBeatRecently(client: Pick<ClientBase, 'query'>, hostname: string, withinSeconds: number): Promise<boolean> {
  const rows = await client.query(
    `SELECT 1 FROM worker_heartbeat WHERE hostname = $1 AND seen_at > now() - make_interval(secs => $2) LIMIT 1`,
    [hostname, withinSeconds],
  );
  return rows.rows.length > 0;
}
