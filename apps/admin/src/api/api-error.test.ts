import { describe, expect, it } from 'vitest';
import { apiErrorOf, problemsByField } from './api-error';

describe('api errors', () => {
  it('reads the documented error body', () => {
    const e = apiErrorOf(422, { statusCode: 422, code: 'INVALID_LOCATION', message: 'bad', details: [{ field: 'address.city', message: 'is required' }] }, '5');
    expect([e.status, e.code, e.message, e.retryAfterSeconds]).toEqual([422, 'INVALID_LOCATION', 'bad', 5]);
    expect(e.problemAt('address.city')).toBe('is required');
    expect(e.problemAt('address')).toBe('city: is required');
    expect(e.problemAt('name')).toBeUndefined();
  });

  it('survives bodies that are not the documented shape', () => {
    const e = apiErrorOf(502, '<html>bad gateway</html>');
    expect([e.code, e.message, e.details]).toEqual(['HTTP_ERROR', 'Request failed (502)', []]);
    expect(apiErrorOf(0, undefined).code).toBe('NETWORK_ERROR');
    expect(apiErrorOf(422, { details: [{ nope: 1 }, { field: 'x' }] }).details).toEqual([{ field: 'x', message: 'is invalid' }]);
  });

  it('keeps the first problem per field and lifts nested ones to their parents', () => {
    expect(
      problemsByField([
        { field: 'definition.all[1].radiusMeters', message: 'must be at most 50000' },
        { field: 'definition.all[1].radiusMeters', message: 'second' },
        { field: 'name', message: 'is required' },
      ]),
    ).toEqual({
      'definition.all[1].radiusMeters': 'must be at most 50000',
      'definition.all[1]': 'radiusMeters: must be at most 50000',
      'definition.all': '[1].radiusMeters: must be at most 50000',
      definition: 'all[1].radiusMeters: must be at most 50000',
      name: 'is required',
    });
  });
});
