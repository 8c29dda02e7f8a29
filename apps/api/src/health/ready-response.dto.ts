import { ApiProperty } from '@nestjs/swagger';

/** GET /ready when ready. */
export class ReadyResponse {
  /** Always "ok": anything else is a 503. */
  @ApiProperty({ enum: ['ok'], example: 'ok' })
  status!: 'ok';

  /** Migrations this release knows, all applied. */
  @ApiProperty({ example: 19 })
  migrations!: number;
}
