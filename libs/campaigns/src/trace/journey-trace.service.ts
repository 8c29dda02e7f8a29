import { Injectable } from '@nestjs/common';
import { CustomerRepository, decodeTimeIdCursor, DomainError, encodeCursor, type Tenant } from '@localreach/core';
import { CampaignService } from '../campaigns/campaign.service';
import { enrollmentTrace, variantsOf, type EnrollmentTrace } from './journey-trace';
import { JourneyTraceRepository, type RecipientFilter, type RecipientRow, type SkippedTrigger } from './journey-trace.repository';

/** How many ignored triggers the first page of a customer's journeys lists. */
const SKIPPED_TRIGGERS_SHOWN = 50;

export interface Page<T> {
  items: T[];
  nextCursor: string | null;
}

export type Recipient = Omit<RecipientRow, 'variants'> & { variant: string | null };

function nextCursor<T extends { sortKey: string }>(rows: T[], limit: number, id: (row: T) => string): string | null {
  const last = rows[Math.min(rows.length, limit) - 1];
  return rows.length > limit && last ? encodeCursor([last.sortKey, id(last)]) : null;
}

/**
 * "Why did or didn't they get it": a customer's enrolments with every step
 * they reached and its outcome and reason, and a campaign's recipients by
 * outcome. Reads only; the facts are recorded by the journey pass (step log,
 * in the enrolment's transaction) and by delivery (message status, hold and
 * suppression reasons, provider error codes, engagement).
 */
@Injectable()
export class JourneyTraceService {
  constructor(
    private readonly traces: JourneyTraceRepository,
    private readonly customers: CustomerRepository,
    private readonly campaigns: CampaignService,
  ) {}

  /** The customer's enrolments, a page at a time; the first page also lists the latest triggers campaigns ignored. */
  async customerJourneys(tenant: Tenant, customerId: string, limit: number, cursor?: string): Promise<Page<EnrollmentTrace> & { skippedTriggers: SkippedTrigger[] }> {
    if (!(await this.customers.findById(tenant.businessId, customerId))) throw DomainError.notFound('customer', customerId);
    const after = cursor === undefined ? undefined : decodeTimeIdCursor(cursor);
    const rows = await this.traces.customerEnrollments(tenant.businessId, customerId, limit + 1, after);
    const page = rows.slice(0, limit);
    const ids = page.map((r) => r.id);
    const logs = await this.traces.stepLogs(tenant.businessId, ids);
    const messages = await this.traces.messages(tenant.businessId, ids);
    return {
      items: page.map(({ sortKey: _sortKey, ...row }) => enrollmentTrace(row, logs.filter((l) => l.enrollmentId === row.id), messages.filter((m) => m.enrollmentId === row.id))),
      nextCursor: nextCursor(rows, limit, (r) => r.id),
      skippedTriggers: cursor === undefined ? await this.traces.skippedTriggers(tenant.businessId, customerId, SKIPPED_TRIGGERS_SHOWN) : [],
    };
  }

  async recipients(tenant: Tenant, campaignId: string, filter: RecipientFilter, limit: number, cursor?: string): Promise<Page<Recipient>> {
    await this.campaigns.get(tenant, campaignId);
    const after = cursor === undefined ? undefined : decodeTimeIdCursor(cursor);
    const rows = await this.traces.recipients(tenant.businessId, campaignId, filter, limit + 1, after);
    return {
      items: rows.slice(0, limit).map(({ sortKey: _sortKey, variants, ...row }) => ({ ...row, variant: variantsOf(variants).variant })),
      nextCursor: nextCursor(rows, limit, (r) => r.enrollmentId),
    };
  }
}
