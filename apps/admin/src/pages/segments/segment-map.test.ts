import { describe, expect, it } from 'vitest';
import { addCircle, addPolygon, addStoreRadius, applyEditedShape, customerDots, shapesOf } from './segment-map';

const elm = { id: 'elm', name: 'Elm Street', lat: 45.52, lng: -122.68 };
const stores = [elm, { id: 'web', name: 'Online', lat: null, lng: null }];
const square = { type: 'inside', polygon: { type: 'Polygon', coordinates: [[[-122.7, 45.5], [-122.6, 45.5], [-122.6, 45.6], [-122.7, 45.5]]] } };

describe('the segment on the map', () => {
  it('draws near and inside conditions at any depth, keyed by path; an unplaced store draws nothing', () => {
    const tree = { all: [{ type: 'tag', tag: 'vip', present: true }, { type: 'near', storeId: 'elm', radiusMeters: 800 }, { any: [{ not: square }, { type: 'near', storeId: 'web', radiusMeters: 5 }] }] };
    const shapes = shapesOf(tree, stores, { 'all[1]': [{ field: 'radiusMeters', message: 'too big' }] });
    expect(shapes).toEqual([
      { key: 'all[1]', kind: 'circle', center: { lat: 45.52, lng: -122.68 }, radiusMeters: 800, label: 'condition 2, Elm Street', problem: true },
      { key: 'all[2].any[0].not', kind: 'polygon', corners: [{ lat: 45.5, lng: -122.7 }, { lat: 45.5, lng: -122.6 }, { lat: 45.6, lng: -122.6 }], label: 'Not condition 3', problem: false },
    ]);
  });

  it('a drawn circle on a store, a drawn polygon and a typed radius join the root group', () => {
    let tree = addCircle({ all: [] }, { lat: 45.5201, lng: -122.68 }, 1500.4, stores);
    tree = addPolygon(tree, [{ lat: 1, lng: 2 }, { lat: 3, lng: 4 }, { lat: 5, lng: 2 }]);
    tree = addStoreRadius(tree, 'elm', 2500);
    expect(tree).toEqual({ all: [
      { type: 'near', storeId: 'elm', radiusMeters: 1500 },
      { type: 'inside', polygon: { type: 'Polygon', coordinates: [[[2, 1], [4, 3], [2, 5], [2, 1]]] } },
      { type: 'near', storeId: 'elm', radiusMeters: 2500 },
    ] });
    expect(addStoreRadius({ type: 'tag', tag: 'a', present: true }, 'elm', 10)).toEqual({ all: [{ type: 'tag', tag: 'a', present: true }, { type: 'near', storeId: 'elm', radiusMeters: 10 }] });
  });

  it('an edited shape replaces its condition; a circle dragged away from the store keeps its point', () => {
    const tree = { any: [{ type: 'near', storeId: 'elm', radiusMeters: 800 }] };
    expect(applyEditedShape(tree, 'any[0]', { kind: 'circle', center: { lat: 45.6, lng: -122.68 }, radiusMeters: 900.6 }, stores)).toEqual({ any: [{ type: 'near', lat: 45.6, lng: -122.68, radiusMeters: 901 }] });
  });

  it('shows sample customers with a location as dots', () => {
    expect(customerDots([{ id: 'a', lat: 1, lng: 2 }, { id: 'b', lat: null, lng: null }])).toEqual([{ id: 'a', lat: 1, lng: 2 }]);
  });
});
