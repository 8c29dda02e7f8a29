import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { atKeySql } from './keyset-cursor';
import type { ConsentHistoryEntry } from './timeline.types';
import type { TimelineRow } from './timeline-items';
import { timelineStatement, type TimelineStatementInput } from './timeline-sources.sql';

interface ConsentChangeRow {
  id: string;
  at_key: string;
  channel: ConsentHistoryEntry['channel'];
  status: ConsentHistoryEntry['status'];
  source: string | null;
  at: Date;
  recorded_at: Date;
}

/** Reads of one customer's history; every method is scoped to a business. */
@Injectable()
export class TimelineRepository {
  constructor(private readonly dataSource: DataSource) {}

  /** True when the business has this customer and they are not erased. */
  async customerExists(businessId: string, customerId: string): Promise<boolean> {
    const rows = await this.dataSource.query<unknown[]>(`SELECT 1 FROM customer WHERE business_id = $1 AND id = $2 AND erased_at IS NULL`, [businessId, customerId]);
    return rows.length > 0;
  }

  /** Each source's keyset page in one round trip, unordered (see timelineStatement). */
  async readSources(input: TimelineStatementInput): Promise<TimelineRow[]> {
    if (input.sources.length === 0) return [];
    const { sql, params } = timelineStatement(input);
    return this.dataSource.query<TimelineRow[]>(sql, params);
  }

  /** Consent changes newest first (by the consent's own time, then id), after `after` (exclusive); on the primary key. */
  async consentChanges(
    businessId: string,
    customerId: string,
    filter: { channel?: ConsentHistoryEntry['channel']; after?: { atKey: string; id: string }; limit: number },
  ): Promise<(ConsentHistoryEntry & { atKey: string })[]> {
    const params: unknown[] = [businessId, customerId, filter.limit];
    const where = ['business_id = $1', 'customer_id = $2'];
    if (filter.channel !== undefined) where.push(`channel = $${params.push(filter.channel)}`);
    if (filter.after !== undefined) where.push(`(at, id) < ($${params.push(filter.after.atKey)}::timestamptz, $${params.push(filter.after.id)}::bigint)`);
    const rows = await this.dataSource.query<ConsentChangeRow[]>(
      `SELECT id::text AS id, ${atKeySql('at')} AS at_key, channel, status, source, at, recorded_at FROM consent_change
        WHERE ${where.join(' AND ')} ORDER BY at DESC, id DESC LIMIT $3`,
      params,
    );
    return rows.map((r) => ({ id: r.id, atKey: r.at_key, channel: r.channel, status: r.status, source: r.source, at: r.at, recordedAt: r.recorded_at }));
  }
}
