import { addressOf } from '../validation/address.input';
import { checkInput } from '../validation/input-class';
import { CreateApiKeyInput, SignUpInput } from './tenancy.input';

const SIGN_UP = {
  name: "Rosa's Bakery",
  timezone: 'America/Chicago',
  currency: 'USD',
  country: 'US',
  address: { line1: '12 Elm Street', city: 'Springfield', postalCode: '62701', country: 'US' },
};

function problemsOf<T extends object>(type: new () => T, raw: unknown): Record<string, string> {
  const checked = checkInput(type, raw);
  return checked.ok ? {} : Object.fromEntries(checked.problems.map((p) => [p.field, p.message]));
}

describe('SignUpInput', () => {
  it('accepts a business with its postal address; the stored address is trimmed, blank optional lines dropped', () => {
    const checked = checkInput(SignUpInput, { ...SIGN_UP, address: { ...SIGN_UP.address, line1: ' 12 Elm Street ', line2: ' ', region: 'IL' } });
    expect(checked.ok && addressOf(checked.value.address)).toEqual({ line1: '12 Elm Street', city: 'Springfield', region: 'IL', postalCode: '62701', country: 'US' });
  });

  it('requires line1, city, postalCode and country in the address, and the address itself', () => {
    const required = 'must be a non-blank string of at most 200 characters';
    expect(problemsOf(SignUpInput, { ...SIGN_UP, address: { line1: '1 Main St', city: ' ', planet: 'Mars' } })).toEqual({
      'address.city': required,
      'address.postalCode': required,
      'address.country': required,
      'address.planet': 'is not a known field',
    });
    expect(Object.keys(problemsOf(SignUpInput, { ...SIGN_UP, address: undefined }))).toEqual(['address']);
    expect(Object.keys(problemsOf(SignUpInput, { ...SIGN_UP, address: 'Springfield' }))).toEqual(['address']);
  });

  it('names every wrong field at once', () => {
    expect(problemsOf(SignUpInput, { name: '  ', timezone: '+02:00', currency: 'usd', country: 'USA', address: SIGN_UP.address, plan: 'pro' })).toEqual({
      name: 'must be a non-blank string of at most 200 characters',
      timezone: 'must be an IANA time zone such as Europe/Paris',
      currency: 'must be an ISO 4217 currency code such as USD',
      country: 'must be an ISO 3166-1 alpha-2 country code such as US',
      plan: 'is not a known field',
    });
  });
});

describe('CreateApiKeyInput', () => {
  it('a name of 1 to 100 characters and a known role', () => {
    expect(problemsOf(CreateApiKeyInput, { name: 'Front desk tablet', role: 'marketer' })).toEqual({});
    expect(problemsOf(CreateApiKeyInput, { name: 'x'.repeat(101), role: 'admin', scope: 'all' })).toEqual({
      name: 'must be a non-blank string of at most 100 characters',
      role: 'must be one of owner, marketer, analyst',
      scope: 'is not a known field',
    });
  });
});
