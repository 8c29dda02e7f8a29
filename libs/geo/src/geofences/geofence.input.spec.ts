import { checkInput, ProblemList, type FieldProblem } from '@localreach/core';
import { geofenceDraftOf } from './geofence-draft';
import { GeofenceInput, GeofencePatch, geofencePolygonProblems } from './geofence.input';
import type { Geofence } from './geofence.types';

const problemsOf = (type: new () => object, raw: unknown): FieldProblem[] => {
  const checked = checkInput(type, raw);
  return checked.ok ? [] : checked.problems;
};
const fieldsOf = (problems: FieldProblem[]) => problems.map((p) => p.field).sort();

const SPRINGFIELD = { lat: 39.7817, lng: -89.6501 };
const SQUARE = { type: 'Polygon', coordinates: [[[-89.652, 39.781], [-89.648, 39.781], [-89.648, 39.784], [-89.652, 39.784], [-89.652, 39.781]]] };
const circle = (over: Record<string, unknown> = {}) => ({ name: 'Elm Street', center: SPRINGFIELD, radiusMeters: 150, ...over });

describe('GeofenceInput', () => {
  it.each([
    ['a circle', circle({ storeId: '5E7A1C2D-0000-4000-8000-000000000001', dwellSeconds: 60, cooldownSeconds: 2_592_000 })],
    ['a polygon with altitudes', { name: 'Square', polygon: { type: 'Polygon', coordinates: [SQUARE.coordinates[0].map(([lng, lat]) => [lng, lat, 180])] } }],
    ['nulls where a field may be cleared', circle({ storeId: null, dwellSeconds: null, polygon: null })],
  ])('accepts %s', (_name, body) => {
    expect(problemsOf(GeofenceInput, body)).toEqual([]);
  });

  it('names every bad field at once, one problem each', () => {
    const problems = problemsOf(GeofenceInput, {
      name: ' ', center: { lat: 85.5, lng: -180.1, alt: 3 }, radiusMeters: 49.9, storeId: 'elm', dwellSeconds: 90.5, cooldownSeconds: 'soon', colour: 'blue',
    });
    expect(fieldsOf(problems)).toEqual(['center.alt', 'center.lat', 'center.lng', 'colour', 'cooldownSeconds', 'dwellSeconds', 'name', 'radiusMeters', 'storeId']);
    expect(problems).toContainEqual({ field: 'cooldownSeconds', message: 'must be a whole number of seconds from 0 to 2592000' });
    expect(problems).toContainEqual({ field: 'storeId', message: 'must be the id (UUID) of one of your stores' });
  });

  it('reports a polygon at the paths of the polygon validator, and the ±85° limit of geofences', () => {
    const bowTie = { type: 'Polygon', coordinates: [[[0, 0], [1, 1], [1, 0], [0, 1], [0, 0]]] };
    expect(fieldsOf(problemsOf(GeofenceInput, { name: 'x', polygon: bowTie }))).toEqual(['polygon.coordinates[0]']);
    // 86° is a valid latitude (the validator's rule) but beyond what a geofence may cover.
    expect(geofencePolygonProblems({ type: 'Polygon', coordinates: [[[0, 80], [1, 80], [1, 86], [0, 80]]] }))
      .toEqual([{ path: '.coordinates[0][2][1]', message: 'geofences must stay within ±85° latitude' }]);
    expect(geofencePolygonProblems({ type: 'Polygon', coordinates: [[[0, 0], [1, 0], [1, 95], [0, 0]]] }))
      .toEqual([{ path: '.coordinates[0][2][1]', message: 'latitude must be between -90 and 90' }]);
    expect(geofencePolygonProblems('square')).toEqual([{ path: '', message: expect.stringContaining('GeoJSON Polygon') }]);
  });
});

describe('geofenceDraftOf', () => {
  const stored = (over: Partial<Geofence> = {}): Geofence => ({
    id: 'g', name: 'Stored', kind: 'circle', center: SPRINGFIELD, radiusMeters: 150, polygon: null, storeId: null, dwellSeconds: 300, cooldownSeconds: 60,
    createdAt: new Date(), updatedAt: new Date(), ...over,
  });
  const draft = (input: unknown, base?: Geofence) => {
    const out = new ProblemList();
    const checked = checkInput(base ? GeofencePatch : GeofenceInput, input);
    if (!checked.ok) throw new Error(JSON.stringify(checked.problems));
    const { draft: read } = geofenceDraftOf(checked.value, out, base);
    return { fields: read?.fields, problems: fieldsOf(out.problems) };
  };

  it('reads a circle with its defaults, and a polygon without altitudes', () => {
    expect(draft(circle({ name: ' Elm ' }))).toEqual({
      fields: { name: 'Elm', kind: 'circle', center: SPRINGFIELD, radiusMeters: 150, polygon: null, storeId: null, dwellSeconds: null, cooldownSeconds: 0 },
      problems: [],
    });
    const withAltitude = { type: 'Polygon', coordinates: [SQUARE.coordinates[0].map(([lng, lat]) => [lng, lat, 12])] };
    expect(draft({ name: 'Square', polygon: withAltitude }).fields).toMatchObject({ kind: 'polygon', polygon: SQUARE, center: null, radiusMeters: null });
  });

  it.each([
    ['neither shape', { name: 'x' }, ['center', 'polygon']],
    ['both shapes', circle({ polygon: SQUARE }), ['polygon']],
    ['a centre without a radius', { name: 'x', center: SPRINGFIELD }, ['radiusMeters']],
    ['a circle over the antimeridian', circle({ center: { lat: 0, lng: 179.9999 } }), ['center.lng']],
    // 84.99° plus 2 km of latitude is past 85°.
    ['a circle reaching past 85°', circle({ center: { lat: 84.99, lng: 0 }, radiusMeters: 2000 }), ['center.lat']],
  ])('refuses %s', (_name, body, fields) => {
    expect(draft(body)).toEqual({ fields: undefined, problems: fields });
  });

  it('patches over the stored geofence: a polygon replaces a circle, a null name or shape is refused', () => {
    expect(draft({ polygon: SQUARE }, stored()).fields).toMatchObject({ name: 'Stored', kind: 'polygon', center: null, radiusMeters: null, dwellSeconds: 300, cooldownSeconds: 60 });
    expect(draft({ radiusMeters: 500 }, stored({ kind: 'polygon', center: null, radiusMeters: null, polygon: SQUARE as Geofence['polygon'] })).problems).toEqual(['center']);
    expect(draft({ center: null, radiusMeters: null }, stored()).problems).toEqual(['center', 'polygon']);
    expect(draft({ name: null }, stored()).problems).toEqual(['name']);
    expect(draft({ dwellSeconds: null, storeId: 'AB1C2D3E-0000-4000-8000-000000000001' }, stored()).fields).toMatchObject({ dwellSeconds: null, storeId: 'ab1c2d3e-0000-4000-8000-000000000001' });
  });
});
