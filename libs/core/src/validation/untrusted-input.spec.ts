import { findUnsafeInput, unsafeTextProblem, UNTRUSTED_INPUT_LIMITS } from './untrusted-input';

const nested = (depth: number): unknown => {
  let node: unknown = 'leaf';
  for (let i = 0; i < depth; i += 1) node = { a: node };
  return node;
};

describe('findUnsafeInput', () => {
  it('accepts ordinary JSON: tabs, new lines, emoji, accents, null, booleans, big and small numbers', () => {
    const body = { name: 'Café 🎉\n\tline two\r\n', tags: ['vip', ''], n: -1.5e300, ok: true, none: null, list: [[1, 2], { b: 'ß' }] };
    expect(findUnsafeInput(body)).toEqual([]);
  });

  it.each([
    ['\u0000', 'U+0000'], ['a\u0001', 'U+0001'], ['\u0008', 'U+0008'], ['\u000B', 'U+000B'], ['\u000C', 'U+000C'],
    ['\u000E', 'U+000E'], ['\u001B[31m', 'U+001B'], ['\u001F', 'U+001F'], ['\u007F', 'U+007F'],
  ])('names a control character %j as %s', (text, code) => {
    expect(findUnsafeInput({ firstName: text })).toEqual([{ field: 'firstName', message: `contains a control character (${code})` }]);
  });

  it('refuses lone surrogates, high or low, but keeps a proper pair', () => {
    expect(unsafeTextProblem('\uD83C\uDF89')).toBeUndefined();
    expect(unsafeTextProblem('x\uD800')).toMatch(/lone UTF-16 surrogate/);
    expect(unsafeTextProblem('\uDC00y')).toMatch(/lone UTF-16 surrogate/);
    expect(unsafeTextProblem('\uDC00\uD800')).toMatch(/lone UTF-16 surrogate/);
  });

  it('names nested fields with dots and array indexes', () => {
    const body = { events: [{ type: 'ok' }, { properties: { note: 'bad\u0000' } }] };
    expect(findUnsafeInput(body)).toEqual([{ field: 'events[1].properties.note', message: 'contains a control character (U+0000)' }]);
  });

  it('quotes keys that are not identifiers', () => {
    expect(findUnsafeInput({ attributes: { 'two words': '\u0000' } })[0].field).toBe('attributes["two words"]');
  });

  it.each(['__proto__', 'constructor', 'prototype'])('refuses the key %s anywhere', (key) => {
    const body = JSON.parse(`{"steps":[{"attributes":{"${key}":{"polluted":true}}}]}`) as unknown;
    expect(findUnsafeInput(body)).toEqual([{ field: `steps[0].attributes.${key}`, message: 'is a reserved name and cannot be used as a key' }]);
  });

  it('refuses control characters in keys', () => {
    expect(findUnsafeInput({ 'a\u0000': 1 })).toHaveLength(1);
  });

  it('refuses non-finite numbers (1e999 parses to Infinity)', () => {
    expect(findUnsafeInput(JSON.parse('{"lat":1e999,"lng":-1e999}'))).toEqual([
      { field: 'lat', message: 'must be a finite number' },
      { field: 'lng', message: 'must be a finite number' },
    ]);
  });

  it('allows exactly the nesting limit and refuses one level more, at the level that overflows', () => {
    // nested(n) is n objects deep; the root object is level 0, so maxDepth objects fit.
    expect(findUnsafeInput(nested(UNTRUSTED_INPUT_LIMITS.maxDepth))).toEqual([]);
    const problems = findUnsafeInput(nested(UNTRUSTED_INPUT_LIMITS.maxDepth + 1));
    expect(problems).toEqual([{ field: Array(UNTRUSTED_INPUT_LIMITS.maxDepth).fill('a').join('.'), message: 'is nested deeper than 32 levels' }]);
  });

  it('walks a 100,000-deep value without recursing into it', () => {
    const started = process.hrtime.bigint();
    expect(findUnsafeInput(nested(100_000))).toHaveLength(1);
    // It stops at the depth limit; the bound leaves room for a CI machine busy with other suites (70 ms seen there).
    expect(Number(process.hrtime.bigint() - started) / 1e6).toBeLessThan(500);
  });

  it('refuses oversized arrays, objects and strings', () => {
    const tooMany = Array.from({ length: UNTRUSTED_INPUT_LIMITS.maxArrayItems + 1 }, () => 0);
    expect(findUnsafeInput({ list: tooMany })).toEqual([{ field: 'list', message: 'must hold at most 10000 items' }]);
    const wide = Object.fromEntries(Array.from({ length: 1001 }, (_, i) => [`k${i}`, i]));
    expect(findUnsafeInput({ wide })).toEqual([{ field: 'wide', message: 'must hold at most 1000 keys' }]);
    expect(findUnsafeInput({ long: 'x'.repeat(1_000_001) })).toEqual([{ field: 'long', message: 'must be at most 1000000 characters' }]);
    expect(findUnsafeInput({ list: tooMany.slice(1), long: 'x'.repeat(1_000_000) })).toEqual([]);
  });

  it('reports at most 20 problems', () => {
    const body = Array.from({ length: 50 }, () => '\u0000');
    const problems = findUnsafeInput(body);
    expect(problems).toHaveLength(20);
    expect(problems[0]).toEqual({ field: '[0]', message: 'contains a control character (U+0000)' });
  });

  it('names the body itself when the top-level value is the problem', () => {
    expect(findUnsafeInput('\u0000')).toEqual([{ field: 'body', message: 'contains a control character (U+0000)' }]);
  });
});
