import type { PoolClient } from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import type { Writable } from 'node:stream';
import { CONSENT_CHANNELS } from '../customer.types';
import type { ImportRowError } from './import.types';
import { CUSTOMER_CREATED_LISTENED } from '../../ops/trigger-inbox.sql';
import { STAGING_COLUMNS } from './staging-row';

const STAGE = 'customer_import_stage';
const PLAN = 'customer_import_plan';
const LINKED = 'customer_import_linked';

const STAGE_DDL = `CREATE TEMP TABLE ${STAGE} (
  row_no integer NOT NULL, external_id text, email text, phone text, first_name text, last_name text, birthday date, timezone text,
  lat double precision, lng double precision, address jsonb, attributes jsonb, tags text[],
  ${CONSENT_CHANNELS.map((c) => `consent_${c} text, consent_${c}_at timestamptz, consent_${c}_source text`).join(',\n  ')}
)`;

const LINKED_DDL = `CREATE TEMP TABLE ${LINKED} ON COMMIT DROP AS
SELECT row_no, external_id, email, phone, row_no AS comp FROM ${STAGE}
WHERE external_id IN (SELECT external_id FROM ${STAGE} WHERE external_id IS NOT NULL GROUP BY external_id HAVING count(*) > 1)
   OR email IN (SELECT email FROM ${STAGE} WHERE email IS NOT NULL GROUP BY email HAVING count(*) > 1)
   OR phone IN (SELECT phone FROM ${STAGE} WHERE phone IS NOT NULL GROUP BY phone HAVING count(*) > 1)`;

/**
 * One round of connected components over rows sharing an identifier: each row
 * takes the smallest label among rows sharing its externalId, email or phone,
 * and the label of its label (pointer jumping, so a chain of n rows settles in
 * about log2(n) rounds).
 */
const PROPAGATE_SQL = `UPDATE ${LINKED} d SET comp = x.comp FROM (
  SELECT r.row_no, least(r.comp, ke.comp, km.comp, kp.comp, j.comp) AS comp
  FROM ${LINKED} r
  LEFT JOIN (SELECT external_id, min(comp) AS comp FROM ${LINKED} WHERE external_id IS NOT NULL GROUP BY external_id) ke ON ke.external_id = r.external_id
  LEFT JOIN (SELECT email, min(comp) AS comp FROM ${LINKED} WHERE email IS NOT NULL GROUP BY email) km ON km.email = r.email
  LEFT JOIN (SELECT phone, min(comp) AS comp FROM ${LINKED} WHERE phone IS NOT NULL GROUP BY phone) kp ON kp.phone = r.phone
  LEFT JOIN ${LINKED} j ON j.row_no = r.comp
) x WHERE x.row_no = d.row_no AND x.comp < d.comp`;
const MAX_ROUNDS = 64;

/**
 * Classifies every staged row. Rows linked through a shared externalId, email
 * or phone (directly or through other rows) describe one customer: the last
 * one wins, the others are 'duplicate'. A surviving row is matched to a live
 * customer of the business by externalId, then email, then phone, like the API
 * upsert; identifiers pointing at different customers are conflicts. Several
 * survivors landing on one customer: the last one wins. Only hash joins and
 * aggregates, no per-row subqueries.
 */
const PLAN_SQL = `CREATE TEMP TABLE ${PLAN} ON COMMIT DROP AS
WITH superseded AS (
  SELECT row_no FROM (SELECT row_no, max(row_no) OVER (PARTITION BY comp) AS last_row FROM ${LINKED}) l WHERE row_no < last_row
), matched AS (
  SELECT s.row_no, s.external_id,
    x.row_no IS NOT NULL AS superseded,
    ce.id AS by_external_id, cm.id AS by_email, cp.id AS by_phone, COALESCE(ce.id, cm.id, cp.id) AS target,
    COALESCE(cm.external_id, cp.external_id) AS matched_external_id,
    CASE WHEN s.tags IS NULL OR COALESCE(ce.id, cm.id, cp.id) IS NULL THEN 0
         ELSE cardinality(COALESCE(ce.tags, cm.tags, cp.tags))
              + (SELECT count(*) FROM unnest(s.tags) AS t WHERE t <> ALL (COALESCE(ce.tags, cm.tags, cp.tags))) END AS merged_tags
  FROM ${STAGE} s
  LEFT JOIN superseded x ON x.row_no = s.row_no
  LEFT JOIN customer ce ON ce.business_id = $1 AND ce.erased_at IS NULL AND ce.external_id = s.external_id
  LEFT JOIN customer cm ON cm.business_id = $1 AND cm.erased_at IS NULL AND cm.email = s.email
  LEFT JOIN customer cp ON cp.business_id = $1 AND cp.erased_at IS NULL AND cp.phone = s.phone
), classified AS (
  SELECT row_no, target, by_external_id, by_email, by_phone, matched_external_id,
    CASE WHEN superseded THEN 'duplicate'
         WHEN by_email <> target THEN 'email_conflict'
         WHEN by_phone <> target THEN 'phone_conflict'
         WHEN by_external_id IS NULL AND external_id IS NOT NULL AND matched_external_id IS NOT NULL THEN 'external_id_conflict'
         WHEN target IS NULL THEN 'insert'
         WHEN merged_tags > $2 THEN 'too_many_tags'
         ELSE 'update' END AS outcome
  FROM matched
), last_by_target AS (
  SELECT target, max(row_no) AS last_row FROM classified WHERE outcome = 'update' GROUP BY target HAVING count(*) > 1
)
SELECT c.row_no, c.target, c.by_external_id, c.by_email, c.by_phone, c.matched_external_id,
  CASE WHEN c.outcome = 'update' AND l.last_row > c.row_no THEN 'duplicate' ELSE c.outcome END AS outcome
FROM classified c LEFT JOIN last_by_target l ON l.target = c.target`;

const WRITTEN = STAGING_COLUMNS.filter((c) => c !== 'row_no');

/**
 * New customers get ordinary random ids (gen_random_uuid, like the column
 * default), drawn up front and handed out in ascending order along the file:
 * the primary key and the (business_id, updated_at, id) index then fill in one
 * sweep instead of at random places, which is much cheaper for a large batch.
 */
const INSERT_SQL = `WITH new_rows AS (
  SELECT row_no, row_number() OVER (ORDER BY row_no) AS n FROM ${PLAN} WHERE outcome = 'insert'
), new_ids AS (
  SELECT id, row_number() OVER (ORDER BY id) AS n FROM (SELECT gen_random_uuid() AS id FROM generate_series(1, $2::int)) g
), inserted AS (
INSERT INTO customer (id, business_id, ${WRITTEN.join(', ')})
SELECT i.id, $1, ${WRITTEN.map((c) => (c === 'attributes' ? `COALESCE(s.attributes, '{}')` : c === 'tags' ? `COALESCE(s.tags, '{}')` : `s.${c}`)).join(', ')}
FROM new_rows r JOIN new_ids i ON i.n = r.n JOIN ${STAGE} s ON s.row_no = r.row_no
ORDER BY r.n
RETURNING id, created_at
), inbox AS (
INSERT INTO trigger_inbox (business_id, customer_id, kind, occurred_at)
SELECT $1, id, 'customer_created', created_at FROM inserted WHERE ${CUSTOMER_CREATED_LISTENED}
)
SELECT count(*)::int AS n FROM inserted`;

/** The value each column takes on a matched customer: provided fields overwrite, attributes merge, tags are added, consent moves only on a new status. */
const MERGED: [string, string][] = [
  ...['external_id', 'email', 'phone', 'first_name', 'last_name', 'birthday', 'timezone', 'lat', 'lng'].map((c): [string, string] => [c, `COALESCE(s.${c}, c.${c})`]),
  ['address', `CASE WHEN s.address IS NULL THEN c.address ELSE COALESCE(c.address, '{}') || s.address END`],
  ['attributes', `CASE WHEN s.attributes IS NULL THEN c.attributes ELSE c.attributes || s.attributes END`],
  ['tags', `CASE WHEN s.tags IS NULL THEN c.tags ELSE c.tags || ARRAY(SELECT t FROM unnest(s.tags) WITH ORDINALITY AS u(t, i) WHERE t <> ALL (c.tags) ORDER BY i) END`],
  ...CONSENT_CHANNELS.flatMap((ch): [string, string][] => {
    const moved = `s.consent_${ch} IS NOT NULL AND s.consent_${ch} IS DISTINCT FROM c.consent_${ch}`;
    return [
      [`consent_${ch}`, `COALESCE(s.consent_${ch}, c.consent_${ch})`],
      [`consent_${ch}_at`, `CASE WHEN ${moved} THEN s.consent_${ch}_at ELSE c.consent_${ch}_at END`],
      [`consent_${ch}_source`, `CASE WHEN ${moved} THEN s.consent_${ch}_source ELSE c.consent_${ch}_source END`],
    ];
  }),
];

// updated_at moves only for rows whose values really change: that is what makes a re-import a no-op.
const UPDATE_SQL = `UPDATE customer c SET ${MERGED.map(([col, expr]) => `${col} = ${expr}`).join(',\n  ')}, updated_at = now()
FROM ${PLAN} p JOIN ${STAGE} s ON s.row_no = p.row_no
WHERE p.outcome = 'update' AND c.id = p.target AND c.business_id = $1 AND c.erased_at IS NULL
  AND (${MERGED.map(([col]) => `c.${col}`).join(', ')}) IS DISTINCT FROM (${MERGED.map(([, expr]) => expr).join(', ')})`;

const FAILED_OUTCOMES = ['email_conflict', 'phone_conflict', 'external_id_conflict', 'too_many_tags'];

interface PlanFailure {
  row_no: number;
  outcome: string;
  by_external_id: string | null;
  by_email: string | null;
  by_phone: string | null;
  matched_external_id: string | null;
}

export interface MergeResult {
  inserted: number;
  updated: number;
  unchanged: number;
  duplicates: number;
  failed: number;
  /** The first failures by row number, at most the requested number. */
  errors: ImportRowError[];
}

function failureError(f: PlanFailure, maxTags: number): ImportRowError {
  switch (f.outcome) {
    case 'email_conflict':
      return { row: f.row_no, field: 'email', reason: `already used by customer ${f.by_email}, not the customer with this externalId` };
    case 'phone_conflict': {
      const by = f.by_external_id ? 'externalId' : 'email';
      return { row: f.row_no, field: 'phone', reason: `already used by customer ${f.by_phone}, not the customer matched by ${by}` };
    }
    case 'external_id_conflict': {
      const field = f.by_email ? 'email' : 'phone';
      const id = f.by_email ?? f.by_phone;
      return { row: f.row_no, field, reason: `already used by customer ${id} with a different externalId (${f.matched_external_id})` };
    }
    default:
      return { row: f.row_no, field: 'tags', reason: `would give the customer more than ${maxTags} tags` };
  }
}

/**
 * Bulk customer import SQL: a session-local staging table loaded by COPY,
 * merged set-based. Every method works on the one pg connection the import holds.
 */
export class CustomerImportRepository {
  async createStaging(client: PoolClient): Promise<void> {
    await client.query(`DROP TABLE IF EXISTS ${STAGE}`);
    await client.query(STAGE_DDL);
  }

  /** A COPY FROM STDIN stream into the staging table; write encodeStagingRow lines. */
  copyIntoStaging(client: PoolClient): Writable {
    return client.query(copyFrom(`COPY ${STAGE} (${STAGING_COLUMNS.join(', ')}) FROM STDIN`));
  }

  async dropStaging(client: PoolClient): Promise<void> {
    await client.query(`DROP TABLE IF EXISTS ${STAGE}`);
  }

  /** Labels rows that share identifiers with the same component (see PROPAGATE_SQL). */
  private async linkRowsOfOneCustomer(client: PoolClient): Promise<void> {
    await client.query(LINKED_DDL);
    await client.query(`ANALYZE ${LINKED}`);
    for (let round = 0; round < MAX_ROUNDS; round++) {
      if ((await client.query(PROPAGATE_SQL)).rowCount === 0) return;
    }
    throw new Error(`in-file duplicate detection did not settle in ${MAX_ROUNDS} rounds`);
  }

  /**
   * Merges the staged rows into the business's customers in one transaction,
   * serialised per business by an advisory lock.
   */
  async mergeStaging(client: PoolClient, businessId: string, opts: { maxTags: number; maxErrors: number }): Promise<MergeResult> {
    // Statistics for the join keys only: the planner needs row counts and key distributions, not the payload columns.
    await client.query(`ANALYZE ${STAGE} (row_no, external_id, email, phone)`);
    await client.query('BEGIN');
    try {
      await client.query(`SET LOCAL work_mem = '128MB'`);
      await client.query(`SELECT pg_advisory_xact_lock(hashtext('customer-import:' || $1::text))`, [businessId]);
      await this.linkRowsOfOneCustomer(client);
      await client.query(PLAN_SQL, [businessId, opts.maxTags]);
      // Without statistics the planner guesses a tiny plan table and loops over customer once per staged row.
      await client.query(`ANALYZE ${PLAN}`);
      const counts = await client.query<{ outcome: string; n: number }>(`SELECT outcome, count(*)::int AS n FROM ${PLAN} GROUP BY outcome`);
      const count = (outcome: string) => counts.rows.find((r) => r.outcome === outcome)?.n ?? 0;
      // Skipped when empty: even a no-op UPDATE plan can scan the whole customer table.
      const inserted = count('insert') > 0 ? (await client.query<{ n: number }>(INSERT_SQL, [businessId, count('insert')])).rows[0].n : 0;
      const updated = count('update') > 0 ? ((await client.query(UPDATE_SQL, [businessId])).rowCount ?? 0) : 0;
      const failures = await client.query<PlanFailure>(
        `SELECT row_no, outcome, by_external_id, by_email, by_phone, matched_external_id FROM ${PLAN}
          WHERE outcome = ANY ($1) ORDER BY row_no LIMIT $2`,
        [FAILED_OUTCOMES, opts.maxErrors],
      );
      await client.query('COMMIT');
      return {
        inserted,
        updated,
        unchanged: count('update') - updated,
        duplicates: count('duplicate'),
        failed: FAILED_OUTCOMES.reduce((sum, o) => sum + count(o), 0),
        errors: failures.rows.map((f) => failureError(f, opts.maxTags)),
      };
    } catch (error) {
      // The merge error is the one to report; a failed ROLLBACK means the connection is gone anyway.
      await client.query('ROLLBACK').catch(() => undefined);
      throw error;
    }
  }
}
