/** What a customer's presence in one geofence looks like between pings (a geofence_presence row). */
export interface PresenceState {
  inside: boolean;
  /** Start of the current (or last) visit. */
  enteredAt: Date | null;
  lastPingAt: Date;
  /** The current visit has lasted dwellSeconds (its dwell event, if announced, was emitted). */
  dwelled: boolean;
  /** When the last geofence_entered event was emitted: the cooldown is measured from it. */
  lastEnteredEventAt: Date | null;
}

export interface PresenceRules {
  kind: 'circle' | 'polygon';
  radiusM: number | null;
  dwellSeconds: number | null;
  cooldownSeconds: number;
}

export interface PingObservation {
  at: Date;
  inside: boolean;
  /** Reported accuracy radius in metres, if the device gave one. */
  accuracyM: number | null;
}

export type PresenceEventType = 'geofence_entered' | 'geofence_exited' | 'geofence_dwelled';

export type PresenceOutcome = 'applied' | 'out_of_order' | 'low_accuracy';

export interface PresenceStep {
  outcome: PresenceOutcome;
  /** The state to store; undefined when nothing is to be stored (never seen inside and still outside). */
  state: PresenceState | undefined;
  events: PresenceEventType[];
}

/** Pings vaguer than this cannot move a customer in or out: max(100 m, radius) for circles, 500 m for polygons. */
export function maxUsableAccuracyM(rules: PresenceRules): number {
  return rules.kind === 'circle' ? Math.max(100, rules.radiusM ?? 0) : 500;
}

const seconds = (from: Date, to: Date) => (to.getTime() - from.getTime()) / 1000;

/**
 * A visit entered while the cooldown was running stays quiet: its entry is
 * not announced, so it must not trigger a dwell either (the cooldown exists
 * so a customer walking in and out is not offered the same thing twice).
 */
function isQuietVisit(state: PresenceState): boolean {
  return state.enteredAt !== null && state.lastEnteredEventAt?.getTime() !== state.enteredAt.getTime();
}

function enter(state: PresenceState | undefined, rules: PresenceRules, at: Date): PresenceStep {
  const last = state?.lastEnteredEventAt ?? null;
  const cooling = last !== null && seconds(last, at) < rules.cooldownSeconds;
  return {
    outcome: 'applied',
    state: { inside: true, enteredAt: at, lastPingAt: at, dwelled: false, lastEnteredEventAt: cooling ? last : at },
    events: cooling ? [] : ['geofence_entered'],
  };
}

function stay(state: PresenceState, rules: PresenceRules, at: Date): PresenceStep {
  const next = { ...state, lastPingAt: at };
  const due = !state.dwelled && rules.dwellSeconds !== null && state.enteredAt !== null && seconds(state.enteredAt, at) >= rules.dwellSeconds;
  if (!due) return { outcome: 'applied', state: next, events: [] };
  next.dwelled = true;
  return { outcome: 'applied', state: next, events: isQuietVisit(state) ? [] : ['geofence_dwelled'] };
}

/**
 * One ping applied to one customer × geofence presence. Time is the ping's
 * own: dwell and cooldown are measured between ping times, so late batches
 * replay correctly. Pings older than the last one applied and pings whose
 * accuracy is too coarse for this geofence change nothing.
 */
export function advancePresence(state: PresenceState | undefined, rules: PresenceRules, ping: PingObservation): PresenceStep {
  if (state && ping.at.getTime() < state.lastPingAt.getTime()) return { outcome: 'out_of_order', state, events: [] };
  if (ping.accuracyM !== null && ping.accuracyM > maxUsableAccuracyM(rules)) return { outcome: 'low_accuracy', state, events: [] };
  if (ping.inside) return state?.inside ? stay(state, rules, ping.at) : enter(state, rules, ping.at);
  if (!state) return { outcome: 'applied', state: undefined, events: [] };
  const next = { ...state, inside: false, lastPingAt: ping.at };
  return { outcome: 'applied', state: next, events: state.inside ? ['geofence_exited'] : [] };
}
