import type { Step } from '../definition';
import { enrollmentTrace, traceSteps, variantsOf, type EnrollmentRow, type StepLogRow, type TracedMessage } from './journey-trace';

const at = (iso: string) => new Date(iso);
const steps: Step[] = [
  { id: 'wait-1h', type: 'wait', duration: 'PT1H', next: 'check' },
  { id: 'check', type: 'branch', condition: { type: 'tag', tag: 'x', present: true }, yes: 'done', no: 'mail' },
  { id: 'mail', type: 'email', templateId: '00000000-0000-4000-8000-000000000001', next: 'wait-1d' },
  { id: 'wait-1d', type: 'wait', duration: 'P1D' },
  { id: 'done', type: 'exit' },
];
const log = (stepSeq: number, stepId: string, outcome: StepLogRow['outcome'], detail: string | null = null, until: string | null = null): StepLogRow =>
  ({ enrollmentId: 'e', stepSeq, stepId, outcome, detail, until: until ? at(until) : null, at: at('2026-03-02T15:00:00Z') });
const message: TracedMessage = {
  enrollmentId: 'e', stepSeq: 3, stepId: 'mail', id: 'm1', channel: 'email', status: 'held', variant: null, to: null, subject: null,
  createdAt: at('2026-03-02T16:00:00Z'), sentAt: null, deliveredAt: null, openedAt: null, clickedAt: null, heldReason: 'quiet_hours', errorCode: null, error: null,
  outcome: 'held', reason: 'quiet_hours', until: at('2026-03-03T14:00:00Z'),
};

describe('journey trace', () => {
  it('merges the step log and the messages by sequence, reasons prefixed, message steps typed by channel', () => {
    const out = traceSteps({ logs: [log(4, 'wait-1d', 'waited', null, '2026-03-03T16:00:00Z'), log(2, 'check', 'branched', 'no'), log(1, 'wait-1h', 'waited', null, '2026-03-02T16:00:00Z')], messages: [message], steps, active: false });
    expect(out.map((s) => [s.seq, s.stepId, s.type, s.outcome, s.reason, s.until?.toISOString() ?? null, s.message?.id ?? null])).toEqual([
      [1, 'wait-1h', 'wait', 'waited', null, '2026-03-02T16:00:00.000Z', null],
      [2, 'check', 'branch', 'branched', 'branch_taken:no', null, null],
      [3, 'mail', 'email', 'held', 'quiet_hours', '2026-03-03T14:00:00.000Z', 'm1'],
      [4, 'wait-1d', 'wait', 'waited', null, '2026-03-03T16:00:00.000Z', null],
    ]);
    expect(out[2].message).not.toHaveProperty('outcome');
  });

  it('while active, the wait it last entered is still waiting (an earlier one is not)', () => {
    const out = traceSteps({ logs: [log(1, 'wait-1h', 'waited', null, '2026-03-02T16:00:00Z'), log(4, 'wait-1d', 'waited', null, '2026-03-03T16:00:00Z')], messages: [message], steps, active: true });
    expect(out.map((s) => s.outcome)).toEqual(['waited', 'held', 'waiting']);
  });

  it('a skipped step keeps its reason; a split shows its variant; a step gone from the version has no type', () => {
    const out = traceSteps({ logs: [log(1, 'gone', 'split', 'B'), log(2, 'mail', 'skipped', 'holdout')], messages: [], steps, active: false });
    expect(out.map((s) => [s.type, s.outcome, s.reason])).toEqual([[null, 'split', 'variant:B'], ['email', 'skipped', 'holdout']]);
  });

  it('variants without the bookkeeping key, and the latest one', () => {
    expect(variantsOf({ ab: 'A', subject: 'Bold', '@last': 'Bold' })).toEqual({ variants: { ab: 'A', subject: 'Bold' }, variant: 'Bold' });
    expect(variantsOf({})).toEqual({ variants: {}, variant: null });
  });

  it('an enrolment of a paused campaign has a next step but no run time', () => {
    const row: EnrollmentRow = {
      id: 'e', campaignId: 'k', campaignName: 'Cart', campaignStatus: 'paused', campaignDeleted: false, version: 2, holdout: false, variants: {}, state: 'active',
      endReason: null, enrolledAt: at('2026-03-02T15:00:00Z'), anchoredAt: at('2026-03-02T14:50:00Z'), endedAt: null, stepId: 'check', nextRunAt: at('2026-03-02T16:00:00Z'), lastError: null, steps,
      outcome: 'held', reason: 'campaign_paused', until: null,
    };
    expect(enrollmentTrace(row, [], [])).toMatchObject({ nextStepId: 'check', nextRunAt: null, outcome: 'held', reason: 'campaign_paused', variant: null });
    expect(enrollmentTrace({ ...row, campaignStatus: 'active' }, [], [])).toMatchObject({ nextStepId: 'check', nextRunAt: at('2026-03-02T16:00:00Z') });
    expect(enrollmentTrace({ ...row, state: 'converted' }, [], [])).toMatchObject({ nextStepId: null, nextRunAt: null });
  });
});
