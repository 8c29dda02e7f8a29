import fc from 'fast-check';
import { haversineMeters } from '../mercator';
import { coarsen, DEFAULT_LOCATION_PRECISION_M, locationPrecisionFrom } from './coarsen';

describe('coarsen', () => {
  // One degree of latitude = π · 6371008.8 / 180 = 111195.08 m, so a 100 m step is 0.00089932°.
  it('snaps to the nearest multiple of 100 m at the equator', () => {
    expect(coarsen(0.00046, 0.00046, 100)).toEqual({ lat: 0.0008993, lng: 0.0008993 });
    expect(coarsen(0.00044, -0.00044, 100)).toEqual({ lat: 0, lng: 0 });
    expect(coarsen(0.0014, 0, 100)).toEqual({ lat: 0.0017986, lng: 0 });
  });

  it('widens longitude cells by 1 / cos(latitude): at 60° a 100 m cell spans 0.0017986° of longitude', () => {
    // Snapped latitude is 60.0000000 ± one step; cos(60°) = 0.5 doubles the step.
    const { lng } = coarsen(60, 0.0013, 100);
    expect(lng).toBeCloseTo(0.0017986, 6);
  });

  it('leaves coordinates as they are with precision 0', () => {
    expect(coarsen(41.878113, -87.629799, 0)).toEqual({ lat: 41.878113, lng: -87.629799 });
  });

  it('moves a point by at most half a cell diagonal (property)', () => {
    fc.assert(
      fc.property(
        fc.double({ min: -80, max: 80, noNaN: true }),
        fc.double({ min: -179.9, max: 179.9, noNaN: true }),
        fc.integer({ min: 10, max: 1000 }),
        (lat, lng, precision) => {
          const c = coarsen(lat, lng, precision);
          return haversineMeters(lat, lng, c.lat, c.lng) <= (precision * Math.SQRT2) / 2 * 1.02 + 0.02;
        },
      ),
      { numRuns: 2000 },
    );
  });

  it('is idempotent: a snapped point stays put', () => {
    const once = coarsen(51.5074, -0.1278, 250);
    const twice = coarsen(once.lat, once.lng, 250);
    expect(twice.lat).toBeCloseTo(once.lat, 7);
    expect(twice.lng).toBeCloseTo(once.lng, 7);
  });
});

describe('locationPrecisionFrom', () => {
  it.each([
    [{}, DEFAULT_LOCATION_PRECISION_M],
    [null, DEFAULT_LOCATION_PRECISION_M],
    [{ locationPrecisionMeters: 0 }, 0],
    [{ locationPrecisionMeters: 250 }, 250],
    [{ locationPrecisionMeters: -5 }, DEFAULT_LOCATION_PRECISION_M],
    [{ locationPrecisionMeters: '50' }, DEFAULT_LOCATION_PRECISION_M],
  ])('%p → %p', (settings, expected) => {
    expect(locationPrecisionFrom(settings)).toBe(expected);
  });
});
