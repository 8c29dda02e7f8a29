import { haversineMeters, toMercator } from '@localreach/geo';
import { pointInPolygon, projectRing } from '../geometry';
import type { GeoJsonPolygon, InsideCondition, NearCondition, NearestStoreCondition } from '../segment-definition';
import type { EvalCustomer, EvalGeofence, EvalStore } from './evaluation-data';

export interface GeoLookup {
  stores: Map<string, EvalStore>;
  geofences: Map<string, EvalGeofence>;
}

function within(customer: EvalCustomer, lat: number | null, lng: number | null, radius: number | null): boolean {
  if (customer.lat === null || customer.lng === null || lat === null || lng === null || radius === null) return false;
  return haversineMeters(customer.lat, customer.lng, lat, lng) <= radius;
}

function insidePolygon(customer: EvalCustomer, polygon: GeoJsonPolygon | null): boolean {
  if (customer.lat === null || customer.lng === null || polygon === null) return false;
  return pointInPolygon(toMercator(customer.lat, customer.lng), projectRing(polygon.coordinates[0]));
}

export function evaluateNear(cond: NearCondition, customer: EvalCustomer, geo: GeoLookup): boolean {
  if ('storeId' in cond) {
    const store = geo.stores.get(cond.storeId.toLowerCase());
    return !!store && store.deletedAt === null && within(customer, store.lat, store.lng, cond.radiusMeters);
  }
  return within(customer, cond.lat, cond.lng, cond.radiusMeters);
}

export function evaluateInside(cond: InsideCondition, customer: EvalCustomer, geo: GeoLookup): boolean {
  if ('polygon' in cond) return insidePolygon(customer, cond.polygon);
  const fence = geo.geofences.get(cond.geofenceId.toLowerCase());
  if (!fence || fence.deletedAt !== null) return false;
  return fence.kind === 'circle' ? within(customer, fence.centerLat, fence.centerLng, fence.radiusM) : insidePolygon(customer, fence.polygon);
}

export function evaluateNearestStore(cond: NearestStoreCondition, customer: EvalCustomer): boolean {
  return customer.nearestLocationId !== null && customer.nearestLocationId.toLowerCase() === cond.storeId.toLowerCase();
}
