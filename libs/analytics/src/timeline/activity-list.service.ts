import { Injectable } from '@nestjs/common';
import type { Tenant } from '@localreach/core';
import { ActivityListRepository, type EventListFilter, type ListedEvent, type ListedMessage, type MessageListFilter } from './activity-list.repository';
import { decodeTimeIdCursor, encodeTimeIdCursor } from './keyset-cursor';
import type { Page } from './timeline.types';

type Query<F> = Omit<F, 'after' | 'limit'> & { cursor?: string; limit: number };

function page<T extends { id: string; atKey: string }>(rows: T[], limit: number): Page<T> {
  const items = rows.slice(0, limit);
  const last = items[items.length - 1];
  return { items, nextCursor: rows.length > limit && last ? encodeTimeIdCursor(last.atKey, last.id) : null };
}

/**
 * Business-wide event and message listings for integrators, newest first in
 * cursor pages. Another business's customer or campaign id simply matches
 * nothing.
 */
@Injectable()
export class ActivityListService {
  constructor(private readonly lists: ActivityListRepository) {}

  async events(tenant: Tenant, query: Query<EventListFilter>): Promise<Page<ListedEvent>> {
    const { cursor, ...filter } = query;
    const after = cursor === undefined ? undefined : decodeTimeIdCursor(cursor, 'bigint');
    return page(await this.lists.events(tenant.businessId, { ...filter, after, limit: query.limit + 1 }), query.limit);
  }

  async messages(tenant: Tenant, query: Query<MessageListFilter>): Promise<Page<ListedMessage>> {
    const { cursor, ...filter } = query;
    const after = cursor === undefined ? undefined : decodeTimeIdCursor(cursor, 'uuid');
    return page(await this.lists.messages(tenant.businessId, { ...filter, after, limit: query.limit + 1 }), query.limit);
  }
}
