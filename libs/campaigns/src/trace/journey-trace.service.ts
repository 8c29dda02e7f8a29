import { Injectable } from '@nestjs/common';
import { csvCell, CustomerRepository, decodeTimeIdCursor, DomainError, encodeCursor, type Tenant } from '@localreach/core';
import { CampaignService } from '../campaigns/campaign.service';
import { enrollmentTrace, variantsOf, type EnrollmentTrace } from './journey-trace';
import { JourneyTraceRepository, type RecipientFilter, type RecipientRow, type SkippedTrigger } from './journey-trace.repository';

/** Recipients read per statement while a CSV streams. */
const CSV_PAGE = 1000;

const RECIPIENT_CSV_COLUMNS = [
  'enrollment_id', 'customer_id', 'email', 'phone', 'first_name', 'last_name', 'version', 'variant', 'holdout', 'state', 'outcome', 'reason',
  'step_id', 'channel', 'sent_at', 'opened_at', 'clicked_at', 'conversions', 'revenue', 'enrolled_at', 'ended_at',
] as const;

const csvLine = (cells: (string | number | boolean | null | undefined)[]) => `${cells.map((c) => csvCell(typeof c === 'boolean' ? String(c) : c)).join(',')}\r\n`;
const isoOrNull = (d: Date | null) => (d ? new Date(d).toISOString() : null);

/** One recipient as a CRLF-terminated CSV line (times ISO-8601 UTC). */
export function recipientCsvLine(r: Recipient): string {
  return csvLine([
    r.enrollmentId, r.customer.id, r.customer.email, r.customer.phone, r.customer.firstName, r.customer.lastName, r.version, r.variant, r.holdout, r.state,
    r.outcome, r.reason, r.stepId, r.channel, isoOrNull(r.sentAt), isoOrNull(r.openedAt), isoOrNull(r.clickedAt), r.conversions, r.revenue,
    isoOrNull(r.enrolledAt), isoOrNull(r.endedAt),
  ]);
}

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

  /** Every recipient matching `filter` as CSV, header first, read in keyset pages (no connection waits on a slow download). */
  async *recipientsCsv(tenant: Tenant, campaignId: string, filter: RecipientFilter): AsyncGenerator<string> {
    await this.campaigns.get(tenant, campaignId);
    yield csvLine([...RECIPIENT_CSV_COLUMNS]);
    for (let after: [string, string] | undefined; ;) {
      const rows = await this.traces.recipients(tenant.businessId, campaignId, filter, CSV_PAGE, after);
      if (rows.length > 0) yield rows.map(({ sortKey: _sortKey, variants, ...row }) => recipientCsvLine({ ...row, variant: variantsOf(variants).variant })).join('');
      if (rows.length < CSV_PAGE) return;
      const last = rows[rows.length - 1];
      after = [last.sortKey, last.enrollmentId];
    }
  }

  /** One recipient's enrolment with every step it reached and why (the customer trace's shape); 404 for another campaign's. */
  async recipientTrace(tenant: Tenant, campaignId: string, enrollmentId: string): Promise<EnrollmentTrace> {
    await this.campaigns.get(tenant, campaignId);
    const row = await this.traces.campaignEnrollment(tenant.businessId, campaignId, enrollmentId);
    if (!row) throw DomainError.notFound('enrollment', enrollmentId);
    const [logs, messages] = [await this.traces.stepLogs(tenant.businessId, [row.id]), await this.traces.messages(tenant.businessId, [row.id])];
    return enrollmentTrace(row, logs, messages);
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
