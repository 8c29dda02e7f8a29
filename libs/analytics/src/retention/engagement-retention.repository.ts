import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { ADVANCE_WATERMARKS_SQL, MOVE_ENGAGEMENT_BATCH_SQL } from './engagement-retention.sql';

/** One key for every worker: batches of the retention job run one at a time (a transaction-level lock, so PgBouncer's transaction pooling is fine). */
const RETENTION_LOCK = 'engagement-retention';

/**
 * Moves old engagement hits into the roll-ups. Cross-tenant by design, like
 * the spend roll-up's compaction: the age is global configuration and the
 * rows are found by age, whatever business they belong to. Reads of the
 * roll-ups are scoped by business (the report SQL).
 */
@Injectable()
export class EngagementRetentionRepository {
  constructor(private readonly dataSource: DataSource) {}

  /** One short transaction: at most `limit` hits older than `before` moved; returns how many. */
  moveBatch(before: Date, limit: number): Promise<number> {
    return this.dataSource.transaction(async (tx) => {
      // Waits at most one batch of another worker; rows are also claimed with SKIP LOCKED, so batches never overlap.
      await tx.query('SELECT pg_advisory_xact_lock(hashtext($1))', [RETENTION_LOCK]);
      const [row] = await tx.query<{ moved: number }[]>(MOVE_ENGAGEMENT_BATCH_SQL, [before, limit]);
      return row.moved;
    });
  }

  async advanceWatermarks(before: Date): Promise<void> {
    await this.dataSource.query(ADVANCE_WATERMARKS_SQL, [before]);
  }

  /** The business's watermark: before it, its hits other than conversions are only in the roll-ups (null: never rolled up). */
  async watermark(businessId: string): Promise<Date | null> {
    const rows = await this.dataSource.query<{ rolled_up_before: Date }[]>(
      `SELECT rolled_up_before FROM engagement_retention_watermark WHERE business_id = $1`, [businessId],
    );
    return rows[0]?.rolled_up_before ?? null;
  }
}
