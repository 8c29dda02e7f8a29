import { Inject, Injectable } from '@nestjs/common';
import { Client, Status, type GeocodeResponseData } from '@googlemaps/google-maps-services-js';
import { APP_CONFIG, type AppConfig } from '@localreach/core';
import { GeocodingError } from './geocoding.errors';

export type GeocodeResult = { status: 'ok'; lat: number; lng: number; formattedAddress: string | null } | { status: 'not_found' };

const GOOGLE_MAPS_BASE_URL = 'https://maps.googleapis.com';
const TIMEOUT_MS = 5000;

interface HttpFailure {
  response?: { status?: number; data?: { status?: string; error_message?: string } };
  message?: string;
}

/**
 * The Google Geocoding API through @googlemaps/google-maps-services-js.
 * Disabled without GOOGLE_MAPS_API_KEY; GOOGLE_MAPS_BASE_URL replaces
 * https://maps.googleapis.com (tests point it at a loopback stand-in).
 */
@Injectable()
export class Geocoder {
  private readonly client: Client;
  private readonly url: string;
  private readonly apiKey: string | undefined;

  constructor(@Inject(APP_CONFIG) config: AppConfig) {
    this.apiKey = config.googleMaps.apiKey;
    if (config.nodeEnv === 'test' && this.apiKey && !config.googleMaps.baseUrl) {
      throw new Error('GOOGLE_MAPS_BASE_URL must point at a stand-in when tests set GOOGLE_MAPS_API_KEY');
    }
    this.url = `${config.googleMaps.baseUrl ?? GOOGLE_MAPS_BASE_URL}/maps/api/geocode/json`;
    // No retries in here: the scheduled geocoding run is the retry, and an API request must not hang on it.
    this.client = new Client({ config: { timeout: TIMEOUT_MS, raxConfig: { retry: 0, noResponseRetries: 0 } } });
  }

  get enabled(): boolean {
    return this.apiKey !== undefined;
  }

  async geocode(address: string): Promise<GeocodeResult> {
    if (!this.apiKey) throw new GeocodingError('GEOCODER_REJECTED', 'geocoding is off: GOOGLE_MAPS_API_KEY is not set');
    let data: GeocodeResponseData;
    try {
      ({ data } = await this.client.geocode({ url: this.url, params: { address, key: this.apiKey } }));
    } catch (error) {
      throw toGeocodingError(error as HttpFailure);
    }
    if (data.status === Status.ZERO_RESULTS) return { status: 'not_found' };
    const best = data.results?.[0];
    const location = best?.geometry?.location;
    if (data.status !== Status.OK || typeof location?.lat !== 'number' || typeof location?.lng !== 'number') {
      throw new GeocodingError('GEOCODER_UNAVAILABLE', `unexpected geocoder answer: ${data.status}`);
    }
    return { status: 'ok', lat: location.lat, lng: location.lng, formattedAddress: best.formatted_address ?? null };
  }
}

function toGeocodingError(error: HttpFailure): GeocodingError {
  const status = error.response?.data?.status;
  const detail = error.response?.data?.error_message ?? error.message ?? 'request failed';
  // Denied keys and bad requests will not fix themselves; quota, 5xx and network errors may.
  const rejected = status === Status.REQUEST_DENIED || status === Status.INVALID_REQUEST || error.response?.status === 403;
  return new GeocodingError(rejected ? 'GEOCODER_REJECTED' : 'GEOCODER_UNAVAILABLE', `geocoder ${status ?? 'error'}: ${detail}`);
}
