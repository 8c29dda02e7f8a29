import { describe, expect, it } from 'vitest';
import { csvCell, importErrorsCsv, reportCounts } from './import-report-csv';

describe('import report as CSV', () => {
  it('quotes cells holding commas, quotes or line breaks, and defuses formulas but not numbers', () => {
    expect(csvCell('plain')).toBe('plain');
    expect(csvCell('a, b')).toBe('"a, b"');
    expect(csvCell('say "hi"')).toBe('"say ""hi"""');
    expect(csvCell('two\nlines')).toBe('"two\nlines"');
    expect(csvCell('=HYPERLINK("x")')).toBe('"\'=HYPERLINK(""x"")"');
    expect(csvCell('+13125550123')).toBe('+13125550123');
    expect(csvCell(7)).toBe('7');
    expect(csvCell(undefined)).toBe('');
  });

  it('writes a header row and one line per error, CRLF', () => {
    const csv = importErrorsCsv([
      { row: 2, field: 'email', code: 'INVALID_VALUE', reason: 'must be a valid email address', column: 'Email' },
      { row: 5, field: 'phone', code: 'IDENTITY_CONFLICT', reason: 'belongs to another customer', customerId: 'c1', otherCustomerId: 'c2' },
    ]);
    expect(csv).toBe(
      'row,field,code,reason,column,customerId,otherCustomerId\r\n' +
      '2,email,INVALID_VALUE,must be a valid email address,Email,,\r\n' +
      '5,phone,IDENTITY_CONFLICT,belongs to another customer,,c1,c2\r\n',
    );
  });

  it('labels the counts in reading order', () => {
    expect(reportCounts({ received: 5, inserted: 3, updated: 1, unchanged: 0, duplicatesInFile: 0, failed: 1 }).map((c) => `${c.label}: ${c.value}`))
      .toEqual(['Rows read: 5', 'Inserted: 3', 'Updated: 1', 'Unchanged: 0', 'Duplicates in file: 0', 'Failed: 1']);
  });
});
