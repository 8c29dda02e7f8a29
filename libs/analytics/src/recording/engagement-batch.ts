import type { EngagementRow } from './engagement.repository';
import type { MessageFacts, TrackingHit } from './engagement.types';
import { classifyHit, detectClickBurst, type MachineRules, type MachineVerdict, type SeenClick } from './machine-classifier';

/** Recent clicks per message (this process's), for burst detection across batches. */
export class ClickHistory {
  private readonly clicks = new Map<string, SeenClick[]>();
  private lastPrune = Number.NEGATIVE_INFINITY;

  constructor(private readonly windowMs: number) {}

  of(messageId: string): readonly SeenClick[] {
    return this.clicks.get(messageId) ?? [];
  }

  add(messageId: string, click: SeenClick): void {
    const list = this.clicks.get(messageId) ?? [];
    list.push(click);
    this.clicks.set(messageId, list);
  }

  /**
   * Forgets clicks too old to be part of any burst that can still form. Goes
   * over the history at most once per window (it holds every message clicked
   * in the last two windows, thousands under load, and the recorder asks after
   * every batch), and copies only the lists that lose a click.
   */
  prune(now: number): void {
    if (now >= this.lastPrune && now - this.lastPrune < this.windowMs) return;
    this.lastPrune = now;
    const fresh = (c: SeenClick) => now - c.at < this.windowMs * 2;
    for (const [messageId, list] of this.clicks) {
      if (list.every(fresh)) continue;
      const kept = list.filter(fresh);
      if (kept.length === 0) this.clicks.delete(messageId);
      else this.clicks.set(messageId, kept);
    }
  }

  get size(): number {
    return this.clicks.size;
  }
}

/**
 * Messages known to have an opened row: those of every batch this process
 * wrote (its opens were written, and each click's implied open was written
 * or skipped because the message had one). Opens are never removed, so a
 * click on a known message needs no implied open. The oldest are forgotten
 * beyond `capacity`; a forgotten message only costs the database check again.
 */
export class KnownOpens {
  private readonly ids = new Set<string>();

  constructor(private readonly capacity: number) {}

  has(messageId: string): boolean {
    return this.ids.has(messageId);
  }

  add(messageId: string): void {
    if (this.ids.has(messageId)) return;
    this.ids.add(messageId);
    if (this.ids.size > this.capacity) this.ids.delete(this.ids.values().next().value as string);
  }

  get size(): number {
    return this.ids.size;
  }
}

/** A scanner's burst of clicks on one message, to flag in rows already written. */
export interface ClickBurst {
  messageId: string;
  from: Date;
  to: Date;
}

export interface BuiltBatch {
  rows: EngagementRow[];
  bursts: ClickBurst[];
  /** Hits whose message no longer exists: nothing to record them against. */
  unknown: number;
}

const row = (hit: TrackingHit, verdict: MachineVerdict, implied: boolean): EngagementRow => ({
  messageId: hit.messageId,
  type: implied ? 'opened' : hit.type,
  occurredAt: hit.occurredAt,
  machine: verdict.machine,
  machineReason: verdict.reason,
  linkIndex: implied ? null : hit.link,
  url: implied ? null : hit.url,
  properties: implied ? { implied: true } : null,
  implied,
});

/**
 * Turns hits into engagement rows: each hit classified person or machine
 * (its own signals, then click bursts with the message's recent clicks), and
 * a click on a message with no open yet also writes the open it implies (a
 * click proves the email was opened, images blocked or not; the common
 * practice of ESPs). The implied open carries the click's verdict and is
 * skipped by the insert when the message already has an open; it is not
 * built at all for messages in `knownOpens`.
 */
export function buildEngagementBatch(
  hits: readonly TrackingHit[],
  facts: ReadonlyMap<string, MessageFacts>,
  history: ClickHistory,
  rules: MachineRules,
  knownOpens: { has(messageId: string): boolean } = { has: () => false },
): BuiltBatch {
  const rows: EngagementRow[] = [];
  const bursts = new Map<string, ClickBurst>();
  const opened = new Set<string>();
  let unknown = 0;
  for (const hit of hits) {
    const message = facts.get(hit.messageId);
    if (!message) {
      unknown += 1;
      continue;
    }
    let verdict = classifyHit({ type: hit.type, userAgent: hit.userAgent, occurredAt: hit.occurredAt, sentAt: message.sentAt, deliveredAt: message.deliveredAt }, rules);
    if (hit.type === 'clicked' && hit.link !== null) {
      const click = { at: hit.occurredAt.getTime(), link: hit.link };
      const burst = detectClickBurst(history.of(hit.messageId), click, rules);
      history.add(hit.messageId, click);
      if (burst.burst) {
        if (!verdict.machine) verdict = { machine: true, reason: 'click_burst' };
        const known = bursts.get(hit.messageId);
        const from = Math.min(burst.since, known?.from.getTime() ?? Infinity);
        const to = Math.max(hit.occurredAt.getTime(), known?.to.getTime() ?? -Infinity);
        bursts.set(hit.messageId, { messageId: hit.messageId, from: new Date(from), to: new Date(to) });
      }
      if (!opened.has(hit.messageId) && !knownOpens.has(hit.messageId)) rows.push(row(hit, verdict, true));
    }
    opened.add(hit.messageId);
    rows.push(row(hit, verdict, false));
  }
  return { rows, bursts: [...bursts.values()], unknown };
}
