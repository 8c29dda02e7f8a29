import type { PostalAddress } from '../database/entities';

export type ConsentChannel = 'email' | 'sms' | 'location';
export const CONSENT_CHANNELS: readonly ConsentChannel[] = ['email', 'sms', 'location'];
export type ConsentStatus = 'granted' | 'denied';
export type ConsentSource = 'form' | 'import' | 'pos' | 'api' | 'sms_keyword' | 'unsubscribe_link' | 'preference_page' | 'carrier_stop';
export const INPUT_CONSENT_SOURCES: readonly ConsentSource[] = ['form', 'import', 'pos', 'api'];

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
