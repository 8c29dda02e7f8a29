import { EXPERIMENT_METRICS, type ExperimentDefaults } from '@localreach/core';
import { checkEnum, checkKeys, checkNumber, isObject, type Problems } from '@localreach/segmentation';
import { checkDuration } from './campaign-checks';
import type { CampaignDefinition } from './campaign-definition';

/** The metrics a split's winner may be chosen on; never open rate, which machine opens inflate. */
export const AUTO_WINNER_METRICS = EXPERIMENT_METRICS;

/** Checks a split step's `autoWinner`. */
export function validateAutoWinner(value: unknown, path: string, out: Problems): void {
  if (!isObject(value)) {
    out.add(path, 'must be { metric?, confidence?, minSamplePerVariant?, minDuration?, expectedLift? }');
    return;
  }
  checkKeys(value, ['metric', 'confidence', 'minSamplePerVariant', 'minDuration', 'expectedLift'], path, out);
  if (value.metric === 'open_rate') out.add(`${path}.metric`, 'cannot be open rate (machine opens inflate it): use click_rate, conversion_rate or revenue_per_recipient');
  else if (value.metric !== undefined) checkEnum(value.metric, AUTO_WINNER_METRICS, `${path}.metric`, out);
  if (value.confidence !== undefined) checkNumber(value.confidence, `${path}.confidence`, out, { min: 0.8, max: 0.999 });
  if (value.minSamplePerVariant !== undefined) checkNumber(value.minSamplePerVariant, `${path}.minSamplePerVariant`, out, { min: 1, max: 10_000_000, integer: true });
  if (value.minDuration !== undefined) checkDuration(value.minDuration, `${path}.minDuration`, out, 1);
  if (value.expectedLift !== undefined) checkNumber(value.expectedLift, `${path}.expectedLift`, out, { min: 0.01, max: 2 });
}

/**
 * The definition with every split's automatic-winner rule complete: what a
 * rule leaves out is taken from the business's A/B defaults when the campaign
 * is saved, and stored with it, so a later change of the defaults never
 * changes the rule of a test already running.
 */
export function withAutoWinnerDefaults(definition: CampaignDefinition, defaults: ExperimentDefaults): CampaignDefinition {
  if (!definition.steps.some((s) => s.type === 'split' && s.autoWinner)) return definition;
  return {
    ...definition,
    steps: definition.steps.map((s) => (s.type === 'split' && s.autoWinner ? { ...s, autoWinner: { ...defaults, ...s.autoWinner } } : s)),
  };
}
