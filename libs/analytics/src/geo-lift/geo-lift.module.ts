import { Module } from '@nestjs/common';
import { GeoLiftRepository } from './geo-lift.repository';
import { GeoLiftService } from './geo-lift.service';

/** Difference-in-differences lift of campaigns aimed at an area. */
@Module({
  providers: [GeoLiftRepository, GeoLiftService],
  exports: [GeoLiftService],
})
export class GeoLiftModule {}
