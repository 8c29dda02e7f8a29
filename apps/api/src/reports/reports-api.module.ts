import { Module } from '@nestjs/common';
import { AttributionModule, FairnessModule, GeoLiftModule, ReportsModule } from '@localreach/analytics';
import { ReportsController } from './reports.controller';

/** Order attribution (in the order's transaction) and the ROI reports. */
@Module({
  imports: [AttributionModule, FairnessModule, GeoLiftModule, ReportsModule],
  controllers: [ReportsController],
})
export class ReportsApiModule {}
