import { checkInput, inputErrorCodeOf, parseInput } from '../validation/input-class';
import { customerChangesOf, type NormalizeContext } from './customer-input';
import { CustomerInput, CustomerPatch } from './customer.input';

const problems = (type: typeof CustomerInput | typeof CustomerPatch, raw: unknown) => {
  const checked = checkInput(type, raw);
  return checked.ok ? [] : checked.problems;
};
const fields = (type: typeof CustomerInput | typeof CustomerPatch, raw: unknown) => problems(type, raw).map((p) => p.field);

describe('CustomerInput / CustomerPatch', () => {
  it('answer INVALID_CUSTOMER', () => {
    expect(inputErrorCodeOf(CustomerInput)).toBe('INVALID_CUSTOMER');
    expect(inputErrorCodeOf(CustomerPatch)).toBe('INVALID_CUSTOMER');
    expect(() => parseInput(CustomerInput, { email: 'nope' })).toThrow(expect.objectContaining({ code: 'INVALID_CUSTOMER' }));
  });

  describe('identity', () => {
    it('an upsert needs externalId, email or phone, reported on externalId', () => {
      expect(problems(CustomerInput, { firstName: 'Ana' })).toEqual([{ field: 'externalId', message: 'at least one of externalId, email or phone is required' }]);
      expect(fields(CustomerInput, { externalId: ' ', email: null, phone: '' })).toEqual(['externalId']);
      for (const identity of [{ externalId: 'pos-1' }, { email: 'a@example.com' }, { phone: '+12125550199' }]) {
        expect(fields(CustomerInput, { ...identity, firstName: 'Ana' })).toEqual([]);
      }
    });

    it('an identifier given with a bad value is reported on its own field only', () => {
      expect(fields(CustomerInput, { email: 42 })).toEqual(['email']);
      expect(fields(CustomerInput, { email: 'nope' })).toEqual(['email']);
      expect(fields(CustomerInput, { externalId: 'x'.repeat(256) })).toEqual(['externalId']);
    });

    it('a PATCH needs none and may clear them', () => {
      expect(fields(CustomerPatch, { firstName: 'Ana' })).toEqual([]);
      expect(fields(CustomerPatch, {})).toEqual([]);
      expect(fields(CustomerPatch, { externalId: null, email: null, phone: null })).toEqual([]);
    });
  });

  it('a phone needs digits here; whether it is a number is read in the business country later', () => {
    expect(fields(CustomerInput, { phone: 'call me' })).toEqual(['phone']);
    expect(fields(CustomerInput, { phone: '１２３' })).toEqual([]); // full-width digits, as libphonenumber reads them
    expect(fields(CustomerInput, { email: 'a@example.com', phone: '+1 212 555 0199 ext. 12'.padEnd(33, '0') })).toEqual(['phone']);
  });

  it.each([
    [{ lat: 1, lng: 2 }, []],
    [{ lat: null, lng: null }, []],
    [{ lat: 1 }, ['lng']],
    [{ lng: 2 }, ['lat']],
    [{ lat: null, lng: 2 }, ['lat']],
    [{ lat: 1, lng: null }, ['lng']],
    [{ lat: null }, ['lat', 'lng']],
    [{ lat: '1', lng: 2 }, ['lat']],
    [{ lat: -90.5, lng: 180.5 }, ['lat', 'lng']],
  ])('coordinates %j → %j', (coords, expected) => {
    expect(fields(CustomerPatch, coords)).toEqual(expected);
  });

  it('names the missing half of a position', () => {
    expect(problems(CustomerPatch, { lat: 10 })).toEqual([{ field: 'lng', message: 'is required when lat is given' }]);
    expect(problems(CustomerPatch, { lat: 91, lng: 0 })).toEqual([{ field: 'lat', message: 'must be a number between -90 and 90' }]);
  });

  it.each([
    ['a string', 'granted'],
    ['an array', [{ status: 'granted' }]],
    ['null', null],
    ['a number', 1],
  ])('a value that is not an object is one problem: consent.sms as %s', (_what, sms) => {
    expect(fields(CustomerInput, { email: 'a@example.com', consent: { sms } })).toEqual(['consent.sms']);
    expect(fields(CustomerInput, { email: 'a@example.com', consent: sms })).toEqual(['consent']);
    expect(fields(CustomerInput, { email: 'a@example.com', address: sms })).toEqual(sms === null ? [] : ['address']);
  });

  it('names every consent problem by channel and field', () => {
    const consent = { email: { status: 'yes', source: 'sms_keyword', at: 'today', why: 1 }, fax: { status: 'granted' } };
    expect(fields(CustomerInput, { email: 'a@example.com', consent }).sort()).toEqual(
      ['consent.email.at', 'consent.email.source', 'consent.email.status', 'consent.email.why', 'consent.fax'].sort(),
    );
    expect(problems(CustomerInput, { email: 'a@example.com', consent: { sms: {} } })).toEqual([{ field: 'consent.sms.status', message: 'must be "granted" or "denied"' }]);
    // A null source takes the entry point's default; a null time is not a time.
    expect(fields(CustomerInput, { email: 'a@example.com', consent: { sms: { status: 'granted', source: null } } })).toEqual([]);
    expect(fields(CustomerInput, { email: 'a@example.com', consent: { sms: { status: 'granted', at: null } } })).toEqual(['consent.sms.at']);
  });

  it('names bad tags by index and bad attribute keys by name', () => {
    expect(fields(CustomerInput, { email: 'a@example.com', tags: ['ok', ' ', 7], attributes: { 'bad-key': 1, good: 2 } })).toEqual([
      'attributes.bad-key', 'tags[1]', 'tags[2]',
    ]);
    expect(fields(CustomerInput, { email: 'a@example.com', tags: null, attributes: null })).toEqual(['attributes', 'tags']);
  });

  it('reports unknown fields at every level', () => {
    expect(fields(CustomerInput, { email: 'a@example.com', id: 'x', address: { planet: 'Earth' }, consent: { email: { status: 'granted', by: 'me' } } }).sort()).toEqual(
      ['address.planet', 'consent.email.by', 'id'],
    );
  });
});

describe('customerChangesOf', () => {
  const NOW = new Date('2025-06-15T12:00:00Z');
  const ctx: NormalizeContext = { defaultCountry: 'GB', today: '2025-06-15', now: NOW, defaultConsentSource: 'api', requireIdentity: true };
  const changesOf = (raw: object, c = ctx) => {
    const checked = checkInput(CustomerInput, raw);
    if (!checked.ok) throw new Error(JSON.stringify(checked.problems));
    return customerChangesOf(checked.value, c, 'customer.');
  };

  it('normalises what the class accepted', () => {
    const { changes, problems: found } = changesOf({
      externalId: ' pos-1 ', email: ' Ana@Example.COM', phone: '020 7946 0018', firstName: '', birthday: ' 1990-02-14 ', timezone: 'Europe/London',
      address: { line1: ' 1 Elm St ', city: '' }, tags: [' vip ', 'vip'], consent: { email: { status: 'granted', source: 'form', at: '2025-06-01T08:00:00+01:00' } },
    });
    expect(found).toEqual([]);
    expect(changes).toEqual({
      externalId: 'pos-1', email: 'ana@example.com', phone: '+442079460018', firstName: null, birthday: '1990-02-14', timezone: 'Europe/London',
      address: { line1: '1 Elm St' }, tags: ['vip'], consent: { email: { status: 'granted', source: 'form', at: new Date('2025-06-01T07:00:00Z') } },
    });
  });

  it('checks what needs the business, under the prefix', () => {
    const { changes, problems: found } = changesOf({
      email: 'a@example.com', phone: '(212) 555-0199', birthday: '2025-06-16',
      consent: { email: { status: 'granted', at: '2025-06-15T12:06:00Z' }, sms: { status: 'denied' } },
    });
    expect(found.map((p) => p.field)).toEqual(['customer.phone', 'customer.birthday', 'customer.consent.email.at']);
    expect(changes.consent).toEqual({ sms: { status: 'denied', source: 'api', at: NOW } });
    expect(changesOf({ email: 'a@example.com', birthday: '1899-12-31' }).problems).toEqual([{ field: 'customer.birthday', message: 'must be on or after 1900-01-01' }]);
    expect(changesOf({ phone: '(212) 555-0199' }, { ...ctx, defaultCountry: 'US' }).changes.phone).toBe('+12125550199');
  });
});
