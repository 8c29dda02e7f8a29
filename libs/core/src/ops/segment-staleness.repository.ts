import { Injectable } from '@nestjs/common';
import type { Queryable } from '../database/sql';

/**
 * Ingest marks a business's segments stale so the worker refreshes their
 * membership within seconds. One cheap UPDATE per write; segments already
 * stale keep their original timestamp (it measures the refresh delay).
 */
@Injectable()
export class SegmentStalenessRepository {
  async markStale(q: Queryable, businessId: string): Promise<void> {
    await q.query(`UPDATE segment SET stale_since = now() WHERE business_id = $1 AND stale_since IS NULL AND deleted_at IS NULL`, [businessId]);
  }
}
