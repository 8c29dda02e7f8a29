import {
  isCalendarDate,
  isPlainObject,
  isValidCountry,
  isValidCurrency,
  isValidTimeZone,
  normalizeEmail,
  normalizePhone,
  parseTimestamp,
  ProblemList,
} from './field-checks';

describe('normalizeEmail', () => {
  it.each([
    ['ana@example.com', 'ana@example.com'],
    ['Ana.Lopez@Example.COM', 'ana.lopez@example.com'],
    ['  ana@example.com\t', 'ana@example.com'],
    ['ana+promo@mail.example.co.uk', 'ana+promo@mail.example.co.uk'],
    ["o'brien@example.ie", "o'brien@example.ie"],
    ['first_last-1@sub-domain.example.org', 'first_last-1@sub-domain.example.org'],
  ])('%s → %s', (raw, expected) => {
    expect(normalizeEmail(raw)).toBe(expected);
  });

  it.each([
    '',
    'ana',
    'ana@',
    '@example.com',
    'ana@example', // no dotted domain
    'ana@@example.com',
    'ana lopez@example.com',
    'ana@exa mple.com',
    '.ana@example.com',
    'ana.@example.com',
    'ana..lopez@example.com',
    'ana@-example.com',
    'ana@example-.com',
    'ana@example..com',
    `${'a'.repeat(65)}@example.com`, // local part over 64
    `ana@${'a'.repeat(250)}.com`, // over 254 in total
  ])('%j is not an address', (raw) => {
    expect(normalizeEmail(raw)).toBeUndefined();
  });

  it('accepts a 64-character local part', () => {
    expect(normalizeEmail(`${'a'.repeat(64)}@example.com`)).toBe(`${'a'.repeat(64)}@example.com`);
  });
});

describe('normalizePhone', () => {
  // E.164 = "+" country code + national significant number (the national trunk prefix "0" or "1" dropped).
  it.each([
    ['US', '(212) 555-0199', '+12125550199'],
    ['US', '212-555-0199', '+12125550199'],
    ['US', '212.555.0199', '+12125550199'],
    ['US', '1 212 555 0199', '+12125550199'],
    ['US', '+1 212 555 0199', '+12125550199'],
    ['US', '+12125550199', '+12125550199'],
    ['GB', '020 7946 0018', '+442079460018'],
    ['GB', '+44 20 7946 0018', '+442079460018'],
    ['GB', '07400 123456', '+447400123456'],
    ['FR', '01 42 68 53 00', '+33142685300'],
    ['FR', '06 12 34 56 78', '+33612345678'],
    ['FR', '+33 6 12 34 56 78', '+33612345678'],
    // An international number keeps its own country whatever the default.
    ['US', '+33 1 42 68 53 00', '+33142685300'],
    ['FR', '+1 (212) 555-0199', '+12125550199'],
    ['GB', '+33 6 12 34 56 78', '+33612345678'],
  ] as const)('%s: %s → %s', (country, raw, expected) => {
    expect(normalizePhone(raw, country)).toBe(expected);
  });

  it.each([
    ['US', ''],
    ['US', '   '],
    ['US', '12345'],
    ['US', '555-0199'], // no area code
    ['US', '(012) 555-0199'], // area codes never start with 0
    ['US', '(112) 555-0199'], // ...or 1
    ['US', '020 7946 0018'], // a UK national number is not a US one
    ['US', 'call me maybe'],
    ['GB', '020 7946 001'], // one digit short
    ['FR', '01 42 68 53'], // two digits short
    ['US', `+1 212 555 0199 ${'9'.repeat(30)}`], // over 32 characters
  ] as const)('%s: %j is not a phone number', (country, raw) => {
    expect(normalizePhone(raw, country)).toBeUndefined();
  });
});

describe('isCalendarDate', () => {
  it.each([
    ['2024-02-29', true], // divisible by 4
    ['2000-02-29', true], // divisible by 400
    ['1900-02-29', false], // divisible by 100 but not 400
    ['2023-02-29', false],
    ['2100-02-29', false],
    ['2023-02-28', true],
    ['2024-01-31', true],
    ['2024-04-30', true],
    ['2024-04-31', false],
    ['2024-06-31', false],
    ['2024-09-31', false],
    ['2024-11-31', false],
    ['2024-12-31', true],
    ['2024-12-32', false],
    ['2024-13-01', false],
    ['2024-00-10', false],
    ['2024-01-00', false],
    ['1990-1-05', false],
    ['1990-01-5', false],
    ['90-01-05', false],
    ['1990/01/05', false],
    ['1990-01-05T00:00:00Z', false],
    [' 1990-01-05', false],
    ['', false],
  ])('%j → %s', (value, expected) => {
    expect(isCalendarDate(value)).toBe(expected);
  });
});

describe('isValidTimeZone', () => {
  it.each(['America/New_York', 'America/Chicago', 'Europe/London', 'Europe/Paris', 'Asia/Kolkata', 'Australia/Lord_Howe', 'America/Argentina/Buenos_Aires', 'America/Port-au-Prince', 'Etc/GMT+5', 'UTC'])(
    '%s is a zone',
    (zone) => {
      expect(isValidTimeZone(zone)).toBe(true);
      // Cached answers stay right.
      expect(isValidTimeZone(zone)).toBe(true);
    },
  );

  it.each(['', 'Mars/Olympus_Mons', 'Europe/Springfield', 'America/', '/America/Chicago', '+02:00', 'GMT+2 ', 'America/New York', '../etc/passwd', `Europe/${'X'.repeat(70)}`])(
    '%j is not a zone',
    (zone) => {
      expect(isValidTimeZone(zone)).toBe(false);
      expect(isValidTimeZone(zone)).toBe(false);
    },
  );
});

describe('isValidCurrency and isValidCountry', () => {
  it.each(['USD', 'EUR', 'GBP', 'JPY', 'CAD'])('%s is a currency', (code) => expect(isValidCurrency(code)).toBe(true));
  it.each(['usd', 'US', 'USDD', 'XYZ', '', '123'])('%j is not a currency', (code) => expect(isValidCurrency(code)).toBe(false));
  it.each(['US', 'GB', 'FR', 'DE', 'CA'])('%s is a country', (code) => expect(isValidCountry(code)).toBe(true));
  it.each(['us', 'USA', 'UK', 'XX', '', 'U'])('%j is not a country', (code) => expect(isValidCountry(code)).toBe(false));
});

describe('parseTimestamp', () => {
  it.each([
    ['2025-03-01T09:12:00Z', '2025-03-01T09:12:00.000Z'],
    ['2025-03-01T09:12:00-06:00', '2025-03-01T15:12:00.000Z'],
    ['2025-03-01T09:12:00+0530', '2025-03-01T03:42:00.000Z'],
    ['2025-03-01T09:12Z', '2025-03-01T09:12:00.000Z'],
    ['2025-03-01T09:12:00.250Z', '2025-03-01T09:12:00.250Z'],
  ])('%s → %s', (raw, iso) => {
    expect(parseTimestamp(raw)?.toISOString()).toBe(iso);
  });

  it.each(['2025-03-01T09:12:00', '2025-03-01', 'yesterday', '2025-02-30T00:00:00Z', '2025-03-01 09:12:00Z', 1740820320000, null, undefined])(
    '%j is not a timestamp with a zone',
    (raw) => {
      expect(parseTimestamp(raw)).toBeUndefined();
    },
  );
});

describe('isPlainObject', () => {
  it.each([[{}, true], [{ a: 1 }, true], [[], false], [null, false], ['x', false], [new Date(), false], [Object.create(null), false]])('%j → %s', (value, expected) => {
    expect(isPlainObject(value)).toBe(expected);
  });
});

describe('ProblemList', () => {
  it('prefixes every field and is ok only when empty', () => {
    const list = new ProblemList('events[3].');
    expect(list.ok).toBe(true);
    list.add('type', 'is required');
    list.add('customer.email', 'is invalid');
    expect(list.ok).toBe(false);
    expect(list.problems).toEqual([
      { field: 'events[3].type', message: 'is required' },
      { field: 'events[3].customer.email', message: 'is invalid' },
    ]);
  });
});
