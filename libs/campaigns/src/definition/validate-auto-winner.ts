import { checkEnum, checkKeys, checkNumber, isObject, type Problems } from '@localreach/segmentation';
import { checkDuration } from './campaign-checks';
import type { AutoWinner } from './campaign-definition';

/** The metrics a split's winner may be chosen on; never open rate, which machine opens inflate. */
export const AUTO_WINNER_METRICS: readonly AutoWinner['metric'][] = ['click_rate', 'conversion_rate', 'revenue_per_recipient'];

export const AUTO_WINNER_DEFAULTS = { confidence: 0.95, minSamplePerVariant: 100, minDuration: 'P7D' } as const;

/** Checks a split step's `autoWinner`. */
export function validateAutoWinner(value: unknown, path: string, out: Problems): void {
  if (!isObject(value)) {
    out.add(path, 'must be { metric, confidence?, minSamplePerVariant?, minDuration? }');
    return;
  }
  checkKeys(value, ['metric', 'confidence', 'minSamplePerVariant', 'minDuration'], path, out);
  if (value.metric === 'open_rate') out.add(`${path}.metric`, 'cannot be open rate (machine opens inflate it): use click_rate, conversion_rate or revenue_per_recipient');
  else checkEnum(value.metric, AUTO_WINNER_METRICS, `${path}.metric`, out);
  if (value.confidence !== undefined) checkNumber(value.confidence, `${path}.confidence`, out, { min: 0.8, max: 0.999 });
  if (value.minSamplePerVariant !== undefined) checkNumber(value.minSamplePerVariant, `${path}.minSamplePerVariant`, out, { min: 1, max: 10_000_000, integer: true });
  if (value.minDuration !== undefined) checkDuration(value.minDuration, `${path}.minDuration`, out, 1);
}
