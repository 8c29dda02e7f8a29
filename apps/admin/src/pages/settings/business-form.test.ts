import { describe, expect, it } from 'vitest';
import { businessFields, businessPatch } from './business-form';

const stored = {
  id: 'b1', name: "Rosa's Bakery", timezone: 'America/Chicago', currency: 'USD', country: 'US', createdAt: '2026-01-01T00:00:00Z',
  address: { line1: '12 Elm Street', city: 'Springfield', region: 'IL', postalCode: '62701', country: 'US' },
};

describe('business form', () => {
  it('sends nothing when nothing changed', () => {
    expect(businessPatch(stored, businessFields(stored))).toEqual({});
  });

  it('sends each changed field, codes upper-cased, names trimmed', () => {
    expect(businessPatch(stored, { ...businessFields(stored), name: " Rosa's Café ", currency: 'eur', timezone: 'Europe/Paris' })).toEqual({
      name: "Rosa's Café", currency: 'EUR', timezone: 'Europe/Paris',
    });
  });

  it('sends the whole address when one line changed, leaving out empty optional lines', () => {
    expect(businessPatch(stored, { ...businessFields(stored), city: 'Chicago', region: '' })).toEqual({
      address: { line1: '12 Elm Street', line2: undefined, city: 'Chicago', region: undefined, postalCode: '62701', country: 'US' },
    });
  });
});
