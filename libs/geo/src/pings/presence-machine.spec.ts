import { advancePresence, maxUsableAccuracyM, type PresenceRules, type PresenceState } from './presence-machine';

const T0 = Date.parse('2026-03-01T12:00:00Z');
const at = (seconds: number) => new Date(T0 + seconds * 1000);

interface Ping {
  t: number;
  inside: boolean;
  accuracy?: number;
}

const circle = (overrides: Partial<PresenceRules> = {}): PresenceRules => ({ kind: 'circle', radiusM: 150, dwellSeconds: null, cooldownSeconds: 0, ...overrides });

/** Feeds pings through the machine, returning the events as [type, second] and the outcomes. */
function run(rules: PresenceRules, pings: Ping[], initial?: PresenceState) {
  let state = initial;
  const events: [string, number][] = [];
  const outcomes: string[] = [];
  for (const ping of pings) {
    const step = advancePresence(state, rules, { at: at(ping.t), inside: ping.inside, accuracyM: ping.accuracy ?? null });
    state = step.state;
    outcomes.push(step.outcome);
    for (const type of step.events) events.push([type.replace('geofence_', ''), ping.t]);
  }
  return { events, outcomes, state };
}

const IN = (t: number, accuracy?: number): Ping => ({ t, inside: true, accuracy });
const OUT = (t: number, accuracy?: number): Ping => ({ t, inside: false, accuracy });

describe('advancePresence — scenario table', () => {
  it.each<[string, PresenceRules, Ping[], [string, number][]]>([
    ['outside only: nothing', circle(), [OUT(0), OUT(60)], []],
    ['enter, stay, exit', circle(), [IN(0), IN(60), OUT(120)], [['entered', 0], ['exited', 120]]],
    ['the same ping twice enters once', circle(), [IN(0), IN(0)], [['entered', 0]]],
    ['dwell 300 s: due at the first ping ≥ 300 s after entry, once', circle({ dwellSeconds: 300 }), [IN(0), IN(299), IN(300), IN(900), OUT(1000)], [['entered', 0], ['dwelled', 300], ['exited', 1000]]],
    ['dwell is measured between pings: one ping inside never dwells', circle({ dwellSeconds: 60 }), [IN(0), OUT(3600)], [['entered', 0], ['exited', 3600]]],
    ['each visit can dwell once', circle({ dwellSeconds: 60 }), [IN(0), IN(60), OUT(100), IN(200), IN(260)], [['entered', 0], ['dwelled', 60], ['exited', 100], ['entered', 200], ['dwelled', 260]]],
    [
      'cooldown 600 s: re-entry at 599 s is not announced, at 600 s it is (measured from the last announced entry)',
      circle({ cooldownSeconds: 600 }),
      [IN(0), OUT(10), IN(599), OUT(650), IN(700)],
      [['entered', 0], ['exited', 10], ['exited', 650], ['entered', 700]],
    ],
    ['cooldown boundary: exactly cooldownSeconds later is announced', circle({ cooldownSeconds: 600 }), [IN(0), OUT(10), IN(600)], [['entered', 0], ['exited', 10], ['entered', 600]]],
    ['a quiet (cooled-down) visit does not dwell either', circle({ dwellSeconds: 60, cooldownSeconds: 3600 }), [IN(0), IN(60), OUT(100), IN(200), IN(400)], [['entered', 0], ['dwelled', 60], ['exited', 100]]],
    ['an out-of-order ping changes nothing', circle(), [IN(100), OUT(50), IN(120), OUT(150)], [['entered', 100], ['exited', 150]]],
    ['accuracy worse than max(100 m, radius) is ignored; equal is used', circle({ radiusM: 200 }), [IN(0, 201), IN(10, 200)], [['entered', 10]]],
    ['a small circle still accepts 100 m accuracy', circle({ radiusM: 50 }), [IN(0, 100), OUT(10, 101)], [['entered', 0]]],
    ['polygons accept up to 500 m', { kind: 'polygon', radiusM: null, dwellSeconds: null, cooldownSeconds: 0 }, [IN(0, 501), IN(10, 500)], [['entered', 10]]],
  ])('%s', (_name, rules, pings, expected) => {
    expect(run(rules, pings).events).toEqual(expected);
  });

  it('reports why a ping was not applied, and keeps the state as it was', () => {
    const entered = run(circle(), [IN(100)]).state!;
    expect(run(circle(), [OUT(50)], entered)).toEqual({ events: [], outcomes: ['out_of_order'], state: entered });
    expect(run(circle(), [OUT(200, 5000)], entered)).toEqual({ events: [], outcomes: ['low_accuracy'], state: entered });
  });

  it('stores nothing for a customer never seen inside', () => {
    expect(run(circle(), [OUT(0)]).state).toBeUndefined();
  });

  it('tracks the visit in the stored state', () => {
    const { state } = run(circle({ dwellSeconds: 60, cooldownSeconds: 0 }), [IN(0), IN(90), OUT(120)]);
    expect(state).toEqual({ inside: false, enteredAt: at(0), lastPingAt: at(120), dwelled: true, lastEnteredEventAt: at(0) });
  });
});

describe('maxUsableAccuracyM', () => {
  it('is max(100, radius) for circles and 500 for polygons', () => {
    expect(maxUsableAccuracyM(circle({ radiusM: 50 }))).toBe(100);
    expect(maxUsableAccuracyM(circle({ radiusM: 2000 }))).toBe(2000);
    expect(maxUsableAccuracyM({ kind: 'polygon', radiusM: null, dwellSeconds: null, cooldownSeconds: 0 })).toBe(500);
  });
});
