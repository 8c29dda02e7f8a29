import { ApiProperty } from '@nestjs/swagger';
import { IsUUID } from 'class-validator';

/** A path id: a malformed one is refused with 400 naming `id`, an unknown one is 404. */
export class IdParamDto {
  @ApiProperty({ format: 'uuid', description: 'The id' })
  @IsUUID()
  id: string;
}

/** A campaign and one of its enrolments. */
export class RecipientParamDto extends IdParamDto {
  @ApiProperty({ format: 'uuid', description: 'The enrolment (a recipient\'s enrollmentId)' })
  @IsUUID()
  enrollmentId: string;
}
