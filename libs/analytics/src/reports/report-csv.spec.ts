import { toCsv } from './report-csv';

describe('toCsv', () => {
  it('writes a header and CRLF lines, quoting commas, quotes and newlines (RFC 4180)', () => {
    expect(toCsv(['a', 'b'], [['x,y', 'say "hi"'], ['two\nlines', 3.5], [null, true]])).toBe('a,b\r\n"x,y","say ""hi"""\r\n"two\nlines",3.5\r\n,true\r\n');
  });

  it('defuses text a spreadsheet would run as a formula, but not negative numbers', () => {
    expect(toCsv(['v'], [['=HYPERLINK("x")'], ['+1'], ['@sum'], [-2]])).toBe('v\r\n"\'=HYPERLINK(""x"")"\r\n\'+1\r\n\'@sum\r\n-2\r\n');
  });
});
