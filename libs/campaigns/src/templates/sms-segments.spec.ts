import { countSegments, isGsm7 } from './sms-segments';

// GSM-7: 160 septets in one message, 153 per part once concatenated; extension-table
// characters (€ [ ] { } ...) take two septets and never straddle parts. UCS-2: 70 code
// units alone, 67 per part; a surrogate pair (emoji) takes two and never straddles.
describe('countSegments', () => {
  it.each([
    ['empty', '', 'GSM-7', 0, 1],
    ['160 GSM characters', 'a'.repeat(160), 'GSM-7', 160, 1],
    ['161 GSM characters', 'a'.repeat(161), 'GSM-7', 161, 2],
    ['306 = 2 x 153', 'a'.repeat(306), 'GSM-7', 306, 2],
    ['307', 'a'.repeat(307), 'GSM-7', 307, 3],
    ['80 euro signs = 160 septets', '€'.repeat(80), 'GSM-7', 160, 1],
    ['81 euro signs = 162 septets: 76 + 5', '€'.repeat(81), 'GSM-7', 162, 2],
    ['an escape pair that would straddle parts', 'a'.repeat(152) + '€' + 'a'.repeat(152), 'GSM-7', 306, 3],
    ['GSM accents', 'é'.repeat(160), 'GSM-7', 160, 1],
    ['c-cedilla (only upper case is GSM)', 'ç'.repeat(70), 'UCS-2', 70, 1],
    ['71 UCS-2 characters', 'ç'.repeat(71), 'UCS-2', 71, 2],
    ['an emoji as two code units', 'a'.repeat(68) + '😀', 'UCS-2', 70, 1],
    ['an emoji past 70 units', 'a'.repeat(69) + '😀', 'UCS-2', 71, 2],
    ['a surrogate pair that would straddle parts', 'a'.repeat(66) + '😀' + 'a'.repeat(66), 'UCS-2', 134, 3],
  ])('%s', (_name, body, encoding, units, segments) => {
    expect(countSegments(body)).toEqual({ encoding, units, segments });
  });
});

describe('isGsm7', () => {
  it.each([
    ['Hi {name} ~ [ok] | ^ \\', true],
    ['Ünïcode? No: ï is not GSM', false],
    ['smart ’quote’', false],
    ['line\nfeed and £$¥', true],
  ])('%s', (body, expected) => {
    expect(isGsm7(body)).toBe(expected);
  });
});
