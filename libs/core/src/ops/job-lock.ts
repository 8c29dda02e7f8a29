import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';

export type AloneResult<T> = { ran: true; value: T } | { ran: false };

/**
 * Keeps a scheduled job to one process of the cluster at a time: every
 * worker's scheduler fires the same calendar job at the same second, and the
 * first to take the job's lock runs it while the others skip that tick.
 *
 * The lock is transaction-level (`pg_try_advisory_xact_lock`), held by a
 * transaction that stays open, doing nothing else, while the job works on
 * other pooled connections; it ends with that transaction, so a process
 * killed mid-job frees it as soon as its connection drops. Unlike a session
 * lock it also holds behind PgBouncer in transaction pooling mode, which pins
 * a server connection to a client only for the length of a transaction. The
 * cost is one pooled connection per job in flight. An idle transaction holds
 * back no vacuum horizon at READ COMMITTED (it keeps no snapshot between
 * statements and writes nothing); a server-side
 * `idle_in_transaction_session_timeout` shorter than a job ends the lock early,
 * and the next tick may then overlap the rest of that run (jobs guarded here
 * are idempotent, so that costs work, never correctness).
 */
@Injectable()
export class JobLock {
  constructor(private readonly dataSource: DataSource) {}

  /** Runs `work` unless another process holds `name`'s lock; `ran: false` then, without calling it. */
  async runAlone<T>(name: string, work: () => Promise<T>): Promise<AloneResult<T>> {
    const runner = this.dataSource.createQueryRunner();
    await runner.connect();
    try {
      await runner.startTransaction();
      const [{ locked }]: { locked: boolean }[] = await runner.query(`SELECT pg_try_advisory_xact_lock(hashtextextended($1, 0)) AS locked`, [`job:${name}`]);
      if (!locked) return { ran: false };
      return { ran: true, value: await work() };
    } finally {
      // The transaction wrote nothing: ending it is all that frees the lock. If the connection is already gone, so is the lock.
      if (runner.isTransactionActive) await runner.rollbackTransaction().catch(() => undefined);
      await runner.release();
    }
  }
}
