import { describe, expect, it } from 'vitest';
import type { CampaignDefinition } from './definition-types';
import { patchSettings, settingsValues, withSettings } from './settings-values';

const BARE: CampaignDefinition = { name: 'Welcome', trigger: { type: 'customer_created' }, steps: [{ id: 'done', type: 'exit' }] };
const FULL: CampaignDefinition = {
  ...BARE,
  entry: { type: 'consent', channel: 'email', status: 'granted' },
  goal: { type: 'event', eventType: 'signed_up', within: 'P14D' },
  holdoutPercent: 12.5,
  reentry: { policy: 'after', after: 'P1D' },
  priority: 'high',
};

describe('campaign settings values', () => {
  it('round-trip: the bare, the full and the explicit defaults', () => {
    const explicit: CampaignDefinition = { ...BARE, goal: { type: 'order', within: 'P7D' }, holdoutPercent: 0, reentry: { policy: 'never' }, priority: 'normal' };
    for (const d of [BARE, FULL, explicit]) expect(withSettings(d, settingsValues(d))).toEqual(d);
  });

  it('reads absent settings as their defaults', () => {
    expect(settingsValues(BARE)).toEqual({
      goal: 'none', goalEventType: '', goalWithin: 'P7D', holdoutPercent: '', reentry: 'never', reentryAfter: 'P30D', priority: 'normal', entry: false, entryCondition: { all: [] },
    });
  });

  it('patches one setting, keeping the rest of the definition', () => {
    expect(patchSettings(BARE, { goal: 'order' })).toEqual({ ...BARE, goal: { type: 'order', within: 'P7D' } });
    expect(patchSettings(FULL, { goal: 'order' })).toEqual({ ...FULL, goal: { type: 'order', within: 'P14D' } });
    expect(patchSettings(FULL, { goal: 'none', holdoutPercent: ' ', reentry: 'never', entry: false })).toEqual({ ...BARE, reentry: { policy: 'never' }, priority: 'high' });
    expect(patchSettings(BARE, { reentry: 'after' })).toEqual({ ...BARE, reentry: { policy: 'after', after: 'P30D' } });
    expect(patchSettings(BARE, { priority: 'low', holdoutPercent: '10' })).toEqual({ ...BARE, priority: 'low', holdoutPercent: 10 });
    expect(patchSettings(BARE, { entry: true })).toEqual({ ...BARE, entry: { all: [] } });
  });

  it('a holdout typed as not a number is sent as typed (the API names holdoutPercent)', () => {
    expect(patchSettings(BARE, { holdoutPercent: '10%' })).toEqual({ ...BARE, holdoutPercent: '10%' });
  });
});
