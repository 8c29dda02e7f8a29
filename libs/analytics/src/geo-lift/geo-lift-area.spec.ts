import { areaTarget, clusterCellMeters, requiredGeoCondition, ringCenter } from './geo-lift-area';

describe('geo-lift area', () => {
  const fence = '5e7a1c2d-0000-4000-8000-000000000006';
  const store = '5e7a1c2d-0000-4000-8000-000000000001';

  it('a geofence trigger aims at its fence', () => {
    expect(areaTarget({ trigger: { type: 'geofence', geofenceId: fence } }, null)).toEqual({ kind: 'geofence', geofenceId: fence, from: 'trigger' });
  });

  it("a segment's radius or polygon condition reached through `all` groups is the area; the trigger's segment before the entry filter", () => {
    const near = { all: [{ type: 'tag', tag: 'vip' }, { all: [{ type: 'near', storeId: store, radiusMeters: 800 }] }] };
    const polygon = { type: 'inside', polygon: { type: 'Polygon', coordinates: [[[0, 0], [0, 1], [1, 1], [0, 0]]] } };
    expect(areaTarget({ trigger: { type: 'broadcast', segmentId: 'x' }, entry: polygon }, near)).toEqual({ kind: 'nearStore', storeId: store, radiusMeters: 800, from: 'segment' });
    expect(areaTarget({ trigger: { type: 'event' }, entry: polygon }, null)).toEqual({ kind: 'polygon', ring: [[0, 0], [0, 1], [1, 1], [0, 0]], from: 'entry' });
    expect(requiredGeoCondition({ type: 'near', lat: 51.5, lng: -0.1, radiusMeters: 300 }, 'entry')).toEqual({ kind: 'nearPoint', lat: 51.5, lng: -0.1, radiusMeters: 300, from: 'entry' });
    expect(requiredGeoCondition({ type: 'inside', geofenceId: fence }, 'segment')).toEqual({ kind: 'geofence', geofenceId: fence, from: 'segment' });
  });

  it('a geo condition under `any` or `not` does not confine the audience', () => {
    expect(requiredGeoCondition({ any: [{ type: 'near', storeId: store, radiusMeters: 800 }, { type: 'tag', tag: 'vip' }] }, 'segment')).toBeNull();
    expect(requiredGeoCondition({ not: { type: 'inside', geofenceId: fence } }, 'segment')).toBeNull();
    expect(areaTarget({ trigger: { type: 'event' } }, null)).toBeNull();
  });

  it('cells are a quarter of the area wide, within 100 m and 2 km', () => {
    const circle = (radiusMeters: number) => ({ shape: 'circle' as const, center: { lat: 0, lng: 0 }, radiusMeters, ring: null, description: '', storeIds: [] });
    expect([100, 600, 2000, 20_000].map((r) => clusterCellMeters(circle(r)))).toEqual([100, 300, 1000, 2000]);
    // 0.01° of latitude ≈ 1111.95 m on the haversine sphere.
    const ring: [number, number][] = [[0, 0], [0.005, 0], [0.005, 0.01], [0, 0.01], [0, 0]];
    expect(clusterCellMeters({ ...circle(0), shape: 'polygon', radiusMeters: null, ring })).toBe(278);
    expect(ringCenter(ring)).toEqual({ lng: 0.0025, lat: 0.005 });
  });
});
