import type { PostalAddress } from '../database/entities';

export type ConsentChannel = 'email' | 'sms' | 'location';
export const CONSENT_CHANNELS: readonly ConsentChannel[] = ['email', 'sms', 'location'];
export type ConsentStatus = 'granted' | 'denied';
export type ConsentSource = 'form' | 'import' | 'pos' | 'api' | 'sms_keyword' | 'unsubscribe_link' | 'preference_page' | 'carrier_stop';
export const INPUT_CONSENT_SOURCES: readonly ConsentSource[] = ['form', 'import', 'pos', 'api'];

/** How the person withdrew consent themselves: a STOP reply or carrier opt-out, the unsubscribe link or preference page. */
export const SELF_WITHDRAWAL_SOURCES: readonly ConsentSource[] = ['sms_keyword', 'carrier_stop', 'unsubscribe_link', 'preference_page'];
/**
 * What may grant consent again after such a withdrawal: only the person's own
 * new opt-in (a form they filled in, a START reply, the preference page),
 * never an import, a POS sync or an API call on the business's behalf.
 */
export const REGRANT_SOURCES: readonly ConsentSource[] = ['form', 'sms_keyword', 'preference_page'];

/** Why `next` may not replace `current`, or undefined when it may. */
export function consentRegrantRefusal(current: ConsentRecord | undefined, next: Pick<ConsentRecord, 'status' | 'source'>): string | undefined {
  if (current?.status !== 'denied' || next.status !== 'granted') return undefined;
  if (!SELF_WITHDRAWAL_SOURCES.includes(current.source) || REGRANT_SOURCES.includes(next.source)) return undefined;
  return `was withdrawn by the customer (${current.source} at ${current.at.toISOString()}); only their own new opt-in (source form, a START reply or the preference page) can grant it again`;
}

export interface ConsentRecord {
  status: ConsentStatus;
  at: Date;
  source: ConsentSource;
}

/**
 * A customer change after validation and normalisation. `undefined` means
 * "not given, leave as is"; `null` means "clear it".
 */
export interface CustomerChanges {
  externalId?: string | null;
  email?: string | null;
  phone?: string | null;
  firstName?: string | null;
  lastName?: string | null;
  birthday?: string | null;
  timezone?: string | null;
  lat?: number | null;
  lng?: number | null;
  address?: PostalAddress | null;
  /** Shallow merge; a null value deletes that key. */
  attributes?: Record<string, unknown>;
  /** Replaces the tag list. */
  tags?: string[];
  consent?: Partial<Record<ConsentChannel, ConsentRecord>>;
}

/** A stored customer as the domain sees it. */
export interface Customer {
  id: string;
  businessId: string;
  externalId: string | null;
  email: string | null;
  phone: string | null;
  firstName: string | null;
  lastName: string | null;
  birthday: string | null;
  timezone: string | null;
  lat: number | null;
  lng: number | null;
  address: PostalAddress | null;
  attributes: Record<string, unknown>;
  tags: string[];
  consent: Partial<Record<ConsentChannel, ConsentRecord>>;
  createdAt: Date;
  updatedAt: Date;
}

/** What identifies a customer in events and orders: exactly one key. */
export type CustomerRef = { id: string } | { externalId: string } | { email: string } | { phone: string };
