import { describe, expect, it } from 'vitest';
import { attributeValue, CONDITION_TYPES, defaultCondition, numberOrText, problemAt, problemsOnCondition, textOf, withField } from './conditions';

describe('condition values', () => {
  it('keeps number fields as typed until they read as a number', () => {
    expect(numberOrText('12')).toBe(12);
    expect(numberOrText('-0.5')).toBe(-0.5);
    expect(numberOrText('1.')).toBe('1.');
    expect(numberOrText('12a')).toBe('12a');
    expect(numberOrText('')).toBe('');
    expect(numberOrText('007')).toBe('007');
  });

  it('sends text for text and date fields, numbers and booleans for custom attributes that read as such, lists for in and between', () => {
    expect(attributeValue('email', 'eq', '42')).toBe('42');
    expect(attributeValue('lat', 'gt', '45.5')).toBe(45.5);
    expect(attributeValue('attributes.visits', 'gte', '3')).toBe(3);
    expect(attributeValue('attributes.vip', 'eq', 'true')).toBe(true);
    expect(attributeValue('attributes.city', 'eq', 'Portland')).toBe('Portland');
    expect(attributeValue('firstName', 'in', 'Ana, Bob')).toEqual(['Ana', 'Bob']);
    // A trailing comma is kept while typing the next value.
    expect(textOf(attributeValue('firstName', 'in', 'Ana,'))).toBe('Ana, ');
    expect(attributeValue('birthday', 'between', '1990-01-01, 1999-12-31')).toEqual(['1990-01-01', '1999-12-31']);
    expect(attributeValue('attributes.visits', 'between', '1, 5')).toEqual([1, 5]);
    expect(attributeValue('phone', 'exists', 'false')).toBe(false);
  });

  it('has a starting condition for each of the 13 types the API knows', () => {
    expect(CONDITION_TYPES).toHaveLength(13);
    for (const { value } of CONDITION_TYPES) expect(defaultCondition(value, 's1').type).toBe(value);
    expect(defaultCondition('near', 's1')).toEqual({ type: 'near', storeId: 's1', radiusMeters: 2000 });
  });
});

describe('problems within a condition', () => {
  const problems = [
    { field: 'radiusMeters', message: 'must not be greater than 100000' },
    { field: 'value[1]', message: 'must be a number' },
    { field: 'where[0].value', message: 'must be a string' },
    { field: '', message: 'unknown store' },
    { field: 'type', message: 'must be one of …' },
  ];

  it('shows a problem at the field it names, and at the field above a nested one', () => {
    expect(problemAt(problems, 'radiusMeters')).toBe('must not be greater than 100000');
    expect(problemAt(problems, 'value')).toBe('[1]: must be a number');
    expect(problemAt(problems, 'lat')).toBeUndefined();
  });

  it('shows on the condition as a whole what its editor has no field for', () => {
    expect(problemsOnCondition('near', problems).map((p) => p.field)).toEqual(['value[1]', 'where[0].value', '', 'type']);
    expect(problemsOnCondition('event', problems).map((p) => p.field)).toEqual(['radiusMeters', 'value[1]', 'where[0].value', '', 'type']);
    expect(problemsOnCondition('attribute', problems).map((p) => p.field)).toEqual(['radiusMeters', 'where[0].value', '', 'type']);
  });

  it('sets a field, and removes one set to undefined', () => {
    expect(withField({ type: 'orders', within: 'P90D', value: 1 }, 'within', undefined)).toEqual({ type: 'orders', value: 1 });
    expect(withField({ type: 'orders' }, 'value', 3)).toEqual({ type: 'orders', value: 3 });
  });
});
