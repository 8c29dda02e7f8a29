import type { DataSource } from 'typeorm';
import { openTestDataSource } from '../../../../test/support/test-database';
import { createDataSource } from '../database/data-source';
import { JobLock } from './job-lock';

/** Two pools stand for two worker processes: each its own sessions. */
describe('JobLock (transaction-level advisory lock, held while the job runs)', () => {
  let a: DataSource;
  let b: DataSource;
  beforeAll(async () => {
    let url: string;
    ({ url, dataSource: a } = await openTestDataSource());
    b = await createDataSource(url, 3, 'test-other-worker').initialize();
  });
  afterAll(async () => {
    await b.destroy();
    await a.destroy();
  });

  it('while one process runs a job, another skips it; other jobs are not held; once it ends, the next may run', async () => {
    let release: () => void = () => undefined;
    const held = new Promise<void>((resolve) => (release = resolve));
    const first = new JobLock(a).runAlone('spend', async () => {
      await held;
      return 'first';
    });
    // The first holds the lock once its transaction answered: wait until PostgreSQL shows it.
    for (let i = 0; i < 200; i++) {
      const [{ n }] = await b.query(`SELECT count(*)::int AS n FROM pg_locks WHERE locktype = 'advisory' AND granted AND database = (SELECT oid FROM pg_database WHERE datname = current_database())`);
      if (n > 0) break;
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
    const work = jest.fn(async () => 'second');
    expect(await new JobLock(b).runAlone('spend', work)).toEqual({ ran: false });
    expect(work).not.toHaveBeenCalled();
    expect(await new JobLock(b).runAlone('geocoding', async () => 'other job')).toEqual({ ran: true, value: 'other job' });
    release();
    expect(await first).toEqual({ ran: true, value: 'first' });
    expect(await new JobLock(b).runAlone('spend', work)).toEqual({ ran: true, value: 'second' });
    // Nothing is left open: no advisory lock, no transaction idling.
    const [{ locks }] = await a.query(`SELECT count(*)::int AS locks FROM pg_locks WHERE locktype = 'advisory' AND database = (SELECT oid FROM pg_database WHERE datname = current_database())`);
    expect(locks).toBe(0);
  });

  it('a job that throws frees the lock and the connection', async () => {
    const lock = new JobLock(a);
    await expect(lock.runAlone('spend', async () => {
      throw new Error('boom');
    })).rejects.toThrow('boom');
    expect(await new JobLock(b).runAlone('spend', async () => 1)).toEqual({ ran: true, value: 1 });
    const [{ idle }] = await b.query(`SELECT count(*)::int AS idle FROM pg_stat_activity WHERE datname = current_database() AND state = 'idle in transaction'`);
    expect(idle).toBe(0);
  });
});
