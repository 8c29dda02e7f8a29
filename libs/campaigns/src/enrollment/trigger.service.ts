import { Inject, Injectable } from '@nestjs/common';
import { Duration } from 'luxon';
import { DataSource, type EntityManager } from 'typeorm';
import { APP_CONFIG, CLOCK, type AppConfig, type Clock, type OpeningHours } from '@localreach/core';
import { compileSegment } from '@localreach/segmentation';
import { CampaignRepository, type Campaign } from '../campaigns/campaign.repository';
import type { CampaignDefinition } from '../definition';
import { JourneyRepository } from '../journey/journey.repository';
import { DEFAULT_MAX_EVENT_AGE } from '../definition';
import { addWaitDuration, isWithinOpeningHours } from '../scheduling';
import { EnrollmentRepository, type EnrolCandidate, type TriggerSkip } from './enrollment.repository';
import { enrolmentContext, inboxTriggerKey, triggerMatches, type InboxItem } from './trigger-matching';

interface FenceStore {
  geofenceId: string;
  openingHours: OpeningHours | null;
  zone: string;
}

/**
 * Drains the trigger inbox: each batch is deleted and turned into enrolments
 * in one transaction, so a trigger enrols exactly once even with several
 * workers (SKIP LOCKED) or a crash (the delete rolls back with the enrolments).
 */
@Injectable()
export class TriggerService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly campaigns: CampaignRepository,
    private readonly enrollments: EnrollmentRepository,
    private readonly journeys: JourneyRepository,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  /** Processes up to `limit` inbox rows; returns how many were taken. */
  async drainInbox(limit = 500): Promise<number> {
    const now = this.clock.now();
    return this.dataSource.transaction(async (tx) => {
      // DELETE … RETURNING comes back from TypeORM as [rows, affectedCount].
      const [items] = await tx.query<[InboxItem[], number]>(
        `DELETE FROM trigger_inbox WHERE id IN (SELECT id FROM trigger_inbox ORDER BY id LIMIT $1 FOR UPDATE SKIP LOCKED)
         RETURNING id::text AS id, business_id AS "businessId", customer_id AS "customerId", kind, event_id::text AS "eventId",
                   event_type AS "eventType", properties, occurred_at AS "occurredAt"`,
        [limit],
      );
      if (items.length === 0) return 0;
      const live = await this.liveCustomers(tx, items);
      const campaigns = await this.campaigns.activeListening(tx, [...new Set(items.map((i) => i.businessId))]);
      const candidates: EnrolCandidate[] = [];
      const skips: TriggerSkip[] = [];
      for (const campaign of campaigns) {
        const matching = items.filter((i) => i.businessId === campaign.businessId && live.has(i.customerId) && triggerMatches(campaign.definition.trigger, i));
        const { fresh, stale } = splitByAge(campaign, matching, now, this.config.triggerMaxEventAge);
        skips.push(...stale);
        candidates.push(...(await this.candidates(tx, campaign, fresh, now)));
      }
      await this.enrollments.enrol(tx, candidates);
      await this.enrollments.recordSkips(tx, skips, now);
      return items.length;
    });
  }

  private async candidates(tx: EntityManager, campaign: Campaign, items: InboxItem[], now: Date): Promise<EnrolCandidate[]> {
    if (items.length === 0) return [];
    const definition = campaign.definition;
    let allowed = items;
    if (definition.trigger.type === 'geofence' && definition.trigger.duringOpeningHours) {
      const store = await this.fenceStore(tx, campaign.businessId, definition.trigger.geofenceId);
      // A fence without a store, or a store without hours, has no "opening hours" to be outside of.
      allowed = allowed.filter((i) => !store?.openingHours || isWithinOpeningHours(i.occurredAt, store.zone, store.openingHours));
    }
    if (definition.entry && allowed.length > 0) {
      const zone = await this.businessZone(tx, campaign.businessId);
      const query = compileSegment(definition.entry, { businessId: campaign.businessId, now, businessTimezone: zone });
      const members = await this.journeys.members(tx, query, allowed.map((i) => i.customerId));
      allowed = allowed.filter((i) => members.has(i.customerId));
    }
    const zone = allowed.length > 0 ? await this.businessZone(tx, campaign.businessId) : '';
    return allowed.map((item) => candidate(campaign, definition, item, now, zone));
  }

  private async liveCustomers(tx: EntityManager, items: InboxItem[]): Promise<Set<string>> {
    const rows = await tx.query<{ id: string }[]>(`SELECT id FROM customer WHERE id = ANY($1::uuid[]) AND erased_at IS NULL`, [items.map((i) => i.customerId)]);
    return new Set(rows.map((r) => r.id));
  }

  private async fenceStore(tx: EntityManager, businessId: string, geofenceId: string): Promise<FenceStore | undefined> {
    const rows = await tx.query<FenceStore[]>(
      `SELECT g.id AS "geofenceId", s.opening_hours AS "openingHours", coalesce(s.timezone, b.timezone) AS zone
         FROM geofence g JOIN location s ON s.id = g.location_id AND s.business_id = g.business_id JOIN business b ON b.id = g.business_id
        WHERE g.business_id = $1 AND g.id = $2`,
      [businessId, geofenceId],
    );
    return rows[0];
  }

  private async businessZone(tx: EntityManager, businessId: string): Promise<string> {
    return (await this.journeys.businessZones(tx, [businessId])).get(businessId)!;
  }
}

/**
 * An event trigger takes events up to its maxEventAge old (else the
 * platform's TRIGGER_MAX_EVENT_AGE, P1D unless configured), counted when the
 * worker takes them (within seconds of arrival while the worker runs); older
 * ones are recorded as skipped with the ages in words.
 */
export function splitByAge(
  campaign: Pick<Campaign, 'id' | 'businessId' | 'version' | 'definition'>, items: InboxItem[], now: Date, defaultLimit = DEFAULT_MAX_EVENT_AGE,
): { fresh: InboxItem[]; stale: TriggerSkip[] } {
  const trigger = campaign.definition.trigger;
  if (trigger.type !== 'event' || items.length === 0) return { fresh: items, stale: [] };
  const limit = trigger.maxEventAge ?? defaultLimit;
  const fresh: InboxItem[] = [];
  const stale: TriggerSkip[] = [];
  for (const item of items) {
    // The limit is elapsed time: UTC keeps a "P1D" at 24 hours whatever the zone's DST.
    if (addWaitDuration(item.occurredAt, limit, 'UTC') >= now) fresh.push(item);
    else {
      stale.push({
        businessId: campaign.businessId, campaignId: campaign.id, version: campaign.version, customerId: item.customerId, eventId: item.eventId,
        eventType: item.eventType, reason: 'event_too_old', occurredAt: item.occurredAt,
        detail: `event occurred ${describeSpan(now.getTime() - item.occurredAt.getTime())} before it reached the campaign; older than the campaign's ${Duration.fromISO(limit).toHuman()} limit (trigger.maxEventAge)`,
      });
    }
  }
  return { fresh, stale };
}

/** A span in its largest whole units, e.g. "2 days, 3 hours" (minutes only under a day). */
export function describeSpan(ms: number): string {
  const { days, hours, minutes } = Duration.fromMillis(Math.max(0, ms)).shiftTo('days', 'hours', 'minutes', 'seconds').toObject();
  const parts = days! >= 1 ? { days, hours } : { hours, minutes };
  const kept = Object.fromEntries(Object.entries(parts).filter(([, v]) => v !== undefined && Math.floor(v) > 0).map(([k, v]) => [k, Math.floor(v!)]));
  return Object.keys(kept).length === 0 ? 'less than a minute' : Duration.fromObject(kept).toHuman();
}

/**
 * When the trigger happened: the event's occurredAt (segment entries and
 * geofence visits are events too), or the customer's created_at (stamped by
 * the same injected clock); a time ahead of now (an event may be dated up to a
 * day ahead) counts from now.
 */
export function anchorOf(item: InboxItem, now: Date): Date {
  return item.occurredAt < now ? item.occurredAt : now;
}

/** The holdout is decided when the enrolment is inserted (EnrollmentRepository.enrol: balanced, holdout-balance). */
export function candidate(campaign: Pick<Campaign, 'id' | 'businessId' | 'version'>, definition: CampaignDefinition, item: InboxItem, now: Date, zone: string): EnrolCandidate {
  const anchoredAt = anchorOf(item, now);
  return {
    businessId: campaign.businessId,
    campaignId: campaign.id,
    version: campaign.version,
    customerId: item.customerId,
    triggerKey: inboxTriggerKey(item),
    stepId: definition.steps[0].id,
    nextRunAt: now,
    holdoutPercent: definition.holdoutPercent ?? 0,
    context: enrolmentContext(definition, item),
    enrolledAt: now,
    anchoredAt,
    localDayEndsAt: null,
    goalDeadline: definition.goal ? addWaitDuration(anchoredAt, definition.goal.within, zone) : null,
    reentryAfter: definition.reentry?.policy === 'after' ? definition.reentry.after : null,
  };
}
