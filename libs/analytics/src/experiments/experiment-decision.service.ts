import { Inject, Injectable, Logger } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { CLOCK, type Clock } from '@localreach/core';
import { CampaignReportRepository } from '../reports/campaign-report.repository';
import { decideWinner, type WinnerDecision } from '../statistics/winner-decision';
import { ExperimentDecisionRepository, type OpenExperiment } from './experiment-decision.repository';

/** Experiments looked at per pass. */
const BATCH = 100;

/**
 * Automatic A/B winner selection: for every running experiment (a split with `autoWinner` in an
 * active campaign) it computes the arms as the experiment report does and asks `decideWinner`
 * (the always-valid test, continued from the looks earlier passes stored, which it stores back);
 * a decision is recorded with its numbers, after which the journey walker sends every later
 * arrival at the split to the winner. Undecided experiments are looked at again next pass.
 */
@Injectable()
export class ExperimentDecisionService {
  private readonly logger = new Logger(ExperimentDecisionService.name);

  constructor(
    private readonly dataSource: DataSource,
    private readonly decisions: ExperimentDecisionRepository,
    private readonly reports: CampaignReportRepository,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  /** One pass; returns how many winners were recorded. */
  async decideRunning(): Promise<number> {
    const now = this.clock.now();
    let recorded = 0;
    for (const experiment of await this.decisions.openExperiments(this.dataSource, BATCH)) {
      const decision = await this.evaluate(experiment, now);
      if (!decision) continue;
      // Every look is kept, decided or not: the always-valid p-value is the minimum over all of them.
      await this.decisions.saveSequentialState(this.dataSource, experiment, decision.state, now);
      if (!decision.decided) continue;
      if (await this.decisions.record(this.dataSource, experiment, decision, now)) {
        recorded += 1;
        this.logger.log(`campaign ${experiment.campaignId} split ${experiment.stepId}: winner ${decision.winner} (${decision.reason})`);
      }
    }
    return recorded;
  }

  /** The decision for one experiment now; null before anyone reached the split. */
  async evaluate(experiment: OpenExperiment, now: Date): Promise<WinnerDecision | null> {
    if (experiment.startedAt === null) return null;
    const sums = await this.reports.experimentArms(this.dataSource, experiment.businessId, experiment.campaignId, experiment.clickWindow, experiment.stepId, false);
    const labels = experiment.branches.map((b, i) => b.name ?? String.fromCharCode(65 + i));
    const variants = labels.map((key, i) => {
      const s = sums.find((x) => x.variant === key);
      return {
        key, weight: experiment.branches[i].weight, recipients: s?.recipients ?? 0, clicks: s?.clicks ?? 0, conversions: s?.conversions ?? 0,
        revenueSum: s?.revenueSum ?? 0, revenueSumOfSquares: s?.revenueSumOfSquares ?? 0,
      };
    });
    if (variants.every((v) => v.recipients === 0)) return null;
    const previous = await this.decisions.sequentialState(this.dataSource, experiment.businessId, experiment.campaignId, experiment.version, experiment.stepId);
    return decideWinner({
      variants, controlKey: labels[0], metric: experiment.metric, confidence: experiment.confidence, minSamplePerVariant: experiment.minSamplePerVariant,
      minDurationSeconds: experiment.minDurationSeconds, startedAt: experiment.startedAt, now, previous, mixingRelativeEffect: experiment.expectedLift ?? undefined,
    });
  }
}
