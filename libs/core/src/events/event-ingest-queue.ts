import { Inject, Injectable, Logger } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { APP_CONFIG, type AppConfig } from '../config/app-config';
import { databaseFailure } from '../database/database-failure';
import { preparedStatement, type Queryable } from '../database/sql';
import { EventRepository, type QueuedEvent, type WrittenEvent } from './event.repository';

/** Most events one grouped statement writes; more wait for the next. */
const MAX_GROUP = 500;

interface Waiting {
  item: QueuedEvent;
  resolve: (written: WrittenEvent | null) => void;
  reject: (error: unknown) => void;
}

/**
 * Group commit for single-event requests: events of any business posted
 * while a write is in flight are collected and written together by one
 * statement (EventRepository.insertForKnownCustomers), and each request is
 * answered only after that statement committed. At 1,000 events a second one
 * statement per event (parse, plan, commit, a pooled connection each) costs
 * more than the insert itself; a group costs about one. When a group's
 * statement fails for its data (not the database being away or busy), each
 * of its events is written again alone, so one event the database refuses
 * fails only its own request.
 */
@Injectable()
export class EventIngestQueue {
  private readonly logger = new Logger(EventIngestQueue.name);
  private waiting: Waiting[] = [];
  private running = false;
  /** For tests and logs: statements run, events written by them, groups retried one by one. */
  readonly stats = { groups: 0, events: 0, isolated: 0 };

  /** The grouped insert as a named statement: planning its CTEs cost more than the insert at two or three events a group. */
  private readonly insert: Queryable;

  constructor(
    dataSource: DataSource,
    private readonly events: EventRepository,
    @Inject(APP_CONFIG) config: AppConfig,
  ) {
    this.insert = preparedStatement(dataSource, config.databaseTransactionPooling ? null : 'event_insert_known_customers');
  }

  /**
   * Writes one event if its customer exists, once committed: its id (null for
   * a duplicate idempotency key) and customer. Null: no live customer has
   * this reference, and nothing was written.
   */
  write(item: QueuedEvent): Promise<WrittenEvent | null> {
    return new Promise((resolve, reject) => {
      this.waiting.push({ item, resolve, reject });
      // The next tick, so that requests parsed in the same turn share the statement.
      if (!this.running) setImmediate(() => void this.drain());
    });
  }

  private async drain(): Promise<void> {
    if (this.running) return;
    this.running = true;
    try {
      while (this.waiting.length > 0) await this.writeGroup(this.takeGroup());
    } finally {
      this.running = false;
    }
  }

  /** Up to MAX_GROUP waiting events, at most one per business and idempotency key (a repeat waits for the next group, and is then a duplicate). */
  private takeGroup(): Waiting[] {
    const group: Waiting[] = [];
    const rest: Waiting[] = [];
    const keys = new Set<string>();
    for (const w of this.waiting) {
      const key = w.item.event.idempotencyKey === null ? null : `${w.item.businessId}\n${w.item.event.idempotencyKey}`;
      if (group.length >= MAX_GROUP || (key !== null && keys.has(key))) rest.push(w);
      else {
        if (key !== null) keys.add(key);
        group.push(w);
      }
    }
    this.waiting = rest;
    return group;
  }

  private async writeGroup(group: Waiting[]): Promise<void> {
    try {
      const written = await this.events.insertForKnownCustomers(this.insert, group.map((w) => w.item));
      this.stats.groups += 1;
      this.stats.events += group.length;
      group.forEach((w, i) => w.resolve(written.get(i) ?? null));
    } catch (error) {
      // Database away, busy or too slow: every event would fail alike, so each request gets this error (503) at once.
      if (group.length === 1 || databaseFailure(error) !== undefined) {
        for (const w of group) w.reject(error);
        return;
      }
      this.stats.isolated += 1;
      this.logger.warn(`a grouped write of ${group.length} events failed (${(error as Error).message}); writing each alone`);
      await Promise.all(group.map((w) => this.writeGroup([w])));
    }
  }
}
