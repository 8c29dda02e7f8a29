import { randomInt } from 'node:crypto';
import type { SegmentDefinition } from '@localreach/segmentation';
import type { CampaignDefinition, Offer, SplitStep, Step, StepType, UpdateStep } from '../definition';
import { addWaitDuration, nextLocalTime } from '../scheduling';

/** A message the journey asks the delivery queue to send. */
export interface QueuedSend {
  stepId: string;
  stepSeq: number;
  channel: 'email' | 'sms';
  templateId: string;
  variant: string | null;
  offer: Offer | null;
}

/**
 * Where an enrolment stands; the walker moves it forward. `variants` maps
 * split step ids to the label drawn there, plus `LAST_VARIANT` for the most
 * recent draw (jsonb does not keep key order).
 */
export interface WalkState {
  stepId: string | null;
  stepSeq: number;
  variants: Record<string, string>;
}

/** Key of the latest split's label in `variants` (step ids cannot start with `@`). */
export const LAST_VARIANT = '@last';

export interface WalkInput {
  definition: CampaignDefinition;
  state: WalkState;
  holdout: boolean;
  /** The customer's time zone (or the business's). */
  zone: string;
  now: Date;
  /**
   * Where the walk's first waits count from: the trigger's time on an
   * enrolment's first run (a cart abandoned 10 minutes before it was posted
   * waits 50 more minutes for "wait 1 hour"), `now` on later runs. Defaults to `now`.
   */
  waitsFrom?: Date;
  /** Evaluates a branch condition for this enrolment's customer. */
  evaluate: (condition: SegmentDefinition) => Promise<boolean>;
  /** Picks a split branch index for these weights (injectable for tests). */
  pick?: (weights: number[]) => number;
  /** Split step id → the variant an automatic winner decision chose: later arrivals get it. */
  winners?: Readonly<Record<string, string>>;
}

export type WalkEnd = 'completed' | 'exited';

/**
 * What happened at one step the walk ran: `queued` (a send; the message row
 * records the rest), `skipped` (a send the holdout group does not get),
 * `waited` (until `until`), `branched` (`detail` yes | no), `split` (`detail`
 * the variant), `updated` or `exited`.
 */
export interface StepVisit {
  stepId: string;
  stepSeq: number;
  type: StepType;
  outcome: 'queued' | 'skipped' | 'waited' | 'branched' | 'split' | 'updated' | 'exited';
  detail: string | null;
  until: Date | null;
}

export interface WalkResult {
  state: WalkState;
  /** Set when the enrolment waits: when to run again. */
  nextRunAt: Date | null;
  /** True when nextRunAt is a local time of day ("wait until"): the catch-up policy applies to that run. */
  waitsForLocalTime: boolean;
  /** Set when the journey is over. */
  ended: WalkEnd | null;
  sends: QueuedSend[];
  updates: UpdateStep[];
  /** Every step run, in order (the "why" trace). */
  visits: StepVisit[];
}

/** Far more transitions than any valid journey makes between two waits (loops need a wait). */
const MAX_TRANSITIONS = 500;

/**
 * Runs an enrolment from its current step until it has to wait or the journey
 * ends. Email and SMS steps become queued sends (none for the holdout group,
 * which follows the journey silently); waits set the next run time in the
 * customer's zone; a split records the variant for good.
 */
export async function walkJourney(input: WalkInput): Promise<WalkResult> {
  const steps = new Map(input.definition.steps.map((s) => [s.id, s]));
  const state: WalkState = { ...input.state, variants: { ...input.state.variants } };
  const result: WalkResult = { state, nextRunAt: null, waitsForLocalTime: false, ended: null, sends: [], updates: [], visits: [] };
  const timeline: Timeline = { from: input.waitsFrom ?? input.now, caughtUp: new Set() };
  for (let i = 0; i < MAX_TRANSITIONS; i++) {
    const step = state.stepId === null ? undefined : steps.get(state.stepId);
    if (!step) {
      result.ended = 'completed';
      state.stepId = null;
      return result;
    }
    state.stepSeq += 1;
    const outcome = await runStep(step, input, state, result, timeline);
    if (outcome === 'wait' || outcome === 'exit') return result;
  }
  throw new Error(`journey did not reach a wait within ${MAX_TRANSITIONS} steps`);
}

/**
 * Where the next wait counts from. Behind `now` while a late enrolment catches
 * up: a wait that would already be over is passed at once (and the next one
 * counts from its end), until a message goes out (later waits count from it).
 * Each wait catches up once per walk, so a loop cannot spin through the past.
 */
interface Timeline {
  from: Date;
  caughtUp: Set<string>;
}

async function runStep(step: Step, input: WalkInput, state: WalkState, result: WalkResult, timeline: Timeline): Promise<'continue' | 'wait' | 'exit'> {
  const visit = (outcome: StepVisit['outcome'], detail: string | null = null, until: Date | null = null) =>
    result.visits.push({ stepId: step.id, stepSeq: state.stepSeq, type: step.type, outcome, detail, until });
  switch (step.type) {
    case 'email':
    case 'sms':
      if (input.holdout) visit('skipped', 'holdout');
      else {
        visit('queued');
        result.sends.push({ stepId: step.id, stepSeq: state.stepSeq, channel: step.type, templateId: step.templateId, variant: currentVariant(state), offer: step.offer ?? null });
      }
      state.stepId = step.next ?? null;
      timeline.from = input.now;
      return 'continue';
    case 'wait': {
      const from = timeline.caughtUp.has(step.id) ? input.now : timeline.from;
      const until = addWaitDuration(from, step.duration, input.zone);
      visit('waited', null, until);
      state.stepId = step.next ?? null;
      if (until <= input.now) {
        timeline.caughtUp.add(step.id);
        timeline.from = until;
        return 'continue';
      }
      result.nextRunAt = until;
      return 'wait';
    }
    case 'waitUntil':
      result.nextRunAt = nextLocalTime(new Date(input.now.getTime() + 1), input.zone, step.localTime, step.weekdays);
      result.waitsForLocalTime = true;
      visit('waited', null, result.nextRunAt);
      state.stepId = step.next ?? null;
      return 'wait';
    case 'branch': {
      const taken = await input.evaluate(step.condition);
      visit('branched', taken ? 'yes' : 'no');
      state.stepId = taken ? step.yes : step.no;
      return 'continue';
    }
    case 'split':
      state.stepId = split(step, state, input.pick ?? weightedPick, input.winners?.[step.id]);
      visit('split', state.variants[step.id]);
      return 'continue';
    case 'update':
      result.updates.push(step);
      visit('updated');
      state.stepId = step.next ?? null;
      return 'continue';
    case 'exit':
      visit('exited');
      result.ended = 'exited';
      state.stepId = null;
      return 'exit';
  }
}

/** The variant label of a split branch: its name, or A, B, C… by position. */
export function variantLabel(step: SplitStep, index: number): string {
  return step.branches[index].name ?? String.fromCharCode(65 + index);
}

/** A variant drawn once is kept; a first arrival gets the decided winner, if any, else a weighted draw. */
function split(step: SplitStep, state: WalkState, pick: (weights: number[]) => number, winner: string | undefined): string {
  const kept = state.variants[step.id];
  let index = kept === undefined ? -1 : step.branches.findIndex((_, i) => variantLabel(step, i) === kept);
  if (index < 0) {
    const decided = winner === undefined ? -1 : step.branches.findIndex((_, i) => variantLabel(step, i) === winner);
    index = decided >= 0 ? decided : pick(step.branches.map((b) => b.weight));
    state.variants[step.id] = variantLabel(step, index);
  }
  state.variants[LAST_VARIANT] = variantLabel(step, index);
  return step.branches[index].next;
}

/** The variant messages are attributed to: the most recent split's. */
function currentVariant(state: WalkState): string | null {
  return state.variants[LAST_VARIANT] ?? null;
}

/** Weighted random choice with a CSPRNG, exact for integer and decimal weights alike. */
export function weightedPick(weights: number[]): number {
  const scaled = weights.map((w) => Math.round(w * 1_000));
  const total = scaled.reduce((a, b) => a + b, 0);
  let r = randomInt(total);
  for (let i = 0; i < scaled.length; i++) {
    r -= scaled[i];
    if (r < 0) return i;
  }
  return scaled.length - 1;
}
