import { Inject, Injectable } from '@nestjs/common';
import { DateTime } from 'luxon';
import { DataSource, type EntityManager } from 'typeorm';
import { CLOCK, type Clock } from '@localreach/core';
import { compileSegment, WHOLE_SEGMENT_PLAN, wholeSegmentBehaviour } from '@localreach/segmentation';
import { CampaignRepository, type ScanDue } from '../campaigns/campaign.repository';
import type { BroadcastTrigger, DateTrigger } from '../definition';
import { JourneyRepository } from '../journey/journey.repository';
import { addWaitDuration, endOfLocalDay, localWallTimeToInstant, nextDateOccurrence, wallTimeProblem } from '../scheduling';
import { EnrollmentRepository, type EnrolCandidate } from './enrollment.repository';

/** Date triggers enrol this far ahead, each enrolment due at its own fire time. */
const DATE_HORIZON_MS = 60 * 60_000;
const DATE_RESCAN_MS = 5 * 60_000;

interface DatedCustomer {
  id: string;
  date: string;
  zone: string;
}

/**
 * Triggers that fire on a schedule rather than on ingest: date attributes
 * (birthday offers, at a local hour, once per year per customer) and
 * broadcasts (every member of a segment, now or at a time, optionally at the
 * same wall-clock time in each recipient's zone).
 */
@Injectable()
export class ScheduledTriggerService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly campaigns: CampaignRepository,
    private readonly enrollments: EnrollmentRepository,
    private readonly journeys: JourneyRepository,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  /** Scans campaigns whose scan is due; returns how many were scanned. */
  async runScans(limit = 10): Promise<number> {
    const now = this.clock.now();
    return this.dataSource.transaction(async (tx) => {
      const due = await this.campaigns.claimScansDue(tx, now, limit);
      for (const campaign of due) {
        const trigger = campaign.definition.trigger;
        if (trigger.type === 'date') await this.scanDates(tx, campaign, trigger, now);
        else if (trigger.type === 'broadcast') await this.enrolBroadcast(tx, campaign, trigger, now);
        else await this.campaigns.recordScan(tx, campaign.id, null, null);
      }
      return due.length;
    });
  }

  /**
   * Enrols customers whose date fires between the last scan and an hour
   * ahead, each due at its fire time; the occurrence (anchor date) is the
   * trigger key, so a birthday enrols once a year whatever the rescans.
   */
  private async scanDates(tx: EntityManager, campaign: ScanDue, trigger: DateTrigger, now: Date): Promise<void> {
    const from = campaign.scannedUntil ?? now;
    const horizon = new Date(now.getTime() + DATE_HORIZON_MS);
    let customers = await this.datedCustomers(tx, campaign.businessId, trigger, anchorMonthDays(from, horizon, trigger.offsetDays));
    customers = await this.filterEntry(tx, campaign, customers, now);
    const candidates: EnrolCandidate[] = [];
    for (const c of customers) {
      const occurrence = nextDateOccurrence({ date: c.date, offsetDays: trigger.offsetDays, localTime: trigger.localTime, zone: c.zone, after: from });
      if (occurrence.fireAt >= horizon) continue;
      candidates.push(this.candidate(campaign, c.id, `date:${occurrence.occurrence}`, occurrence.fireAt, endOfLocalDay(occurrence.fireAt, c.zone)));
    }
    await this.enrollments.enrol(tx, candidates);
    await this.campaigns.recordScan(tx, campaign.id, new Date(now.getTime() + DATE_RESCAN_MS), horizon);
  }

  private async datedCustomers(tx: EntityManager, businessId: string, trigger: DateTrigger, monthDays: string[]): Promise<DatedCustomer[]> {
    const value = trigger.field === 'birthday' ? `to_char(c.birthday, 'YYYY-MM-DD')` : `(c.attributes ->> $3)`;
    const params: unknown[] = [businessId, monthDays];
    if (trigger.field !== 'birthday') params.push(trigger.field.slice('attributes.'.length));
    return tx.query<DatedCustomer[]>(
      `SELECT c.id, ${value} AS date, coalesce(c.timezone, b.timezone) AS zone
         FROM customer c JOIN business b ON b.id = c.business_id
        WHERE c.business_id = $1 AND c.erased_at IS NULL
          AND ${value} ~ '^[0-9]{4}-[0-9]{2}-[0-9]{2}$' AND substr(${value}, 6, 5) = ANY($2::text[])`,
      params,
    );
  }

  private async filterEntry<T extends { id: string }>(tx: EntityManager, campaign: ScanDue, customers: T[], now: Date): Promise<T[]> {
    if (!campaign.definition.entry || customers.length === 0) return customers;
    const query = compileSegment(campaign.definition.entry, { businessId: campaign.businessId, now, businessTimezone: campaign.timezone });
    const members = await this.journeys.members(tx, query, customers.map((c) => c.id));
    return customers.filter((c) => members.has(c.id));
  }

  /** One statement enrols every current member (and entry match) of the segment; the campaign is then done scanning. */
  private async enrolBroadcast(tx: EntityManager, campaign: ScanDue, trigger: BroadcastTrigger, now: Date): Promise<void> {
    const definition = campaign.definition;
    const segment = await tx.query<{ definition: unknown }[]>(
      `SELECT definition FROM segment WHERE business_id = $1 AND id = $2 AND deleted_at IS NULL`,
      [campaign.businessId, trigger.segmentId],
    );
    if (segment.length > 0) {
      const rule = definition.entry ? { all: [segment[0].definition, definition.entry] } : segment[0].definition;
      const audience = rule as Parameters<typeof compileSegment>[0];
      const behaviour = wholeSegmentBehaviour(audience);
      const members = compileSegment(audience, { businessId: campaign.businessId, now, businessTimezone: campaign.timezone, behaviour });
      await tx.query(WHOLE_SEGMENT_PLAN);
      await this.enrollments.enrolMembers(tx, members, {
        campaignId: campaign.id, version: campaign.version, triggerKey: 'broadcast', stepId: definition.steps[0].id, holdoutPercent: definition.holdoutPercent ?? 0,
        enrolledAt: now, goalWithin: definition.goal?.within ?? null, reentryAfter: null, sendAt: broadcastStart(trigger, campaign.timezone), businessZone: campaign.timezone,
      });
    }
    await this.campaigns.recordScan(tx, campaign.id, null, now);
  }

  private candidate(campaign: ScanDue, customerId: string, triggerKey: string, runAt: Date, localDayEndsAt: Date): EnrolCandidate {
    const d = campaign.definition;
    return {
      businessId: campaign.businessId, campaignId: campaign.id, version: campaign.version, customerId, triggerKey, stepId: d.steps[0].id,
      nextRunAt: runAt, holdoutPercent: d.holdoutPercent ?? 0, context: {}, enrolledAt: runAt, anchoredAt: runAt, localDayEndsAt,
      goalDeadline: d.goal ? addWaitDuration(runAt, d.goal.within, campaign.timezone) : null,
      reentryAfter: d.reentry?.policy === 'after' ? d.reentry.after : null,
    };
  }
}

/** When each recipient starts: now (null), a fixed instant, or a wall time read in each recipient's zone. */
function broadcastStart(trigger: BroadcastTrigger, businessZone: string): Date | { wall: string } | null {
  if (trigger.at === undefined) return null;
  const isWall = wallTimeProblem(trigger.at) === undefined;
  if (!isWall) return new Date(trigger.at);
  if (trigger.recipientLocalTime) return { wall: trigger.at };
  return localWallTimeToInstant(trigger.at, businessZone);
}

/**
 * Month-days ("MM-DD") whose anchor can fire between `from` and `to` in any
 * zone (a day of slack either side), with Feb 29 included wherever Feb 28 is,
 * because Feb 29 birthdays fire on Feb 28 in common years.
 */
export function anchorMonthDays(from: Date, to: Date, offsetDays: number): string[] {
  const out = new Set<string>();
  const first = DateTime.fromJSDate(from, { zone: 'utc' }).startOf('day').minus({ days: 2 });
  const last = DateTime.fromJSDate(to, { zone: 'utc' }).startOf('day').plus({ days: 2 });
  for (let d = first; d <= last; d = d.plus({ days: 1 })) {
    const anchor = d.minus({ days: offsetDays });
    const md = anchor.toFormat('MM-dd');
    out.add(md);
    if (md === '02-28') out.add('02-29');
  }
  return [...out].sort();
}
