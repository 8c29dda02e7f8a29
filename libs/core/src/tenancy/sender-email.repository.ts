import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { Queryable } from '../database/sql';
import type { SenderEmailRecord } from './sender-email';

interface Row {
  address: string;
  requested_at: Date;
  confirmed_at: Date | null;
  token_expires_at: Date | null;
  sent_at: Date | null;
  send_error: string | null;
}

const COLUMNS = `address, requested_at, confirmed_at, token_expires_at, sent_at, send_error`;

function toRecord(row: Row | undefined): SenderEmailRecord | undefined {
  if (!row) return undefined;
  return {
    address: row.address, requestedAt: row.requested_at, confirmedAt: row.confirmed_at, tokenExpiresAt: row.token_expires_at,
    sentAt: row.sent_at, sendError: row.send_error,
  };
}

/** A link's token as stored: its hash and until when it works. */
export interface StoredToken {
  hash: Buffer;
  expiresAt: Date;
}

/** The sender_email table: a business's From address and its confirmation. */
@Injectable()
export class SenderEmailRepository {
  constructor(private readonly dataSource: DataSource) {}

  async find(businessId: string, q: Queryable = this.dataSource): Promise<SenderEmailRecord | undefined> {
    const rows = await q.query<Row[]>(`SELECT ${COLUMNS} FROM sender_email WHERE business_id = $1`, [businessId]);
    return toRecord(rows[0]);
  }

  /** As find, holding the row until the transaction ends (a re-send and a confirmation do not cross). */
  async lock(q: Queryable, businessId: string): Promise<SenderEmailRecord | undefined> {
    const rows = await q.query<Row[]>(`SELECT ${COLUMNS} FROM sender_email WHERE business_id = $1 FOR UPDATE`, [businessId]);
    return toRecord(rows[0]);
  }

  /** The record whose current link is `tokenHash`, with the business's name (for the confirmation page). */
  async findByToken(businessId: string, tokenHash: Buffer): Promise<{ record: SenderEmailRecord; businessName: string } | undefined> {
    const rows = await this.dataSource.query<(Row & { name: string })[]>(
      `SELECT s.address, s.requested_at, s.confirmed_at, s.token_expires_at, s.sent_at, s.send_error, b.name
         FROM sender_email s JOIN business b ON b.id = s.business_id WHERE s.business_id = $1 AND s.token_hash = $2`,
      [businessId, tokenHash],
    );
    return rows[0] && { record: toRecord(rows[0]) as SenderEmailRecord, businessName: rows[0].name };
  }

  /** As lock, only when `tokenHash` is the business's current link. */
  async lockByToken(q: Queryable, businessId: string, tokenHash: Buffer): Promise<SenderEmailRecord | undefined> {
    const rows = await q.query<Row[]>(`SELECT ${COLUMNS} FROM sender_email WHERE business_id = $1 AND token_hash = $2 FOR UPDATE`, [businessId, tokenHash]);
    return toRecord(rows[0]);
  }

  /**
   * Whether a business other than `businessId` confirmed this address, or an
   * address at `claimedDomain`. Deliberately across businesses: a claim is
   * exclusive. The unique indexes decide races; this only answers early.
   */
  async isClaimedByAnother(q: Queryable, businessId: string, address: string, claimedDomain: string | null): Promise<boolean> {
    const rows = await q.query<unknown[]>(
      `SELECT 1 FROM sender_email
        WHERE business_id <> $1 AND confirmed_at IS NOT NULL AND (address = $2 OR claimed_domain = $3) LIMIT 1`,
      [businessId, address, claimedDomain],
    );
    return rows.length > 0;
  }

  /** A new From address: pending since `now` with a fresh link, whatever was confirmed before. */
  async startPending(q: Queryable, businessId: string, address: string, token: StoredToken, now: Date): Promise<void> {
    await q.query(
      `INSERT INTO sender_email (business_id, address, requested_at, token_hash, token_expires_at)
       VALUES ($1, $2, $3, $4, $5)
       ON CONFLICT (business_id) DO UPDATE SET address = EXCLUDED.address, requested_at = EXCLUDED.requested_at, confirmed_at = NULL,
         claimed_domain = NULL, token_hash = EXCLUDED.token_hash, token_expires_at = EXCLUDED.token_expires_at, sent_at = NULL, send_error = NULL`,
      [businessId, address, now, token.hash, token.expiresAt],
    );
  }

  /** Replaces the link of a pending address (the previous one stops working). */
  async renewToken(q: Queryable, businessId: string, token: StoredToken): Promise<void> {
    await q.query(
      `UPDATE sender_email SET token_hash = $2, token_expires_at = $3, send_error = NULL WHERE business_id = $1 AND confirmed_at IS NULL`,
      [businessId, token.hash, token.expiresAt],
    );
  }

  /** The business has no From address any more: its claim is released. */
  async remove(q: Queryable, businessId: string): Promise<void> {
    await q.query(`DELETE FROM sender_email WHERE business_id = $1`, [businessId]);
  }

  /** The outcome of mailing link `tokenHash`; nothing when a newer link replaced it meanwhile. */
  async recordSend(businessId: string, tokenHash: Buffer, outcome: { sentAt: Date } | { error: string }): Promise<void> {
    await this.dataSource.query(
      `UPDATE sender_email SET sent_at = COALESCE($3, sent_at), send_error = $4 WHERE business_id = $1 AND token_hash = $2 AND confirmed_at IS NULL`,
      [businessId, tokenHash, 'sentAt' in outcome ? outcome.sentAt : null, 'error' in outcome ? outcome.error.slice(0, 500) : null],
    );
  }

  /**
   * Marks the address confirmed and claims `claimedDomain`. Throws the unique
   * violation of sender_email_confirmed_address_idx or
   * sender_email_claimed_domain_idx when another business got there first.
   */
  async confirm(q: Queryable, businessId: string, claimedDomain: string | null, now: Date): Promise<void> {
    await q.query(
      `UPDATE sender_email SET confirmed_at = $2, claimed_domain = $3, token_expires_at = NULL, send_error = NULL WHERE business_id = $1`,
      [businessId, now, claimedDomain],
    );
  }
}
