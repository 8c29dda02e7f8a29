import { Module } from '@nestjs/common';
import { SegmentRepository } from './segment.repository';
import { SegmentService } from './segment.service';

/** Segments and their materialised membership (the clock comes from CoreModule). */
@Module({
  providers: [SegmentRepository, SegmentService],
  exports: [SegmentService],
})
export class SegmentsModule {}
