import fc from 'fast-check';
import { Expose, plainToInstance, Transform, Type } from 'class-transformer';
import { IsNumber, IsObject, IsOptional, IsString, ValidateNested } from 'class-validator';
import { CustomerInput, CustomerPatch } from '../customers/customer.input';
import { LocationInput, LocationPatch } from '../locations/location.input';
import { inputInstance } from './input-instance';

/** Classes and values, recursively: what class-validator sees. */
function shape(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(shape);
  if (typeof value !== 'object' || value === null) return value;
  const fields = Object.fromEntries(Object.entries(value).map(([k, v]) => [k, shape(v)]));
  return { class: (value.constructor as { name?: string } | undefined)?.name ?? null, fields };
}

function sameAsPlainToInstance(type: new () => object, raw: Record<string, unknown>): void {
  let expected: unknown;
  try {
    expected = shape(plainToInstance(type, raw, { enableImplicitConversion: false }));
  } catch {
    // plainToInstance throws on an object with its own "constructor" key ({"a": {"constructor": []}}); this does not.
    expect(() => inputInstance(type, raw)).not.toThrow();
    return;
  }
  expect(shape(inputInstance(type, raw))).toEqual(expected);
}

// Keys of the classes below, keys plainToInstance treats specially, and unknown ones.
const KEYS = [
  'externalId', 'email', 'lat', 'lng', 'address', 'consent', 'attributes', 'tags', 'name', 'openingHours', 'sms', 'location',
  'status', 'source', 'at', 'city', 'line1', 'other',
];
// plainToInstance also drops these keys inside the values it copies (an attribute "toString"); inputInstance keeps
// such values as they are, so these keys are only generated at the top level. (Request limits refuse __proto__ and constructor.)
const TOP_KEYS = [...KEYS, 'toString', 'hasOwnProperty', 'constructor', '__proto__'];
const json = fc.letrec<{ value: unknown; object: Record<string, unknown> }>((tie) => ({
  value: fc.oneof({ depthSize: 'small' }, fc.constant(null), fc.boolean(), fc.double({ noNaN: true, noDefaultInfinity: true }), fc.string(), fc.array(tie('value'), { maxLength: 3 }), tie('object')),
  object: fc.dictionary(fc.constantFrom(...KEYS), tie('value'), { maxKeys: 6, noNullPrototype: true }),
}));
const body = fc.dictionary(fc.constantFrom(...TOP_KEYS), json.value, { maxKeys: 8, noNullPrototype: true });

describe('inputInstance', () => {
  it.each([CustomerInput, CustomerPatch, LocationInput, LocationPatch])('builds what plainToInstance builds: %p', (type) => {
    fc.assert(fc.property(body, (raw) => sameAsPlainToInstance(type, raw)), { numRuns: 500, seed: 17 });
  });

  it('builds nested input classes, in arrays too, and keeps other values', () => {
    // JSON.parse makes "__proto__" an own key, as a request body would have it.
    const raw = JSON.parse('{"email": "a@b.co", "consent": {"sms": [{"status": "granted"}, "x", null]}, "attributes": {"a": {"b": 1}}, "__proto__": {"x": 1}, "toString": 1}');
    const built = inputInstance(CustomerInput, raw);
    sameAsPlainToInstance(CustomerInput, raw);
    expect(built).toBeInstanceOf(CustomerInput);
    expect(built.consent?.constructor.name).toBe('ConsentInput');
    expect((built.consent?.sms as unknown as unknown[]).map((item) => (item as object | null)?.constructor.name ?? item)).toEqual(['ConsentEntryInput', 'String', null]);
    expect(Object.keys(built)).toEqual(['email', 'consent', 'attributes']);
  });

  it('keeps a plain value as it is, where plainToInstance would drop its keys named like Object.prototype members', () => {
    const raw = { email: 'a@b.co', attributes: { toString: 'x', tier: 'gold' } };
    expect(inputInstance(CustomerInput, raw).attributes).toBe(raw.attributes);
    expect(plainToInstance(CustomerInput, raw).attributes).toEqual({ tier: 'gold' });
  });

  describe('leaves classes that use more of class-transformer to plainToInstance', () => {
    class Trimmed {
      @Transform(({ value }) => (typeof value === 'string' ? value.trim() : value)) @IsString() name: string;
    }
    class Renamed {
      @Expose({ name: 'full_name' }) @IsString() name: string;
    }
    class Converted {
      @Type(() => Number) @IsNumber() count: number;
    }
    class Holder {
      @IsOptional() @IsObject() @ValidateNested() @Type(() => Trimmed) inner?: Trimmed;
    }

    it.each([
      [Trimmed, { name: ' Ana ' }, { name: 'Ana' }],
      [Renamed, { full_name: 'Ana' }, { name: 'Ana' }],
      [Converted, { count: '3' }, { count: 3 }],
      [Holder, { inner: { name: ' Ana ' } }, { inner: { name: 'Ana' } }],
    ] as [new () => object, Record<string, unknown>, object][])('%p', (type, raw, expected) => {
      sameAsPlainToInstance(type, raw);
      expect(inputInstance(type, raw)).toEqual(expect.objectContaining(expected));
    });
  });
});
