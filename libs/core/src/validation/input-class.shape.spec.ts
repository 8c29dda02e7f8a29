import { ValidateNested } from 'class-validator';
import { Type } from 'class-transformer';
import { checkInput, parseOneOrBatch, InputErrorCode } from './input-class';
import type { DomainError } from '../errors/domain-error';
import { IsArrayOfSize, IsNestedInput, IsOmittable, IsText } from './input-rules';

class Line {
  @IsText(10) sku: string;
}

@InputErrorCode('INVALID_TEST')
class Basket {
  @IsOmittable() @IsNestedInput(() => Line) first?: Line;
  @IsArrayOfSize(1, 2) @ValidateNested({ each: true }) @Type(() => Line) lines: Line[];
}

@InputErrorCode('INVALID_TEST_BATCH')
class Baskets {
  @IsArrayOfSize(1, 3) @ValidateNested({ each: true }) @Type(() => Basket) baskets: Basket[];
}

const problems = (raw: unknown) => {
  const checked = checkInput(Basket, raw);
  return checked.ok ? [] : checked.problems;
};

describe('input classes: a value of the wrong shape is one problem', () => {
  it('a nested object given as a string, an array or null: one problem naming it, nothing about its insides', () => {
    for (const first of ['x', [{ sku: 1 }], null]) {
      expect(problems({ first, lines: [{ sku: 'a' }] })).toEqual([{ field: 'first', message: 'must be a JSON object' }]);
    }
  });

  it('an array of the wrong size or type: one problem naming it, its items left unchecked', () => {
    expect(problems({ lines: [] })).toEqual([{ field: 'lines', message: 'must be an array of 1 to 2 items' }]);
    expect(problems({ lines: [{ sku: '' }, { sku: '' }, { sku: '' }] })).toEqual([{ field: 'lines', message: 'must be an array of 1 to 2 items' }]);
    expect(problems({ lines: 'x' })).toEqual([{ field: 'lines', message: 'must be an array of 1 to 2 items' }]);
    expect(problems({ lines: { 0: { sku: 'a' } } })).toEqual([{ field: 'lines', message: 'must be an array of 1 to 2 items' }]);
  });

  it('an item that is not an object, and the problems inside the others, each at its index', () => {
    expect(problems({ lines: [7, { sku: '', colour: 'red' }] })).toEqual([
      { field: 'lines[0]', message: 'must be an object' },
      { field: 'lines[1].colour', message: 'is not a known field' },
      { field: 'lines[1].sku', message: 'must be a non-blank string of at most 10 characters' },
    ]);
  });
});

describe('parseOneOrBatch', () => {
  const parse = (raw: unknown) => parseOneOrBatch(Basket, Baskets, 'baskets', raw);
  const thrown = (raw: unknown): DomainError => {
    try {
      parse(raw);
    } catch (error) {
      return error as DomainError;
    }
    throw new Error('expected a DomainError');
  };

  it('checks a body with the batch key as a batch, anything else as one item', () => {
    expect(parse({ lines: [{ sku: 'a' }] })).toBeInstanceOf(Basket);
    expect(parse({ baskets: [{ lines: [{ sku: 'a' }] }] })).toBeInstanceOf(Baskets);
    expect(thrown({ baskets: [{ lines: [] }], lines: [] })).toMatchObject({
      kind: 'invalid',
      code: 'INVALID_TEST_BATCH',
      details: [{ field: 'lines', message: 'is not a known field' }, { field: 'baskets[0].lines', message: 'must be an array of 1 to 2 items' }],
    });
    expect(thrown([{ lines: [] }])).toMatchObject({ code: 'INVALID_TEST', details: [{ field: 'body', message: 'must be a JSON object' }] });
  });
});
