import { describe, expect, it } from 'vitest';
import { circleExtent, circleToCondition, clickDecimals, roundClick, conditionToCircle, conditionToPolygon, distanceMeters, formatDistance, kilometresToMeters, parseCorners, polygonToCondition, snapToStore } from './geometry';

// One degree along a great circle is R·π/180 = 6,371,008.8 m × 0.0174532925 = 111,195.08 m.
const METERS_PER_DEGREE = 111_195.08;

const elm = { id: 'elm', name: 'Elm Street', lat: 45.52, lng: -122.68 };
const oak = { id: 'oak', name: 'Oak Avenue', lat: 45.5236, lng: -122.68 }; // 0.0036° (≈ 400 m) north of Elm
const unplaced = { id: 'nowhere', name: 'Online', lat: null, lng: null };
const stores = [elm, oak, unplaced];

describe('distances', () => {
  it('measures great circles in metres', () => {
    expect(distanceMeters({ lat: 0, lng: 0 }, { lat: 1, lng: 0 })).toBeCloseTo(METERS_PER_DEGREE, 0);
    expect(distanceMeters({ lat: 0, lng: 0 }, { lat: 0, lng: 1 })).toBeCloseTo(METERS_PER_DEGREE, 0);
    // A quarter of the equator: π/2 · R = 10,007,557.2 m.
    expect(distanceMeters({ lat: 0, lng: 0 }, { lat: 0, lng: 90 })).toBeCloseTo(10_007_557.2, 0);
    expect(distanceMeters(elm, oak)).toBeCloseTo(0.0036 * METERS_PER_DEGREE, 0);
  });

  it('a circle reaches its radius north and south of its centre', () => {
    const [north, south] = circleExtent({ lat: 0, lng: 10 }, METERS_PER_DEGREE);
    expect(north.lat).toBeCloseTo(1, 6);
    expect(south.lat).toBeCloseTo(-1, 6);
  });
});

describe('snapping and circles', () => {
  it('snaps to the nearest placed store within 150 m, and to none further away', () => {
    expect(snapToStore({ lat: 45.52 + 100 / METERS_PER_DEGREE, lng: -122.68 }, stores)?.id).toBe('elm');
    expect(snapToStore({ lat: 45.52 + 200 / METERS_PER_DEGREE, lng: -122.68 }, stores)).toBeUndefined();
    // 140 m south of Oak is about 260 m north of Elm (the two are 400 m apart): Oak, the nearer.
    expect(snapToStore({ lat: 45.5236 - 140 / METERS_PER_DEGREE, lng: -122.68 }, stores)?.id).toBe('oak');
  });

  it('a circle drawn on a store is "near that store" with whole metres; elsewhere it keeps its centre (6 decimals)', () => {
    expect(circleToCondition({ lat: 45.5201, lng: -122.6801 }, 1999.6, stores)).toEqual({ type: 'near', storeId: 'elm', radiusMeters: 2000 });
    expect(circleToCondition({ lat: 45.1234567, lng: -122.9876543 }, 850.2, stores)).toEqual({ type: 'near', lat: 45.123457, lng: -122.987654, radiusMeters: 850 });
  });

  it('draws a near condition around its store or point, and nothing for an unplaced store or a radius still being typed', () => {
    expect(conditionToCircle({ type: 'near', storeId: 'oak', radiusMeters: 500 }, stores)).toEqual({ center: { lat: 45.5236, lng: -122.68 }, radiusMeters: 500 });
    expect(conditionToCircle({ type: 'near', lat: 1, lng: 2, radiusMeters: 10 }, stores)).toEqual({ center: { lat: 1, lng: 2 }, radiusMeters: 10 });
    expect(conditionToCircle({ type: 'near', storeId: 'nowhere', radiusMeters: 500 }, stores)).toBeUndefined();
    expect(conditionToCircle({ type: 'near', storeId: 'elm', radiusMeters: '2.' }, stores)).toBeUndefined();
  });
});

describe('polygons', () => {
  it('a drawn polygon becomes one closed GeoJSON ring of [lng, lat], whether or not the drawing repeated its first corner', () => {
    const expected = { type: 'inside', polygon: { type: 'Polygon', coordinates: [[[2, 1], [4, 3], [6, 5], [2, 1]]] } };
    expect(polygonToCondition([{ lat: 1, lng: 2 }, { lat: 3, lng: 4 }, { lat: 5, lng: 6 }])).toEqual(expected);
    expect(polygonToCondition([{ lat: 1, lng: 2 }, { lat: 3, lng: 4 }, { lat: 5, lng: 6 }, { lat: 1, lng: 2 }])).toEqual(expected);
  });

  it('draws an inside condition by its corners; a geofence reference has none', () => {
    expect(conditionToPolygon({ type: 'inside', polygon: { type: 'Polygon', coordinates: [[[2, 1], [4, 3], [6, 5], [2, 1]]] } })).toEqual([{ lat: 1, lng: 2 }, { lat: 3, lng: 4 }, { lat: 5, lng: 6 }]);
    expect(conditionToPolygon({ type: 'inside', geofenceId: 'g' })).toBeUndefined();
  });

  it('reads corners typed one per line, and says which line is wrong', () => {
    expect(parseCorners('45.51, -122.69\n45.53 -122.69\n\n45.53;-122.66\n')).toEqual({ corners: [{ lat: 45.51, lng: -122.69 }, { lat: 45.53, lng: -122.69 }, { lat: 45.53, lng: -122.66 }] });
    expect(parseCorners('45.51, -122.69\nnorth, 3\n1, 2')).toEqual({ error: 'Line 2: write "latitude, longitude"' });
    expect(parseCorners('95, 1\n1, 2\n3, 4')).toEqual({ error: 'Line 1: latitude is within ±90 and longitude within ±180' });
    expect(parseCorners('1, 2\n3, 4')).toEqual({ error: 'A polygon needs at least 3 corners' });
  });
});

describe('kilometres and metres', () => {
  it('reads kilometres as typed into whole metres', () => {
    expect(kilometresToMeters('2.5')).toBe(2500);
    expect(kilometresToMeters(' 0,8 ')).toBe(800);
    expect(kilometresToMeters('0.0004')).toBeUndefined();
    expect(kilometresToMeters('0')).toBeUndefined();
    expect(kilometresToMeters('two')).toBeUndefined();
    expect(kilometresToMeters('')).toBeUndefined();
  });

  it('says distances in metres below a kilometre, in kilometres above', () => {
    expect(formatDistance(850)).toBe('850 m');
    expect(formatDistance(2000)).toBe('2 km');
    expect(formatDistance(2500)).toBe('2.5 km');
    expect(formatDistance(12_340)).toBe('12.3 km');
  });
});

describe('clicked points', () => {
  it('keeps as many decimals as a pixel at that zoom can tell', () => {
    // A pixel spans 360° / (256 · 2^zoom) of longitude: 0.35° at zoom 2, 4.3e-5° at zoom 15, 5.4e-6° at zoom 18.
    expect(clickDecimals(2)).toBe(1);
    expect(clickDecimals(15)).toBe(5);
    expect(clickDecimals(18)).toBe(6);
    expect(clickDecimals(22)).toBe(6);
    expect(clickDecimals(0)).toBe(0);
  });

  it('rounds a click, and brings a longitude from a repeated world back within ±180', () => {
    expect(roundClick({ lat: 39.781734, lng: -89.650149 }, 15)).toEqual({ lat: 39.78173, lng: -89.65015 });
    expect(roundClick({ lat: 39.781734, lng: -89.650149 }, 2)).toEqual({ lat: 39.8, lng: -89.7 });
    expect(roundClick({ lat: 10, lng: 270.25 }, 10)).toEqual({ lat: 10, lng: -89.75 });
    expect(roundClick({ lat: -0.00001, lng: -450 }, 4)).toEqual({ lat: 0, lng: -90 });
  });
});
