import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Membership is derived data, rebuilt from `customer` by every refresh, so its
 * foreign keys only cost (a checked lookup per written row, most of a first
 * refresh's time at 1M members). Segment deletion clears it explicitly;
 * customers are never deleted (erasure keeps the row) and the next refresh
 * drops them. `reads` lists the kinds of data a segment's rules read, so
 * ingest marks stale only the segments a write can change. The customer point
 * index covers the columns geo rules read.
 */
export class SegmentRefreshCost1764200000000 implements MigrationInterface {
  name = 'SegmentRefreshCost1764200000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      ALTER TABLE segment_membership
        DROP CONSTRAINT IF EXISTS segment_membership_business_id_fkey,
        DROP CONSTRAINT IF EXISTS segment_membership_segment_id_fkey,
        DROP CONSTRAINT IF EXISTS segment_membership_customer_id_fkey`);
    // '*' = unknown, stale on any write (rows saved before this column existed).
    await q.query(`ALTER TABLE segment ADD COLUMN reads text[] NOT NULL DEFAULT '{*}'`);
    // Radius and polygon rules read only these columns: with them in the index,
    // a geo count is an index-only scan instead of one random heap page per match.
    await q.query(`CREATE INDEX customer_point_covering_gist ON customer USING gist (point) INCLUDE (business_id, erased_at, id, lat, lng)`);
    await q.query(`DROP INDEX customer_point_gist`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`CREATE INDEX customer_point_gist ON customer USING gist (point)`);
    await q.query(`DROP INDEX customer_point_covering_gist`);
    await q.query(`ALTER TABLE segment DROP COLUMN reads`);
    await q.query(`DELETE FROM segment_membership m WHERE NOT EXISTS (SELECT 1 FROM customer c WHERE c.id = m.customer_id)
                      OR NOT EXISTS (SELECT 1 FROM segment s WHERE s.id = m.segment_id)`);
    await q.query(`
      ALTER TABLE segment_membership
        ADD CONSTRAINT segment_membership_business_id_fkey FOREIGN KEY (business_id) REFERENCES business(id) ON DELETE CASCADE,
        ADD CONSTRAINT segment_membership_segment_id_fkey FOREIGN KEY (segment_id) REFERENCES segment(id) ON DELETE CASCADE,
        ADD CONSTRAINT segment_membership_customer_id_fkey FOREIGN KEY (customer_id) REFERENCES customer(id) ON DELETE CASCADE`);
  }
}
