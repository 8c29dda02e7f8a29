import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';

import type { SchemaObject } from '@nestjs/swagger/dist/interfaces/open-api-spec.interface';

const CHECK: SchemaObject = { type: 'object', required: ['status'], properties: { status: { type: 'string', enum: ['up', 'down'] } }, additionalProperties: true };
const CHECKS = { type: 'object' as const, additionalProperties: CHECK };

/** GET /health: the process answers (always 200) and what it sees of the database and the workers. */
export class HealthReport {
  /** "ok" when every check is up; "degraded" when one is down (the process itself is alive either way). */
  @ApiProperty({ enum: ['ok', 'degraded'], example: 'ok' })
  status!: 'ok' | 'degraded';

  /** Checks that are up: `database` (with `latencyMs`) and `workers` (alive worker processes). */
  @ApiPropertyOptional({ ...CHECKS, nullable: true, example: { database: { status: 'up', latencyMs: 0.42 } } })
  info?: Record<string, { status: string }>;

  /** Checks that are down, with `message` saying why (`error.database.message`). */
  @ApiPropertyOptional({ ...CHECKS, nullable: true, example: { database: { status: 'down', message: 'connect ECONNREFUSED' } } })
  error?: Record<string, { status: string }>;

  /** Every check. */
  @ApiProperty({ ...CHECKS, example: { database: { status: 'up', latencyMs: 0.42 } } })
  details!: Record<string, { status: string }>;
}
