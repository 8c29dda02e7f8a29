import { describe, expect, it } from 'vitest';
import type { Step } from './definition-types';
import { patchStep, stepOf, switchStepType, templatesFor } from './step-of';
import { attributeRow, attributeValue, stepValues } from './step-values';

const EMAIL_T = '5e7a1c2d-0000-4000-8000-000000000004';
const SMS_T = '5e7a1c2d-0000-4000-8000-000000000005';
const CTX = {
  stepIds: ['wait-1h', 'ordered', 'email', 'split', 'sms', 'done'],
  templates: [{ id: EMAIL_T, name: 'Cart reminder', channel: 'email' }, { id: SMS_T, name: 'Cart SMS', channel: 'sms' }],
};

// Every step type, with its optional fields present and absent.
const STEPS: Step[] = [
  { id: 'email', type: 'email', templateId: EMAIL_T, offer: { couponPrefix: 'CART10', description: '10% off', validDays: 7 }, next: 'split' },
  { id: 'email', type: 'email', templateId: EMAIL_T },
  { id: 'sms', type: 'sms', templateId: SMS_T, offer: { couponPrefix: 'SMS5', validDays: 3 }, next: 'done' },
  { id: 'wait-1h', type: 'wait', duration: 'PT1H', next: 'ordered' },
  { id: 'wait-1h', type: 'wait', duration: 'P1DT12H' },
  { id: 'morning', type: 'waitUntil', localTime: '09:30', weekdays: [1, 2, 3, 4, 5], next: 'sms' },
  { id: 'morning', type: 'waitUntil', localTime: '18:00' },
  { id: 'morning', type: 'waitUntil', localTime: '18:00', weekdays: [] },
  { id: 'ordered', type: 'branch', condition: { type: 'orders', metric: 'count', op: 'gte', value: 1, sinceEnrollment: true }, yes: 'done', no: 'email' },
  { id: 'ordered', type: 'branch', condition: { any: [{ type: 'tag', tag: 'vip', present: true }, { not: { type: 'engagement', action: 'clicked', sinceEnrollment: true } }] }, yes: 'sms', no: 'done' },
  { id: 'split', type: 'split', branches: [{ name: 'A', weight: 50, next: 'sms' }, { name: 'B', weight: 50, next: 'email' }], autoWinner: { metric: 'conversion_rate' } },
  { id: 'split', type: 'split', branches: [{ weight: 1, next: 'sms' }, { weight: 3, next: 'email' }, { name: 'Control', weight: 0.5, next: 'done' }] },
  { id: 'split', type: 'split', branches: [{ name: 'A', weight: 1, next: 'sms' }, { name: 'B', weight: 1, next: 'done' }], autoWinner: { metric: 'click_rate', confidence: 0.95, minSamplePerVariant: 200, minDuration: 'P7D' } },
  { id: 'split', type: 'split', branches: [{ name: 'A', weight: 1, next: 'sms' }, { name: 'B', weight: 1, next: 'done' }], autoWinner: {} },
  { id: 'tag', type: 'update', tags: { add: ['cart-reminded'] }, next: 'done' },
  { id: 'tag', type: 'update', tags: { add: ['a'], remove: ['b', 'c'] }, attributes: { tier: 'gold', visits: 3, vip: true, legacy: null, code: '12' } },
  { id: 'tag', type: 'update', tags: {}, attributes: { tier: 'gold' } },
  { id: 'tag', type: 'update', tags: { add: [], remove: ['x'] }, attributes: {} },
  { id: 'done', type: 'exit' },
];

describe('step form values', () => {
  it('every step type round-trips through its values unchanged', () => {
    for (const step of STEPS) expect(stepOf(stepValues(step, CTX), step)).toEqual(step);
  });

  it('reads attribute changes as rows typed by their value, and back', () => {
    expect(attributeRow('visits', 3)).toEqual({ key: 'visits', kind: 'number', text: '3' });
    expect(attributeRow('code', '12')).toEqual({ key: 'code', kind: 'text', text: '12' });
    expect(attributeRow('vip', false)).toEqual({ key: 'vip', kind: 'boolean', text: 'false' });
    expect(attributeRow('legacy', null)).toEqual({ key: 'legacy', kind: 'remove', text: '' });
    expect(attributeValue({ key: 'visits', kind: 'number', text: '3' })).toBe(3);
    expect(attributeValue({ key: 'visits', kind: 'number', text: '3x' })).toBe('3x');
    expect(attributeValue({ key: 'vip', kind: 'boolean', text: 'true' })).toBe(true);
  });

  it('a split reads its auto-winner settings as text, empty meaning "default from Settings"', () => {
    expect(stepValues(STEPS[10], CTX)).toMatchObject({ autoWinner: true, metric: 'conversion_rate', confidence: '', minSamplePerVariant: '', minDuration: '' });
    expect(stepValues(STEPS[11], CTX)).toMatchObject({ autoWinner: false });
  });
});

describe('editing a step', () => {
  it('patches fields; empty optional ones are left out', () => {
    expect(patchStep(STEPS[0], { offer: false, next: '' }, CTX)).toEqual({ id: 'email', type: 'email', templateId: EMAIL_T });
    expect(patchStep(STEPS[1], { offer: true, couponPrefix: 'WELCOME' }, CTX)).toEqual({ id: 'email', type: 'email', templateId: EMAIL_T, offer: { couponPrefix: 'WELCOME', validDays: 7 } });
    expect(patchStep(STEPS[5], { weekdays: [] }, CTX)).toEqual({ id: 'morning', type: 'waitUntil', localTime: '09:30', next: 'sms' });
    expect(patchStep(STEPS[10], { confidence: '0.99', minSamplePerVariant: '500', minDuration: 'P14D' }, CTX)).toMatchObject({ autoWinner: { metric: 'conversion_rate', confidence: 0.99, minSamplePerVariant: 500, minDuration: 'P14D' } });
    expect(patchStep(STEPS[10], { metric: '' }, CTX)).toMatchObject({ autoWinner: {} });
    expect(patchStep(STEPS[12], { autoWinner: false }, CTX)).not.toHaveProperty('autoWinner');
    expect(patchStep(STEPS[14], { tagsAdd: [], attributes: [{ key: 'tier', kind: 'text', text: 'gold' }] }, CTX)).toEqual({ id: 'tag', type: 'update', attributes: { tier: 'gold' }, next: 'done' });
  });

  it('numbers typed as not a number are sent as typed (the API names the field)', () => {
    expect(patchStep(STEPS[10], { confidence: '0.9x' }, CTX)).toMatchObject({ autoWinner: { confidence: '0.9x' } });
    expect(patchStep(STEPS[2], { validDays: '' }, CTX)).toMatchObject({ offer: { couponPrefix: 'SMS5', validDays: '' } });
  });
});

describe('switching step type', () => {
  it('keeps where the step goes on to', () => {
    expect(switchStepType(STEPS[3], 'branch', CTX)).toEqual({ id: 'wait-1h', type: 'branch', condition: { all: [] }, yes: 'ordered', no: 'ordered' });
    expect(switchStepType(STEPS[3], 'split', CTX)).toEqual({ id: 'wait-1h', type: 'split', branches: [{ name: 'A', weight: 50, next: 'ordered' }, { name: 'B', weight: 50, next: 'ordered' }] });
    expect(switchStepType(STEPS[8], 'wait', CTX)).toEqual({ id: 'ordered', type: 'wait', duration: 'P1D', next: 'done' });
    expect(switchStepType(STEPS[10], 'exit', CTX)).toEqual({ id: 'split', type: 'exit' });
    // An exit has nowhere to go: a branch from it goes to the first other step.
    expect(switchStepType(STEPS[18], 'branch', CTX)).toMatchObject({ yes: 'wait-1h', no: 'wait-1h' });
  });

  it('email ⇄ SMS keeps the coupon and takes a template of the new channel', () => {
    expect(switchStepType(STEPS[0], 'sms', CTX)).toEqual({ id: 'email', type: 'sms', templateId: SMS_T, offer: { couponPrefix: 'CART10', description: '10% off', validDays: 7 }, next: 'split' });
    expect(switchStepType(STEPS[0], 'sms', { ...CTX, templates: [] })).toMatchObject({ templateId: '' });
    expect(switchStepType(STEPS[3], 'email', CTX)).toEqual({ id: 'wait-1h', type: 'email', templateId: EMAIL_T, next: 'ordered' });
    expect(templatesFor('sms', CTX.templates)).toEqual([CTX.templates[1]]);
  });

  it('the same type is the same step', () => {
    expect(switchStepType(STEPS[0], 'email', CTX)).toBe(STEPS[0]);
  });
});
