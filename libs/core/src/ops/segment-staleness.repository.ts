import { Injectable } from '@nestjs/common';
import type { Queryable } from '../database/sql';

/**
 * What a write changed, in the vocabulary of `segment.reads`: `customer`
 * (profile fields, consent, location, nearest store), `orders`, `engagement`,
 * `location` (stores), `geofence`, or `event:<type>`. `all` is for writes any
 * rule may see, such as a customer appearing (a rule like "no orders" matches
 * a brand-new customer) or being erased.
 */
export type ChangedData = readonly string[] | 'all';

/**
 * Ingest marks stale the segments whose rules read the changed data, so the
 * worker refreshes their membership within seconds. One cheap UPDATE per
 * write; segments already stale keep their original timestamp (it measures
 * the refresh delay). A segment reading `*` is stale on any write.
 */
@Injectable()
export class SegmentStalenessRepository {
  async markStale(q: Queryable, businessId: string, changed: ChangedData): Promise<void> {
    if (changed !== 'all' && changed.length === 0) return;
    const kinds = changed === 'all' ? null : [...new Set(changed)];
    await q.query(
      `UPDATE segment SET stale_since = now()
        WHERE business_id = $1 AND stale_since IS NULL AND deleted_at IS NULL
          AND ($2::text[] IS NULL OR reads && $2::text[] OR '*' = ANY (reads))`,
      [businessId, kinds],
    );
  }
}
