import { describe, expect, it } from 'vitest';
import { customerQuery, DEFAULT_FILTERS, displayName, totalText } from './customer-list';

describe('customer list', () => {
  it('sends only the filters that are set', () => {
    expect(customerQuery(DEFAULT_FILTERS)).toEqual({ sort: 'createdAt', order: 'desc' });
    expect(customerQuery({ ...DEFAULT_FILTERS, q: ' ana lo ', tag: 'vip', consentSms: 'granted' })).toEqual({ sort: 'createdAt', order: 'desc', q: 'ana lo', tag: 'vip', consentSms: 'granted' });
  });

  it('names a customer by what is known', () => {
    const base = { id: 'c1', firstName: null, lastName: null, email: null, phone: null, externalId: null };
    expect(displayName({ ...base, firstName: 'Ana', lastName: 'Lopez', email: 'a@x.com' })).toBe('Ana Lopez');
    expect(displayName({ ...base, lastName: 'Lopez' })).toBe('Lopez');
    expect(displayName({ ...base, email: 'a@x.com', phone: '+1' })).toBe('a@x.com');
    expect(displayName({ ...base, phone: '+13125550123' })).toBe('+13125550123');
    expect(displayName(base)).toBe('c1');
  });

  it('says how many, and when it is an estimate', () => {
    expect(totalText(1, false, 'en-US')).toBe('1 customer');
    expect(totalText(12345, false, 'en-US')).toBe('12,345 customers');
    expect(totalText(1_234_567, true, 'en-US')).toBe('about 1.2M customers');
  });
});
