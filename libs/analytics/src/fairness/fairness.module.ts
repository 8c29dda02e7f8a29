import { Module } from '@nestjs/common';
import { FairnessRepository } from './fairness.repository';
import { FairnessService } from './fairness.service';

/** The fairness report: who gets enrolled, messaged and offered, by area and age band. */
@Module({ providers: [FairnessRepository, FairnessService], exports: [FairnessService] })
export class FairnessModule {}
