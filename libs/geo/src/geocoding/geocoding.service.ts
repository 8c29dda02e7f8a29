import { Injectable } from '@nestjs/common';
import { NearestStoreService } from '../nearest-store/nearest-store.service';
import { addressQuery, type PostalAddress } from '@localreach/core';
import { GeocodeCacheRepository } from './geocode-cache.repository';
import { Geocoder, type GeocodeResult } from './geocoder';
import { GeocodingRepository, type GeocodedTable } from './geocoding.repository';

export interface GeocodeRunSummary {
  /** Stores and customers that got coordinates. */
  storesLocated: number;
  customersLocated: number;
  /** Rows whose address could not be placed (cached as not found, or too thin to ask about). */
  notFound: number;
  /** Requests that reached the geocoder (the rest were answered by the cache). */
  requests: number;
}

const EMPTY: GeocodeRunSummary = { storesLocated: 0, customersLocated: 0, notFound: 0, requests: 0 };

/**
 * Gives coordinates to customers and stores that have an address and none,
 * when GOOGLE_MAPS_API_KEY is set (otherwise every call is a no-op). Answers
 * are cached per business by normalised address, "not found" included.
 */
@Injectable()
export class GeocodingService {
  constructor(
    private readonly geocoder: Geocoder,
    private readonly cache: GeocodeCacheRepository,
    private readonly rows: GeocodingRepository,
    private readonly nearest: NearestStoreService,
  ) {}

  get enabled(): boolean {
    return this.geocoder.enabled;
  }

  /** Businesses with customers or stores waiting for coordinates: what the scheduler walks (none when geocoding is off). */
  async businessesWithPending(limit = 100): Promise<string[]> {
    return this.enabled ? this.rows.businessesWithPending(limit) : [];
  }

  /**
   * One scheduled pass for a business: up to `limit` stores, then up to
   * `limit` customers, then the nearest store of whoever moved. A geocoder
   * failure (GeocodingError) stops the pass; rows done so far are kept.
   */
  async geocodePending(businessId: string, limit = 100): Promise<GeocodeRunSummary> {
    if (!this.enabled) return { ...EMPTY };
    const summary = { ...EMPTY };
    const stores = await this.locatePending('location', businessId, limit, summary);
    summary.storesLocated = stores.length;
    const customers = await this.locatePending('customer', businessId, limit, summary);
    summary.customersLocated = customers.length;
    if (stores.length > 0) await this.nearest.refreshNearestStores(businessId);
    else if (customers.length > 0) await this.nearest.refreshNearestStores(businessId, customers);
    return summary;
  }

  /**
   * The worker's geocoding job: one pass (see geocodePending) for each of up
   * to 100 businesses with rows waiting, until `signal` aborts (the worker
   * stopping); returns the totals. A no-op without a key.
   */
  async geocodeAllPending(signal?: AbortSignal): Promise<GeocodeRunSummary> {
    const total = { ...EMPTY };
    for (const businessId of await this.businessesWithPending()) {
      if (signal?.aborted) break;
      const one = await this.geocodePending(businessId);
      for (const key of Object.keys(total) as (keyof GeocodeRunSummary)[]) total[key] += one[key];
    }
    return total;
  }

  /** Geocodes one store now (after it is saved without coordinates); returns its new coordinates, or null. */
  async geocodeStore(businessId: string, store: { id: string; address: PostalAddress | null }): Promise<{ lat: number; lng: number } | null> {
    if (!this.enabled || !store.address) return null;
    const result = await this.resolve(businessId, store.address, { ...EMPTY });
    const coordinates = result?.status === 'ok' ? { lat: result.lat, lng: result.lng } : null;
    const recorded = await this.rows.recordAttempt('location', businessId, store.id, coordinates);
    return recorded ? coordinates : null;
  }

  /** Ids of the rows that got coordinates. */
  private async locatePending(table: GeocodedTable, businessId: string, limit: number, summary: GeocodeRunSummary): Promise<string[]> {
    const located: string[] = [];
    for (const row of await this.rows.findPending(table, businessId, limit)) {
      const result = await this.resolve(businessId, row.address, summary);
      const coordinates = result?.status === 'ok' ? { lat: result.lat, lng: result.lng } : null;
      const recorded = await this.rows.recordAttempt(table, businessId, row.id, coordinates);
      if (coordinates && recorded) located.push(row.id);
      else if (!coordinates) summary.notFound += 1;
    }
    return located;
  }

  /** Cache first, then the geocoder; undefined when the address is too thin to ask about. */
  private async resolve(businessId: string, address: PostalAddress, summary: GeocodeRunSummary): Promise<GeocodeResult | undefined> {
    const query = addressQuery(address);
    if (!query) return undefined;
    const cached = await this.cache.find(businessId, query);
    if (cached) return cached;
    summary.requests += 1;
    const result = await this.geocoder.geocode(query.text);
    await this.cache.save(businessId, query, result);
    return result;
  }
}
