import type { PoolClient } from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import type { Writable } from 'node:stream';
import { CONSENT_CHANNELS } from '../customer.types';
import type { ImportRowError } from './import.types';
import { STAGING_COLUMNS } from './staging-row';

const STAGE = 'customer_import_stage';
const PLAN = 'customer_import_plan';

const STAGE_DDL = `CREATE TEMP TABLE ${STAGE} (
  row_no integer NOT NULL, external_id text, email text, phone text, first_name text, last_name text, birthday date, timezone text,
  lat double precision, lng double precision, address jsonb, attributes jsonb, tags text[],
  ${CONSENT_CHANNELS.map((c) => `consent_${c} text, consent_${c}_at timestamptz, consent_${c}_source text`).join(',\n  ')}
)`;

/**
 * Classifies every staged row: a later row for the same externalId, email or
 * phone supersedes it ('duplicate'); otherwise it is matched to a live customer
 * of the business by externalId, then email, then phone, like the API upsert.
 * Identifiers that point at different customers are conflicts. Several rows
 * landing on one customer: the last one wins. Only hash joins and hash
 * aggregates: no per-row subqueries against the small "last row" sets.
 */
const PLAN_SQL = `CREATE TEMP TABLE ${PLAN} ON COMMIT DROP AS
WITH last_by_external_id AS (
  SELECT external_id, max(row_no) AS last_row FROM ${STAGE} WHERE external_id IS NOT NULL GROUP BY external_id HAVING count(*) > 1
), last_by_email AS (
  SELECT email, max(row_no) AS last_row FROM ${STAGE} WHERE email IS NOT NULL GROUP BY email HAVING count(*) > 1
), last_by_phone AS (
  SELECT phone, max(row_no) AS last_row FROM ${STAGE} WHERE phone IS NOT NULL GROUP BY phone HAVING count(*) > 1
), matched AS (
  SELECT s.row_no, s.external_id,
    COALESCE(de.last_row > s.row_no, false) OR COALESCE(dm.last_row > s.row_no, false) OR COALESCE(dp.last_row > s.row_no, false) AS superseded,
    ce.id AS by_external_id, cm.id AS by_email, cp.id AS by_phone, COALESCE(ce.id, cm.id, cp.id) AS target,
    COALESCE(cm.external_id, cp.external_id) AS matched_external_id,
    CASE WHEN s.tags IS NULL OR COALESCE(ce.id, cm.id, cp.id) IS NULL THEN 0
         ELSE cardinality(COALESCE(ce.tags, cm.tags, cp.tags))
              + (SELECT count(*) FROM unnest(s.tags) AS t WHERE t <> ALL (COALESCE(ce.tags, cm.tags, cp.tags))) END AS merged_tags
  FROM ${STAGE} s
  LEFT JOIN last_by_external_id de ON de.external_id = s.external_id
  LEFT JOIN last_by_email dm ON dm.email = s.email
  LEFT JOIN last_by_phone dp ON dp.phone = s.phone
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

const INSERT_SQL = `INSERT INTO customer (business_id, ${WRITTEN.join(', ')})
SELECT $1, ${WRITTEN.map((c) => (c === 'attributes' ? `COALESCE(s.attributes, '{}')` : c === 'tags' ? `COALESCE(s.tags, '{}')` : `s.${c}`)).join(', ')}
FROM ${PLAN} p JOIN ${STAGE} s ON s.row_no = p.row_no
WHERE p.outcome = 'insert'`;

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

  /**
   * Merges the staged rows into the business's customers in one transaction,
   * serialised per business by an advisory lock.
   */
  async mergeStaging(client: PoolClient, businessId: string, opts: { maxTags: number; maxErrors: number }): Promise<MergeResult> {
    await client.query(`ANALYZE ${STAGE}`);
    await client.query('BEGIN');
    try {
      await client.query(`SET LOCAL work_mem = '128MB'`);
      await client.query(`SELECT pg_advisory_xact_lock(hashtext('customer-import:' || $1::text))`, [businessId]);
      await client.query(PLAN_SQL, [businessId, opts.maxTags]);
      const counts = await client.query<{ outcome: string; n: number }>(`SELECT outcome, count(*)::int AS n FROM ${PLAN} GROUP BY outcome`);
      const count = (outcome: string) => counts.rows.find((r) => r.outcome === outcome)?.n ?? 0;
      const inserted = (await client.query(INSERT_SQL, [businessId])).rowCount ?? 0;
      const updated = (await client.query(UPDATE_SQL, [businessId])).rowCount ?? 0;
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
