/**
 * The engagement retention job's SQL, kept as reviewed snapshots
 * (engagement-retention.sql.spec.ts). Unlike the reports it is not scoped by
 * business: retention is one global age, and the job moves whatever is older.
 */

/**
 * Moves one batch of hits older than $1 (at most $2 rows, oldest first,
 * skipping rows another transaction holds) into the roll-ups, in one
 * statement: a hit is deleted and counted in the same snapshot, so at any
 * instant it is in exactly one place and a report summing both never counts
 * it twice or misses it. Roll-up rows are written in key order, so two
 * workers' batches that touch the same roll-up rows wait for each other
 * instead of deadlocking. `converted` rows stay: they carry an order's
 * revenue and live as long as the order.
 */
export const MOVE_ENGAGEMENT_BATCH_SQL = `
WITH batch AS (
  SELECT id FROM engagement
   WHERE occurred_at < $1 AND type <> 'converted'
   ORDER BY occurred_at
   LIMIT $2
     FOR UPDATE SKIP LOCKED),
moved AS (
  DELETE FROM engagement e USING batch
   WHERE e.id = batch.id
  RETURNING e.business_id, e.message_id, e.customer_id, e.campaign_id, e.step_id, e.variant, e.type, e.occurred_at, e.machine),
per_message AS (
  INSERT INTO engagement_message_rollup AS r (business_id, message_id, type, customer_id, campaign_id, step_id, variant, hits, human_hits, first_at, last_at)
  SELECT business_id, message_id, type, (array_agg(customer_id))[1], (array_agg(campaign_id))[1], (array_agg(step_id))[1], (array_agg(variant))[1],
         count(*), count(*) FILTER (WHERE NOT machine), min(occurred_at), max(occurred_at)
    FROM moved
   GROUP BY business_id, message_id, type
   ORDER BY business_id, message_id, type
  ON CONFLICT (business_id, message_id, type) DO UPDATE
     SET hits = r.hits + excluded.hits, human_hits = r.human_hits + excluded.human_hits,
         first_at = least(r.first_at, excluded.first_at), last_at = greatest(r.last_at, excluded.last_at)),
per_period AS (
  INSERT INTO engagement_period_rollup AS r (business_id, campaign_id, type, period_start, hits, human_hits)
  SELECT business_id, campaign_id, type, date_bin('15 minutes', occurred_at, timestamptz '2000-01-01 00:00:00+00'),
         count(*), count(*) FILTER (WHERE NOT machine)
    FROM moved
   WHERE campaign_id IS NOT NULL
   GROUP BY 1, 2, 3, 4
   ORDER BY 1, 2, 3, 4
  ON CONFLICT (business_id, campaign_id, type, period_start) DO UPDATE
     SET hits = r.hits + excluded.hits, human_hits = r.human_hits + excluded.human_hits)
SELECT count(*)::int AS moved FROM moved`;

/** After a run that left no raw hit older than $1: every business's watermark moves up to it (never back). */
export const ADVANCE_WATERMARKS_SQL = `
INSERT INTO engagement_retention_watermark AS w (business_id, rolled_up_before)
SELECT id, $1 FROM business
ON CONFLICT (business_id) DO UPDATE
   SET rolled_up_before = greatest(w.rolled_up_before, excluded.rolled_up_before), updated_at = now()`;
