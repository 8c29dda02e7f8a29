import type { DataSource } from 'typeorm';
import { openTestDataSource } from '../../../../test/support/test-database';
import { ConfigError, loadConfig } from '../config/app-config';
import { AUDIT_PRUNE_BATCH, AuditLogService } from './audit-log.service';
import { AuditRepository } from './audit.repository';

const DAY = 86_400_000;
const NOW = new Date('2026-12-07T03:17:00.000Z');

describe('audit retention (pruneAuditLog)', () => {
  let dataSource: DataSource;

  beforeAll(async () => {
    ({ dataSource } = await openTestDataSource());
  });
  afterAll(async () => {
    await dataSource?.destroy();
  });

  const business = async (name: string): Promise<string> =>
    (await dataSource.query<{ id: string }[]>(
      `INSERT INTO business (name, timezone, currency, country, address) VALUES ($1, 'UTC', 'USD', 'US', '{}'::jsonb) RETURNING id`, [name],
    ))[0].id;
  const rows = (businessId: string, at: Date, count = 1) =>
    dataSource.query(
      `INSERT INTO audit_log (business_id, action, entity, at) SELECT $1, 'segment.updated', 'segment', $2 FROM generate_series(1, $3)`, [businessId, at, count],
    );
  const left = async (businessId: string): Promise<string[]> =>
    (await dataSource.query<{ at: Date }[]>(`SELECT at FROM audit_log WHERE business_id = $1 ORDER BY at`, [businessId])).map((r) => r.at.toISOString());
  const service = (env: Record<string, string> = {}) => new AuditLogService(dataSource, new AuditRepository(), loadConfig({ NODE_ENV: 'test', ...env }));

  it('deletes every business\'s rows older than 400 days by default, in batches, and keeps the rest', async () => {
    const a = await business('Pruned A');
    const b = await business('Pruned B');
    await rows(a, new Date(NOW.getTime() - 401 * DAY), 3);
    await rows(a, new Date(NOW.getTime() - 400 * DAY)); // exactly the limit: kept
    await rows(a, new Date(NOW.getTime() - 399 * DAY));
    // More than two batches, so the loop must go round.
    await rows(b, new Date(NOW.getTime() - 500 * DAY), 2 * AUDIT_PRUNE_BATCH + 7);
    await rows(b, NOW);

    expect(await service().pruneAuditLog(NOW)).toBe(3 + 2 * 5_000 + 7);

    expect(await left(a)).toEqual(['2025-11-02T03:17:00.000Z', '2025-11-03T03:17:00.000Z']);
    expect(await left(b)).toEqual(['2026-12-07T03:17:00.000Z']);
    // A second run finds nothing.
    expect(await service().pruneAuditLog(NOW)).toBe(0);
  });

  it('follows AUDIT_LOG_RETENTION_DAYS', async () => {
    const c = await business('Pruned C');
    await rows(c, new Date(NOW.getTime() - 31 * DAY));
    await rows(c, new Date(NOW.getTime() - 29 * DAY));
    expect(await service({ AUDIT_LOG_RETENTION_DAYS: '30' }).pruneAuditLog(NOW)).toBeGreaterThanOrEqual(1);
    expect(await left(c)).toEqual(['2026-11-08T03:17:00.000Z']);
  });

  it('refuses a retention that is not a whole number of days from 1', () => {
    expect(() => loadConfig({ NODE_ENV: 'test', AUDIT_LOG_RETENTION_DAYS: '0' })).toThrow(ConfigError);
    expect(() => loadConfig({ NODE_ENV: 'test', AUDIT_LOG_RETENTION_DAYS: '1.5' })).toThrow(/AUDIT_LOG_RETENTION_DAYS/);
    expect(loadConfig({ NODE_ENV: 'test' }).auditLogRetentionDays).toBe(400);
  });
});
