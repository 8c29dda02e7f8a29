import type { Step, StepType } from '../definition';
import { LAST_VARIANT } from '../journey/journey-walker';
import type { StepLogEntry } from '../journey/journey.repository';

/** What became of an enrolment so far (GET /v1/campaigns/:id/recipients?outcome=…). */
export const ENROLLMENT_OUTCOMES = ['pending', 'sent', 'delivered', 'opened', 'clicked', 'held', 'skipped', 'failed'] as const;
export type EnrollmentOutcome = (typeof ENROLLMENT_OUTCOMES)[number];

/** What happened at one step of a journey. */
export const STEP_OUTCOMES = [
  'queued', 'sent', 'delivered', 'opened', 'clicked', 'held', 'skipped', 'failed', 'waiting', 'waited', 'branched', 'split', 'updated', 'exited',
] as const;
export type StepOutcome = (typeof STEP_OUTCOMES)[number];

export const MESSAGE_STATUSES = ['queued', 'held', 'sending', 'sent', 'delivered', 'undelivered', 'failed', 'bounced', 'suppressed'] as const;
export type MessageStatus = (typeof MESSAGE_STATUSES)[number];

/** A row of the step log, as read: what the journey wrote, and when. */
export type StepLogRow = Omit<StepLogEntry, 'businessId'> & { at: Date };

/** A message of an enrolment with what became of it (outcome, reason, until: trace-sql's definitions). */
export interface TracedMessage {
  enrollmentId: string;
  stepSeq: number;
  stepId: string;
  id: string;
  channel: 'email' | 'sms';
  status: MessageStatus;
  variant: string | null;
  to: string | null;
  subject: string | null;
  createdAt: Date;
  sentAt: Date | null;
  deliveredAt: Date | null;
  openedAt: Date | null;
  clickedAt: Date | null;
  heldReason: string | null;
  errorCode: string | null;
  error: string | null;
  outcome: StepOutcome;
  reason: string | null;
  until: Date | null;
}

export interface TraceStep {
  seq: number;
  stepId: string;
  /** The step's type in the enrolment's version; null if that version no longer has the step. */
  type: StepType | null;
  /** When the step ran (a message step: when its message was queued). */
  at: Date;
  outcome: StepOutcome;
  reason: string | null;
  until: Date | null;
  message: Omit<TracedMessage, 'enrollmentId' | 'stepSeq' | 'stepId' | 'outcome' | 'reason' | 'until'> | null;
}

/** Log outcome → the reason prefix it is shown with. */
const DETAIL_PREFIX: Partial<Record<StepLogRow['outcome'], string>> = { branched: 'branch_taken:', split: 'variant:' };

function fromLog(row: StepLogRow, types: ReadonlyMap<string, StepType>, waiting: boolean): TraceStep {
  const prefix = DETAIL_PREFIX[row.outcome];
  const outcome: StepOutcome = row.outcome === 'waited' && waiting ? 'waiting' : row.outcome;
  const reason = row.detail === null ? null : `${prefix ?? ''}${row.detail}`;
  return { seq: row.stepSeq, stepId: row.stepId, type: types.get(row.stepId) ?? null, at: row.at, outcome, reason, until: row.until, message: null };
}

function fromMessage(m: TracedMessage): TraceStep {
  const { enrollmentId: _e, stepSeq, stepId, outcome, reason, until, ...message } = m;
  return { seq: stepSeq, stepId, type: m.channel, at: m.createdAt, outcome, reason, until, message };
}

/**
 * An enrolment's steps in the order they ran: the step log and the messages
 * merged by step sequence. While the enrolment is active, a wait that is the
 * last thing it did is still `waiting`.
 */
export function traceSteps(input: { logs: readonly StepLogRow[]; messages: readonly TracedMessage[]; steps: readonly Step[]; active: boolean }): TraceStep[] {
  const types = new Map(input.steps.map((s) => [s.id, s.type]));
  const last = Math.max(-1, ...input.logs.map((l) => l.stepSeq), ...input.messages.map((m) => m.stepSeq));
  const out = [
    ...input.logs.map((l) => fromLog(l, types, input.active && l.stepSeq === last)),
    ...input.messages.map(fromMessage),
  ];
  return out.sort((a, b) => a.seq - b.seq);
}

/** Split step id → variant label, without the bookkeeping key; and the variant messages are attributed to. */
export function variantsOf(stored: Readonly<Record<string, string>>): { variants: Record<string, string>; variant: string | null } {
  const variants = Object.fromEntries(Object.entries(stored).filter(([key]) => key !== LAST_VARIANT));
  return { variants, variant: stored[LAST_VARIANT] ?? null };
}

/** An enrolment as the trace queries read it, with its headline (trace-sql's ENROLLMENT_OUTCOME). */
export interface EnrollmentRow {
  id: string;
  campaignId: string;
  campaignName: string;
  campaignStatus: 'draft' | 'active' | 'paused' | 'archived';
  campaignDeleted: boolean;
  version: number;
  holdout: boolean;
  variants: Record<string, string>;
  state: 'active' | 'completed' | 'exited' | 'converted' | 'failed';
  endReason: string | null;
  enrolledAt: Date;
  anchoredAt: Date;
  endedAt: Date | null;
  stepId: string | null;
  nextRunAt: Date | null;
  lastError: string | null;
  /** The version's steps. */
  steps: Step[];
  outcome: EnrollmentOutcome;
  reason: string | null;
  until: Date | null;
}

/** One enrolment of a customer with every step it reached and why it went the way it did. */
export interface EnrollmentTrace {
  enrollmentId: string;
  campaign: { id: string; name: string; status: EnrollmentRow['campaignStatus']; deleted: boolean };
  version: number;
  holdout: boolean;
  variant: string | null;
  variants: Record<string, string>;
  state: EnrollmentRow['state'];
  endReason: string | null;
  enrolledAt: Date;
  /** When its trigger happened: since-enrolment conditions, the goal window and the first waits count from here. */
  anchoredAt: Date;
  endedAt: Date | null;
  /** While active: the step it runs next, and when (null while its campaign is paused). */
  nextStepId: string | null;
  nextRunAt: Date | null;
  lastError: string | null;
  outcome: EnrollmentOutcome;
  reason: string | null;
  until: Date | null;
  steps: TraceStep[];
}

export function enrollmentTrace(row: EnrollmentRow, logs: readonly StepLogRow[], messages: readonly TracedMessage[]): EnrollmentTrace {
  const active = row.state === 'active';
  const running = active && row.campaignStatus !== 'paused';
  return {
    enrollmentId: row.id,
    campaign: { id: row.campaignId, name: row.campaignName, status: row.campaignStatus, deleted: row.campaignDeleted },
    version: row.version,
    holdout: row.holdout,
    ...variantsOf(row.variants),
    state: row.state,
    endReason: row.endReason,
    enrolledAt: row.enrolledAt,
    anchoredAt: row.anchoredAt,
    endedAt: row.endedAt,
    nextStepId: active ? row.stepId : null,
    nextRunAt: running ? row.nextRunAt : null,
    lastError: row.lastError,
    outcome: row.outcome,
    reason: row.reason,
    until: row.until,
    steps: traceSteps({ logs, messages, steps: row.steps, active }),
  };
}
