import { Inject, Injectable } from '@nestjs/common';
import type { PoolClient } from 'pg';
import { DataSource } from 'typeorm';
import { APP_CONFIG, type AppConfig, type Queryable } from '@localreach/core';
import type { EngagementType, MachineReason, MessageFacts } from './engagement.types';

/** One engagement row to write for a message; business, customer, campaign, step and variant come from the message. */
export interface EngagementRow {
  messageId: string;
  type: EngagementType;
  occurredAt: Date;
  machine: boolean;
  machineReason: MachineReason | null;
  linkIndex: number | null;
  url: string | null;
  properties: Record<string, unknown> | null;
  /** An open implied by a click: written only while the message has no 'opened' row yet. */
  implied: boolean;
}

interface FactsRow {
  id: string;
  business_id: string;
  customer_id: string;
  campaign_id: string | null;
  channel: 'email' | 'sms';
  sent_at: Date | null;
  delivered_at: Date | null;
  links: unknown;
}

/**
 * One batch of engagement rows, joined to message for the owning business,
 * customer, campaign, step and variant; $1–$9 are the rows' columns as arrays
 * (see `insertBatch`). The plan is pinned to one primary-key lookup per row
 * (and, for implied opens only, one probe of engagement_message_idx):
 * `OFFSET 0` keeps the LATERAL and the EXISTS from being flattened. Left to
 * itself the planner hash-joined a few hundred rows against a seq scan of
 * every message while the table was small, and hashed the EXISTS into a scan
 * of every open: a 250-row batch cost 18 ms of PostgreSQL's time instead of
 * 9 ms on 10,000 messages, and more as they grew, until the plan flipped.
 */
export const INSERT_ENGAGEMENT_BATCH_SQL = `
  INSERT INTO engagement (business_id, message_id, customer_id, campaign_id, step_id, variant, type, occurred_at, machine, machine_reason,
                          link_index, url, properties)
  SELECT m.business_id, m.id, m.customer_id, m.campaign_id, m.step_id, m.variant, v.type, v.occurred_at, v.machine, v.machine_reason,
         v.link_index, v.url, v.properties
    FROM unnest($1::uuid[], $2::text[], $3::timestamptz[], $4::boolean[], $5::text[], $6::int[], $7::text[], $8::jsonb[], $9::boolean[])
         WITH ORDINALITY AS v(message_id, type, occurred_at, machine, machine_reason, link_index, url, properties, implied, ord)
   CROSS JOIN LATERAL (SELECT m.business_id, m.id, m.customer_id, m.campaign_id, m.step_id, m.variant FROM message m WHERE m.id = v.message_id OFFSET 0) m
   WHERE NOT v.implied OR NOT EXISTS (SELECT 1 FROM engagement e WHERE e.message_id = v.message_id AND e.type = 'opened' OFFSET 0)
   ORDER BY v.ord`;

/**
 * The engagement ledger. Hits from the public endpoints name only a message
 * id (inside a token we signed), so the lookups and inserts by message id are
 * unscoped by necessity, like a provider-id lookup; each row takes its
 * business_id from the message it belongs to, so a token can only ever write
 * to its own message's business. Everything else is scoped by business.
 */
@Injectable()
export class EngagementRepository {
  constructor(
    private readonly dataSource: DataSource,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async findMessageFacts(ids: readonly string[]): Promise<MessageFacts[]> {
    if (ids.length === 0) return [];
    const rows = await this.dataSource.query<FactsRow[]>(
      `SELECT id, business_id, customer_id, campaign_id, channel, sent_at, delivered_at, links FROM message WHERE id = ANY($1::uuid[])`,
      [ids],
    );
    return rows.map((r) => ({
      id: r.id, businessId: r.business_id, customerId: r.customer_id, campaignId: r.campaign_id, channel: r.channel, sentAt: r.sent_at,
      deliveredAt: r.delivered_at, links: Array.isArray(r.links) && r.links.every((l) => typeof l === 'string') ? (r.links as string[]) : null,
    }));
  }

  /**
   * Writes a batch in one statement, joined to message for the owning
   * business, customer, campaign, step and variant (rows of messages that no
   * longer exist are skipped). Returns how many rows were written.
   */
  async insertBatch(rows: readonly EngagementRow[]): Promise<number> {
    if (rows.length === 0) return 0;
    const column = <T>(pick: (row: EngagementRow) => T): T[] => rows.map(pick);
    const runner = this.dataSource.createQueryRunner();
    try {
      // A named statement: each pooled connection parses and plans it once, not for every batch. Not through a
      // transaction pooler: the next batch may reach a server connection that never saw the statement prepared.
      const client = (await runner.connect()) as PoolClient;
      const { rowCount } = await client.query({
        ...(this.config.databaseTransactionPooling ? {} : { name: 'engagement_insert_batch' }),
        text: INSERT_ENGAGEMENT_BATCH_SQL,
        values: [
          column((r) => r.messageId), column((r) => r.type), column((r) => r.occurredAt.toISOString()), column((r) => r.machine),
          column((r) => r.machineReason), column((r) => r.linkIndex), column((r) => r.url),
          column((r) => (r.properties === null ? null : JSON.stringify(r.properties))), column((r) => r.implied),
        ],
      });
      return rowCount ?? 0;
    } finally {
      await runner.release();
    }
  }

  /**
   * A scanner walked the message's links: its clicks (and the opens they
   * implied) from `from` to `to` become machine hits, including those an
   * earlier batch wrote as human.
   */
  async flagClickBurst(messageId: string, from: Date, to: Date): Promise<number> {
    const [, count] = await this.dataSource.query<[unknown[], number]>(
      `UPDATE engagement SET machine = true, machine_reason = 'click_burst'
        WHERE message_id = $1 AND type IN ('clicked', 'opened') AND occurred_at BETWEEN $2 AND $3 AND NOT machine
          AND (type = 'clicked' OR properties @> '{"implied": true}')`,
      [messageId, from, to],
    );
    return count;
  }

  /** One engagement row (unsubscribed, replied) on a message of this business; false when the message is not the business's. */
  async insertForMessage(
    q: Queryable,
    businessId: string,
    messageId: string,
    row: { type: EngagementType; occurredAt: Date; properties?: Record<string, unknown> },
  ): Promise<boolean> {
    const inserted = await q.query<unknown[]>(
      `INSERT INTO engagement (business_id, message_id, customer_id, campaign_id, step_id, variant, type, occurred_at, properties)
       SELECT m.business_id, m.id, m.customer_id, m.campaign_id, m.step_id, m.variant, $3, $4, $5::jsonb
         FROM message m WHERE m.business_id = $1 AND m.id = $2
       RETURNING 1`,
      [businessId, messageId, row.type, row.occurredAt, row.properties ? JSON.stringify(row.properties) : null],
    );
    return inserted.length > 0;
  }
}
