import { Module } from '@nestjs/common';
import { AttributionRepository } from './attribution.repository';
import { AttributionService } from './attribution.service';

/** Order attribution; importing it is what turns attribution on for the process's order ingest. */
@Module({ providers: [AttributionRepository, AttributionService], exports: [AttributionService] })
export class AttributionModule {}
