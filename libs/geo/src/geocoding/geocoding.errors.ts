/** Why a geocoding request failed. The worker retries `unavailable` later; `rejected` needs a person (bad key, quota, billing). */
export type GeocodingErrorCode = 'GEOCODER_UNAVAILABLE' | 'GEOCODER_REJECTED';

export class GeocodingError extends Error {
  constructor(
    readonly code: GeocodingErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'GeocodingError';
  }

  get retryable(): boolean {
    return this.code === 'GEOCODER_UNAVAILABLE';
  }
}
