import type { MigrationInterface, QueryRunner } from 'typeorm';

const CHANNELS = ['email', 'sms', 'location'] as const;

/** A customer row's consent columns of one channel: status, source, time (`prefix` names the old values in `changed`). */
const columnsOf = (alias: string, c: string, prefix = '') => `${alias}.${prefix}consent_${c}, ${alias}.${prefix}consent_${c}_source, ${alias}.${prefix}consent_${c}_at`;

/** One (channel, status, source, at[, was_status, was_source, was_at]) row per consent channel of the row `alias`. */
function unpivot(alias: string, withOld = false): string {
  const rows = CHANNELS.map((c) => `('${c}', ${columnsOf(alias, c)}${withOld ? `, ${columnsOf(alias, c, 'was_')}` : ''})`);
  const columns = withOld ? 'channel, status, source, at, was_status, was_source, was_at' : 'channel, status, source, at';
  return `CROSS JOIN LATERAL (VALUES ${rows.join(', ')}) v(${columns})`;
}

const consentColumns = (alias: string) => CHANNELS.map((c) => columnsOf(alias, c)).join(', ');
const oldConsentColumns = (alias: string) => CHANNELS.flatMap((c) => [`consent_${c}`, `consent_${c}_source`, `consent_${c}_at`]).map((col) => `${alias}.${col} AS was_${col}`).join(', ');

/**
 * Consent history and the customer timeline's reads (issue 17).
 *
 * `consent_change`: one row per change of a customer's consent on a channel
 * (status, source, and `at`, the consent's own time; `recorded_at` is when
 * the change was written), kept by the database itself from `customer`, so
 * every writer (customer upsert and patch, the CSV/NDJSON importer's COPY and
 * set-based merge, SMS keywords, carrier STOP errors, the unsubscribe and
 * preference pages) is recorded without knowing about it:
 * - statement-level triggers with transition tables: a 100,000-row import is
 *   one INSERT … SELECT here, not 100,000 trigger calls;
 * - INSERT records each new customer's given consents; UPDATE records each
 *   channel whose status, source or time moved (so a channel's last recorded
 *   row is always its current state); a consent without a time gets the recording
 *   time; clearing a channel (nothing but erasure does) records nothing;
 * - erasure (erased_at set) deletes the customer's history instead: the rows
 *   hold no personal data, but they only ever served to show whether this
 *   person could be messaged, and after erasure there is no one to message and
 *   nothing left to link a complaint to; keeping them would keep a behavioural
 *   trail of a person we promised to forget. Aggregates never read them.
 * - DELETE (only by a business's cascade) and TRUNCATE remove rows like
 *   customer_order_summary: no foreign keys, whose per-row checks and customer
 *   row locks an import would pay 100,000 times;
 * - one index, the primary key (business, customer, at, id), which history
 *   pages and the timeline read newest first: an import writes each row into
 *   the heap and one btree (measured on a 100,000-row import writing 200,000
 *   changes: the triggers' own time ~9 % of the import, the import ~8 %
 *   slower; with three indexes it was ~12 %). Updates that move no consent
 *   (nearest store, geocoding) cost one empty join: no difference measured.
 * The backfill records every live customer's current consent once.
 *
 * Timeline indexes: every source of GET /v1/customers/:id/timeline is read
 * newest first by keyset (`ORDER BY time DESC, id DESC LIMIT n`) on an index
 * led by (business_id, customer_id, time):
 * - events are split in two partial indexes, segment entries/exits and the
 *   rest, that together hold each event once (the kinds are read apart, and a
 *   customer in churning segments must not make the events scan wade through
 *   thousands of segment events);
 * - engagement only for the kinds the timeline shows (not `delivered`, one row
 *   per delivered message, nor `failed` / `converted`);
 * - messages by creation time (a message's place on the timeline never moves,
 *   whereas `sent_at` is set, moved and cleared by retries);
 * - enrolments by enrolment time and, for ended ones, by end time;
 * - orders already have orders_customer_time_idx (ties on id are an
 *   incremental sort of the few equal times).
 * Listings for integrators: GET /v1/events and GET /v1/messages newest first
 * across a business (event_business_time_idx, message_business_time_idx).
 */
export class ConsentHistory1765600000000 implements MigrationInterface {
  name = 'ConsentHistory1765600000000';

  async up(q: QueryRunner): Promise<void> {
    await this.consentHistory(q);
    await q.query(`CREATE INDEX event_customer_time_idx ON event (business_id, customer_id, occurred_at, id)
                   WHERE type NOT IN ('segment_entered', 'segment_exited')`);
    await q.query(`CREATE INDEX event_customer_segment_time_idx ON event (business_id, customer_id, occurred_at, id)
                   WHERE type IN ('segment_entered', 'segment_exited')`);
    await q.query(`CREATE INDEX event_business_time_idx ON event (business_id, occurred_at, id)`);
    await q.query(`CREATE INDEX engagement_customer_time_idx ON engagement (business_id, customer_id, occurred_at, id)
                   WHERE type IN ('opened', 'clicked', 'replied', 'unsubscribed', 'bounced')`);
    await q.query(`CREATE INDEX message_customer_time_idx ON message (business_id, customer_id, created_at, id)`);
    await q.query(`CREATE INDEX message_business_time_idx ON message (business_id, created_at, id)`);
    await q.query(`CREATE INDEX enrollment_customer_enrolled_idx ON enrollment (business_id, customer_id, enrolled_at, id)`);
    await q.query(`CREATE INDEX enrollment_customer_ended_idx ON enrollment (business_id, customer_id, ended_at, id) WHERE ended_at IS NOT NULL`);
  }

  private async consentHistory(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE consent_change (
        id bigint GENERATED ALWAYS AS IDENTITY,
        business_id uuid NOT NULL,
        customer_id uuid NOT NULL,
        channel text NOT NULL CHECK (channel IN ('email', 'sms', 'location')),
        status text NOT NULL CHECK (status IN ('granted', 'denied')),
        source text NULL,
        at timestamptz NOT NULL,
        recorded_at timestamptz NOT NULL DEFAULT now(),
        -- The one index: history pages and the timeline read a customer's changes newest first by it.
        PRIMARY KEY (business_id, customer_id, at, id)
      )`);
    await q.query(`
      CREATE FUNCTION consent_change_added() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        INSERT INTO consent_change (business_id, customer_id, channel, status, source, at)
        SELECT a.business_id, a.id, v.channel, v.status, v.source, coalesce(v.at, now())
          FROM added a ${unpivot('a')}
         WHERE a.erased_at IS NULL AND v.status IS NOT NULL;
        RETURN NULL;
      END $$`);
    await q.query(`
      CREATE FUNCTION consent_change_updated() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        -- One pass over the statement's rows: those whose consent or erasure moved (usually none).
        WITH changed AS (
          SELECT n.business_id, n.id, n.erased_at, o.erased_at AS was_erased_at, ${consentColumns('n')}, ${oldConsentColumns('o')}
            FROM added n JOIN removed o ON o.id = n.id
           WHERE (${consentColumns('n')}, n.erased_at) IS DISTINCT FROM (${consentColumns('o')}, o.erased_at)
        ), forgotten AS (
          DELETE FROM consent_change c USING changed x
           WHERE x.erased_at IS NOT NULL AND x.was_erased_at IS NULL AND c.business_id = x.business_id AND c.customer_id = x.id
        )
        INSERT INTO consent_change (business_id, customer_id, channel, status, source, at)
        SELECT x.business_id, x.id, v.channel, v.status, v.source, coalesce(v.at, now())
          FROM changed x ${unpivot('x', true)}
         WHERE x.erased_at IS NULL AND v.status IS NOT NULL AND (v.status, v.source, v.at) IS DISTINCT FROM (v.was_status, v.was_source, v.was_at);
        RETURN NULL;
      END $$`);
    await q.query(`
      CREATE FUNCTION consent_change_removed() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        DELETE FROM consent_change c USING removed r WHERE c.business_id = r.business_id AND c.customer_id = r.id;
        RETURN NULL;
      END $$`);
    await q.query(`
      CREATE FUNCTION consent_change_emptied() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        DELETE FROM consent_change;
        RETURN NULL;
      END $$`);
    await q.query(`CREATE TRIGGER customer_consent_insert AFTER INSERT ON customer REFERENCING NEW TABLE AS added FOR EACH STATEMENT EXECUTE FUNCTION consent_change_added()`);
    await q.query(`CREATE TRIGGER customer_consent_update AFTER UPDATE ON customer REFERENCING OLD TABLE AS removed NEW TABLE AS added FOR EACH STATEMENT EXECUTE FUNCTION consent_change_updated()`);
    await q.query(`CREATE TRIGGER customer_consent_delete AFTER DELETE ON customer REFERENCING OLD TABLE AS removed FOR EACH STATEMENT EXECUTE FUNCTION consent_change_removed()`);
    await q.query(`CREATE TRIGGER customer_consent_truncate AFTER TRUNCATE ON customer FOR EACH STATEMENT EXECUTE FUNCTION consent_change_emptied()`);
    await q.query(`
      INSERT INTO consent_change (business_id, customer_id, channel, status, source, at)
      SELECT c.business_id, c.id, v.channel, v.status, v.source, coalesce(v.at, now())
        FROM customer c ${unpivot('c')}
       WHERE c.erased_at IS NULL AND v.status IS NOT NULL`);
  }

  async down(q: QueryRunner): Promise<void> {
    for (const index of [
      'enrollment_customer_ended_idx', 'enrollment_customer_enrolled_idx', 'message_business_time_idx', 'message_customer_time_idx',
      'engagement_customer_time_idx', 'event_business_time_idx', 'event_customer_segment_time_idx', 'event_customer_time_idx',
    ]) {
      await q.query(`DROP INDEX ${index}`);
    }
    for (const trigger of ['customer_consent_insert', 'customer_consent_update', 'customer_consent_delete', 'customer_consent_truncate']) {
      await q.query(`DROP TRIGGER ${trigger} ON customer`);
    }
    for (const fn of ['consent_change_added()', 'consent_change_updated()', 'consent_change_removed()', 'consent_change_emptied()']) {
      await q.query(`DROP FUNCTION ${fn}`);
    }
    await q.query(`DROP TABLE consent_change`);
  }
}
