import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { DatabaseGauges } from './metrics';

/** How long the gauges' statement may run before PostgreSQL cancels it (the scrape then reports the database down). */
export const OPS_GAUGES_STATEMENT_TIMEOUT_MS = 2_000;

// Every figure in one statement (one snapshot), each from a partial index of work in flight, never a scan of the
// sent history, and index-only where the visibility map allows: message_due_idx (queued and held, by due time),
// message_held_idx (held, by reason and due time), message_sending_idx (leased, by lease end), enrollment_due_idx,
// segment_stale_idx. Queued = unsent − held. The campaign of a message is not read (that needs the heap of every
// unsent row): messages and enrolments of a paused campaign count as due while they wait for it.
/** The statement (exported for the scrape benchmark's EXPLAIN). */
export const OPS_GAUGES_SQL = `
  WITH unsent AS (
    SELECT count(*) FILTER (WHERE m.next_attempt_at <= $1)::int AS due, count(*)::int AS total
      FROM message m WHERE m.status IN ('queued', 'held')
  ), held AS (
    SELECT coalesce(m.held_reason, 'held') AS reason, count(*) FILTER (WHERE m.next_attempt_at <= $1)::int AS due, count(*)::int AS total
      FROM message m WHERE m.status = 'held' GROUP BY 1
  ), held_sum AS (
    SELECT coalesce(sum(due), 0)::int AS due, coalesce(sum(total), 0)::int AS total FROM held
  )
  SELECT 'message' AS kind, 'due' AS state, 'queued' AS reason, u.due - s.due AS n, NULL::float8 AS seconds FROM unsent u, held_sum s
  UNION ALL
  SELECT 'message', 'waiting', 'queued', (u.total - u.due) - (s.total - s.due), NULL FROM unsent u, held_sum s
  UNION ALL
  SELECT 'message', v.state, h.reason, v.n, NULL FROM held h CROSS JOIN LATERAL (VALUES ('due', h.due), ('waiting', h.total - h.due)) v(state, n) WHERE v.n > 0
  UNION ALL
  SELECT 'message', 'leased', v.reason, v.n, NULL
    FROM (SELECT count(*) FILTER (WHERE m.claimed_until > $1)::int AS active, count(*) FILTER (WHERE NOT m.claimed_until > $1)::int AS expired
            FROM message m WHERE m.status = 'sending') l
    CROSS JOIN LATERAL (VALUES ('active', l.active), ('expired', l.expired)) v(reason, n)
  UNION ALL
  SELECT 'enrollments_due', NULL, NULL, count(*)::int, NULL FROM enrollment e WHERE e.state = 'active' AND e.next_run_at <= $1
  UNION ALL
  SELECT 'stale_segments', NULL, NULL, count(*)::int, coalesce(extract(epoch FROM $1::timestamptz - min(s.stale_since)), 0)::float8
    FROM segment s WHERE s.stale_since IS NOT NULL AND s.deleted_at IS NULL`;

interface GaugeRow {
  kind: string;
  state: string | null;
  reason: string | null;
  n: number;
  seconds: number | null;
}

/**
 * The work waiting across every business, for /metrics: operations figures,
 * not tenant data, so deliberately unscoped (and never labelled by business).
 */
@Injectable()
export class OpsGaugesRepository {
  constructor(private readonly dataSource: DataSource) {}

  /** `now` is the application's clock (the demo clock may run ahead of the database's). */
  read(now: Date): Promise<DatabaseGauges> {
    return this.dataSource.transaction(async (tx) => {
      // SET LOCAL: ends with the transaction, so a pooled connection (or PgBouncer's) is left as it was.
      await tx.query(`SET TRANSACTION READ ONLY; SET LOCAL statement_timeout = ${OPS_GAUGES_STATEMENT_TIMEOUT_MS}`);
      const rows = await tx.query<GaugeRow[]>(OPS_GAUGES_SQL, [now]);
      const gauges: DatabaseGauges = { messages: [], enrollmentsDue: 0, staleSegments: 0, oldestStaleSegmentSeconds: 0 };
      for (const row of rows) {
        if (row.kind === 'message') gauges.messages.push({ state: row.state ?? '', reason: row.reason ?? '', count: row.n });
        else if (row.kind === 'enrollments_due') gauges.enrollmentsDue = row.n;
        else {
          gauges.staleSegments = row.n;
          gauges.oldestStaleSegmentSeconds = Math.max(0, Number(row.seconds ?? 0));
        }
      }
      return gauges;
    });
  }
}
