import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { OpeningHours } from '../database/entities';
import { readAddress } from '../customers/customer-input';
import { isUuid } from '../customers/customer-ref';
import { decodeTimeIdCursor, encodeCursor } from '../database/sql';
import { DomainError } from '../errors/domain-error';
import type { Tenant } from '../tenancy/tenant';
import { isPlainObject, isValidTimeZone, normalizePhone, ProblemList } from '../validation/field-checks';
import { SegmentStalenessRepository } from '../ops/segment-staleness.repository';
import { LocationRepository, type Location, type LocationFields } from './location.repository';

const WEEKDAYS = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'] as const;
const HHMM = /^([01]\d|2[0-3]):[0-5]\d$/;

/** Opening hours: weekday → list of ["HH:mm", "HH:mm"]; a close before the open means past midnight. */
function readOpeningHours(value: unknown, out: ProblemList): OpeningHours | null | undefined {
  if (value === undefined || value === null) return value;
  if (!isPlainObject(value)) {
    out.add('openingHours', 'must be an object keyed by weekday (mon..sun) with lists of ["HH:mm", "HH:mm"]');
    return undefined;
  }
  const hours: OpeningHours = {};
  for (const [day, ranges] of Object.entries(value)) {
    const path = `openingHours.${day}`;
    if (!(WEEKDAYS as readonly string[]).includes(day)) {
      out.add(path, 'must be one of mon, tue, wed, thu, fri, sat, sun');
      continue;
    }
    if (!Array.isArray(ranges) || ranges.length > 6) {
      out.add(path, 'must be a list of at most 6 ["HH:mm", "HH:mm"] ranges');
      continue;
    }
    ranges.forEach((range: unknown, i) => {
      const ok = Array.isArray(range) && range.length === 2 && range.every((t) => typeof t === 'string' && HHMM.test(t)) && range[0] !== range[1];
      if (!ok) out.add(`${path}[${i}]`, 'must be ["HH:mm", "HH:mm"] with different open and close times');
    });
    hours[day as (typeof WEEKDAYS)[number]] = ranges as [string, string][];
  }
  return hours;
}

export function readLocation(raw: unknown, tenant: Tenant, base?: Location): LocationFields {
  const out = new ProblemList();
  if (!isPlainObject(raw)) throw DomainError.invalid('INVALID_LOCATION', [{ field: 'body', message: 'must be a store object' }]);
  const known = ['name', 'address', 'lat', 'lng', 'timezone', 'phone', 'openingHours'];
  for (const k of Object.keys(raw)) if (!known.includes(k)) out.add(k, 'is not a known store field');
  const merged = { ...(base ?? {}), ...raw } as Record<string, unknown>;
  if (typeof merged.name !== 'string' || merged.name.trim() === '' || merged.name.length > 200) out.add('name', 'is required: 1 to 200 characters');
  const address = readAddress(merged.address, 'address', out);
  const { lat, lng } = merged;
  const latOk = lat === null || lat === undefined || (typeof lat === 'number' && lat >= -90 && lat <= 90);
  const lngOk = lng === null || lng === undefined || (typeof lng === 'number' && lng >= -180 && lng <= 180);
  if (!latOk) out.add('lat', 'must be a number between -90 and 90');
  if (!lngOk) out.add('lng', 'must be a number between -180 and 180');
  if (latOk && lngOk && (lat === null || lat === undefined) !== (lng === null || lng === undefined)) out.add(lat == null ? 'lat' : 'lng', 'lat and lng must be given together');
  if (merged.timezone != null && (typeof merged.timezone !== 'string' || !isValidTimeZone(merged.timezone))) out.add('timezone', 'must be an IANA time zone');
  let phone: string | null = null;
  if (merged.phone != null) {
    phone = typeof merged.phone === 'string' ? (normalizePhone(merged.phone, tenant.business.country) ?? null) : null;
    if (!phone) out.add('phone', 'must be a valid phone number');
  }
  const openingHours = readOpeningHours(merged.openingHours, out);
  if (!out.ok) throw DomainError.invalid('INVALID_LOCATION', out.problems);
  return {
    name: (merged.name as string).trim(), address: address ?? null, lat: (lat as number | null | undefined) ?? null, lng: (lng as number | null | undefined) ?? null,
    timezone: (merged.timezone as string | null | undefined) ?? null, phone, openingHours: openingHours ?? null,
  };
}

@Injectable()
export class LocationService {
  constructor(
    private readonly locations: LocationRepository,
    private readonly staleness: SegmentStalenessRepository,
    private readonly dataSource: DataSource,
  ) {}

  async create(tenant: Tenant, raw: unknown): Promise<Location> {
    const created = await this.locations.insert(tenant.businessId, readLocation(raw, tenant));
    await this.storesChanged(tenant);
    return created;
  }

  async get(tenant: Tenant, id: string): Promise<Location> {
    const location = isUuid(id) ? await this.locations.findById(tenant.businessId, id) : undefined;
    if (!location) throw DomainError.notFound('location', id);
    return location;
  }

  async update(tenant: Tenant, id: string, raw: unknown): Promise<Location> {
    const current = await this.get(tenant, id);
    const updated = await this.locations.update(tenant.businessId, id, readLocation(raw, tenant, current));
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
