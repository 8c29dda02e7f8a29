import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { DatabaseGauges } from './metrics';

/** How long the gauges' statement may run before PostgreSQL cancels it (the scrape then reports the database down). */
export const OPS_GAUGES_STATEMENT_TIMEOUT_MS = 2_000;

// Every figure in one statement, each from a partial index of work in flight (never a scan of the sent history):
// message_due_idx (queued and held), message_sending_idx (leased), enrollment_due_idx, segment_stale_idx.
// Unsent messages of a campaign not active are `paused` (the claim skips them); the rest are due or waiting.
const GAUGES = `
  SELECT 'message' AS kind, g.state, g.reason, count(*)::int AS n, NULL::float8 AS seconds
    FROM (SELECT CASE WHEN k.status IS NOT NULL AND k.status <> 'active' THEN 'paused'
                      WHEN m.next_attempt_at <= $1 THEN 'due' ELSE 'waiting' END AS state,
                 CASE WHEN m.status = 'held' THEN coalesce(m.held_reason, 'held')
                      WHEN m.attempts > 0 THEN 'retry' ELSE 'new' END AS reason
            FROM message m LEFT JOIN campaign k ON k.id = m.campaign_id
           WHERE m.status IN ('queued', 'held')) g
   GROUP BY g.state, g.reason
  UNION ALL
  SELECT 'message', 'leased', CASE WHEN m.claimed_until > $1 THEN 'active' ELSE 'expired' END, count(*)::int, NULL
    FROM message m WHERE m.status = 'sending' GROUP BY 3
  UNION ALL
  SELECT 'enrollments_due', NULL, NULL, count(*)::int, NULL
    FROM enrollment e
   WHERE e.state = 'active' AND e.next_run_at <= $1
     AND EXISTS (SELECT 1 FROM campaign k WHERE k.id = e.campaign_id AND k.status = 'active')
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
      const rows = await tx.query<GaugeRow[]>(GAUGES, [now]);
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
