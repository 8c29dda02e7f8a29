import { canonicalHeader, IMPORT_HEADER_TARGETS, matchHeader } from './import-headers';
import { parseTarget } from './import-mapping';

describe('matchHeader', () => {
  it.each([
    // A field's own name, however it is cased and separated.
    ['email', 'email', 'exact'],
    ['E-mail', 'email', 'exact'],
    ['First Name', 'firstName', 'exact'],
    ['first_name', 'firstName', 'exact'],
    ['FIRSTNAME', 'firstName', 'exact'],
    ['EXTERNAL_ID', 'externalId', 'exact'],
    ['address.postal_code', 'address.postalCode', 'exact'],
    ['consent_sms', 'consent.sms', 'exact'],
    ['Consent.Email', 'consent.email', 'exact'],
    ['  lat  ', 'lat', 'exact'],
    // Other spellings.
    ['Latitude', 'lat', 'alias'],
    ['LONGITUDE', 'lng', 'alias'],
    ['lon', 'lng', 'alias'],
    ['Email Consent', 'consent.email', 'alias'],
    ['email_opt_in', 'consent.email', 'alias'],
    ['Opt-in', 'consent.email', 'alias'],
    ['Accepts Email Marketing', 'consent.email', 'alias'],
    ['SMS Consent', 'consent.sms', 'alias'],
    ['SMS Opt-In', 'consent.sms', 'alias'],
    ['Accepts SMS Marketing', 'consent.sms', 'alias'],
    ['Location Consent', 'consent.location', 'alias'],
    ['fname', 'firstName', 'alias'],
    ['Given Name', 'firstName', 'alias'],
    ['Surname', 'lastName', 'alias'],
    ['Family-Name', 'lastName', 'alias'],
    ['Zip', 'address.postalCode', 'alias'],
    ['ZIP_CODE', 'address.postalCode', 'alias'],
    ['Postcode', 'address.postalCode', 'alias'],
    ['postal_code', 'address.postalCode', 'alias'],
    ['State', 'address.region', 'alias'],
    ['Street Address', 'address.line1', 'alias'],
    ['Email Address', 'email', 'alias'],
    ['Mobile', 'phone', 'alias'],
    ['Phone Number', 'phone', 'alias'],
    ['Customer ID', 'externalId', 'alias'],
    ['DOB', 'birthday', 'alias'],
    ['Date of Birth', 'birthday', 'alias'],
    ['Time Zone', 'timezone', 'exact'],
    ['Labels', 'tags', 'alias'],
  ])('%s → %s (%s)', (header, target, how) => {
    expect(matchHeader(header)).toEqual({ target, how });
  });

  it('reads attributes.<key>[:type] headers as attributes, keeping the key\'s case and the type', () => {
    expect(matchHeader('attributes.Plan')).toEqual({ target: 'attributes.Plan', how: 'exact' });
    expect(matchHeader('Attributes.visits:number')).toEqual({ target: 'attributes.visits:number', how: 'exact' });
  });

  it.each(['Notes', 'Full Name', 'Name', 'Email Consent Date', 'sms', 'consent', ''])('does not guess at "%s"', (header) => {
    expect(matchHeader(header)).toBeUndefined();
  });

  it('every listed target is a valid mapping target and no spelling names two targets', () => {
    const seen = new Map<string, string>();
    for (const { target, aliases } of IMPORT_HEADER_TARGETS) {
      expect({ target, parsed: typeof parseTarget(target) }).toEqual({ target, parsed: 'object' });
      for (const name of [target, ...aliases]) {
        const key = canonicalHeader(name);
        expect({ name, target: seen.get(key) ?? target }).toEqual({ name, target });
        seen.set(key, target);
      }
    }
  });
});
