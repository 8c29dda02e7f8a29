// Pure A/B, uplift, ROI and customer-value statistics: no database, no Nest.
export { chanceToBeatControl, probabilityToBeBest } from './bayesian';
export { churnRisk, historicalCltv, type ChurnFactor, type ChurnRisk, type ChurnRiskLabel, type CustomerRfm } from './churn-risk';
export {
  betaCdf, chiSquareCdf, chiSquareSurvival, normalCdf, normalQuantile, normalTwoSidedP, studentTCdf, studentTQuantile, studentTTwoSidedP,
} from './distributions';
export {
  EXPERIMENT_METRICS, experimentVerdict, recommendWinner, type AdjustedComparison, type ExperimentSettings, type ExperimentVariant, type ExperimentVerdict,
  type MetricReport, type VariantReport, type WinnerReason,
} from './experiment-verdict';
export { holdoutUplift, type HoldoutArm, type HoldoutUplift } from './holdout';
export {
  compareMeans, compareRates, meanValue, rateValue, verdictFor, type Comparison, type ComparisonSettings, type ExperimentMetric, type MetricValue, type Verdict,
} from './metric-comparison';
export { bonferroniConfidence, holmAdjust } from './multiple-comparisons';
export {
  assessDetectability, minimumDetectableEffect, requiredSampleSizePerArm, type Detectability, type MinimumDetectableEffect, type PowerSettings,
} from './power';
export {
  rateDifference, relativeLift, twoProportionZTest, wilsonInterval, zForConfidence, type EstimateWithInterval, type Proportion, type RateEstimate,
} from './proportions';
export { incrementalRoi, roi } from './roi';
export { sampleRatioMismatch, SRM_P_THRESHOLD, type SampleRatioResult } from './sample-ratio';
export { StatisticsError, type StatisticsErrorCode } from './statistics.errors';
export {
  decideWinner, type DecisionArm, type DecisionNumbers, type WinnerDecision, type WinnerDecisionInput, type WinnerDecisionReason,
} from './winner-decision';
export { relativeMeanLift, summaryFromSums, welchTTest, type SampleSummary, type WelchResult } from './welch';
export {
  compareMeansAlwaysValid, compareRatesAlwaysValid, confidenceSequenceHalfWidth, DEFAULT_MIXING_RELATIVE_EFFECT, msprtLogLikelihoodRatio, msprtPValue,
  type AlwaysValidComparison, type AlwaysValidSettings, type SequentialLook,
} from './always-valid';
export {
  alwaysValidVerdict, type AlwaysValidArm, type AlwaysValidVerdict, type SequentialMetricState, type SequentialSettings, type SequentialState,
} from './sequential-verdict';
