import { Injectable } from '@nestjs/common';
import { AuditTrail, fieldsSet } from '../audit/audit-trail';
import type { OpeningHours, PostalAddress } from '../database/entities';
import { AddressInput, addressOf } from '../validation/address.input';
import type { LocationInput, LocationPatch } from './location.input';
import { isUuid } from '../customers/customer-ref';
import { decodeTimeIdCursor, encodeCursor, type Queryable } from '../database/sql';
import { DomainError } from '../errors/domain-error';
import type { Tenant } from '../tenancy/tenant';
import { normalizePhone, ProblemList } from '../validation/field-checks';
import { SegmentStalenessRepository } from '../ops/segment-staleness.repository';
import { LocationRepository, type Location, type LocationFields } from './location.repository';

/**
 * A store's stored fields from a checked input (merged over the stored store
 * on PATCH). The input class checked each field; what needs the business or
 * the stored values is checked here.
 */
export function locationFieldsOf(input: LocationPatch, tenant: Tenant, base?: Location): LocationFields {
  const out = new ProblemList();
  const merged: LocationPatch = { ...(base ?? {}), ...input };
  if (typeof merged.name !== 'string' || merged.name.trim() === '') out.add('name', 'is required: 1 to 200 characters');
  const { lat, lng } = merged;
  if ((lat == null) !== (lng == null)) out.add(lat == null ? 'lat' : 'lng', 'lat and lng must be given together');
  let phone: string | null = null;
  if (merged.phone != null) {
    phone = normalizePhone(merged.phone, tenant.business.country) ?? null;
    if (!phone) out.add('phone', 'must be a valid phone number');
  }
  if (!out.ok) throw DomainError.invalid('INVALID_LOCATION', out.problems);
  return {
    name: (merged.name as string).trim(),
    address: input.address instanceof AddressInput ? addressOf(input.address) : (merged.address as PostalAddress | null | undefined) ?? null,
    lat: lat ?? null,
    lng: lng ?? null,
    timezone: merged.timezone ?? null,
    phone,
    openingHours: (merged.openingHours as OpeningHours | null | undefined) ?? null,
  };
}

/** A store's audit details: the fields set, its name, and its opening hours when they were set (the business's own data, not a person's). */
function storeDetails(fields: string[], store: Location): Record<string, unknown> {
  return { fields, name: store.name, ...(fields.includes('openingHours') ? { openingHours: store.openingHours } : {}) };
}

@Injectable()
export class LocationService {
  constructor(
    private readonly locations: LocationRepository,
    private readonly staleness: SegmentStalenessRepository,
    private readonly audit: AuditTrail,
  ) {}

  async create(tenant: Tenant, input: LocationInput): Promise<Location> {
    const fields = locationFieldsOf(input, tenant);
    return this.audit.change(
      tenant,
      async (tx) => {
        const created = await this.locations.insert(tenant.businessId, fields, tx);
        await this.storesChanged(tx, tenant);
        return created;
      },
      (created) => ({ action: 'store.created', entity: 'store', entityId: created.id, details: storeDetails(fieldsSet(input), created) }),
    );
  }

  async get(tenant: Tenant, id: string): Promise<Location> {
    const location = isUuid(id) ? await this.locations.findById(tenant.businessId, id) : undefined;
    if (!location) throw DomainError.notFound('location', id);
    return location;
  }

  async update(tenant: Tenant, id: string, input: LocationPatch): Promise<Location> {
    const current = await this.get(tenant, id);
    const fields = locationFieldsOf(input, tenant, current);
    return this.audit.change(
      tenant,
      async (tx) => {
        const updated = await this.locations.update(tenant.businessId, id, fields, tx);
        if (!updated) throw DomainError.notFound('location', id);
        await this.storesChanged(tx, tenant);
        return updated;
      },
      (updated) => ({ action: 'store.updated', entity: 'store', entityId: id, details: storeDetails(fieldsSet(input), updated) }),
    );
  }

  async remove(tenant: Tenant, id: string): Promise<void> {
    if (!isUuid(id)) throw DomainError.notFound('location', id);
    await this.audit.change(
      tenant,
      async (tx) => {
        if (!(await this.locations.softDelete(tenant.businessId, id, tx))) throw DomainError.notFound('location', id);
        await this.storesChanged(tx, tenant);
      },
      () => ({ action: 'store.deleted', entity: 'store', entityId: id }),
    );
  }

  // `near { storeId }` rules read the store's position.
  private storesChanged(q: Queryable, tenant: Tenant): Promise<void> {
    return this.staleness.markStale(q, tenant.businessId, ['location']);
  }

  async list(tenant: Tenant, limit: number, cursor?: string): Promise<{ items: Location[]; nextCursor: string | null }> {
    const after = cursor === undefined ? undefined : decodeTimeIdCursor(cursor);
    const rows = await this.locations.list(tenant.businessId, limit + 1, after);
    const items = rows.slice(0, limit).map(({ sortKey: _sortKey, ...location }) => location);
    const last = rows[items.length - 1];
    return { items, nextCursor: rows.length > limit && last ? encodeCursor([last.sortKey, last.id]) : null };
  }
}
