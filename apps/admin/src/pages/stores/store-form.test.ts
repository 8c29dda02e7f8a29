import { describe, expect, it } from 'vitest';
import { addressLine, EMPTY_STORE, storeBody } from './store-form';

describe('store form', () => {
  it('sends only what was filled in', () => {
    expect(storeBody({ ...EMPTY_STORE, name: ' Elm Street ' })).toEqual({ name: 'Elm Street' });
    expect(storeBody({ ...EMPTY_STORE, name: 'A', line1: '12 Elm St', city: 'Springfield', lat: '39.78', lng: '-89.65', phone: '217 555 0100' })).toEqual({
      name: 'A',
      address: { line1: '12 Elm St', city: 'Springfield', postalCode: undefined, country: undefined },
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
});
