import { Inject, Injectable } from '@nestjs/common';
import { EngagementRepository } from './engagement.repository';
import type { MessageFacts } from './engagement.types';
import { RECORDING_OPTIONS, type RecordingOptions } from './recording.options';

interface Entry {
  facts: MessageFacts;
  expiresAt: number;
}

/**
 * Messages' owners, send times and links, kept in memory (least recently used
 * out first, and for a limited time), so a click redirect is usually answered
 * without a query. What the cache holds is fixed once a message is sent.
 * Concurrent misses for one message share one query.
 */
@Injectable()
export class MessageFactsCache {
  private readonly entries = new Map<string, Entry>();
  private readonly loading = new Map<string, Promise<MessageFacts | undefined>>();

  constructor(
    private readonly repository: EngagementRepository,
    @Inject(RECORDING_OPTIONS) private readonly options: RecordingOptions,
  ) {}

  /** The message, or undefined when it does not exist. */
  async get(messageId: string): Promise<MessageFacts | undefined> {
    const cached = this.lookup(messageId);
    if (cached) return cached;
    const pending = this.loading.get(messageId);
    if (pending) return pending;
    const load = this.repository
      .findMessageFacts([messageId])
      .then(([facts]) => {
        if (facts) this.remember(facts);
        return facts;
      })
      .finally(() => this.loading.delete(messageId));
    this.loading.set(messageId, load);
    return load;
  }

  /** The message if it is in memory, without a query (undefined: not cached; use `get`). */
  peek(messageId: string): MessageFacts | undefined {
    return this.lookup(messageId);
  }

  /** Several messages with at most one query; missing ones are absent from the map. */
  async getMany(messageIds: Iterable<string>): Promise<Map<string, MessageFacts>> {
    const found = new Map<string, MessageFacts>();
    const missing: string[] = [];
    for (const id of new Set(messageIds)) {
      const cached = this.lookup(id);
      if (cached) found.set(id, cached);
      else missing.push(id);
    }
    for (const facts of await this.repository.findMessageFacts(missing)) {
      this.remember(facts);
      found.set(facts.id, facts);
    }
    return found;
  }

  get size(): number {
    return this.entries.size;
  }

  private lookup(messageId: string): MessageFacts | undefined {
    const entry = this.entries.get(messageId);
    if (!entry) return undefined;
    this.entries.delete(messageId);
    if (entry.expiresAt <= Date.now()) return undefined;
    // Re-inserting moves the entry to the young end of the Map's insertion order; keyed by the id it
    // was stored under, so the map keeps no caller's string (each hit's id is a fresh one).
    this.entries.set(entry.facts.id, entry);
    return entry.facts;
  }

  private remember(facts: MessageFacts): void {
    this.entries.delete(facts.id);
    this.entries.set(facts.id, { facts, expiresAt: Date.now() + this.options.cacheTtlMs });
    while (this.entries.size > this.options.cacheSize) {
      const oldest = this.entries.keys().next().value as string;
      this.entries.delete(oldest);
    }
  }
}
