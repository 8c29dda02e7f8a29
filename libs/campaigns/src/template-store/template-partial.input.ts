import { ApiProperty } from '@nestjs/swagger';
import { IsString } from 'class-validator';
import { InputErrorCode } from '@localreach/core';

/** PUT /v1/template-partials/{name}: the partial's Handlebars html. */
@InputErrorCode('INVALID_PARTIAL')
export class TemplatePartialInput {
  @ApiProperty({
    description: 'Handlebars html, at most 64 KB, checked as email html (escaped output, known variables and helpers, no other partials). '
      + 'The layout must place each email\'s content with {{> @partial-block}}.',
    example: '<p style="font-size:12px;color:#555">{{business.name}} · {{business.address.formatted}}</p>',
  })
  @IsString({ message: 'must be a string' }) source: string;
}
