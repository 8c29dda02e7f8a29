import { DomainError, type Tenant } from '@localreach/core';
import { parseLocationPingBody, pingsOf } from './location-ping.input';

const TENANT: Tenant = {
  businessId: '00000000-0000-4000-8000-000000000001',
  keyId: null,
  role: 'owner',
  business: { name: 'Test', timezone: 'America/Chicago', currency: 'USD', country: 'US' },
};
const NOW = new Date('2026-03-01T12:00:00Z');
const PING = { customer: { externalId: 'app-1' }, lat: 39.78, lng: -89.65 };

function problemsOf(run: () => unknown): Record<string, string> {
  try {
    run();
  } catch (error) {
    if (!(error instanceof DomainError)) throw error;
    expect(error.code).toBe('INVALID_PINGS');
    return Object.fromEntries(error.details.map((p) => [p.field, p.message]));
  }
  throw new Error('expected INVALID_PINGS');
}

const parsed = (raw: unknown) => problemsOf(() => parseLocationPingBody(raw));
const read = (raw: unknown) => problemsOf(() => pingsOf(parseLocationPingBody(raw), TENANT, NOW));

describe('location ping input', () => {
  it('reads one ping or a batch, defaulting the time to now and the accuracy to null', () => {
    expect(pingsOf(parseLocationPingBody(PING), TENANT, NOW)).toEqual([{ index: 0, ref: { externalId: 'app-1' }, lat: 39.78, lng: -89.65, accuracyM: null, at: NOW }]);
    const batch = pingsOf(parseLocationPingBody({ pings: [PING, { ...PING, customer: { phone: '(217) 555-0100' }, accuracy: 0, occurredAt: '2026-03-01T06:04:59-06:00' }] }), TENANT, NOW);
    expect(batch[1]).toEqual({ index: 1, ref: { phone: '+12175550100' }, lat: 39.78, lng: -89.65, accuracyM: 0, at: new Date('2026-03-01T12:04:59Z') });
  });

  it('names each bad field of a batch with its index', () => {
    expect(
      parsed({
        pings: [PING, { lat: 1, lng: 2 }, { ...PING, lat: 91, lng: -181, accuracy: 100_001, occurredAt: 'yesterday', speed: 3 }, { ...PING, lat: '39.78' }],
      }),
    ).toEqual({
      'pings[1].customer': 'must be an object with exactly one of id, externalId, email, phone',
      'pings[2].lat': 'must be a number between -90 and 90',
      'pings[2].lng': 'must be a number between -180 and 180',
      'pings[2].accuracy': 'must be the accuracy radius in metres, 0 to 100000',
      'pings[2].occurredAt': 'must be an ISO-8601 timestamp with a time zone',
      'pings[2].speed': 'is not a known field',
      'pings[3].lat': 'must be a number between -90 and 90',
    });
    expect(parsed({ pings: [] })).toEqual({ pings: 'must be an array of 1 to 1000 items' });
    expect(parsed({ pings: [PING], source: 'app' })).toEqual({ source: 'is not a known field' });
  });

  it('allows 5 minutes of clock skew, and names a bad phone, after the class check', () => {
    expect(pingsOf(parseLocationPingBody({ ...PING, occurredAt: '2026-03-01T12:05:00Z' }), TENANT, NOW)[0].at).toEqual(new Date('2026-03-01T12:05:00Z'));
    expect(read({ pings: [PING, { ...PING, occurredAt: '2026-03-01T12:05:01Z' }, { ...PING, customer: { phone: '555' } }] })).toEqual({
      'pings[1].occurredAt': 'must not be more than 5 minutes in the future',
      'pings[2].customer.phone': 'must be a valid phone number',
    });
  });
});
