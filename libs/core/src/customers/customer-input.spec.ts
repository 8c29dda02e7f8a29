import { normalizeCustomer, type NormalizeContext } from './customer-input';

const NOW = new Date('2025-06-15T12:00:00Z');
const ctx = (overrides: Partial<NormalizeContext> = {}): NormalizeContext => ({
  defaultCountry: 'US',
  today: '2025-06-15',
  now: NOW,
  defaultConsentSource: 'api',
  requireIdentity: true,
  ...overrides,
});
const fields = (raw: Record<string, unknown>, c = ctx(), prefix = '') => normalizeCustomer(raw, c, prefix).problems.map((p) => p.field);

describe('normalizeCustomer', () => {
  describe('identity', () => {
    it('lower-cases and trims the email', () => {
      expect(normalizeCustomer({ email: '  Ana.Lopez@Example.COM ' }, ctx())).toEqual({ changes: { email: 'ana.lopez@example.com' }, problems: [] });
    });

    it('normalises the phone to E.164 with the default country', () => {
      expect(normalizeCustomer({ phone: '(212) 555-0199' }, ctx()).changes.phone).toBe('+12125550199');
      expect(normalizeCustomer({ phone: '020 7946 0018' }, ctx({ defaultCountry: 'GB' })).changes.phone).toBe('+442079460018');
      expect(normalizeCustomer({ phone: '06 12 34 56 78' }, ctx({ defaultCountry: 'FR' })).changes.phone).toBe('+33612345678');
    });

    it('trims the externalId', () => {
      expect(normalizeCustomer({ externalId: '  pos-1 ' }, ctx()).changes.externalId).toBe('pos-1');
    });

    it('reports invalid email and phone by field', () => {
      expect(fields({ email: 'nope', phone: '123' })).toEqual(['email', 'phone']);
      expect(fields({ email: 42 })).toEqual(['email']);
    });

    it('requires one identifier on upsert, not on patch', () => {
      expect(fields({ firstName: 'Ana' })).toHaveLength(1);
      expect(['externalId', 'email', 'phone']).toContain(fields({ firstName: 'Ana' })[0]);
      expect(fields({ externalId: '   ', firstName: 'Ana' })).toHaveLength(1);
      expect(fields({ firstName: 'Ana' }, ctx({ requireIdentity: false }))).toEqual([]);
    });

    it('null clears an identifier (patch)', () => {
      expect(normalizeCustomer({ email: null, phone: null, externalId: null }, ctx({ requireIdentity: false })).changes).toEqual({ email: null, phone: null, externalId: null });
    });

    it('limits externalId to 255 and email to 254 characters', () => {
      expect(fields({ externalId: 'x'.repeat(256) })).toContain('externalId');
      expect(fields({ externalId: 'x'.repeat(255) })).toEqual([]);
      expect(fields({ email: `${'a'.repeat(60)}@${'b'.repeat(190)}.com` })).toContain('email');
    });
  });

  describe('names', () => {
    it('trims, turns blank into null, and limits to 200 characters', () => {
      expect(normalizeCustomer({ email: 'a@example.com', firstName: '  Ana ', lastName: '   ' }, ctx()).changes).toMatchObject({ firstName: 'Ana', lastName: null });
      expect(fields({ email: 'a@example.com', firstName: 'x'.repeat(201) })).toEqual(['firstName']);
      expect(fields({ email: 'a@example.com', lastName: 7 })).toEqual(['lastName']);
    });
  });

  describe('birthday', () => {
    it.each([
      ['2024-02-29', true],
      ['2000-02-29', true],
      ['2025-06-15', true], // today
      ['1900-01-01', true],
      ['2025-06-16', false], // tomorrow in the business's zone
      ['2023-02-29', false],
      ['1900-02-29', false],
      ['1899-12-31', false],
      ['1990-13-01', false],
      ['14/02/1990', false],
    ])('%s accepted: %s', (birthday, ok) => {
      const result = normalizeCustomer({ email: 'a@example.com', birthday }, ctx());
      if (ok) {
        expect(result.problems).toEqual([]);
        expect(result.changes.birthday).toBe(birthday);
      } else {
        expect(result.problems.map((p) => p.field)).toEqual(['birthday']);
        expect(result.changes.birthday).toBeUndefined();
      }
    });

    it('null clears it', () => {
      expect(normalizeCustomer({ birthday: null }, ctx({ requireIdentity: false })).changes).toEqual({ birthday: null });
    });
  });

  describe('timezone', () => {
    it('accepts IANA zones and rejects others', () => {
      expect(normalizeCustomer({ email: 'a@example.com', timezone: 'Europe/Paris' }, ctx()).changes.timezone).toBe('Europe/Paris');
      expect(fields({ email: 'a@example.com', timezone: 'Mars/Olympus_Mons' })).toEqual(['timezone']);
      expect(fields({ email: 'a@example.com', timezone: '+02:00' })).toEqual(['timezone']);
      expect(normalizeCustomer({ email: 'a@example.com', timezone: 'Mars/Olympus_Mons' }, ctx()).changes.timezone).toBeUndefined();
    });
  });

  describe('coordinates', () => {
    it.each([
      [{ lat: 41.88, lng: -87.63 }, []],
      [{ lat: 90, lng: 180 }, []],
      [{ lat: -90, lng: -180 }, []],
      [{ lat: 90.0001, lng: 0 }, ['lat']],
      [{ lat: 0, lng: -180.0001 }, ['lng']],
      [{ lat: 10 }, ['lng']],
      [{ lng: 10 }, ['lat']],
      [{ lat: '41.88', lng: -87.63 }, ['lat']],
      [{ lat: 100, lng: 200 }, ['lat', 'lng']],
    ])('%j → problems %j', (coords, expected) => {
      expect(fields({ email: 'a@example.com', ...coords })).toEqual(expected);
    });

    it('sets both or neither', () => {
      expect(normalizeCustomer({ email: 'a@example.com', lat: 41.88, lng: -87.63 }, ctx()).changes).toMatchObject({ lat: 41.88, lng: -87.63 });
      const half = normalizeCustomer({ email: 'a@example.com', lat: 41.88 }, ctx()).changes;
      expect(half.lat).toBeUndefined();
      expect(half.lng).toBeUndefined();
      expect(normalizeCustomer({ lat: null, lng: null }, ctx({ requireIdentity: false })).changes).toEqual({ lat: null, lng: null });
    });
  });

  describe('attributes', () => {
    it('passes a valid object through, null values included (they delete on merge)', () => {
      expect(normalizeCustomer({ email: 'a@example.com', attributes: { tier: 'gold', visits: 3, old: null } }, ctx()).changes.attributes).toEqual({ tier: 'gold', visits: 3, old: null });
    });

    it('rejects bad keys one by one', () => {
      expect(fields({ email: 'a@example.com', attributes: { ok_key: 1, 'bad-key': 1, '1st': 1, 'has space': 1, ['k'.repeat(65)]: 1 } })).toEqual([
        'attributes.bad-key', 'attributes.1st', 'attributes.has space', `attributes.${'k'.repeat(65)}`,
      ]);
      expect(fields({ email: 'a@example.com', attributes: { _private: 1, ['k'.repeat(64)]: 1 } })).toEqual([]);
    });

    it('limits keys to 100 and size to 16 KB of JSON', () => {
      const keys = (n: number) => Object.fromEntries(Array.from({ length: n }, (_, i) => [`k${i}`, i]));
      expect(fields({ email: 'a@example.com', attributes: keys(100) })).toEqual([]);
      expect(fields({ email: 'a@example.com', attributes: keys(101) })).toEqual(['attributes']);
      // {"b":"xxx..."} is 8 bytes of JSON around the value.
      expect(fields({ email: 'a@example.com', attributes: { b: 'x'.repeat(16 * 1024 - 8) } })).toEqual([]);
      expect(fields({ email: 'a@example.com', attributes: { b: 'x'.repeat(16 * 1024 - 7) } })).toEqual(['attributes']);
      // Multi-byte characters count as bytes, not characters: 'é' is 2 bytes in UTF-8.
      expect(fields({ email: 'a@example.com', attributes: { b: 'é'.repeat(8 * 1024) } })).toEqual(['attributes']);
    });

    it.each([[['x']], ['x'], [null], [5]])('rejects %j as attributes', (value) => {
      expect(fields({ email: 'a@example.com', attributes: value })).toEqual(['attributes']);
    });
  });

  describe('tags', () => {
    it('trims and de-duplicates', () => {
      expect(normalizeCustomer({ email: 'a@example.com', tags: [' vip ', 'vip', 'newsletter'] }, ctx()).changes.tags).toEqual(['vip', 'newsletter']);
      expect(normalizeCustomer({ email: 'a@example.com', tags: [] }, ctx()).changes.tags).toEqual([]);
    });

    it('names each bad tag by index', () => {
      expect(fields({ email: 'a@example.com', tags: ['ok', '', 3, 'x'.repeat(65), '  '] })).toEqual(['tags[1]', 'tags[2]', 'tags[3]', 'tags[4]']);
      expect(fields({ email: 'a@example.com', tags: ['x'.repeat(64)] })).toEqual([]);
    });

    it('limits to 100 tags and rejects non-arrays', () => {
      expect(fields({ email: 'a@example.com', tags: Array.from({ length: 100 }, (_, i) => `t${i}`) })).toEqual([]);
      expect(fields({ email: 'a@example.com', tags: Array.from({ length: 101 }, (_, i) => `t${i}`) })).toEqual(['tags']);
      expect(fields({ email: 'a@example.com', tags: 'vip' })).toEqual(['tags']);
    });
  });

  describe('consent', () => {
    it('defaults the source to the context and the time to now', () => {
      const { changes, problems } = normalizeCustomer({ email: 'a@example.com', consent: { email: { status: 'granted' } } }, ctx({ defaultConsentSource: 'import' }));
      expect(problems).toEqual([]);
      expect(changes.consent).toEqual({ email: { status: 'granted', source: 'import', at: NOW } });
    });

    it('keeps a given source and time', () => {
      const { changes } = normalizeCustomer(
        { email: 'a@example.com', consent: { sms: { status: 'denied', source: 'pos', at: '2025-06-01T08:00:00-05:00' }, location: { status: 'granted', source: 'form' } } },
        ctx(),
      );
      expect(changes.consent).toEqual({
        sms: { status: 'denied', source: 'pos', at: new Date('2025-06-01T13:00:00Z') },
        location: { status: 'granted', source: 'form', at: NOW },
      });
    });

    it.each([
      [{ email: { status: 'maybe' } }, ['consent.email.status']],
      [{ email: {} }, ['consent.email.status']],
      [{ fax: { status: 'granted' } }, ['consent.fax']],
      [{ sms: 'granted' }, ['consent.sms']],
      [{ sms: { status: 'granted', source: 'sms_keyword' } }, ['consent.sms.source']], // set by STOP/START handling, not by callers
      [{ sms: { status: 'granted', source: 'unsubscribe_link' } }, ['consent.sms.source']],
      [{ email: { status: 'granted', at: '2025-06-01T08:00:00' } }, ['consent.email.at']],
      [{ email: { status: 'granted', at: '2025-06-15T12:06:00Z' } }, ['consent.email.at']], // more than 5 minutes ahead
      [{ email: { status: 'granted', reason: 'promo' } }, ['consent.email.reason']],
    ])('%j → %j', (consent, expected) => {
      expect(fields({ email: 'a@example.com', consent })).toEqual(expected);
    });

    it('tolerates small clock skew (a time up to 5 minutes ahead)', () => {
      const { changes, problems } = normalizeCustomer({ email: 'a@example.com', consent: { email: { status: 'granted', at: '2025-06-15T12:04:00Z' } } }, ctx());
      expect(problems).toEqual([]);
      expect(changes.consent?.email?.at).toEqual(new Date('2025-06-15T12:04:00Z'));
    });

    it('rejects a non-object', () => {
      expect(fields({ email: 'a@example.com', consent: ['email'] })).toEqual(['consent']);
    });
  });

  describe('address', () => {
    it('keeps known fields, trimmed, and drops blank ones', () => {
      expect(normalizeCustomer({ email: 'a@example.com', address: { line1: ' 1 Elm St ', line2: '', city: 'Springfield' } }, ctx()).changes.address).toEqual({ line1: '1 Elm St', city: 'Springfield' });
    });

    it('names unknown or bad address fields', () => {
      expect(fields({ email: 'a@example.com', address: { line1: '1 Elm', planet: 'Earth', city: 5 } })).toEqual(['address.planet', 'address.city']);
      expect(fields({ email: 'a@example.com', address: '1 Elm St' })).toEqual(['address']);
    });

    it('null clears it', () => {
      expect(normalizeCustomer({ address: null }, ctx({ requireIdentity: false })).changes).toEqual({ address: null });
    });
  });

  it('rejects unknown fields by name', () => {
    expect(fields({ email: 'a@example.com', favouriteColour: 'red', id: 'x' })).toEqual(['favouriteColour', 'id']);
  });

  it('leaves absent fields out of the changes', () => {
    expect(normalizeCustomer({ email: 'a@example.com' }, ctx()).changes).toEqual({ email: 'a@example.com' });
  });

  it('reports every problem under the prefix', () => {
    const { problems } = normalizeCustomer(
      { email: 'bad', phone: 'bad', birthday: '2023-02-29', timezone: 'Nowhere/Land', lat: 95, lng: 0, attributes: { 'a-b': 1 }, tags: [''], consent: { fax: {} }, address: { x: '1' }, extra: 1 },
      ctx(),
      'rows[3].',
    );
    expect(problems.map((p) => p.field).sort()).toEqual(
      ['extra', 'email', 'phone', 'birthday', 'timezone', 'lat', 'attributes.a-b', 'tags[0]', 'consent.fax', 'address.x'].map((f) => `rows[3].${f}`).sort(),
    );
    for (const p of problems) expect(p.message.length).toBeGreaterThan(0);
  });
});

