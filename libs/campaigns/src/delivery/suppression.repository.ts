import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { IdentityHashKey, type Queryable } from '@localreach/core';
import type { DeliveryChannel } from './send-policy';

export interface Suppression {
  channel: DeliveryChannel;
  address: string;
  /** e.g. bad_address, invalid_number, carrier_stop, unsubscribed. */
  reason: string;
  /** What reported it, e.g. smtp_550, twilio_21610. */
  source: string | null;
  createdAt: Date;
}

/** Emails compare case-insensitively (ingest lower-cases them); phones are E.164 already. */
export function normaliseAddress(channel: DeliveryChannel, address: string): string {
  const trimmed = address.trim();
  return channel === 'email' ? trimmed.toLowerCase() : trimmed;
}

/** Addresses a business must never send to again on a channel. */
@Injectable()
export class SuppressionRepository {
  constructor(
    private readonly dataSource: DataSource,
    private readonly identityKey: IdentityHashKey,
  ) {}

  /** Adds an address; an address already listed keeps its first reason. True when it was added now. */
  async add(businessId: string, entry: { channel: DeliveryChannel; address: string; reason: string; source?: string | null }, q: Queryable = this.dataSource): Promise<boolean> {
    const rows = await q.query<unknown[]>(
      `INSERT INTO suppression (business_id, channel, address, reason, source) VALUES ($1, $2, $3, $4, $5)
       ON CONFLICT (business_id, channel, address) DO NOTHING RETURNING address`,
      [businessId, entry.channel, normaliseAddress(entry.channel, entry.address), entry.reason, entry.source ?? null],
    );
    return rows.length === 1;
  }

  /** Listed, or the address of an erased person who was listed (kept only as a keyed hash, see erased_identity). */
  async isSuppressed(businessId: string, channel: DeliveryChannel, address: string, q: Queryable = this.dataSource): Promise<boolean> {
    const normalised = normaliseAddress(channel, address);
    const rows = await q.query<unknown[]>(
      `SELECT 1 FROM suppression WHERE business_id = $1 AND channel = $2 AND address = $3
       UNION ALL
       SELECT 1 FROM erased_identity WHERE business_id = $1 AND channel = $2 AND identity_hash = $4 AND suppression_reason IS NOT NULL
       LIMIT 1`,
      [businessId, channel, normalised, this.identityKey.hash(normalised)],
    );
    return rows.length > 0;
  }

  /** One page, newest first; pass the last row's createdAt and address to continue. */
  async list(businessId: string, options: { channel?: DeliveryChannel; limit?: number; after?: { createdAt: Date; address: string } } = {}): Promise<Suppression[]> {
    const rows = await this.dataSource.query<Suppression[]>(
      `SELECT channel, address, reason, source, created_at AS "createdAt" FROM suppression
        WHERE business_id = $1 AND ($2::text IS NULL OR channel = $2)
          AND ($3::timestamptz IS NULL OR (created_at, address) < ($3::timestamptz, $4::text))
        ORDER BY created_at DESC, address DESC LIMIT $5`,
      [businessId, options.channel ?? null, options.after?.createdAt ?? null, options.after?.address ?? null, options.limit ?? 100],
    );
    return rows;
  }
}
