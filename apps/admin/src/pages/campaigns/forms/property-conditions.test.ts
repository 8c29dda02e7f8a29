import { describe, expect, it } from 'vitest';
import { propertyText, propertyValue, scalarOf, scalarText, withPropertyOp } from './property-conditions';

describe('event property filters', () => {
  it('types a value the way the API compares it: numbers and booleans as such, quoted text as text', () => {
    expect(scalarOf('20')).toBe(20);
    expect(scalarOf('-0.5')).toBe(-0.5);
    expect(scalarOf('true')).toBe(true);
    expect(scalarOf('"20"')).toBe('20');
    expect(scalarOf('cart')).toBe('cart');
    expect(scalarOf('1.')).toBe('1.');
    expect(scalarText(20)).toBe('20');
    expect(scalarText('20')).toBe('"20"');
    expect(scalarText('true')).toBe('"true"');
    expect(scalarText('a, b')).toBe('"a, b"');
    expect(scalarText(' padded')).toBe('" padded"');
    expect(scalarText('cart')).toBe('cart');
  });

  it('every scalar round-trips through its text', () => {
    for (const value of ['abc', '12', 12, 0, -3.25, true, false, 'true', ' padded', 'a,b', '"q"', '']) {
      expect(scalarOf(scalarText(value))).toEqual(value);
    }
  });

  it('lists for "in" and "between", split at commas outside quotes; exists is yes/no', () => {
    expect(propertyValue('in', 'red, "blue, green", 3')).toEqual(['red', 'blue, green', 3]);
    expect(propertyValue('between', '10, 20')).toEqual([10, 20]);
    expect(propertyValue('exists', 'false')).toBe(false);
    expect(propertyValue('eq', 'abc')).toBe('abc');
    const list = { field: 'sku', op: 'in', value: ['a,b', '7', 7] };
    expect(propertyText(list)).toBe('"a,b", "7", 7');
    expect(propertyValue('in', propertyText(list))).toEqual(list.value);
  });

  it('changing the comparison carries the value over where it fits', () => {
    expect(withPropertyOp({ field: 'value', op: 'gte', value: 20 }, 'in')).toEqual({ field: 'value', op: 'in', value: [20] });
    expect(withPropertyOp({ field: 'value', op: 'in', value: [20, 30] }, 'between')).toEqual({ field: 'value', op: 'between', value: [20, 30] });
    expect(withPropertyOp({ field: 'value', op: 'eq', value: 'x' }, 'exists')).toEqual({ field: 'value', op: 'exists', value: true });
    expect(withPropertyOp({ field: 'value', op: 'exists', value: true }, 'eq')).toEqual({ field: 'value', op: 'eq', value: '' });
  });
});
