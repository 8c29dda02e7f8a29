import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import type { Queryable } from '@localreach/core';

export interface Segment {
  id: string;
  name: string;
  description: string | null;
  definition: unknown;
  memberCount: number | null;
  refreshedAt: Date | null;
  refreshError: string | null;
  staleSince: Date | null;
  createdAt: Date;
  updatedAt: Date;
}

export interface MemberQuery {
  sql: string;
  params: unknown[];
}

export interface RefreshOutcome {
  entered: number;
  exited: number;
  members: number;
  /** segment_entered / segment_exited events written (none on a segment's first fill). */
  events: number;
}

/** Extra claim candidates, so refreshes in flight elsewhere (one per worker lane) do not leave a claim empty. */
const IN_FLIGHT_SLACK = 8;

const COLUMNS = `id, name, description, definition, member_count AS "memberCount", refreshed_at AS "refreshedAt", refresh_error AS "refreshError",
  stale_since AS "staleSince", created_at AS "createdAt", updated_at AS "updatedAt"`;

@Injectable()
export class SegmentRepository {
  constructor(private readonly dataSource: DataSource) {}

  async insert(businessId: string, s: { name: string; description: string | null; definition: unknown; reads: string[] }, q: Queryable = this.dataSource): Promise<Segment> {
    const rows = await q.query<Segment[]>(
      `INSERT INTO segment (business_id, name, description, definition, reads, stale_since) VALUES ($1, $2, $3, $4, $5, now()) RETURNING ${COLUMNS}`,
      [businessId, s.name, s.description, JSON.stringify(s.definition), s.reads],
    );
    return rows[0];
  }

  async update(
    businessId: string,
    id: string,
    s: { name: string; description: string | null; definition: unknown; reads: string[]; definitionChanged: boolean },
    q: Queryable = this.dataSource,
  ): Promise<Segment | undefined> {
    const [rows] = await q.query<[Segment[], number]>(
      `UPDATE segment SET name = $3, description = $4, definition = $5, reads = $7, updated_at = now(),
              stale_since = CASE WHEN $6 THEN coalesce(stale_since, now()) ELSE stale_since END
        WHERE business_id = $1 AND id = $2 AND deleted_at IS NULL RETURNING ${COLUMNS}`,
      [businessId, id, s.name, s.description, JSON.stringify(s.definition), s.definitionChanged, s.reads],
    );
    return rows[0];
  }

  async findById(businessId: string, id: string, q: Queryable = this.dataSource): Promise<Segment | undefined> {
    const rows = await q.query<Segment[]>(`SELECT ${COLUMNS} FROM segment WHERE business_id = $1 AND id = $2 AND deleted_at IS NULL`, [businessId, id]);
    return rows[0];
  }

  async list(businessId: string, limit: number, after?: [string, string]): Promise<(Segment & { sortKey: string })[]> {
    const params: unknown[] = [businessId, limit];
    const cursor = after ? 'AND (created_at, id) > ($3::timestamptz, $4::uuid)' : '';
    if (after) params.push(...after);
    return this.dataSource.query(
      `SELECT ${COLUMNS}, created_at::text AS "sortKey" FROM segment
        WHERE business_id = $1 AND deleted_at IS NULL ${cursor} ORDER BY created_at, id LIMIT $2`,
      params,
    );
  }

  async softDelete(businessId: string, id: string, q: Queryable = this.dataSource): Promise<boolean> {
    const [, count] = await q.query<[unknown[], number]>(
      `UPDATE segment SET deleted_at = now() WHERE business_id = $1 AND id = $2 AND deleted_at IS NULL RETURNING id`,
      [businessId, id],
    );
    if (count > 0) await q.query(`DELETE FROM segment_membership WHERE business_id = $1 AND segment_id = $2`, [businessId, id]);
    return count > 0;
  }

  /** Counts and samples an unsaved definition's members in one snapshot. */
  async preview(query: MemberQuery, sampleSize: number): Promise<{ count: number; sampleIds: string[] }> {
    const n = query.params.length;
    const rows = await this.dataSource.query<{ count: string; sample: string[] | null }[]>(
      `WITH members AS MATERIALIZED (${query.sql})
       SELECT (SELECT count(*) FROM members) AS count,
              (SELECT array_agg(id) FROM (SELECT id FROM members ORDER BY id LIMIT $${n + 1}) s) AS sample`,
      [...query.params, sampleSize],
    );
    return { count: Number(rows[0].count), sampleIds: rows[0].sample ?? [] };
  }

  /** One page of stored members, ordered by customer id. */
  async memberIds(businessId: string, segmentId: string, limit: number, afterId?: string): Promise<string[]> {
    const rows = await this.dataSource.query<{ customer_id: string }[]>(
      `SELECT customer_id FROM segment_membership WHERE business_id = $1 AND segment_id = $2 ${afterId ? 'AND customer_id > $4' : ''}
        ORDER BY customer_id LIMIT $3`,
      afterId ? [businessId, segmentId, limit, afterId] : [businessId, segmentId, limit],
    );
    return rows.map((r) => r.customer_id);
  }

  /**
   * Claims segments to refresh: stale ones first, then any not refreshed within
   * `maxAgeSeconds` (time windows slide even without new data). Claiming clears
   * the stale mark in its own short transaction, so data arriving during the
   * refresh marks the segment stale again and nothing is missed. `only`
   * restricts the claim to stale or to out-of-date segments, so the worker can
   * serve both from separate loops and a long periodic refresh never delays a
   * stale one. Stale segments go shortest job first with ageing: a segment
   * whose last refresh took t waits behind those made stale up to t later,
   * so a cheap one is not stuck behind expensive ones and none waits forever.
   * A segment whose refresh is in flight (its lock is held) is left for the
   * next pass instead of tying up a second worker lane waiting for it.
   */
  async claimDue(maxAgeSeconds: number, limit: number, only?: 'stale' | 'aged'): Promise<{ id: string; businessId: string; definition: unknown; timezone: string }[]> {
    const [rows] = await this.dataSource.query<[{ id: string; businessId: string; definition: unknown; timezone: string }[], number]>(
      `WITH due AS (
         SELECT s.id, s.stale_since + make_interval(secs => coalesce(s.refresh_ms, 0) / 1000.0) AS priority, s.refreshed_at
           FROM segment s
          WHERE s.deleted_at IS NULL
            AND (($3::text IS DISTINCT FROM 'aged' AND s.stale_since IS NOT NULL)
                 OR ($3::text IS DISTINCT FROM 'stale'
                     AND coalesce(s.refreshed_at, '-infinity') < now() - make_interval(secs => $1)
                     AND coalesce(s.refresh_claimed_at, '-infinity') < now() - make_interval(secs => $1)))
          ORDER BY priority NULLS LAST, s.refreshed_at NULLS FIRST
          LIMIT $2::int + ${IN_FLIGHT_SLACK} FOR UPDATE SKIP LOCKED),
       free AS MATERIALIZED (
         -- Only these few candidates are tried; the claim statement's lock is released when it ends.
         SELECT due.id FROM due WHERE pg_try_advisory_xact_lock(hashtext('segment-refresh:' || due.id::text))
          ORDER BY due.priority NULLS LAST, due.refreshed_at NULLS FIRST LIMIT $2)
       UPDATE segment s SET stale_since = NULL, refresh_claimed_at = now()
         FROM free, business b WHERE s.id = free.id AND b.id = s.business_id
       RETURNING s.id, s.business_id AS "businessId", s.definition, b.timezone`,
      [maxAgeSeconds, limit, only ?? null],
    );
    return rows;
  }

  /**
   * Brings stored membership in line with the compiled query in one statement
   * and records segment_entered / segment_exited events with the refresh time.
   * A segment's first fill records membership (with `entered_at`) but no
   * events: its members did not just enter, the segment just began to exist,
   * and a million "entered" events would be noise that costs minutes to write.
   * Both sides of the diff are hash anti-joins against the current membership,
   * so members who stay cost no index probe. The insert needs no ON CONFLICT
   * (speculative insertion doubled its cost): refreshes of a segment are
   * serialised by the lock below and nothing else inserts membership, so
   * `current` is exact and the member query yields each customer once.
   */
  async refreshMembership(tx: EntityManager, businessId: string, segmentId: string, query: MemberQuery, now: Date): Promise<RefreshOutcome> {
    // Refreshes of one segment take turns, so an older snapshot never overwrites a newer one.
    await tx.query('SELECT pg_advisory_xact_lock(hashtext($1))', [`segment-refresh:${segmentId}`]);
    const [state] = await tx.query<{ filled: boolean }[]>(
      `SELECT refreshed_at IS NOT NULL AS filled FROM segment WHERE business_id = $1 AND id = $2`,
      [businessId, segmentId],
    );
    const started = performance.now();
    const n = query.params.length;
    const [seg, at, biz, emit] = [`$${n + 1}`, `$${n + 2}`, `$${n + 3}`, `$${n + 4}`];
    const rows = await tx.query<RefreshOutcome[]>(
      `WITH members AS MATERIALIZED (${query.sql}),
       current AS MATERIALIZED (
         SELECT m.customer_id FROM segment_membership m WHERE m.business_id = ${biz} AND m.segment_id = ${seg}),
       exited AS (
         DELETE FROM segment_membership m WHERE m.business_id = ${biz} AND m.segment_id = ${seg}
            AND m.customer_id IN (SELECT cur.customer_id FROM current cur
                                   WHERE NOT EXISTS (SELECT 1 FROM members WHERE members.id = cur.customer_id))
         RETURNING m.customer_id),
       entered AS (
         INSERT INTO segment_membership (business_id, segment_id, customer_id, entered_at)
         SELECT ${biz}, ${seg}, members.id, ${at} FROM members
          WHERE NOT EXISTS (SELECT 1 FROM current cur WHERE cur.customer_id = members.id)
         RETURNING customer_id),
       events AS (
         INSERT INTO event (business_id, customer_id, type, properties, occurred_at, source)
         SELECT ${biz}, customer_id, 'segment_entered', jsonb_build_object('segmentId', ${seg}::text), ${at}, 'segment' FROM entered WHERE ${emit}::boolean
         UNION ALL
         SELECT ${biz}, customer_id, 'segment_exited', jsonb_build_object('segmentId', ${seg}::text), ${at}, 'segment' FROM exited WHERE ${emit}::boolean
         RETURNING id, customer_id, type, properties, occurred_at),
       inbox AS (
         -- Campaigns triggered by entering this segment (see trigger-inbox.sql in libs/core).
         INSERT INTO trigger_inbox (business_id, customer_id, kind, event_id, event_type, properties, occurred_at)
         SELECT ${biz}, ev.customer_id, 'event', ev.id, ev.type, ev.properties, ev.occurred_at FROM events ev
          WHERE ev.type = 'segment_entered'
            AND EXISTS (SELECT 1 FROM campaign k WHERE k.business_id = ${biz} AND k.status = 'active'
                           AND k.trigger_type = 'segment' AND k.trigger_key = ${seg}::text))
       SELECT (SELECT count(*) FROM entered)::int AS entered, (SELECT count(*) FROM exited)::int AS exited,
              (SELECT count(*) FROM members)::int AS members, (SELECT count(*) FROM events)::int AS events`,
      [...query.params, segmentId, now, businessId, state?.filled === true],
    );
    const outcome = rows[0];
    await tx.query(
      `UPDATE segment SET member_count = $3, refreshed_at = $4, refresh_error = NULL, refresh_ms = $5 WHERE business_id = $1 AND id = $2`,
      [businessId, segmentId, outcome.members, now, Math.round(performance.now() - started)],
    );
    return outcome;
  }

  async recordRefreshError(businessId: string, segmentId: string, message: string): Promise<void> {
    await this.dataSource.query(
      `UPDATE segment SET refresh_error = $3 WHERE business_id = $1 AND id = $2`,
      [businessId, segmentId, message.slice(0, 1000)],
    );
  }
}
