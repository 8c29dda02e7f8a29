import { Body, Controller, Get, HttpCode, Inject, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiBody, ApiOkResponse, ApiOperation, ApiProperty, ApiTags } from '@nestjs/swagger';
import { AdvanceClockInput, CLOCK, DemoClock, DomainError, type Clock } from '@localreach/core';

class DemoClockDto {
  @ApiProperty({ format: 'date-time', description: 'What the API and the workers take as now' }) now: string;
  @ApiProperty({ description: 'How far ahead of the real clock, in milliseconds' }) offsetMs: number;
}

/**
 * The demo time machine: with DEMO_CLOCK=1 (npm start sets it; refused in
 * production) the API and every worker run on a shared clock that can be
 * moved forward, so a week of a drip campaign can be watched in a minute.
 */
@ApiTags('demo')
@ApiBearerAuth()
@Controller('v1/demo/clock')
export class DemoClockController {
  constructor(@Inject(CLOCK) private readonly clock: Clock) {}

  @Get()
  @ApiOperation({ summary: 'The shared demo clock (404 when DEMO_CLOCK is off)' })
  @ApiOkResponse({ type: DemoClockDto })
  get(): DemoClockDto {
    const clock = this.demoClock();
    return { now: clock.now().toISOString(), offsetMs: clock.offset };
  }

  @Post('advance')
  @HttpCode(200)
  @ApiOperation({ summary: 'Move the clock of the API and all workers forward (they follow within half a second); it never goes back' })
  @ApiBody({ type: AdvanceClockInput, examples: { threeDays: { value: { by: 'P3D' } } } })
  @ApiOkResponse({ type: DemoClockDto })
  async advance(@Body() body: AdvanceClockInput): Promise<DemoClockDto> {
    const clock = this.demoClock();
    await clock.advance(body);
    return { now: clock.now().toISOString(), offsetMs: clock.offset };
  }

  private demoClock(): DemoClock {
    if (!(this.clock instanceof DemoClock)) {
      throw new DomainError('not_found', 'DEMO_CLOCK_DISABLED', 'the demo clock is off (DEMO_CLOCK=1 turns it on outside production)');
    }
    return this.clock;
  }
}
