import { createHash } from 'node:crypto';
import { addressQuery, normalizeAddressText } from './address-query';

describe('addressQuery', () => {
  const address = { line1: '12 Elm Street', city: 'Springfield', region: 'IL', postalCode: '62701', country: 'US' };

  it('joins the parts in postal order and hashes the normalised text', () => {
    const q = addressQuery(address)!;
    expect(q.text).toBe('12 Elm Street, Springfield, IL, 62701, US');
    expect(q.hash).toBe(createHash('sha256').update('12 elm street,springfield,il,62701,us').digest('hex'));
  });

  it('gives spacing and case variants the same cache key', () => {
    const variant = { line1: '  12  ELM street ', city: 'springfield', region: 'il', postalCode: '62701', country: 'us' };
    expect(addressQuery(variant)!.hash).toBe(addressQuery(address)!.hash);
    expect(addressQuery({ ...address, line1: '14 Elm Street' })!.hash).not.toBe(addressQuery(address)!.hash);
  });

  it('declines addresses too thin to place', () => {
    expect(addressQuery(null)).toBeUndefined();
    expect(addressQuery({ country: 'US' })).toBeUndefined();
    expect(addressQuery({ line1: '12 Elm Street', country: 'US' })).toBeUndefined();
    expect(addressQuery({ line1: '12 Elm Street', postalCode: '62701' })?.text).toBe('12 Elm Street, 62701');
  });

  it('normalises full-width characters and spaces around commas', () => {
    expect(normalizeAddressText('１２ Elm St ,  Springfield')).toBe('12 elm st,springfield');
  });
});
