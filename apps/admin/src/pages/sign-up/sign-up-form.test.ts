import { describe, expect, it } from 'vitest';
import { signUpBody, timeZones } from './sign-up-form';

describe('sign-up form', () => {
  it('trims, upper-cases the codes and leaves out empty optional lines', () => {
    expect(
      signUpBody({ name: " Rosa's Bakery ", timezone: 'America/Chicago', currency: 'usd', country: 'us', line1: '12 Elm Street ', line2: ' ', city: 'Springfield', region: '', postalCode: ' 62701', }),
    ).toEqual({
      name: "Rosa's Bakery",
      timezone: 'America/Chicago',
      currency: 'USD',
      country: 'US',
      address: { line1: '12 Elm Street', line2: undefined, city: 'Springfield', region: undefined, postalCode: '62701', country: 'US' },
    });
  });

  it("puts the browser's zone first, once", () => {
    expect(timeZones('Europe/Paris', ['America/Chicago', 'Europe/Paris', 'UTC'])).toEqual(['Europe/Paris', 'America/Chicago', 'UTC']);
  });
});
