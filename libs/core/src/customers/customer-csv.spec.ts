import { csvCell, customerCsvHeader, customerCsvLine } from './customer-csv';
import type { Customer } from './customer.types';

describe('csvCell', () => {
  it.each([
    [null, ''],
    [undefined, ''],
    ['plain', 'plain'],
    ['', ''],
    // RFC 4180: quote a cell holding a comma, quote, CR or LF; double the quotes.
    ['a,b', '"a,b"'],
    ['say "hi"', '"say ""hi"""'],
    ['two\nlines', '"two\nlines"'],
    ['cr\rhere', '"cr\rhere"'],
    // Formula injection: = + - @ tab CR at the start get a leading quote.
    ['=1+2', "'=1+2"],
    ['+cmd', "'+cmd"],
    ['-2+3+cmd|" /C calc"!A0', `"'-2+3+cmd|"" /C calc""!A0"`],
    ['@SUM(A1)', "'@SUM(A1)"],
    ['\tindent', "'\tindent"],
    ['\rstart', `"'\rstart"`],
    ['=HYPERLINK("http://x","y")', `"'=HYPERLINK(""http://x"",""y"")"`],
    // ... except a cell that is only a number, which a spreadsheet cannot run.
    ['+13125550123', '+13125550123'],
    ['-12.5', '-12.5'],
    ['+1 312', "'+1 312"],
    // Only the start matters.
    ['a=b', 'a=b'],
    [41.88, '41.88'],
    [-87.63, '-87.63'],
    [Number.NaN, ''],
  ])('%j → %j', (value, expected) => {
    expect(csvCell(value)).toBe(expected);
  });
});

describe('customer CSV lines', () => {
  const customer: Customer = {
    id: '3f2b8c1e-0d4a-4e7b-9c5d-1a2b3c4d5e6f', businessId: 'b', externalId: null, email: 'ana@example.com', phone: '+13125550123',
    firstName: 'Ana', lastName: 'Lopez, "Jr"', birthday: '1990-02-14', timezone: 'America/Chicago', lat: 41.88, lng: -87.63,
    address: { line1: '1 Main St', city: 'Chicago', postalCode: '60601', country: 'US' }, attributes: { tier: 'gold' }, tags: ['vip', 'newsletter'],
    consent: { email: { status: 'granted', at: new Date('2026-01-01T00:00:00Z'), source: 'form' }, location: { status: 'denied', at: new Date(0), source: 'api' } },
    createdAt: new Date('2026-05-01T10:00:00.123Z'), updatedAt: new Date('2026-05-02T08:30:00Z'),
  };

  it('header and a line, CRLF-terminated', () => {
    expect(customerCsvHeader()).toBe(
      'id,externalId,email,phone,firstName,lastName,birthday,timezone,lat,lng,tags,consentEmail,consentSms,consentLocation,address,attributes,createdAt,updatedAt\r\n',
    );
    expect(customerCsvLine(customer)).toBe(
      '3f2b8c1e-0d4a-4e7b-9c5d-1a2b3c4d5e6f,,ana@example.com,+13125550123,Ana,"Lopez, ""Jr""",1990-02-14,America/Chicago,41.88,-87.63,vip;newsletter,' +
        'granted,,denied,"{""line1"":""1 Main St"",""city"":""Chicago"",""postalCode"":""60601"",""country"":""US""}","{""tier"":""gold""}",2026-05-01T10:00:00.123Z,2026-05-02T08:30:00.000Z\r\n',
    );
  });
});
