import { describe, expect, it } from 'vitest';
import type { Geofence } from '../../api/hooks/geofences';
import { cornersProblem, draftOf, draftShape, EMPTY_GEOFENCE, geofenceBody, sizeText, withCircle, withPolygon } from './geofence-form';

const base = { id: 'g1', name: 'Elm door', storeId: 's1', dwellSeconds: 300, cooldownSeconds: 3600, createdAt: '', updatedAt: '' };
const circle: Geofence = { ...base, kind: 'circle', center: { lat: 45.52, lng: -122.68 }, radiusMeters: 150, polygon: null };
const polygon: Geofence = { ...base, kind: 'polygon', center: null, radiusMeters: null, polygon: { type: 'Polygon', coordinates: [[[2, 1], [4, 3], [6, 5], [2, 1]]] } };

describe('geofence form', () => {
  it('reads a saved circle and polygon into the form and sends them back unchanged', () => {
    expect(geofenceBody(draftOf(circle))).toEqual({ name: 'Elm door', center: { lat: 45.52, lng: -122.68 }, radiusMeters: 150, polygon: null, storeId: 's1', dwellSeconds: 300, cooldownSeconds: 3600 });
    expect(draftOf(polygon).corners).toBe('1, 2\n3, 4\n5, 6');
    expect(geofenceBody(draftOf(polygon))).toEqual({ name: 'Elm door', center: null, radiusMeters: null, polygon: polygon.polygon, storeId: 's1', dwellSeconds: 300, cooldownSeconds: 3600 });
  });

  it('takes shapes drawn on the map, in whole metres; a circle turned into a polygon drops its centre', () => {
    const drawn = withCircle(EMPTY_GEOFENCE, { lat: 45.5212345678, lng: -122.6 }, 99.5);
    expect(drawn).toMatchObject({ kind: 'circle', lat: '45.521235', lng: '-122.6', radiusMeters: '100' });
    const redrawn = withPolygon(drawn, [{ lat: 1, lng: 2 }, { lat: 3, lng: 4 }, { lat: 5, lng: 6 }, { lat: 1, lng: 2 }]);
    expect(geofenceBody({ ...redrawn, name: 'x' })).toMatchObject({ center: null, radiusMeters: null, polygon: { type: 'Polygon', coordinates: [[[2, 1], [4, 3], [6, 5], [2, 1]]] } });
  });

  it('sends what is typed, so the API names a wrong field; empty dwell means no dwell events', () => {
    const body = geofenceBody({ ...EMPTY_GEOFENCE, name: ' a ', lat: '45.5', lng: '-122.6', radiusMeters: '12a', dwellSeconds: '', cooldownSeconds: '' });
    expect(body).toEqual({ name: 'a', center: { lat: 45.5, lng: -122.6 }, radiusMeters: '12a', polygon: null, storeId: null, dwellSeconds: null });
  });

  it('says what is wrong with typed corners, and draws only a shape that reads', () => {
    expect(cornersProblem({ ...EMPTY_GEOFENCE, kind: 'polygon', corners: '1, 2\n3' })).toBe('Line 2: write "latitude, longitude"');
    expect(draftShape({ ...EMPTY_GEOFENCE, lat: '', lng: '2' }, 'draft', 'New')).toBeUndefined();
    expect(draftShape({ ...EMPTY_GEOFENCE, lat: '1', lng: '2', radiusMeters: '50' }, 'draft', 'New')).toEqual({ key: 'draft', label: 'New', kind: 'circle', center: { lat: 1, lng: 2 }, radiusMeters: 50 });
  });

  it('describes the size', () => {
    expect(sizeText(circle)).toBe('150 m radius');
    expect(sizeText(polygon)).toBe('3 corners');
  });
});
