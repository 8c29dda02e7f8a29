import { Injectable } from '@nestjs/common';
import { DomainError, isUuid, type Tenant } from '@localreach/core';
import { decodeTimeIdCursor, decodeTimelineCursor, encodeTimeIdCursor, encodeTimelineCursor } from './keyset-cursor';
import { toTimelineItem, type TimelineRow } from './timeline-items';
import { compareTimelinePositions, mergePage } from './timeline-merge';
import { TimelineRepository } from './timeline.repository';
import {
  SOURCE_KIND, TIMELINE_KINDS, TIMELINE_SOURCES, type ConsentHistoryEntry, type Page, type TimelineItem, type TimelineQuery,
} from './timeline.types';

const position = (row: TimelineRow) => ({ atKey: row.at_key, source: row.source, id: row.id });
const byPosition = (a: TimelineRow, b: TimelineRow) => compareTimelinePositions(position(a), position(b));

/** One customer's history for the admin UI: the timeline across kinds and the consent history. */
@Injectable()
export class CustomerTimelineService {
  constructor(private readonly timelines: TimelineRepository) {}

  /**
   * Newest first. Each source (see TIMELINE_SOURCES) reads its next `limit + 1`
   * rows after the cursor on its own index; the k-way merge of those pages
   * gives this page, so a page costs the same at any depth.
   */
  async timeline(tenant: Tenant, customerId: string, query: TimelineQuery): Promise<Page<TimelineItem>> {
    const after = query.cursor === undefined ? undefined : decodeTimelineCursor(query.cursor);
    await this.requireCustomer(tenant, customerId);
    const kinds = query.kinds && query.kinds.length > 0 ? query.kinds : TIMELINE_KINDS;
    const sources = TIMELINE_SOURCES.filter((source) => kinds.includes(SOURCE_KIND[source]));
    const rows = await this.timelines.readSources({
      businessId: tenant.businessId, customerId, sources, perSource: query.limit + 1, after, before: query.before,
    });
    const lists = sources.map((source) => rows.filter((r) => r.source === source).sort(byPosition));
    const { items, hasMore } = mergePage<TimelineRow>(lists, byPosition, query.limit);
    const last = items[items.length - 1];
    return { items: items.map(toTimelineItem), nextCursor: hasMore && last ? encodeTimelineCursor(position(last)) : null };
  }

  /** Consent changes newest first, by when consent was given or withdrawn as its source said. */
  async consentHistory(
    tenant: Tenant,
    customerId: string,
    query: { channel?: ConsentHistoryEntry['channel']; cursor?: string; limit: number },
  ): Promise<Page<ConsentHistoryEntry>> {
    const after = query.cursor === undefined ? undefined : decodeTimeIdCursor(query.cursor, 'bigint');
    await this.requireCustomer(tenant, customerId);
    const rows = await this.timelines.consentChanges(tenant.businessId, customerId, { channel: query.channel, after, limit: query.limit + 1 });
    const items = rows.slice(0, query.limit).map(({ atKey: _atKey, ...entry }) => entry);
    const last = rows[query.limit - 1];
    return { items, nextCursor: rows.length > query.limit ? encodeTimeIdCursor(last.atKey, last.id) : null };
  }

  /** Unknown, erased and other businesses' customers are all "not found". */
  private async requireCustomer(tenant: Tenant, customerId: string): Promise<void> {
    if (!isUuid(customerId) || !(await this.timelines.customerExists(tenant.businessId, customerId))) {
      throw DomainError.notFound('customer', customerId);
    }
  }
}
