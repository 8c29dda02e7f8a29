import type { Schemas } from '@localreach/api-client';

export type Recipient = Schemas['CampaignRecipientDto'];
export type TraceStep = Schemas['TraceStepDto'];

/** "Ana Díaz", else the email, else the phone, else a short id. */
export function recipientName(c: Recipient['customer']): string {
  const name = [c.firstName, c.lastName].filter(Boolean).join(' ').trim();
  return name || c.email || c.phone || `Customer ${c.id.slice(0, 8)}`;
}

const REASONS: Record<string, string> = {
  quiet_hours: 'quiet hours',
  frequency_cap: 'frequency cap',
  campaign_paused: 'campaign paused',
  no_consent: 'no consent',
  unsubscribed: 'unsubscribed',
  suppressed: 'on the suppression list',
  no_address: 'no address for the channel',
  holdout: 'held out (control group)',
  goal_reached: 'goal reached',
  missed_local_day: 'missed its local day',
  campaign_archived: 'campaign archived',
  'branch_taken:yes': 'branch: yes',
  'branch_taken:no': 'branch: no',
  exit_step: 'exit step',
  journey_end: 'end of the journey',
  journey_error: 'journey error',
};

/** A reason code in words; provider codes and unknown ones as they are ("variant:B" → "variant B"). */
export function reasonLabel(reason: string | null | undefined): string {
  if (!reason) return '';
  if (reason.startsWith('variant:')) return `variant ${reason.slice('variant:'.length)}`;
  return REASONS[reason] ?? reason;
}

/** The outcome with its reason: "skipped — held out (control group)". */
export function outcomeText(outcome: string, reason: string | null | undefined): string {
  const why = reasonLabel(reason);
  return why ? `${outcome} — ${why}` : outcome;
}

/** One step of the "why" trace as a line a person reads. */
export function traceStepText(step: TraceStep): string {
  const what = step.type ? `${step.stepId} (${step.type === 'sms' ? 'SMS' : step.type})` : step.stepId;
  const message = step.message;
  const to = message?.to ? ` to ${message.to}` : '';
  const error = message?.error ? `: ${message.error}` : '';
  return `${what}: ${outcomeText(step.outcome, step.reason)}${to}${error}`;
}
