import { compareCents, matchColumnValue, matchJsonValue } from './evaluate-values';

describe('matchJsonValue (typed comparison on attributes and properties)', () => {
  it.each([
    // [stored value, comparison, expected]
    [5, { op: 'eq', value: 5 }, true],
    ['5', { op: 'eq', value: 5 }, false],
    [undefined, { op: 'neq', value: 5 }, true],
    ['5', { op: 'neq', value: 5 }, true],
    [10, { op: 'gt', value: 9 }, true],
    ['10', { op: 'gt', value: 9 }, false],
    ['b', { op: 'gt', value: 'a' }, true],
    ['B', { op: 'gt', value: 'a' }, false], // byte order: 'B' (0x42) < 'a' (0x61)
    [true, { op: 'eq', value: true }, true],
    [1, { op: 'eq', value: true }, false],
    [3, { op: 'between', value: [3, 4] }, true],
    ['c', { op: 'between', value: ['a', 'b'] }, false],
    [2, { op: 'in', value: ['2', 3] }, false],
    ['Gold Plan', { op: 'contains', value: 'gold' }, true],
    [['Red', 'blue'], { op: 'contains', value: 'red' }, false], // array elements compare exactly
    [['Red', 7], { op: 'contains', value: 7 }, true],
    [77, { op: 'contains', value: 7 }, false],
    [null, { op: 'exists', value: true }, false],
    [undefined, { op: 'exists', value: false }, true],
    [[], { op: 'exists', value: true }, true],
    [{ a: 1 }, { op: 'eq', value: 1 }, false],
  ])('%j %j → %s', (stored, cmp, expected) => {
    expect(matchJsonValue(stored, cmp as Parameters<typeof matchJsonValue>[1])).toBe(expected);
  });
});

describe('matchColumnValue', () => {
  const same = (v: string | number) => v;
  it('an unset column matches only exists:false and neq', () => {
    expect(matchColumnValue(null, { op: 'exists', value: false }, same)).toBe(true);
    expect(matchColumnValue(null, { op: 'neq', value: 'a' }, same)).toBe(true);
    expect(matchColumnValue(null, { op: 'lt', value: 'a' }, same)).toBe(false);
    expect(matchColumnValue(null, { op: 'in', value: ['a'] }, same)).toBe(false);
  });

  it('contains is a case-insensitive substring', () => {
    expect(matchColumnValue('Anna@Example.com', { op: 'contains', value: 'example.COM' }, same)).toBe(true);
  });
});

describe('compareCents (exact money comparison)', () => {
  it.each([
    // 0.1 + 0.2 in cents is exactly 30: equal to 0.3, which float addition would miss.
    [30n, 1n, 'eq', 0.3, true],
    [3030n, 2n, 'eq', 15.15, true], // average of 10.10 and 20.20
    [3031n, 2n, 'gt', 15.15, true], // 15.155
    [1000n, 3n, 'lt', 3.34, true], // 3.3333…
    [1000n, 3n, 'gt', 3.33, true],
    [0n, 1n, 'gte', 0, true],
    [100n, 1n, 'lt', 1e-7, false],
  ])('%s cents / %s %s %s → %s', (cents, count, op, value, expected) => {
    expect(compareCents(cents, count, op as 'eq', value)).toBe(expected);
  });
});
