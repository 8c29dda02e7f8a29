import { describe, expect, it } from 'vitest';
import { numberText, optional, optionsOf, typedNumber } from './form-values';

describe('form values', () => {
  it('a number field sends a number, or the text as typed for the API to refuse at its field', () => {
    expect(typedNumber('12.5')).toBe(12.5);
    expect(typedNumber('-3')).toBe(-3);
    expect(typedNumber('1.')).toBe('1.');
    expect(typedNumber('')).toBe('');
    expect(numberText(0)).toBe('0');
    expect(numberText(undefined)).toBe('');
  });

  it('keeps a chosen id the lists lack, so the select still shows it (and its problem)', () => {
    const items = [{ id: 'a1', name: 'VIPs' }];
    expect(optionsOf(items, 'a1')).toEqual([{ value: 'a1', label: 'VIPs' }]);
    expect(optionsOf(items, '5e7a1c2d-0000-4000-8000-000000000009')).toEqual([{ value: 'a1', label: 'VIPs' }, { value: '5e7a1c2d-0000-4000-8000-000000000009', label: 'Unknown (5e7a1c2d…)' }]);
    expect(optionsOf(items, '')).toEqual([{ value: 'a1', label: 'VIPs' }]);
  });

  it('an optional field is left out when undefined', () => {
    expect(optional('next', undefined)).toEqual({});
    expect(optional('next', 'done')).toEqual({ next: 'done' });
  });
});
