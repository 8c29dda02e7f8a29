import type { PoolClient } from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import type { Writable } from 'node:stream';
import type { PostalAddress } from '../../database/entities';
import { CONSENT_CHANNELS, type ConsentRecord, type ConsentSource, type ConsentStatus } from '../customer.types';
import type { IdentityHashKey } from '../erasure/identity-hash';
import type { Identifier, ImportMatch, ImportPreviewCustomer, ImportRowFailure } from './import.types';
import { STAGING_COLUMNS } from './staging-row';
import {
  ANALYZE_LINKED, ANALYZE_PLAN, COUNT_CHANGES_SQL, COUNT_OUTCOMES_SQL, FAILED_OUTCOMES, FAILURES_SQL, INSERT_SQL, LINKED_DDL, MATCHES_SQL, planSql,
  PREVIEW_SQL, PROPAGATE_SQL, RESTORE_SUPPRESSIONS_SQL, STAGE, STAGE_DDL, UPDATE_SQL,
} from './customer-import.sql';

const MAX_ROUNDS = 64;

interface PlannedRow {
  row_no: number;
  target: string | null;
  by_external_id: string | null;
  by_email: string | null;
  by_phone: string | null;
}

interface PlanFailure extends PlannedRow {
  outcome: string;
  matched_external_id: string | null;
}

type PreviewSqlRow = PlannedRow & { outcome: string; changes: boolean | null } & Record<string, unknown>;

export interface MergeOptions {
  maxTags: number;
  maxErrors: number;
  maxMatches: number;
}

export interface MergeResult {
  inserted: number;
  updated: number;
  unchanged: number;
  duplicates: number;
  failed: number;
  /** The first failures by row number, at most maxErrors. */
  errors: ImportRowFailure[];
  /** The first rows applied to an existing customer, at most maxMatches, and how many there are in all. */
  matches: ImportMatch[];
  matchedTotal: number;
}

/** A staged row of a dry run's preview: its plan outcome and the customer it would leave. */
export interface PlannedPreviewRow {
  row: number;
  outcome: 'insert' | 'update' | 'unchanged' | 'duplicate' | 'failed';
  customerId: string | null;
  matchedBy: Identifier[];
  customer: ImportPreviewCustomer | null;
}

/** Which of the row's identifiers pointed at the customer it landed on. */
function matchedBy(r: PlannedRow): Identifier[] {
  const by: Identifier[] = [];
  if (r.target === null) return by;
  if (r.by_external_id === r.target) by.push('externalId');
  if (r.by_email === r.target) by.push('email');
  if (r.by_phone === r.target) by.push('phone');
  return by;
}

function failureError(f: PlanFailure, maxTags: number): ImportRowFailure {
  const row = f.row_no;
  const customerId = f.target!;
  const by = matchedBy(f).join(' and ');
  const keep = 'an import never overwrites a stored externalId, email or phone';
  switch (f.outcome) {
    case 'email_conflict':
      return { row, field: 'email', code: 'IDENTITY_CONFLICT', customerId, otherCustomerId: f.by_email!, reason: `belongs to customer ${f.by_email}, not to customer ${customerId} matched by ${by}` };
    case 'phone_conflict':
      return { row, field: 'phone', code: 'IDENTITY_CONFLICT', customerId, otherCustomerId: f.by_phone!, reason: `belongs to customer ${f.by_phone}, not to customer ${customerId} matched by ${by}` };
    case 'external_id_change':
      return { row, field: 'externalId', code: 'IDENTIFIER_CHANGE', customerId, reason: `customer ${customerId}, matched by ${by}, has a different externalId (${f.matched_external_id}); ${keep}` };
    case 'email_change':
    case 'phone_change': {
      const field = f.outcome === 'email_change' ? 'email' : 'phone';
      return { row, field, code: 'IDENTIFIER_CHANGE', customerId, reason: `customer ${customerId}, matched by ${by}, has a different ${field}; ${keep}` };
    }
    case 'too_many_tags':
      return { row, field: 'tags', code: 'TOO_MANY_TAGS', customerId, reason: `would give customer ${customerId} more than ${maxTags} tags` };
    case 'email_consent_erased':
    case 'sms_consent_erased': {
      const channel = f.outcome === 'email_consent_erased' ? 'email' : 'sms';
      const what = channel === 'email' ? 'email' : 'phone';
      return {
        row, field: `consent.${channel}`, code: 'CONSENT_WITHDRAWN', ...(f.target === null ? {} : { customerId: f.target }),
        reason: `the ${what} belongs to a person whose data was erased at their request; an import cannot grant ${channel} consent to it, only their own new opt-in (source form) can`,
      };
    }
    default: {
      const channel = f.outcome.replace(/_consent_withdrawn$/, '');
      return {
        row, field: `consent.${channel}`, code: 'CONSENT_WITHDRAWN', customerId,
        reason: `customer ${customerId} withdrew ${channel} consent themselves (a STOP reply, the unsubscribe link or the preference page); an import cannot grant it again, only their own new opt-in (source form) can`,
      };
    }
  }
}

function previewCustomer(r: Record<string, unknown>): ImportPreviewCustomer {
  const consent: Partial<Record<(typeof CONSENT_CHANNELS)[number], ConsentRecord>> = {};
  for (const ch of CONSENT_CHANNELS) {
    const status = r[`consent_${ch}`] as ConsentStatus | null;
    if (status) consent[ch] = { status, at: r[`consent_${ch}_at`] as Date, source: r[`consent_${ch}_source`] as ConsentSource };
  }
  const text = (c: string) => (r[c] as string | null) ?? null;
  return {
    externalId: text('external_id'), email: text('email'), phone: text('phone'), firstName: text('first_name'), lastName: text('last_name'),
    birthday: text('birthday'), timezone: text('timezone'), lat: (r.lat as number | null) ?? null, lng: (r.lng as number | null) ?? null,
    address: (r.address as PostalAddress | null) ?? null, attributes: r.attributes as Record<string, unknown>, tags: r.tags as string[], consent,
  };
}

function previewRow(r: PreviewSqlRow): PlannedPreviewRow {
  const failed = FAILED_OUTCOMES.includes(r.outcome);
  const outcome = failed ? 'failed' : r.outcome === 'update' ? (r.changes ? 'update' : 'unchanged') : (r.outcome as 'insert' | 'duplicate');
  const applied = outcome === 'insert' || outcome === 'update' || outcome === 'unchanged';
  return { row: r.row_no, outcome, customerId: r.target, matchedBy: matchedBy(r), customer: applied ? previewCustomer(r) : null };
}

/**
 * Bulk customer import SQL: a transaction-local staging table loaded by COPY,
 * planned and merged set-based (statements in customer-import.sql.ts). Every
 * method works on the one pg connection the import holds, inside the one
 * transaction the caller opened (merge and dry run are savepoints in it).
 */
export class CustomerImportRepository {
  constructor(private readonly identityKey: IdentityHashKey) {}

  /** Inside the caller's transaction: the table goes at its end. */
  async createStaging(client: PoolClient): Promise<void> {
    await client.query(STAGE_DDL);
  }

  /** A COPY FROM STDIN stream into the staging table; write encodeStagingRow lines. */
  copyIntoStaging(client: PoolClient): Writable {
    return client.query(copyFrom(`COPY ${STAGE} (${STAGING_COLUMNS.join(', ')}) FROM STDIN`));
  }

  /**
   * Merges the staged rows into the business's customers in one transaction,
   * serialised per business by an advisory lock; `now` stamps created_at/updated_at.
   * `beforeCommit` runs last inside the transaction (the audit row of the import).
   */
  async mergeStaging(
    client: PoolClient, businessId: string, opts: MergeOptions, now: Date, beforeCommit?: (result: MergeResult) => Promise<void>,
  ): Promise<MergeResult> {
    return this.inTransaction(client, 'COMMIT', async () => {
      await client.query(`SELECT pg_advisory_xact_lock(hashtext('customer-import:' || $1::text))`, [businessId]);
      const count = await this.plan(client, businessId, opts.maxTags);
      // Skipped when empty: even a no-op UPDATE plan can scan the whole customer table.
      const inserted = count('insert') > 0 ? (await client.query<{ n: number }>(INSERT_SQL, [businessId, count('insert'), now])).rows[0].n : 0;
      const updated = count('update') > 0 ? ((await client.query(UPDATE_SQL, [businessId, now])).rowCount ?? 0) : 0;
      if (count('insert') + count('update') > 0 && (await this.hasErasedIdentities(client, businessId))) {
        await client.query(RESTORE_SUPPRESSIONS_SQL, [businessId, this.identityKey.inner, this.identityKey.outer]);
      }
      const result = { inserted, updated, ...(await this.planReport(client, count, updated, opts)) };
      await beforeCommit?.(result);
      return result;
    });
  }

  /**
   * Plans the staged rows exactly as mergeStaging would and reports what it
   * would do, plus the given rows as they would be stored; then rolls back.
   */
  async dryRunStaging(client: PoolClient, businessId: string, opts: MergeOptions, previewRows: number[]): Promise<MergeResult & { preview: PlannedPreviewRow[] }> {
    return this.inTransaction(client, 'ROLLBACK', async () => {
      const count = await this.plan(client, businessId, opts.maxTags);
      const updated = count('update') > 0 ? (await client.query<{ n: number }>(COUNT_CHANGES_SQL, [businessId])).rows[0].n : 0;
      const preview = await client.query<PreviewSqlRow>(PREVIEW_SQL, [businessId, previewRows]);
      return { inserted: count('insert'), updated, ...(await this.planReport(client, count, updated, opts)), preview: preview.rows.map(previewRow) };
    });
  }

  // A savepoint in the import's transaction: a merge that lost a race is undone alone and planned again.
  private async inTransaction<T>(client: PoolClient, end: 'COMMIT' | 'ROLLBACK', work: () => Promise<T>): Promise<T> {
    // Statistics for the join keys only: the planner needs row counts and key distributions, not the payload columns.
    await client.query(`ANALYZE ${STAGE} (row_no, external_id, email, phone)`);
    await client.query('SAVEPOINT import_merge');
    try {
      await client.query(`SET LOCAL work_mem = '128MB'`);
      const result = await work();
      await client.query(end === 'COMMIT' ? 'RELEASE SAVEPOINT import_merge' : 'ROLLBACK TO SAVEPOINT import_merge');
      return result;
    } catch (error) {
      // The merge error is the one to report; a failed ROLLBACK means the connection is gone anyway.
      await client.query('ROLLBACK TO SAVEPOINT import_merge').catch(() => undefined);
      throw error;
    }
  }

  /** Labels rows that share identifiers with the same component (see PROPAGATE_SQL). */
  private async linkRowsOfOneCustomer(client: PoolClient): Promise<void> {
    await client.query(LINKED_DDL);
    await client.query(ANALYZE_LINKED);
    for (let round = 0; round < MAX_ROUNDS; round++) {
      if ((await client.query(PROPAGATE_SQL)).rowCount === 0) return;
    }
    throw new Error(`in-file duplicate detection did not settle in ${MAX_ROUNDS} rounds`);
  }

  /** Whether the business erased anyone: only then are the rows' emails and phones hashed and looked up. */
  private async hasErasedIdentities(client: PoolClient, businessId: string): Promise<boolean> {
    const { rows } = await client.query<{ any: boolean }>(`SELECT EXISTS (SELECT 1 FROM erased_identity WHERE business_id = $1) AS any`, [businessId]);
    return rows[0].any;
  }

  /** Builds the plan table; returns the row count per outcome. */
  private async plan(client: PoolClient, businessId: string, maxTags: number): Promise<(outcome: string) => number> {
    await this.linkRowsOfOneCustomer(client);
    const erased = await this.hasErasedIdentities(client, businessId);
    await client.query(planSql(erased), erased ? [businessId, maxTags, this.identityKey.inner, this.identityKey.outer] : [businessId, maxTags]);
    // Without statistics the planner guesses a tiny plan table and loops over customer once per staged row.
    await client.query(ANALYZE_PLAN);
    const counts = await client.query<{ outcome: string; n: number }>(COUNT_OUTCOMES_SQL);
    return (outcome: string) => counts.rows.find((r) => r.outcome === outcome)?.n ?? 0;
  }

  private async planReport(client: PoolClient, count: (outcome: string) => number, updated: number, opts: MergeOptions) {
    const failed = FAILED_OUTCOMES.reduce((sum, o) => sum + count(o), 0);
    const failures = failed > 0 ? (await client.query<PlanFailure>(FAILURES_SQL, [FAILED_OUTCOMES, opts.maxErrors])).rows : [];
    const matches = count('update') > 0 ? (await client.query<PlannedRow>(MATCHES_SQL, [opts.maxMatches])).rows : [];
    return {
      unchanged: count('update') - updated,
      duplicates: count('duplicate'),
      failed,
      errors: failures.map((f) => failureError(f, opts.maxTags)),
      matches: matches.map((m) => ({ row: m.row_no, customerId: m.target!, matchedBy: matchedBy(m) })),
      matchedTotal: count('update'),
    };
  }
}
