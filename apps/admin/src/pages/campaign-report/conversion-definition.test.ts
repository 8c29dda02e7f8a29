import { describe, expect, it } from 'vitest';
import { conversionDefinitionText, conversionDifference } from './conversion-definition';

describe('conversion definitions in words', () => {
  it('names what each section counts', () => {
    expect(conversionDefinitionText({ key: 'attributed', description: 'long' })).toMatch(/^Conversions here are orders credited to this campaign/);
    expect(conversionDefinitionText({ key: 'goal_window', description: 'long' })).toMatch(/within the goal window, whichever campaign got the credit/);
    expect(conversionDefinitionText(null)).toBeNull();
  });

  it('says why the A/B figures differ from the funnel (4 ordered in the window, 2 credited), and nothing when they agree', () => {
    expect(conversionDifference([{ conversions: 2, attributedOrders: 1 }, { conversions: 2, attributedOrders: 1 }]))
      .toBe('4 of the recipients ordered within the goal window; 2 orders of theirs are credited to this campaign, as the funnel counts.');
    expect(conversionDifference([{ conversions: 1, attributedOrders: 1 }])).toBeNull();
    expect(conversionDifference([{ conversions: 3, attributedOrders: 1 }])).toMatch(/1 order of theirs is credited/);
  });
});
