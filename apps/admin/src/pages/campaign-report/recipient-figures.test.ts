import { describe, expect, it } from 'vitest';
import { outcomeText, reasonLabel, recipientName, traceStepText, type TraceStep } from './recipient-figures';

const customer = { id: '0d9c6a3e-0000-4000-8000-000000000000', firstName: null, lastName: null, email: null, phone: null };

describe('recipient figures', () => {
  it('names a recipient by name, else email, else phone, else id', () => {
    expect(recipientName({ ...customer, firstName: 'Ana', lastName: 'Díaz', email: 'ana@example.com' })).toBe('Ana Díaz');
    expect(recipientName({ ...customer, email: 'ana@example.com' })).toBe('ana@example.com');
    expect(recipientName({ ...customer, phone: '+13125550100' })).toBe('+13125550100');
    expect(recipientName(customer)).toBe('Customer 0d9c6a3e');
  });

  it('reasons in words; codes it does not know as they are', () => {
    expect(reasonLabel('holdout')).toBe('held out (control group)');
    expect(reasonLabel('variant:B')).toBe('variant B');
    expect(reasonLabel('21211')).toBe('21211');
    expect(reasonLabel(null)).toBe('');
    expect(outcomeText('skipped', 'no_consent')).toBe('skipped — no consent');
    expect(outcomeText('clicked', null)).toBe('clicked');
  });

  it('a trace step as a line', () => {
    const step = (over: Partial<TraceStep>): TraceStep => ({ seq: 1, stepId: 'mail', type: 'email', at: '2026-03-02T15:00:00Z', outcome: 'clicked', reason: null, until: null, message: null, ...over });
    expect(traceStepText(step({ stepId: 'ab', type: 'split', outcome: 'split', reason: 'variant:A' }))).toBe('ab (split): split — variant A');
    expect(traceStepText(step({ message: { to: 'ana@example.com', error: null } as TraceStep['message'] }))).toBe('mail (email): clicked to ana@example.com');
    expect(traceStepText(step({ type: 'sms', outcome: 'failed', reason: '21211', message: { to: '+1312', error: 'Invalid number' } as TraceStep['message'] })))
      .toBe('mail (SMS): failed — 21211 to +1312: Invalid number');
    expect(traceStepText(step({ type: null, outcome: 'skipped', reason: 'goal_reached' }))).toBe('mail: skipped — goal reached');
  });
});
