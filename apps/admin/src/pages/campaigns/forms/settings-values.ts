import type { RuleNode } from '../../../components/segment-builder/rule-tree';
import type { CampaignDefinition, CampaignGoal, CampaignPriority, ReentryPolicy } from './definition-types';
import { numberText, typedNumber } from './form-values';

export const PRIORITY_OPTIONS: readonly { value: CampaignPriority; label: string }[] = [
  { value: 'high', label: 'High' },
  { value: 'normal', label: 'Normal (default)' },
  { value: 'low', label: 'Low' },
];

/** The campaign-wide settings as the form holds them. */
export interface SettingsValues {
  goal: 'none' | 'order' | 'event';
  goalEventType: string;
  goalWithin: string;
  /** '' is no holdout. */
  holdoutPercent: string;
  reentry: 'never' | 'after';
  reentryAfter: string;
  priority: CampaignPriority;
  entry: boolean;
  entryCondition: RuleNode;
}

export function settingsValues(d: CampaignDefinition): SettingsValues {
  return {
    goal: d.goal?.type ?? 'none',
    goalEventType: d.goal?.eventType ?? '',
    goalWithin: d.goal?.within ?? 'P7D',
    holdoutPercent: numberText(d.holdoutPercent),
    reentry: d.reentry?.policy ?? 'never',
    reentryAfter: d.reentry?.policy === 'after' ? d.reentry.after : 'P30D',
    priority: d.priority ?? 'normal',
    entry: d.entry !== undefined,
    entryCondition: d.entry ?? { all: [] },
  };
}

function goalOf(v: SettingsValues): CampaignGoal | undefined {
  if (v.goal === 'none') return undefined;
  return v.goal === 'order' ? { type: 'order', within: v.goalWithin } : { type: 'event', eventType: v.goalEventType, within: v.goalWithin };
}

/**
 * The definition with the settings the values describe; the rest of it
 * (name, trigger, steps) as it is. A default (never re-enter, normal
 * priority) stays absent when it was absent, so an untouched form changes nothing.
 */
export function withSettings(d: CampaignDefinition, v: SettingsValues): CampaignDefinition {
  const { goal: _g, holdoutPercent: _h, reentry: _r, priority: _p, entry: _e, ...rest } = d;
  const reentry: ReentryPolicy | undefined = v.reentry === 'after' ? { policy: 'after', after: v.reentryAfter } : d.reentry ? { policy: 'never' } : undefined;
  const priority = v.priority === 'normal' && d.priority === undefined ? undefined : v.priority;
  const goal = goalOf(v);
  const holdout = v.holdoutPercent.trim() === '' ? undefined : typedNumber(v.holdoutPercent);
  return {
    ...rest,
    ...(v.entry ? { entry: v.entryCondition } : {}),
    ...(goal ? { goal } : {}),
    ...(holdout !== undefined ? { holdoutPercent: holdout } : {}),
    ...(reentry ? { reentry } : {}),
    ...(priority ? { priority } : {}),
  };
}

export function patchSettings(d: CampaignDefinition, patch: Partial<SettingsValues>): CampaignDefinition {
  return withSettings(d, { ...settingsValues(d), ...patch });
}
