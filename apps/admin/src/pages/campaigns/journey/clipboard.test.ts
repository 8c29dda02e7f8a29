import { describe, expect, it } from 'vitest';
import { copySteps, pasteSteps } from './clipboard';
import { EVERY_STEP_TYPE, PRESET_DEFINITIONS } from './journey-fixtures';

const cart = PRESET_DEFINITIONS.abandoned_cart;

describe('copy and paste of steps', () => {
  it('pastes a copied chain with fresh ids, its inner link kept and its end joined to where the edge went', () => {
    const clipboard = copySteps(cart, ['wait-1d', 'reminder-email'])!;
    expect(clipboard.steps.map((s) => s.id)).toEqual(['reminder-email', 'wait-1d']);
    const { definition, stepIds } = pasteSteps(cart, clipboard, { from: 'reminder-sms', field: 'next' });
    expect(stepIds).toEqual(['reminder-email-2', 'wait-1d-2']);
    const byId = new Map(definition.steps.map((s) => [s.id, s]));
    expect(byId.get('reminder-sms')).toMatchObject({ next: 'reminder-email-2' });
    expect(byId.get('reminder-email-2')).toMatchObject({ type: 'email', next: 'wait-1d-2' });
    // wait-1d went to a step outside the copy; the edge ended the journey, so the copy ends it too.
    expect(byId.get('wait-1d-2')).toEqual({ id: 'wait-1d-2', type: 'wait', duration: 'P1D' });
    expect(definition.steps).toHaveLength(cart.steps.length + 2);
  });

  it('keeps a pasted split’s branches pointing at the pasted steps and the rest at the edge’s target', () => {
    const clipboard = copySteps(EVERY_STEP_TYPE, ['test', 'text'])!;
    const { definition } = pasteSteps(EVERY_STEP_TYPE, clipboard, { from: 'hello', field: 'next' });
    const split = definition.steps.find((s) => s.id === 'test-2');
    expect(split).toMatchObject({ branches: [{ name: 'A', next: 'text-2' }, { name: 'B', next: 'pause' }, { next: 'pause' }], autoWinner: { metric: 'conversion_rate' } });
    expect(definition.steps.find((s) => s.id === 'hello')).toMatchObject({ next: 'test-2' });
    expect(definition.steps.find((s) => s.id === 'text-2')).toMatchObject({ next: 'pause' });
  });

  it('copies deep, so an edit after the copy does not reach the clipboard; pastes twice with distinct ids', () => {
    const clipboard = copySteps(cart, ['wait-1h'])!;
    (cart.steps[0] as { duration: string }).duration = 'PT1H';
    const once = pasteSteps(cart, clipboard, { from: undefined, field: 'start' });
    const twice = pasteSteps(once.definition, clipboard, { from: undefined, field: 'start' });
    expect(twice.definition.steps.slice(0, 3).map((s) => s.id)).toEqual(['wait-1h-3', 'wait-1h-2', 'wait-1h']);
    expect(twice.definition.steps[0]).toMatchObject({ next: 'wait-1h-2' });
    expect(copySteps(cart, [])).toBeNull();
  });
});
