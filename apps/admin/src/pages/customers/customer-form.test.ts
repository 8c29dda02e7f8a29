import { describe, expect, it } from 'vitest';
import {
  attributeRowsOf, attributesPatch, attributeValue, confirmsErase, consentPatch, contactFieldsOf, contactPatch, CONTACT_FIELD_PATHS, erasePhrase, tagList,
} from './customer-form';

const customer = {
  id: 'c1', externalId: null, email: 'ana@example.com', phone: '+13125550123', firstName: 'Ana', lastName: 'Lopez', birthday: null, timezone: null,
  lat: null, lng: null, address: { line1: '12 Elm Street', city: 'Springfield' }, attributes: { tier: 'gold', visits: 12 }, tags: ['vip'], consent: {},
  createdAt: '2026-01-01T00:00:00Z', updatedAt: '2026-01-01T00:00:00Z',
};

describe('contact form', () => {
  it('reads the customer into text fields, empty for what is not set', () => {
    const f = contactFieldsOf(customer);
    expect(f).toMatchObject({ firstName: 'Ana', email: 'ana@example.com', externalId: '', birthday: '', line1: '12 Elm Street', city: 'Springfield', country: '' });
  });

  it('sends only what changed; an emptied field is null', () => {
    const before = contactFieldsOf(customer);
    expect(contactPatch(before, before)).toEqual({});
    expect(contactPatch(before, { ...before, lastName: ' Lopez-Garcia ', phone: '  ' })).toEqual({ lastName: 'Lopez-Garcia', phone: null });
  });

  it('sends the whole address when a line changes, null when every line is empty', () => {
    const before = contactFieldsOf(customer);
    expect(contactPatch(before, { ...before, postalCode: '62701' })).toEqual({ address: { line1: '12 Elm Street', city: 'Springfield', postalCode: '62701' } });
    expect(contactPatch(before, { ...before, line1: '', city: '' })).toEqual({ address: null });
  });

  it('names address boxes as the API names them in its problems', () => {
    expect(CONTACT_FIELD_PATHS.city).toBe('address.city');
    expect(CONTACT_FIELD_PATHS.email).toBe('email');
  });
});

describe('attributes', () => {
  it('reads numbers, booleans and JSON as such, anything else as text', () => {
    expect(attributeValue('12')).toBe(12);
    expect(attributeValue('-1.5')).toBe(-1.5);
    expect(attributeValue('true')).toBe(true);
    expect(attributeValue('{"a":1}')).toEqual({ a: 1 });
    expect(attributeValue('gold')).toBe('gold');
    expect(attributeValue('00123')).toBe('00123');
    expect(attributeValue('{not json')).toBe('{not json');
  });

  it('patches changed and added keys, removes dropped keys with null, and sends nothing when nothing changed', () => {
    const before = { tier: 'gold', visits: 12 };
    const rows = attributeRowsOf(before);
    expect(rows).toEqual([{ key: 'tier', value: 'gold' }, { key: 'visits', value: '12' }]);
    expect(attributesPatch(before, rows)).toBeUndefined();
    expect(attributesPatch(before, [{ key: 'visits', value: '13' }, { key: 'city', value: 'Paris' }, { key: ' ', value: 'x' }])).toEqual({ visits: 13, city: 'Paris', tier: null });
  });
});

describe('tags, consent and erasing', () => {
  it('trims tags and drops blank and repeated ones', () => {
    expect(tagList([' vip ', 'vip', '', 'newsletter'])).toEqual(['vip', 'newsletter']);
  });

  it('builds one channel\'s consent change with its source', () => {
    expect(consentPatch('sms', 'granted', 'form')).toEqual({ consent: { sms: { status: 'granted', source: 'form' } } });
  });

  it('asks for the email when there is one, else the name shown, and compares as the API stores it', () => {
    expect(erasePhrase({ email: 'ana@example.com' }, 'Ana Lopez')).toBe('ana@example.com');
    expect(erasePhrase({ email: null }, 'Bob Marsh')).toBe('Bob Marsh');
    expect(confirmsErase(' ANA@example.com ', 'ana@example.com')).toBe(true);
    expect(confirmsErase('ana@example.co', 'ana@example.com')).toBe(false);
    expect(confirmsErase('bob marsh', 'Bob Marsh')).toBe(false);
    expect(confirmsErase('Bob Marsh', 'Bob Marsh')).toBe(true);
    expect(confirmsErase('', '')).toBe(false);
  });
});
