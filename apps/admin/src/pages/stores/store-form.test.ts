import { describe, expect, it } from 'vitest';
import { hoursFormOf } from './opening-hours';
import { addressLine, EMPTY_STORE, pointOf, storeBody, storeFieldsOf, storePatch, withPoint } from './store-form';

describe('store form', () => {
  it('sends only what was filled in', () => {
    expect(storeBody({ ...EMPTY_STORE, name: ' Elm Street ' })).toEqual({ name: 'Elm Street' });
    expect(storeBody({ ...EMPTY_STORE, name: 'A', line1: '12 Elm St', city: 'Springfield', lat: '39.78', lng: '-89.65', phone: '217 555 0100' })).toEqual({
      name: 'A',
      address: { line1: '12 Elm St', line2: undefined, city: 'Springfield', region: undefined, postalCode: undefined, country: undefined },
      lat: 39.78,
      lng: -89.65,
      phone: '217 555 0100',
    });
  });

  it('passes a half-given or unreadable coordinate on, for the API to name', () => {
    expect(storeBody({ ...EMPTY_STORE, name: 'A', lat: '39.7' })).toEqual({ name: 'A', lat: 39.7, lng: null });
    expect(storeBody({ ...EMPTY_STORE, name: 'A', lat: 'north', lng: '1' }).lat).toBe('north');
  });

  it('prints an address on one line', () => {
    expect(addressLine({ line1: '12 Elm St', city: 'Springfield', postalCode: '62701', country: 'US' })).toBe('12 Elm St, 62701 Springfield, US');
    expect(addressLine({ city: 'Springfield' })).toBe('Springfield');
    expect(addressLine(null)).toBe('—');
  });

  const STORED = {
    id: 's1', name: 'Elm Street', address: { line1: '12 Elm Street', city: 'Springfield', region: 'IL' }, lat: 39.7817, lng: -89.6501, timezone: 'America/Chicago',
    phone: '+12175550100', openingHours: { mon: [['07:00', '18:00']] }, createdAt: '', updatedAt: '',
  };

  it('edits a stored store and patches every field back, blanks as null', () => {
    const fields = storeFieldsOf(STORED);
    expect(fields).toMatchObject({ name: 'Elm Street', line1: '12 Elm Street', line2: '', region: 'IL', lat: '39.7817', lng: '-89.6501', timezone: 'America/Chicago', phone: '+12175550100' });
    expect(storePatch(fields, hoursFormOf(STORED.openingHours))).toEqual({
      name: 'Elm Street',
      address: { line1: '12 Elm Street', line2: undefined, city: 'Springfield', region: 'IL', postalCode: undefined, country: undefined },
      lat: 39.7817, lng: -89.6501, timezone: 'America/Chicago', phone: '+12175550100', openingHours: { mon: [['07:00', '18:00']] },
    });
    const cleared = { ...fields, line1: '', city: '', region: '', lat: '', lng: '', phone: ' ', timezone: '' };
    expect(storePatch(cleared, hoursFormOf(null))).toEqual({ name: 'Elm Street', address: null, lat: null, lng: null, phone: null, timezone: null, openingHours: null });
    expect(storeFieldsOf({ ...STORED, address: null, lat: null, lng: null, phone: null, timezone: null })).toMatchObject({ line1: '', lat: '', lng: '', phone: '', timezone: '' });
  });

  it('a point from the map fills both coordinates; the pin follows what is typed when it is a place', () => {
    const placed = withPoint(EMPTY_STORE, { lat: 39.78173, lng: -89.65015 });
    expect(placed).toMatchObject({ lat: '39.78173', lng: '-89.65015' });
    expect(pointOf(placed)).toEqual({ lat: 39.78173, lng: -89.65015 });
    expect(pointOf({ ...placed, lng: '' })).toBeUndefined();
    expect(pointOf({ ...placed, lat: '95' })).toBeUndefined();
    expect(pointOf({ ...placed, lat: 'north' })).toBeUndefined();
  });
});
