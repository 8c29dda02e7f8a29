import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { OpeningHours, PostalAddress } from '../database/entities';
import { AddressInput, addressOf } from '../validation/address.input';
import type { LocationInput, LocationPatch } from './location.input';
import { isUuid } from '../customers/customer-ref';
import { decodeTimeIdCursor, encodeCursor } from '../database/sql';
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

@Injectable()
export class LocationService {
  constructor(
    private readonly locations: LocationRepository,
    private readonly staleness: SegmentStalenessRepository,
    private readonly dataSource: DataSource,
  ) {}

  async create(tenant: Tenant, input: LocationInput): Promise<Location> {
    const created = await this.locations.insert(tenant.businessId, locationFieldsOf(input, tenant));
    await this.storesChanged(tenant);
    return created;
  }

  async get(tenant: Tenant, id: string): Promise<Location> {
    const location = isUuid(id) ? await this.locations.findById(tenant.businessId, id) : undefined;
    if (!location) throw DomainError.notFound('location', id);
    return location;
  }

  async update(tenant: Tenant, id: string, input: LocationPatch): Promise<Location> {
    const current = await this.get(tenant, id);
    const updated = await this.locations.update(tenant.businessId, id, locationFieldsOf(input, tenant, current));
    if (!updated) throw DomainError.notFound('location', id);
    await this.storesChanged(tenant);
    return updated;
  }

  async remove(tenant: Tenant, id: string): Promise<void> {
    if (!isUuid(id) || !(await this.locations.softDelete(tenant.businessId, id))) throw DomainError.notFound('location', id);
    await this.storesChanged(tenant);
  }

  // `near { storeId }` rules read the store's position.
  private storesChanged(tenant: Tenant): Promise<void> {
    return this.staleness.markStale(this.dataSource, tenant.businessId, ['location']);
  }

  async list(tenant: Tenant, limit: number, cursor?: string): Promise<{ items: Location[]; nextCursor: string | null }> {
    const after = cursor === undefined ? undefined : decodeTimeIdCursor(cursor);
    const rows = await this.locations.list(tenant.businessId, limit + 1, after);
    const items = rows.slice(0, limit).map(({ sortKey: _sortKey, ...location }) => location);
    const last = rows[items.length - 1];
    return { items, nextCursor: rows.length > limit && last ? encodeCursor([last.sortKey, last.id]) : null };
  }
}
