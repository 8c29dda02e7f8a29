import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { Queryable } from '@localreach/core';

export type AudienceChannel = 'email' | 'sms';

/** How many members of an audience each channel reaches, and why the others are not reached. */
export interface ChannelReach {
  channel: AudienceChannel;
  reachable: number;
  noAddress: number;
  noConsent: number;
  suppressed: number;
}

export interface AudienceCounts {
  audience: number;
  /** Reached on at least one of the channels asked about. */
  reachable: number;
  channels: ChannelReach[];
}

export interface AudienceMember {
  id: string;
  firstName: string | null;
  lastName: string | null;
  email: string | null;
  phone: string | null;
  /** The channels asked about on which a message would go out now. */
  reachableOn: AudienceChannel[];
}

interface CountRow {
  audience: number;
  email_address: number;
  email_consent: number;
  email_reachable: number;
  sms_address: number;
  sms_consent: number;
  sms_reachable: number;
  any_reachable: number;
}

/**
 * Per-customer reachability, as the send gate decides it (send-policy.ts): an
 * address for the channel, consent (SMS: granted; email: not denied, or
 * granted where the business requires opt-in) and not on the suppression
 * list. `$e` = emailRequiresOptIn; the business is $1.
 */
function reachSql(e: string): Record<string, string> {
  const hasEmail = `(c.email IS NOT NULL AND btrim(c.email) <> '')`;
  const hasPhone = `(c.phone IS NOT NULL AND btrim(c.phone) <> '')`;
  const emailConsent = `(CASE WHEN ${e} THEN c.consent_email = 'granted' ELSE c.consent_email IS DISTINCT FROM 'denied' END)`;
  const smsConsent = `(c.consent_sms = 'granted')`;
  const emailFree = `NOT EXISTS (SELECT 1 FROM suppression s WHERE s.business_id = $1 AND s.channel = 'email' AND s.address = lower(btrim(c.email)))`;
  const smsFree = `NOT EXISTS (SELECT 1 FROM suppression s WHERE s.business_id = $1 AND s.channel = 'sms' AND s.address = btrim(c.phone))`;
  return {
    emailAddress: hasEmail,
    emailConsent: `${hasEmail} AND ${emailConsent}`,
    email: `${hasEmail} AND ${emailConsent} AND ${emailFree}`,
    smsAddress: hasPhone,
    smsConsent: `${hasPhone} AND ${smsConsent}`,
    sms: `${hasPhone} AND ${smsConsent} AND ${smsFree}`,
  };
}

@Injectable()
export class CampaignAudienceRepository {
  constructor(private readonly dataSource: DataSource) {}

  async segment(businessId: string, id: string): Promise<{ name: string; definition: unknown } | undefined> {
    const rows = await this.dataSource.query<{ name: string; definition: unknown }[]>(
      `SELECT name, definition FROM segment WHERE business_id = $1 AND id = $2 AND deleted_at IS NULL`, [businessId, id],
    );
    return rows[0];
  }

  async geofenceName(businessId: string, id: string): Promise<string | undefined> {
    const rows = await this.dataSource.query<{ name: string }[]>(`SELECT name FROM geofence WHERE business_id = $1 AND id = $2 AND deleted_at IS NULL`, [businessId, id]);
    return rows[0]?.name;
  }

  /** Counts the customers a compiled member query returns (`$1` = business id) and how each channel reaches them. */
  async counts(q: Queryable, members: { sql: string; params: unknown[] }, channels: AudienceChannel[], emailRequiresOptIn: boolean): Promise<AudienceCounts> {
    const params = [...members.params, emailRequiresOptIn];
    const r = reachSql(`$${params.length}::boolean`);
    const any = channels.length === 0 ? 'false' : channels.map((ch) => `(${r[ch]})`).join(' OR ');
    const [row] = await q.query<CountRow[]>(
      `SELECT count(*)::int AS audience,
              count(*) FILTER (WHERE ${r.emailAddress})::int AS email_address, count(*) FILTER (WHERE ${r.emailConsent})::int AS email_consent,
              count(*) FILTER (WHERE ${r.email})::int AS email_reachable,
              count(*) FILTER (WHERE ${r.smsAddress})::int AS sms_address, count(*) FILTER (WHERE ${r.smsConsent})::int AS sms_consent,
              count(*) FILTER (WHERE ${r.sms})::int AS sms_reachable,
              count(*) FILTER (WHERE ${any})::int AS any_reachable
         FROM customer c JOIN (${members.sql}) m ON m.id = c.id
        WHERE c.business_id = $1`,
      params,
    );
    return {
      audience: row.audience,
      reachable: row.any_reachable,
      channels: channels.map((channel) => ({
        channel,
        reachable: row[`${channel}_reachable`],
        noAddress: row.audience - row[`${channel}_address`],
        noConsent: row[`${channel}_address`] - row[`${channel}_consent`],
        suppressed: row[`${channel}_consent`] - row[`${channel}_reachable`],
      })),
    };
  }

  /** Up to `limit` members, oldest customers first, with the channels that reach them. */
  async sample(q: Queryable, members: { sql: string; params: unknown[] }, channels: AudienceChannel[], emailRequiresOptIn: boolean, limit: number): Promise<AudienceMember[]> {
    const params = [...members.params, emailRequiresOptIn, limit];
    const r = reachSql(`$${params.length - 1}::boolean`);
    const rows = await q.query<(Omit<AudienceMember, 'reachableOn'> & { email_ok: boolean; sms_ok: boolean })[]>(
      `SELECT c.id, c.first_name AS "firstName", c.last_name AS "lastName", c.email, c.phone, (${r.email}) AS email_ok, (${r.sms}) AS sms_ok
         FROM customer c JOIN (${members.sql}) m ON m.id = c.id
        WHERE c.business_id = $1
        ORDER BY c.created_at, c.id
        LIMIT $${params.length}`,
      params,
    );
    return rows.map(({ email_ok, sms_ok, ...member }) => ({
      ...member,
      reachableOn: channels.filter((ch) => (ch === 'email' ? email_ok : sms_ok)),
    }));
  }
}
