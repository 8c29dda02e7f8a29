import type { CampaignReferences } from './campaign-definition';
import { checkCampaign } from './campaign-validator';

const EMAIL_TEMPLATE = '11111111-1111-4111-8111-111111111111';
const SMS_TEMPLATE = '22222222-2222-4222-8222-222222222222';
const UNKNOWN = '55555555-5555-4555-8555-555555555555';

function refs(overrides: Partial<CampaignReferences> = {}): CampaignReferences {
  return {
    templates: new Map([[EMAIL_TEMPLATE, { channel: 'email' }], [SMS_TEMPLATE, { channel: 'sms' }]]),
    segmentIds: new Set(),
    geofenceIds: new Set(),
    ...overrides,
  };
}

/** "field: message" lines of a campaign with these steps, sorted. */
function problemsOf(steps: unknown[], references = refs()): string[] {
  const input = { name: 'Test', trigger: { type: 'customer_created' }, steps };
  return checkCampaign(input, references).problems.map((p) => `${p.field}: ${p.message}`).sort();
}

const email = (id: string, next?: string) => ({ id, type: 'email', templateId: EMAIL_TEMPLATE, ...(next ? { next } : {}) });
const sms = (id: string, next?: string) => ({ id, type: 'sms', templateId: SMS_TEMPLATE, ...(next ? { next } : {}) });
const wait = (id: string, next?: string) => ({ id, type: 'wait', duration: 'P1D', ...(next ? { next } : {}) });
const update = (id: string, next?: string) => ({ id, type: 'update', tags: { add: ['seen'] }, ...(next ? { next } : {}) });
const branch = (id: string, yes: string, no: string) => ({ id, type: 'branch', condition: { type: 'tag', tag: 'vip', present: true }, yes, no });
const exit = (id: string) => ({ id, type: 'exit' });

describe('campaign steps', () => {
  describe('shapes', () => {
    const SLUG = 'must be a slug of a-z, 0-9, _ and - (at most 63 characters, not starting with _ or -)';
    const PREFIX = 'must be 2 to 12 capital letters A-Z or digits';
    const one = (step: Record<string, unknown>) => ({ id: 's', ...step });
    it.each([
      ['a string step', 'email', ['steps[0]: must be a step { id, type, ... }']],
      ['a missing id', { type: 'exit' }, ['steps[0].id: is required']],
      ['an upper-case id', { id: 'Hello', type: 'exit' }, [`steps[0].id: ${SLUG}`]],
      ['an id starting with -', { id: '-a', type: 'exit' }, [`steps[0].id: ${SLUG}`]],
      ['a 64-character id', { id: 'a'.repeat(64), type: 'exit' }, [`steps[0].id: ${SLUG}`]],
      ['an unknown type', one({ type: 'fax' }), ['steps[0].type: must be one of email, sms, wait, waitUntil, branch, split, update, exit']],
      ['an unknown key', one({ ...email('s'), subject: 'Hi' }), ['steps[0].subject: is not an allowed key']],
      ['a missing template', one({ type: 'email' }), ['steps[0].templateId: is required']],
      ['an unknown template', one({ type: 'email', templateId: UNKNOWN }), ['steps[0].templateId: no template with this id']],
      ['an SMS template on an email step', one({ type: 'email', templateId: SMS_TEMPLATE }), ['steps[0].templateId: is an SMS template; email steps need an email template']],
      ['an email template on an SMS step', one({ type: 'sms', templateId: EMAIL_TEMPLATE }), ['steps[0].templateId: is an email template; SMS steps need an SMS template']],
      ['a lower-case coupon prefix', one({ ...email('s'), offer: { couponPrefix: 'welcome', validDays: 0 } }), [`steps[0].offer.couponPrefix: ${PREFIX}`, 'steps[0].offer.validDays: must be between 1 and 365']],
      ['a one-letter prefix', one({ ...sms('s'), offer: { couponPrefix: 'A', validDays: 366 } }), [`steps[0].offer.couponPrefix: ${PREFIX}`, 'steps[0].offer.validDays: must be between 1 and 365']],
      ['a 13-letter prefix', one({ ...email('s'), offer: { couponPrefix: 'ABCDEFGHIJKLM', validDays: 1.5 } }), [`steps[0].offer.couponPrefix: ${PREFIX}`, 'steps[0].offer.validDays: must be a whole number']],
      ['an offer with an unknown key', one({ ...email('s'), offer: { couponPrefix: 'OK', validDays: 14, code: 'X' } }), ['steps[0].offer.code: is not an allowed key']],
      ['an empty offer', one({ ...email('s'), offer: {} }), ['steps[0].offer.couponPrefix: is required', 'steps[0].offer.validDays: is required']],
      ['an offer that is a string', one({ ...email('s'), offer: 'TENOFF' }), ['steps[0].offer: must be { couponPrefix, validDays, description? }']],
      ['a wait of more than a year', one({ type: 'wait', duration: 'P366D' }), ['steps[0].duration: must be at most 1 year']],
      ['a wait of 53 weeks', one({ type: 'wait', duration: 'P53W' }), ['steps[0].duration: must be at most 1 year']],
      ['a wait of zero', one({ type: 'wait', duration: 'PT0S' }), ['steps[0].duration: must be positive']],
      ['a wait in words', one({ type: 'wait', duration: 'soon' }), ['steps[0].duration: must be an ISO-8601 duration such as P3D, PT1H or PT30S']],
      ['a fractional wait', one({ type: 'wait', duration: 'PT1.5H' }), ['steps[0].duration: must use whole numbers of each unit']],
      ['a wait without a duration', one({ type: 'wait' }), ['steps[0].duration: is required']],
      ['waitUntil without a time', one({ type: 'waitUntil' }), ['steps[0].localTime: is required']],
      ['waitUntil with no weekdays', one({ type: 'waitUntil', localTime: '10:00', weekdays: [] }), ['steps[0].weekdays: must be a list of 1 to 7 ISO weekdays (1 = Monday)']],
      ['waitUntil on day 8', one({ type: 'waitUntil', localTime: '10:00', weekdays: [1, 8] }), ['steps[0].weekdays[1]: must be between 1 and 7']],
      ['waitUntil with a repeated day', one({ type: 'waitUntil', localTime: '10:00', weekdays: [1, 3, 1] }), ['steps[0].weekdays[2]: duplicates steps[0].weekdays[0]']],
      ['a branch with next', { ...branch('s', 'e', 'e'), next: 'e' }, ['steps[0].next: is not an allowed key']],
      ['a bare branch', one({ type: 'branch' }), ['steps[0].condition: is required', 'steps[0].no: is required', 'steps[0].yes: is required']],
      ['a split with one branch', one({ type: 'split', branches: [{ weight: 1, next: 'e' }] }), ['steps[0].branches: must be a list of 2 to 10 branches { weight, next, name? }']],
      [
        'bad split branches',
        one({ type: 'split', branches: [{ name: 'A', weight: 0, next: 'e' }, { name: 'A', next: 'e' }, 'x', { name: 'C', weight: -1, colour: 'red' }] }),
        [
          'steps[0].branches[0].weight: must be a number greater than 0', 'steps[0].branches[1].name: duplicates steps[0].branches[0].name',
          'steps[0].branches[1].weight: is required', 'steps[0].branches[2]: must be a branch { weight, next, name? }',
          'steps[0].branches[3].colour: is not an allowed key', 'steps[0].branches[3].next: is required', 'steps[0].branches[3].weight: must be a number greater than 0',
        ],
      ],
      ['an empty update', one({ type: 'update' }), ['steps[0]: needs at least one tag or attribute to change']],
      ['an update with empty lists', one({ type: 'update', tags: { add: [] }, attributes: {} }), ['steps[0]: needs at least one tag or attribute to change']],
      ['a tag added and removed', one({ type: 'update', tags: { add: ['vip', 'vip'], remove: ['vip', ''] } }), ['steps[0].tags.add[1]: duplicates steps[0].tags.add[0]', 'steps[0].tags.remove[0]: is also in add', 'steps[0].tags.remove[1]: must not be empty']],
      ['tags that are not a list', one({ type: 'update', tags: { add: 'vip', keep: [] } }), ['steps[0].tags.add: must be a list of tags', 'steps[0].tags.keep: is not an allowed key']],
      ['an object attribute value', one({ type: 'update', attributes: { plan: { tier: 1 }, n: Number.NaN } }), ['steps[0].attributes.n: must be a string, a number, a boolean or null', 'steps[0].attributes.plan: must be a string, a number, a boolean or null']],
      ['an exit with next', { ...exit('s'), next: 'e' }, ['steps[0].next: is not an allowed key', 'steps[1]: unreachable from the first step']],
      ['a next that is not a string', one({ ...wait('s'), next: 5 }), ['steps[0].next: must be a step id']],
    ])('reports %s', (_name, step, expected) => {
      // A trailing exit `e` gives references a target; it is unreachable unless the step links to it.
      expect(problemsOf([step, exit('e')]).filter((p) => p !== 'steps[1]: unreachable from the first step' || expected.includes(p))).toEqual(expected);
    });
  });

  describe('references between steps', () => {
    it('reports a next, yes, no or branch target that names no step', () => {
      const steps = [
        { id: 'split', type: 'split', branches: [{ weight: 1, next: 'a' }, { weight: 1, next: 'zz' }] },
        { ...branch('a', 'b', 'nope'), id: 'a' },
        email('b', 'gone'),
      ];
      expect(problemsOf(steps)).toEqual([
        'steps[0].branches[1].next: must name a step: there is no step "zz"',
        'steps[1].no: must name a step: there is no step "nope"',
        'steps[2].next: must name a step: there is no step "gone"',
      ]);
    });

    it('reports repeated ids at the repeat, and references go to the first', () => {
      expect(problemsOf([email('a', 'b'), wait('b', 'a'), exit('a')])).toEqual(['steps[2].id: duplicates steps[0].id', 'steps[2]: unreachable from the first step']);
    });
  });

  describe('reachability', () => {
    it('reports every step the first cannot reach, however far', () => {
      expect(problemsOf([email('a', 'b'), wait('b'), email('c'), wait('d', 'c')])).toEqual([
        'steps[2]: unreachable from the first step',
        'steps[3]: unreachable from the first step',
      ]);
    });

    it('follows yes, no and every split branch', () => {
      const steps = [
        { id: 'ab', type: 'split', branches: [{ weight: 1, next: 'x' }, { weight: 1, next: 'y' }, { weight: 1, next: 'z' }] },
        branch('x', 'yes-path', 'no-path'),
        email('y'),
        sms('z'),
        update('yes-path'),
        exit('no-path'),
      ];
      expect(problemsOf(steps)).toEqual([]);
    });

    it('counts a step reached only through a later step as reachable', () => {
      expect(problemsOf([wait('a', 'c'), email('b'), update('c', 'b')])).toEqual([]);
    });
  });

  describe('loops', () => {
    it.each([
      ['a loop of messages', [email('a', 'b'), update('b', 'c'), email('c', 'b')], ['steps[2].next: loop steps b → c → b has no wait step']],
      ['a step that points at itself', [update('a', 'a')], ['steps[0].next: loop steps a → a has no wait step']],
      ['a loop through a branch', [email('a', 'br'), branch('br', 'a', 'end'), exit('end')], ['steps[1].yes: loop steps a → br → a has no wait step']],
      [
        'a branch looping back on both sides',
        [email('a', 'br'), branch('br', 'a', 'b'), update('b', 'a')],
        ['steps[1].yes: loop steps a → br → a has no wait step', 'steps[2].next: loop steps a → br → b → a has no wait step'],
      ],
      ['a loop through a split', [{ id: 's', type: 'split', branches: [{ weight: 1, next: 'm' }, { weight: 1, next: 'end' }] }, email('m', 's'), exit('end')], ['steps[1].next: loop steps s → m → s has no wait step']],
      ['a loop among unreachable steps', [exit('a'), email('b', 'c'), email('c', 'b')], ['steps[1]: unreachable from the first step', 'steps[2].next: loop steps b → c → b has no wait step', 'steps[2]: unreachable from the first step']],
    ])('reports %s', (_name, steps, expected) => {
      expect(problemsOf(steps)).toEqual(expected);
    });

    it.each([
      ['a loop through a wait', [email('a', 'w'), wait('w', 'b'), update('b', 'a')]],
      ['a loop through waitUntil', [email('a', 'w'), { id: 'w', type: 'waitUntil', localTime: '09:00', next: 'a' }]],
      ['a polling loop: wait, then check, else wait again', [wait('w', 'check'), branch('check', 'send', 'w'), email('send')]],
      ['a wait that points at itself', [wait('w', 'w')]],
      ['a diamond (two paths meeting, not a loop)', [branch('br', 'a', 'b'), email('a', 'end'), sms('b', 'end'), exit('end')]],
    ])('accepts %s', (_name, steps) => {
      expect(problemsOf(steps)).toEqual([]);
    });
  });

  describe('branch conditions', () => {
    const condition = (c: unknown) => [{ id: 'br', type: 'branch', condition: c, yes: 'a', no: 'a' }, exit('a')];
    it.each([
      [{ type: 'engagement', action: 'opened', sinceEnrollment: true }],
      [{ all: [{ type: 'event', eventType: 'purchase', sinceEnrollment: true, count: { op: 'gte', value: 2 } }, { type: 'tag', tag: 'vip', present: true }] }],
    ])('accepts sinceEnrollment conditions %j', (c) => {
      expect(problemsOf(condition(c))).toEqual([]);
    });

    it('reports condition problems with their full path', () => {
      expect(problemsOf(condition({ all: [{ type: 'event', eventType: 'purchase', sinceEnrollment: true, within: 'P1D' }, { type: 'rfm' }] }))).toEqual([
        'steps[0].condition.all[0].within: must be absent when sinceEnrollment is true',
        'steps[0].condition.all[1]: needs recency, frequency or monetary',
      ]);
    });
  });

  describe('audience', () => {
    const steps = [email('a', 'b'), sms('b')];
    it.each([
      [{}, []],
      [{ audienceHasPhone: true, audienceHasEmail: true }, []],
      [{ audienceHasPhone: false }, ['steps[1]: the audience has no phone numbers, so this SMS step can reach no one']],
      [{ audienceHasEmail: false }, ['steps[0]: the audience has no email addresses, so this email step can reach no one']],
    ])('with %j reports %j', (audience, expected) => {
      expect(problemsOf(steps, refs(audience))).toEqual(expected);
    });
  });

  it('reports problems of shape, references and graph together', () => {
    const steps = [
      { id: 'start', type: 'sms', templateId: EMAIL_TEMPLATE, next: 'loop' },
      update('loop', 'start'),
      { id: 'Orphan', type: 'wait', duration: 'P2Y' },
    ];
    expect(problemsOf(steps, refs({ audienceHasPhone: false }))).toEqual([
      'steps[0].templateId: is an email template; SMS steps need an SMS template',
      'steps[0]: the audience has no phone numbers, so this SMS step can reach no one',
      'steps[1].next: loop steps start → loop → start has no wait step',
      'steps[2].duration: must be at most 1 year',
      'steps[2].id: must be a slug of a-z, 0-9, _ and - (at most 63 characters, not starting with _ or -)',
      'steps[2]: unreachable from the first step',
    ]);
  });
});
