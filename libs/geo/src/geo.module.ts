import { Module } from '@nestjs/common';
import { GeofenceRepository } from './geofences/geofence.repository';
import { GeofenceService } from './geofences/geofence.service';
import { GeocodeCacheRepository } from './geocoding/geocode-cache.repository';
import { Geocoder } from './geocoding/geocoder';
import { GeocodingRepository } from './geocoding/geocoding.repository';
import { GeocodingService } from './geocoding/geocoding.service';
import { NearestStoreRepository } from './nearest-store/nearest-store.repository';
import { NearestStoreService } from './nearest-store/nearest-store.service';
import { StoreGeoService } from './nearest-store/store-geo.service';
import { LocationPingRepository } from './pings/location-ping.repository';
import { LocationPingService } from './pings/location-ping.service';
import { LocationPingRetentionRepository } from './pings/location-ping-retention.repository';
import { LocationPingRetentionService } from './pings/location-ping-retention.service';
import { PresenceEvaluator } from './pings/presence-evaluator';
import { PresenceRepository } from './pings/presence.repository';

const USE_CASES = [GeofenceService, LocationPingService, LocationPingRetentionService, GeocodingService, NearestStoreService, StoreGeoService];

/**
 * Geofences, location pings, geocoding and nearest store. Relies on the
 * global CoreModule for the DataSource, APP_CONFIG and the core repositories;
 * the API and the worker import it alike.
 */
@Module({
  providers: [
    ...USE_CASES,
    GeofenceRepository, LocationPingRepository, LocationPingRetentionRepository, PresenceRepository, PresenceEvaluator,
    Geocoder, GeocodeCacheRepository, GeocodingRepository, NearestStoreRepository,
  ],
  exports: USE_CASES,
})
export class GeoModule {}
