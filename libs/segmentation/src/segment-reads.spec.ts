import { segmentReads, wholeSegmentBehaviour } from './segment-reads';

describe('segmentReads', () => {
  it.each([
    ['a profile rule reads only the customer', { type: 'tag', tag: 'vip', present: true }, ['customer']],
    ['near a point needs no store', { type: 'near', lat: 45.5, lng: -122.6, radiusMeters: 500 }, ['customer']],
    ['near a store reads stores', { type: 'near', storeId: '00000000-0000-4000-8000-000000000001', radiusMeters: 500 }, ['customer', 'location']],
    ['inside a geofence reads geofences', { type: 'inside', geofenceId: '00000000-0000-4000-8000-000000000002' }, ['customer', 'geofence']],
    ['events are read by type', { type: 'event', eventType: 'cart_abandoned', within: 'P1D' }, ['customer', 'event:cart_abandoned']],
    ['rfm reads orders', { type: 'rfm', recency: [4, 5] }, ['customer', 'orders']],
    [
      'nested groups collect every kind once',
      {
        all: [
          { any: [{ type: 'orders', metric: 'count', op: 'gte', value: 2 }, { type: 'engagement', action: 'clicked', within: 'P30D' }] },
          { not: { type: 'event', eventType: 'visit', within: 'P7D' } },
          { type: 'event', eventType: 'visit', within: 'P1D' },
          { type: 'rfm', monetary: [5, 5] },
        ],
      },
      ['customer', 'engagement', 'event:visit', 'orders'],
    ],
  ] as const)('%s', (_name, definition, expected) => {
    expect(segmentReads(definition as Parameters<typeof segmentReads>[0])).toEqual(expected);
  });
});

describe('wholeSegmentBehaviour', () => {
  it.each([
    ['a radius at the top probes per customer', { all: [{ type: 'near', lat: 1, lng: 2, radiusMeters: 500 }, { type: 'orders', metric: 'count', op: 'gte', value: 2 }] }, 'correlated'],
    ['a lone geofence condition probes', { type: 'inside', geofenceId: '00000000-0000-4000-8000-000000000002' }, 'correlated'],
    ['a radius only under OR does not narrow the base', { any: [{ type: 'near', lat: 1, lng: 2, radiusMeters: 500 }, { type: 'tag', tag: 'vip', present: true }] }, 'aggregate'],
    ['behaviour over the whole base aggregates', { type: 'orders', metric: 'sum', op: 'gte', value: 300, within: 'P180D' }, 'aggregate'],
  ] as const)('%s', (_name, definition, expected) => {
    expect(wholeSegmentBehaviour(definition as Parameters<typeof wholeSegmentBehaviour>[0])).toBe(expected);
  });
});
