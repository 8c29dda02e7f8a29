import { ApiProperty } from '@nestjs/swagger';
import { ValidateBy } from 'class-validator';
import { Duration } from 'luxon';
import { InputErrorCode } from './validation/input-class';

/** Milliseconds of a positive ISO-8601 duration (PT1H, P3D), or undefined for anything else. */
export function positiveDurationMs(value: unknown): number | undefined {
  const ms = typeof value === 'string' ? Duration.fromISO(value).toMillis() : NaN;
  return ms > 0 ? ms : undefined;
}

/** POST /v1/demo/clock/advance. */
@InputErrorCode('INVALID_CLOCK_ADVANCE')
export class AdvanceClockInput {
  @ApiProperty({ description: 'ISO-8601 duration to move forward, PT1M to P400D', example: 'P3D' })
  @ValidateBy({
    name: 'isPositiveDuration',
    validator: { validate: (v: unknown) => positiveDurationMs(v) !== undefined, defaultMessage: () => 'must be a positive ISO-8601 duration such as PT1H or P3D' },
  })
  by: string;
}
