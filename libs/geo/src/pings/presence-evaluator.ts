import { Injectable } from '@nestjs/common';
import { EventRepository, SegmentStalenessRepository, type NewEvent, type Queryable } from '@localreach/core';
import { insideCircle } from '../geofences/geofence-geometry';
import { GeofenceRepository, type GeofenceHit } from '../geofences/geofence.repository';
import type { Geofence } from '../geofences/geofence.types';
import { toMercator } from '../mercator';
import { advancePresence, type PresenceEventType, type PresenceState } from './presence-machine';
import { PresenceRepository, type PresenceRow } from './presence.repository';

/** A ping from a tracked customer: exact coordinates for matching, `stored` for what goes into event properties. */
export interface TrackedPing {
  customerId: string;
  lat: number;
  lng: number;
  stored: { lat: number; lng: number };
  accuracyM: number | null;
  at: Date;
}

export interface EmittedEvent {
  id: string;
  type: PresenceEventType;
  customerId: string;
  geofenceId: string;
  occurredAt: Date;
}

const key = (customerId: string, geofenceId: string) => `${customerId}|${geofenceId}`;
const unique = <T>(values: T[]) => [...new Set(values)];

/** In-memory presence for the customers of one batch, updated ping by ping and written back once. */
class PresenceBook {
  private readonly states = new Map<string, PresenceState>();
  private readonly changed = new Set<string>();

  constructor(rows: PresenceRow[]) {
    for (const row of rows) this.states.set(key(row.customerId, row.geofenceId), row.state);
  }

  get(customerId: string, geofenceId: string): PresenceState | undefined {
    return this.states.get(key(customerId, geofenceId));
  }

  set(customerId: string, geofenceId: string, state: PresenceState): void {
    this.states.set(key(customerId, geofenceId), state);
    this.changed.add(key(customerId, geofenceId));
  }

  insideOf(customerId: string): string[] {
    const prefix = `${customerId}|`;
    return [...this.states].filter(([k, s]) => s.inside && k.startsWith(prefix)).map(([k]) => k.slice(prefix.length));
  }

  changedRows(): PresenceRow[] {
    return [...this.changed].map((k) => {
      const [customerId, geofenceId] = k.split('|');
      return { customerId, geofenceId, state: this.states.get(k)! };
    });
  }
}

/**
 * Turns pings into geofence_entered / geofence_dwelled / geofence_exited
 * events. Candidates come from the GiST box prefilter plus the geofences the
 * customer is inside; the exact test is haversine for circles and
 * `point <@ area` for polygons. Runs inside the caller's transaction, which
 * must hold the customers' row locks.
 */
@Injectable()
export class PresenceEvaluator {
  constructor(
    private readonly geofences: GeofenceRepository,
    private readonly presence: PresenceRepository,
    private readonly events: EventRepository,
    private readonly staleness: SegmentStalenessRepository,
  ) {}

  async evaluate(tx: Queryable, businessId: string, pings: TrackedPing[]): Promise<EmittedEvent[]> {
    if (pings.length === 0) return [];
    const hits = await this.geofences.findHits(tx, businessId, pings.map((p) => toMercator(p.lat, p.lng)));
    const hitIds = unique(hits.map((h) => h.geofenceId));
    const rows = await this.presence.findForCustomers(tx, businessId, unique(pings.map((p) => p.customerId)), hitIds);
    const fenceIds = unique([...hitIds, ...rows.filter((r) => r.state.inside).map((r) => r.geofenceId)]);
    const fences = new Map((await this.geofences.findByIds(tx, businessId, fenceIds)).map((f) => [f.id, f]));
    const hitsByPing = new Map<number, Map<string, GeofenceHit>>();
    for (const hit of hits) hitsByPing.set(hit.pingIndex, (hitsByPing.get(hit.pingIndex) ?? new Map()).set(hit.geofenceId, hit));

    const book = new PresenceBook(rows);
    const pending: (Omit<EmittedEvent, 'id'> & { event: Omit<NewEvent, 'customerId'> })[] = [];
    // Each customer's pings in time order: a batch may carry a device's backlog in any order.
    const order = pings.map((_, i) => i).sort((a, b) => pings[a].at.getTime() - pings[b].at.getTime() || a - b);
    for (const i of order) {
      const ping = pings[i];
      const pingHits = hitsByPing.get(i) ?? new Map<string, GeofenceHit>();
      for (const fenceId of unique([...pingHits.keys(), ...book.insideOf(ping.customerId)])) {
        const fence = fences.get(fenceId);
        if (!fence) continue;
        const hit = pingHits.get(fenceId);
        const inside = hit !== undefined && (fence.kind === 'circle' ? insideCircle(fence.center!, fence.radiusMeters!, ping.lat, ping.lng) : hit.inArea === true);
        const step = advancePresence(book.get(ping.customerId, fenceId), { ...fence, radiusM: fence.radiusMeters }, { at: ping.at, inside, accuracyM: ping.accuracyM });
        if (step.outcome === 'applied' && step.state) book.set(ping.customerId, fenceId, step.state);
        for (const type of step.events) pending.push({ type, customerId: ping.customerId, geofenceId: fenceId, occurredAt: ping.at, event: eventFor(type, fence, ping) });
      }
    }
    await this.presence.upsert(tx, businessId, book.changedRows());
    const ids = await this.events.insertBatch(tx, businessId, pending.map((p) => ({ ...p.event, customerId: p.customerId })));
    await this.staleness.markStale(tx, businessId, pending.filter((_, i) => ids[i]).map((p) => `event:${p.type}`));
    return pending.flatMap(({ event: _event, ...emitted }, i) => (ids[i] ? [{ id: ids[i]!, ...emitted }] : []));
  }
}

function eventFor(type: PresenceEventType, fence: Geofence, ping: TrackedPing): Omit<NewEvent, 'customerId'> {
  return {
    type,
    properties: { geofenceId: fence.id, geofenceName: fence.name, storeId: fence.storeId, lat: ping.stored.lat, lng: ping.stored.lng },
    occurredAt: ping.at,
    source: 'location',
    // A second line of defence behind the row locks: the same transition can never be stored twice.
    idempotencyKey: `${type}:${fence.id}:${ping.customerId}:${ping.at.toISOString()}`,
  };
}
