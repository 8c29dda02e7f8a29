import { describe, expect, it } from 'vitest';
import type { Definition, Step } from './definition';
import { deleteStep, deleteSteps, edgeTarget, freshId, insertableTypes, insertStep, moveStep, moveTargets, replaceStep, setLink } from './edits';
import { EVERY_STEP_TYPE, PRESET_DEFINITIONS } from './journey-fixtures';

const cart = PRESET_DEFINITIONS.abandoned_cart;
const welcome = PRESET_DEFINITIONS.welcome_series;
/** The journey as "id→next" lines, to read the wiring at a glance. */
const wiring = (d: Definition) => d.steps.map((s: Step) => {
  if (s.type === 'branch') return `${s.id}?${s.yes}:${s.no}`;
  if (s.type === 'split') return `${s.id}%${s.branches.map((b) => b.next).join('|')}`;
  if (s.type === 'exit') return `${s.id}.`;
  return `${s.id}→${s.next ?? 'end'}`;
});

describe('insertStep', () => {
  it('puts an SMS step on the edge after the first wait: the wait goes to it, it goes where the wait went', () => {
    const before = structuredClone(cart);
    const { definition, stepId } = insertStep(cart, { from: 'wait-1h', field: 'next' }, 'sms');
    expect(stepId).toBe('sms');
    expect(wiring(definition).slice(0, 3)).toEqual(['wait-1h→sms', 'sms→ordered-after-1h', 'ordered-after-1h?done:reminder-email']);
    expect(definition.steps[1]).toEqual({ id: 'sms', type: 'sms', templateId: '', next: 'ordered-after-1h' });
    expect(cart).toStrictEqual(before);
  });

  it('inserts on the trigger’s edge as the new first step', () => {
    const { definition } = insertStep(welcome, { from: undefined, field: 'start' }, 'wait');
    expect(wiring(definition).slice(0, 2)).toEqual(['wait→welcome-1', 'welcome-1→wait-3d']);
  });

  it('inserts on a branch’s no edge, and a split whose branches both go on', () => {
    const { definition } = insertStep(cart, { from: 'ordered-after-1h', field: 'no' }, 'split');
    expect(wiring(definition)).toContain('ordered-after-1h?done:split');
    expect(wiring(definition)).toContain('split%reminder-email|reminder-email');
  });

  it('appends after the last step, with a fresh id when the type’s id is taken', () => {
    const first = insertStep(welcome, { from: 'welcome-3', field: 'next' }, 'wait');
    const second = insertStep(first.definition, { from: 'wait', field: 'next' }, 'wait');
    expect(second.stepId).toBe('wait-2');
    expect(wiring(second.definition).slice(-3)).toEqual(['welcome-3→wait', 'wait→wait-2', 'wait-2→end']);
  });

  it('offers an exit only where the journey ends', () => {
    expect(insertableTypes(cart, { from: 'reminder-sms', field: 'next' })).toContain('exit');
    expect(insertableTypes(cart, { from: 'wait-1h', field: 'next' })).not.toContain('exit');
    expect(edgeTarget(cart, { from: undefined, field: 'start' })).toBe('wait-1h');
  });

  it('makes ids that are valid slugs', () => {
    expect(freshId('Wait Until', new Set())).toBe('wait-until');
    expect(freshId('__', new Set(['step']))).toBe('step-2');
  });
});

describe('deleteStep', () => {
  it('reconnects what led to a step with what it led to', () => {
    expect(wiring(deleteStep(cart, 'reminder-email'))).toContain('ordered-after-1h?done:wait-1d');
    expect(wiring(deleteStep(welcome, 'welcome-3')).at(-1)).toBe('wait-4d→end');
  });

  it('makes the successor of a deleted first step the first', () => {
    expect(wiring(deleteStep(cart, 'wait-1h'))[0]).toBe('ordered-after-1h?done:reminder-email');
  });

  it('deletes a branch by keeping its yes path', () => {
    expect(wiring(deleteStep(cart, 'ordered-after-1h'))[0]).toBe('wait-1h→done');
  });

  it('leaves a branch naming a deleted exit, for the API to name as a problem', () => {
    const after = deleteStep(cart, 'done');
    expect(wiring(after)).toContain('ordered-after-1h?done:reminder-email');
    expect(after.steps.some((s) => s.id === 'done')).toBe(false);
  });

  it('never deletes the last step, and deletes several in turn', () => {
    const one = PRESET_DEFINITIONS.birthday_offer;
    expect(deleteStep(one, 'birthday-offer')).toBe(one);
    expect(wiring(deleteSteps(welcome, ['wait-3d', 'welcome-2']))).toEqual(['welcome-1→wait-4d', 'wait-4d→welcome-3', 'welcome-3→end']);
  });
});

describe('moveStep, setLink and replaceStep', () => {
  it('moves a step to another edge, reconnecting where it was', () => {
    expect(wiring(moveStep(welcome, 'wait-3d', { from: 'welcome-3', field: 'next' }))).toEqual([
      'welcome-1→welcome-2', 'welcome-2→wait-4d', 'wait-4d→welcome-3', 'welcome-3→wait-3d', 'wait-3d→end',
    ]);
    expect(moveStep(cart, 'ordered-after-1h', { from: 'wait-1d', field: 'next' })).toBe(cart);
  });

  it('lists where a step can move: every edge but its own, none for a branch', () => {
    expect(moveTargets(welcome, 'wait-3d').map((t) => t.label)).toEqual(['First, right after the trigger', 'After welcome-2', 'After wait-4d', 'After welcome-3']);
    expect(moveTargets(cart, 'wait-1d').map((t) => t.label)).toContain('After ordered-after-1h (no)');
    expect(moveTargets(cart, 'ordered-after-1h')).toEqual([]);
  });

  it('points a branch’s target at another step', () => {
    expect(wiring(setLink(cart, 'ordered-after-1d', 'no', 'reminder-email'))).toContain('ordered-after-1d?done:reminder-email');
    expect(wiring(setLink(EVERY_STEP_TYPE, 'test', 'branches[1].next', 'done'))).toContain('test%text|done|pause');
  });

  it('renames a step and every link to it', () => {
    const renamed = replaceStep(cart, 'done', { id: 'finished', type: 'exit' });
    expect(wiring(renamed)).toContain('ordered-after-1h?finished:reminder-email');
    expect(wiring(renamed)).toContain('ordered-after-1d?finished:reminder-sms');
  });
});
