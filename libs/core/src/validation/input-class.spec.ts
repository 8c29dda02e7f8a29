import { Type } from 'class-transformer';
import { IsObject, IsOptional, IsString, ValidateNested } from 'class-validator';
import { checkInput } from './input-class';

class Inner {
  @IsString() name: string;
}

class Outer {
  @IsOptional() @IsObject() @ValidateNested() @Type(() => Inner) inner?: Inner;
}

const fieldsOf = (raw: unknown) => {
  const checked = checkInput(Outer, raw, 'rows[2].');
  return checked.ok ? [] : checked.problems.map((p) => `${p.field}: ${p.message}`);
};

describe('checkInput: nested input classes', () => {
  it('names problems inside a nested object by their full path', () => {
    expect(fieldsOf({ inner: { name: 5, extra: 1 } })).toEqual(['rows[2].inner.extra: is not a known field', 'rows[2].inner.name: must be a string']);
  });

  it.each([['a string', 'x'], ['a number', 5], ['an array of objects', [{ name: 5 }]], ['an array of strings', ['x']]])(
    'reports a nested value that is %s once, on its own field',
    (_what, inner) => {
      expect(fieldsOf({ inner })).toEqual(['rows[2].inner: must be an object']);
    },
  );
});
