import type { AuditChange } from '../audit/audit-trail';
import { CONSENT_CHANNELS, type Customer } from './customer.types';

const PROFILE_FIELDS = ['externalId', 'email', 'phone', 'firstName', 'lastName', 'birthday', 'timezone', 'lat', 'lng', 'address', 'attributes', 'tags'] as const;

/**
 * The audit rows of a customer's creation or change: which profile fields
 * changed (names only, never their values) and each consent change (channel,
 * status, source). The customer id is the only identifier; erasure blanks
 * these rows' details too.
 */
export function customerAuditChanges(before: Customer | null, after: Customer): AuditChange[] {
  const same = (field: (typeof PROFILE_FIELDS)[number]) => before !== null && JSON.stringify(before[field]) === JSON.stringify(after[field]);
  const fields = PROFILE_FIELDS.filter((field) => !same(field) && (before !== null || isSet(after[field])));
  const consent = CONSENT_CHANNELS.flatMap((channel) => {
    const next = after.consent[channel];
    if (!next || before?.consent[channel]?.status === next.status) return [];
    return [{ action: 'customer.consent_changed', entity: 'customer', entityId: after.id, details: { channel, status: next.status, source: next.source } }];
  });
  const profile = before === null
    ? [{ action: 'customer.created', entity: 'customer', entityId: after.id, details: { fields } }]
    : fields.length > 0 ? [{ action: 'customer.updated', entity: 'customer', entityId: after.id, details: { fields } }] : [];
  return [...profile, ...consent];
}

function isSet(value: unknown): boolean {
  if (value === null || value === undefined) return false;
  if (Array.isArray(value)) return value.length > 0;
  if (typeof value === 'object') return Object.keys(value).length > 0;
  return true;
}
