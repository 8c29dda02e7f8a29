import { Inject, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { CLOCK, refKey, type Clock, type CustomerRef, type Tenant } from '@localreach/core';
import { coarsen, locationPrecisionFrom } from './coarsen';
import { pingsOf, type LocationPingBatchInput, type LocationPingInput, type ValidPing } from './location-ping.input';
import { LocationPingRepository, type PingCustomer } from './location-ping.repository';
import { PresenceEvaluator, type EmittedEvent, type TrackedPing } from './presence-evaluator';

export type IgnoredReason = 'no_consent' | 'unknown_customer';

export interface PingResult {
  index: number;
  status: 'accepted' | 'ignored';
  reason?: IgnoredReason;
}

export interface PingIngestResult {
  /** Pings stored (and evaluated against geofences). */
  accepted: number;
  /** Pings dropped without storing anything: no location consent, or no such customer. */
  ignored: number;
  pings: PingResult[];
  events: EmittedEvent[];
}

function indexCustomers(customers: PingCustomer[]): Map<string, PingCustomer> {
  const byRef = new Map<string, PingCustomer>();
  for (const c of customers) {
    const refs: CustomerRef[] = [{ id: c.id }];
    if (c.externalId) refs.push({ externalId: c.externalId });
    if (c.email) refs.push({ email: c.email });
    if (c.phone) refs.push({ phone: c.phone });
    for (const ref of refs) byRef.set(refKey(ref), c);
  }
  return byRef;
}

function classify(ping: ValidPing, customer: PingCustomer | undefined): PingResult {
  if (!customer) return { index: ping.index, status: 'ignored', reason: 'unknown_customer' };
  if (customer.locationConsent !== 'granted') return { index: ping.index, status: 'ignored', reason: 'no_consent' };
  return { index: ping.index, status: 'accepted' };
}

/**
 * POST /v1/location-pings: stores pings of customers who granted location
 * consent (coarsened to the business's precision) and moves their geofence
 * presence, emitting enter / dwell / exit events. All pings are validated
 * first (parseLocationPingBody, then pingsOf); nothing is written unless all are valid.
 */
@Injectable()
export class LocationPingService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly pings: LocationPingRepository,
    private readonly evaluator: PresenceEvaluator,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  async ingest(tenant: Tenant, body: LocationPingInput | LocationPingBatchInput, now = this.clock.now()): Promise<PingIngestResult> {
    const inputs = pingsOf(body, tenant, now);
    const businessId = tenant.businessId;
    return this.dataSource.transaction(async (tx) => {
      const customers = indexCustomers(await this.pings.lockCustomers(tx, businessId, inputs.map((p) => p.ref)));
      const precision = locationPrecisionFrom(await this.pings.businessSettings(tx, businessId));
      const results = inputs.map((p) => classify(p, customers.get(refKey(p.ref))));
      const tracked: TrackedPing[] = inputs
        .filter((_, i) => results[i].status === 'accepted')
        .map((p) => ({
          customerId: customers.get(refKey(p.ref))!.id,
          lat: p.lat,
          lng: p.lng,
          stored: coarsen(p.lat, p.lng, precision),
          accuracyM: p.accuracyM,
          at: p.at,
        }));
      await this.pings.insertPings(tx, businessId, tracked.map((t) => ({ ...t, ...t.stored })));
      const events = await this.evaluator.evaluate(tx, businessId, tracked);
      return { accepted: tracked.length, ignored: inputs.length - tracked.length, pings: results, events };
    });
  }
}
