import { Module } from '@nestjs/common';
import { AttributionModule } from '@localreach/analytics';

/** Order attribution (in the order's transaction) and the ROI reports. */
@Module({
  imports: [AttributionModule],
})
export class ReportsApiModule {}
