import { BadRequestException, Injectable, ValidationPipe, type ArgumentMetadata } from '@nestjs/common';
import { INPUT_VALIDATOR_OPTIONS, inputErrorCodeOf, parseInput, problemsFromValidationErrors } from '@localreach/core';

/**
 * The global pipe. Query strings and path parameters are checked by their DTO
 * classes and answer 400 INVALID_REQUEST. A body whose class is a lib input
 * class (@InputErrorCode) is checked by the same `parseInput` the importer
 * uses and answers 422 with the class's code. Either way unknown fields are
 * refused and every problem names its field path.
 */
@Injectable()
export class ContractValidationPipe extends ValidationPipe {
  constructor() {
    super({
      ...INPUT_VALIDATOR_OPTIONS,
      transform: true,
      transformOptions: { enableImplicitConversion: false },
      exceptionFactory: (errors) => {
        const details = problemsFromValidationErrors(errors);
        return new BadRequestException({ message: details.map((d) => `${d.field}: ${d.message}`).join('; '), code: 'INVALID_REQUEST', details });
      },
    });
  }

  override async transform(value: unknown, metadata: ArgumentMetadata): Promise<unknown> {
    if (metadata.type === 'body' && metadata.metatype && inputErrorCodeOf(metadata.metatype)) {
      // A request without a body is an empty object: a body of optional fields may be left out, and required ones are named.
      return parseInput(metadata.metatype as new () => object, value ?? {});
    }
    return super.transform(value, metadata);
  }
}

export function createValidationPipe(): ValidationPipe {
  return new ContractValidationPipe();
}
