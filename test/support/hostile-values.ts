/** Values a careless or hostile client sends where a field should be; each must be refused or stored safely, never a 500. */
export const HOSTILE_VALUES: readonly unknown[] = [
  '', ' ', 'x'.repeat(5000), '\u0000', 'a\u0000b', '\u001b[2J', '\ud800', '\udfff\ud800', '🎉'.repeat(300), "' OR 1=1 --", '%', '_', '\\', '../../etc/passwd',
  '<script>alert(1)</script>', '{{constructor.constructor("x")()}}', '__proto__', 'NaN', '1e999', '-0', '0x10', '2026-02-30T00:00:00Z', '9999-12-31T23:59:59Z',
  '0000-01-01', 'P1000000Y', 'PT0S', '-P1D', '00000000-0000-0000-0000-000000000000', 'ffffffff-ffff-ffff-ffff-ffffffffffff', '+1', '+999999999999999999',
  -1, 0, 1, 1.5, -0.0001, 1e308, -1e308, 2 ** 53, 2 ** 31, -(2 ** 31), 1.2345678901234568e29, true, false, null, [], {}, [null], [[[[[[]]]]]],
  { __proto__: null }, { a: { b: { c: { d: {} } } } }, ['x', 1, null, {}],
];

/** Strings for ids and query parameters. */
export const HOSTILE_STRINGS: readonly string[] = HOSTILE_VALUES.filter((v): v is string => typeof v === 'string');
