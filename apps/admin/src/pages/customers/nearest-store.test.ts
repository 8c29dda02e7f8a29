import { describe, expect, it } from 'vitest';
import { distanceMeters, distanceText, nearestStore } from './nearest-store';

describe('nearest store', () => {
  it('measures great-circle distances (one degree of latitude is about 111.2 km; Paris to London about 343.5 km)', () => {
    expect(distanceMeters(0, 0, 1, 0)).toBeCloseTo(111_195, -1);
    expect(distanceMeters(48.8566, 2.3522, 51.5072, -0.1276) / 1000).toBeCloseTo(343.5, 0);
  });

  it('picks the closest placed store and skips unplaced ones', () => {
    const stores = [
      { id: 'a', name: 'Far', lat: 42.0, lng: -87.63 },
      { id: 'b', name: 'Unplaced', lat: null, lng: null },
      { id: 'c', name: 'Near', lat: 41.9, lng: -87.63 },
    ];
    const found = nearestStore(41.88, -87.63, stores);
    expect(found?.store.name).toBe('Near');
    expect(found?.meters).toBeCloseTo(0.02 * 111_195, -1);
    expect(nearestStore(null, null, stores)).toBeNull();
    expect(nearestStore(41.88, -87.63, [stores[1]])).toBeNull();
  });

  it('says metres under a kilometre, kilometres above', () => {
    expect(distanceText(850.4, 'en-US')).toBe('850 m');
    expect(distanceText(12_449, 'en-US')).toBe('12.4 km');
    expect(distanceText(123_456, 'en-US')).toBe('123 km');
  });
});
