import { Injectable } from '@nestjs/common';
import { isPlainObject, type Queryable } from '@localreach/core';
import type { CampaignReferences } from '../definition';
import { TemplateRepository } from '../template-store';

/**
 * Loads what a campaign may refer to: the business's templates, segments and
 * geofences, and whether its audience has phone numbers and email addresses
 * at all (an SMS step for an audience without phones can never send). The
 * audience is the trigger's segment once it has been filled, else every
 * customer of the business; with no customers yet it is unknown.
 */
@Injectable()
export class CampaignReferenceLoader {
  constructor(private readonly templates: TemplateRepository) {}

  async load(q: Queryable, businessId: string, raw: unknown): Promise<CampaignReferences> {
    // One after another: inside a transaction they share one connection.
    const templates = await this.templates.channels(q, businessId);
    const segments = await q.query<{ id: string }[]>(`SELECT id FROM segment WHERE business_id = $1 AND deleted_at IS NULL`, [businessId]);
    const geofences = await q.query<{ id: string }[]>(`SELECT id FROM geofence WHERE business_id = $1 AND deleted_at IS NULL`, [businessId]);
    const segmentIds = new Set(segments.map((r) => r.id));
    const audience = await this.audience(q, businessId, audienceSegment(raw, segmentIds));
    return {
      templates,
      segmentIds,
      geofenceIds: new Set(geofences.map((r) => r.id)),
      ...audience,
    };
  }

  private async audience(q: Queryable, businessId: string, segmentId: string | undefined): Promise<Pick<CampaignReferences, 'audienceHasPhone' | 'audienceHasEmail'>> {
    const rows = segmentId
      ? await q.query<{ n: number; phones: boolean; emails: boolean }[]>(
        `SELECT count(*)::int AS n, bool_or(c.phone IS NOT NULL) AS phones, bool_or(c.email IS NOT NULL) AS emails
           FROM segment_membership m JOIN customer c ON c.id = m.customer_id AND c.business_id = $1
          WHERE m.business_id = $1 AND m.segment_id = $2`,
        [businessId, segmentId],
      )
      : await q.query<{ n: number; phones: boolean; emails: boolean }[]>(
        `SELECT count(*)::int AS n,
                EXISTS (SELECT 1 FROM customer WHERE business_id = $1 AND phone IS NOT NULL) AS phones,
                EXISTS (SELECT 1 FROM customer WHERE business_id = $1 AND email IS NOT NULL) AS emails
           FROM (SELECT 1 FROM customer WHERE business_id = $1 AND erased_at IS NULL LIMIT 1) any_customer`,
        [businessId],
      );
    const { n, phones, emails } = rows[0];
    return n === 0 ? {} : { audienceHasPhone: phones === true, audienceHasEmail: emails === true };
  }
}

/** The segment a segment or broadcast trigger names, when it exists. */
function audienceSegment(raw: unknown, segmentIds: ReadonlySet<string>): string | undefined {
  if (!isPlainObject(raw) || !isPlainObject(raw.trigger)) return undefined;
  const { type, segmentId } = raw.trigger;
  return (type === 'segment' || type === 'broadcast') && typeof segmentId === 'string' && segmentIds.has(segmentId) ? segmentId : undefined;
}
