import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { Queryable } from '@localreach/core';
import type { CampaignDefinition, Trigger } from '../definition';
import type { StoredVersion } from './campaign-history';

export type CampaignStatus = 'draft' | 'active' | 'paused' | 'archived';

export interface Campaign {
  id: string;
  businessId: string;
  name: string;
  status: CampaignStatus;
  version: number;
  preset: string | null;
  definition: CampaignDefinition;
  createdAt: Date;
  updatedAt: Date;
  activatedAt: Date | null;
}

/** A campaign the worker scans on a schedule (date and broadcast triggers). */
export interface ScanDue {
  id: string;
  businessId: string;
  version: number;
  definition: CampaignDefinition;
  scannedUntil: Date | null;
  timezone: string;
}

const COLUMNS = `k.id, k.business_id AS "businessId", k.name, k.status, k.version, k.preset, v.definition,
  k.created_at AS "createdAt", k.updated_at AS "updatedAt", k.activated_at AS "activatedAt"`;
const FROM = `campaign k JOIN campaign_version v ON v.campaign_id = k.id AND v.version = k.version`;

/** The column the inbox and enrolment match on: the event name, segment or geofence id. */
export function triggerKey(trigger: Trigger): string | null {
  switch (trigger.type) {
    case 'event': return trigger.eventType;
    case 'segment':
    case 'broadcast': return trigger.segmentId;
    case 'geofence': return trigger.geofenceId;
    default: return null;
  }
}

@Injectable()
export class CampaignRepository {
  constructor(private readonly dataSource: DataSource) {}

  async insert(q: Queryable, businessId: string, definition: CampaignDefinition, preset: string | null): Promise<string> {
    const rows = await q.query<{ id: string }[]>(
      `WITH k AS (
         INSERT INTO campaign (business_id, name, trigger_type, trigger_key, preset) VALUES ($1, $2, $3, $4, $5) RETURNING id)
       INSERT INTO campaign_version (campaign_id, version, business_id, definition) SELECT id, 1, $1, $6 FROM k RETURNING campaign_id AS id`,
      [businessId, definition.name, definition.trigger.type, triggerKey(definition.trigger), preset, JSON.stringify(definition)],
    );
    return rows[0].id;
  }

  async findById(businessId: string, id: string, q: Queryable = this.dataSource, lock = false): Promise<Campaign | undefined> {
    const rows = await q.query<Campaign[]>(
      `SELECT ${COLUMNS} FROM ${FROM} WHERE k.business_id = $1 AND k.id = $2 AND k.deleted_at IS NULL ${lock ? 'FOR UPDATE OF k' : ''}`,
      [businessId, id],
    );
    return rows[0];
  }

  async list(businessId: string, limit: number, status?: CampaignStatus, after?: [string, string]): Promise<(Campaign & { sortKey: string })[]> {
    const params: unknown[] = [businessId, limit, status ?? null];
    const cursor = after ? 'AND (k.created_at, k.id) > ($4::timestamptz, $5::uuid)' : '';
    if (after) params.push(...after);
    return this.dataSource.query(
      `SELECT ${COLUMNS}, k.created_at::text AS "sortKey" FROM ${FROM}
        WHERE k.business_id = $1 AND k.deleted_at IS NULL AND ($3::text IS NULL OR k.status = $3) ${cursor} ORDER BY k.created_at, k.id LIMIT $2`,
      params,
    );
  }

  /** Names of the business's segments and geofences among these ids (deleted ones are left out). */
  async referenceNames(businessId: string, segmentIds: string[], geofenceIds: string[]): Promise<{ kind: 'segment' | 'geofence'; id: string; name: string }[]> {
    return this.dataSource.query(
      `SELECT 'segment' AS kind, id, name FROM segment WHERE business_id = $1 AND id = ANY($2::uuid[]) AND deleted_at IS NULL
       UNION ALL
       SELECT 'geofence', id, name FROM geofence WHERE business_id = $1 AND id = ANY($3::uuid[]) AND deleted_at IS NULL`,
      [businessId, segmentIds, geofenceIds],
    );
  }

  /**
   * Saves an edited definition. A draft is edited in place; a campaign that
   * has run gets a new version, and running enrolments finish on theirs.
   */
  async saveDefinition(q: Queryable, businessId: string, campaign: Campaign, definition: CampaignDefinition): Promise<void> {
    const version = campaign.status === 'draft' ? campaign.version : campaign.version + 1;
    await q.query(
      `INSERT INTO campaign_version (campaign_id, version, business_id, definition) VALUES ($1, $2, $3, $4)
       ON CONFLICT (campaign_id, version) DO UPDATE SET definition = EXCLUDED.definition, created_at = now()`,
      [campaign.id, version, businessId, JSON.stringify(definition)],
    );
    await q.query(
      `UPDATE campaign SET name = $3, version = $4, trigger_type = $5, trigger_key = $6, updated_at = now() WHERE business_id = $1 AND id = $2`,
      [businessId, campaign.id, definition.name, version, definition.trigger.type, triggerKey(definition.trigger)],
    );
  }

  async setStatus(q: Queryable, businessId: string, id: string, status: CampaignStatus, scan?: { nextScanAt: Date | null; scannedUntil: Date | null }): Promise<void> {
    await q.query(
      `UPDATE campaign SET status = $3, updated_at = now(),
              activated_at = CASE WHEN $3 = 'active' THEN coalesce(activated_at, now()) ELSE activated_at END,
              next_scan_at = CASE WHEN $4 THEN $5::timestamptz ELSE next_scan_at END,
              scanned_until = CASE WHEN $4 THEN $6::timestamptz ELSE scanned_until END
        WHERE business_id = $1 AND id = $2`,
      [businessId, id, status, scan !== undefined, scan?.nextScanAt ?? null, scan?.scannedUntil ?? null],
    );
  }

  /** Every stored version, oldest first, with how many enrolments each has. */
  async versions(businessId: string, campaignId: string): Promise<StoredVersion[]> {
    return this.dataSource.query(
      `SELECT v.version, v.definition, v.created_at AS "createdAt", coalesce(n.enrollments, 0)::int AS enrollments
         FROM campaign_version v
         LEFT JOIN (SELECT e.version, count(*) AS enrollments FROM enrollment e WHERE e.business_id = $1 AND e.campaign_id = $2 GROUP BY e.version) n
                ON n.version = v.version
        WHERE v.business_id = $1 AND v.campaign_id = $2
        ORDER BY v.version`,
      [businessId, campaignId],
    );
  }

  /** Whether anyone was ever enrolled in the campaign or any message was queued for it: what reports count. */
  async hasHistory(q: Queryable, businessId: string, id: string): Promise<boolean> {
    const rows = await q.query<{ used: boolean }[]>(
      `SELECT EXISTS (SELECT 1 FROM enrollment WHERE business_id = $1 AND campaign_id = $2)
           OR EXISTS (SELECT 1 FROM message WHERE business_id = $1 AND campaign_id = $2) AS used`,
      [businessId, id],
    );
    return rows[0].used;
  }

  /** Deletes the campaign and its versions (and test sends) for good. */
  async remove(q: Queryable, businessId: string, id: string): Promise<void> {
    await q.query(`DELETE FROM campaign WHERE business_id = $1 AND id = $2`, [businessId, id]);
  }

  /** Hides the campaign from the campaign API; its enrolments, messages and report figures stay. */
  async softDelete(q: Queryable, businessId: string, id: string, at: Date): Promise<void> {
    await q.query(`UPDATE campaign SET deleted_at = $3 WHERE business_id = $1 AND id = $2 AND deleted_at IS NULL`, [businessId, id, at]);
  }

  /**
   * Ends the running enrolments (exited, `reason`), logging for each the step
   * it was about to run as skipped for that reason, in one statement.
   */
  async exitEnrollments(q: Queryable, businessId: string, campaignId: string, reason: string, at: Date): Promise<void> {
    await q.query(
      `WITH ended AS (
         UPDATE enrollment SET state = 'exited', end_reason = $3, ended_at = $4, next_run_at = NULL
          WHERE business_id = $1 AND campaign_id = $2 AND state = 'active'
         RETURNING id, step_id, step_seq)
       INSERT INTO enrollment_step (business_id, enrollment_id, step_seq, step_id, outcome, detail, at)
       SELECT $1, id, step_seq + 1, step_id, 'skipped', $3, $4 FROM ended WHERE step_id IS NOT NULL
       ON CONFLICT DO NOTHING`,
      [businessId, campaignId, reason, at],
    );
  }

  /** A version's definition (immutable once written for a campaign that has run; the worker caches it). */
  async findVersion(q: Queryable, campaignId: string, version: number): Promise<CampaignDefinition | undefined> {
    const rows = await q.query<{ definition: CampaignDefinition }[]>(`SELECT definition FROM campaign_version WHERE campaign_id = $1 AND version = $2`, [campaignId, version]);
    return rows[0]?.definition;
  }

  /** Active campaigns of these businesses started by the inbox's kinds of triggers. */
  async activeListening(q: Queryable, businessIds: string[]): Promise<Campaign[]> {
    return q.query(
      `SELECT ${COLUMNS} FROM ${FROM} WHERE k.business_id = ANY($1::uuid[]) AND k.status = 'active'
          AND k.trigger_type IN ('customer_created', 'event', 'segment', 'geofence')`,
      [businessIds],
    );
  }

  /** Claims campaigns whose scheduled scan is due (date and broadcast triggers); the caller holds the transaction. */
  async claimScansDue(q: Queryable, now: Date, limit: number): Promise<ScanDue[]> {
    return q.query(
      `SELECT k.id, k.business_id AS "businessId", k.version, v.definition, k.scanned_until AS "scannedUntil", b.timezone
         FROM ${FROM} JOIN business b ON b.id = k.business_id
        WHERE k.status = 'active' AND k.next_scan_at IS NOT NULL AND k.next_scan_at <= $1
        ORDER BY k.next_scan_at LIMIT $2 FOR UPDATE OF k SKIP LOCKED`,
      [now, limit],
    );
  }

  async recordScan(q: Queryable, id: string, nextScanAt: Date | null, scannedUntil: Date | null): Promise<void> {
    await q.query(`UPDATE campaign SET next_scan_at = $2, scanned_until = $3 WHERE id = $1`, [id, nextScanAt, scannedUntil]);
  }
}
