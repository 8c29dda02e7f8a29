import { DEFAULT_BUSINESS_SETTINGS } from '@localreach/core';
import { capRelease, decideSend, type RecipientFacts, type SendDecision, type SendFacts } from './send-policy';

// 2026-03-10 is a Tuesday; Chicago is on CDT (UTC−5) since March 8, London still on GMT.
const NOW = new Date('2026-03-10T15:00:00Z');
const h = (hours: number): Date => new Date(NOW.getTime() + hours * 3_600_000);

const recipient = (overrides: Partial<RecipientFacts> = {}): RecipientFacts => ({
  erased: false,
  email: 'ana@example.com',
  phone: '+13125550100',
  timezone: 'America/Chicago',
  consent: { email: null, sms: 'granted' },
  ...overrides,
});

const facts = (overrides: Partial<SendFacts> = {}): SendFacts => ({
  channel: 'email',
  now: NOW,
  recipient: recipient(),
  businessTimezone: 'Europe/London',
  settings: DEFAULT_BUSINESS_SETTINGS,
  addressSuppressed: false,
  recentSends: [],
  ...overrides,
});

const withSettings = (patch: Partial<SendFacts['settings']>): SendFacts['settings'] => ({ ...DEFAULT_BUSINESS_SETTINGS, ...patch });

describe('decideSend', () => {
  it('sends an email to a customer who never opted out, at any hour (no email quiet hours by default)', () => {
    expect(decideSend(facts())).toEqual({ action: 'send', address: 'ana@example.com' });
    expect(decideSend(facts({ now: new Date('2026-03-10T08:00:00Z') }))).toEqual({ action: 'send', address: 'ana@example.com' });
  });

  describe('address', () => {
    it.each<[string, Partial<SendFacts>]>([
      ['the customer row is gone', { recipient: null }],
      ['the customer was erased', { recipient: recipient({ erased: true }) }],
      ['an email to a customer without an email address', { recipient: recipient({ email: null }) }],
      ['an SMS to a customer without a phone', { channel: 'sms', recipient: recipient({ phone: null }) }],
      ['a blank address', { recipient: recipient({ email: '  ' }) }],
    ])('suppresses as no_address when %s', (_case, overrides) => {
      expect(decideSend(facts(overrides))).toEqual({ action: 'suppress', reason: 'no_address' });
    });

    it('checks the address before consent and the suppression list', () => {
      expect(decideSend(facts({ channel: 'sms', recipient: recipient({ phone: null, consent: { email: null, sms: null } }), addressSuppressed: true })))
        .toEqual({ action: 'suppress', reason: 'no_address' });
    });
  });

  describe('consent', () => {
    it.each<[string, SendFacts, 'send' | 'no_consent']>([
      ['SMS with consent granted', facts({ channel: 'sms' }), 'send'],
      ['SMS with no consent recorded', facts({ channel: 'sms', recipient: recipient({ consent: { email: 'granted', sms: null } }) }), 'no_consent'],
      ['SMS with consent denied', facts({ channel: 'sms', recipient: recipient({ consent: { email: 'granted', sms: 'denied' } }) }), 'no_consent'],
      ['email, nothing recorded, opt-out rules', facts(), 'send'],
      ['email, denied', facts({ recipient: recipient({ consent: { email: 'denied', sms: null } }) }), 'no_consent'],
      ['email, nothing recorded, opt-in required', facts({ settings: withSettings({ consent: { emailRequiresOptIn: true } }) }), 'no_consent'],
      [
        'email, granted, opt-in required',
        facts({ settings: withSettings({ consent: { emailRequiresOptIn: true } }), recipient: recipient({ consent: { email: 'granted', sms: null } }) }),
        'send',
      ],
    ])('%s → %s', (_case, input, expected) => {
      const decision = decideSend(input);
      expect(decision.action === 'send' ? 'send' : decision.action === 'suppress' && decision.reason).toBe(expected);
    });

    it('checks consent before the suppression list', () => {
      expect(decideSend(facts({ recipient: recipient({ consent: { email: 'denied', sms: null } }), addressSuppressed: true })))
        .toEqual({ action: 'suppress', reason: 'no_consent' });
    });
  });

  it('suppresses an address on the suppression list', () => {
    expect(decideSend(facts({ addressSuppressed: true }))).toEqual({ action: 'suppress', reason: 'suppressed_address' });
  });

  describe('frequency cap (default 2 a day, 6 a week)', () => {
    it('sends below the daily cap', () => {
      expect(decideSend(facts({ recentSends: [h(-1)] })).action).toBe('send');
    });

    it('holds at the daily cap until the oldest counted send is 24 hours old', () => {
      // Sent 23 h and 1 h ago: the first leaves the window in 1 h.
      expect(decideSend(facts({ recentSends: [h(-1), h(-23)] }))).toEqual({ action: 'hold', reason: 'frequency_cap', until: h(1) });
    });

    it('does not count a send exactly 24 hours old (the window is the last 24 hours)', () => {
      expect(decideSend(facts({ recentSends: [h(-24), h(-1)] })).action).toBe('send');
    });

    it('holds at the weekly cap until the oldest send of the week is 7 days old', () => {
      // Six sends, one a day from 6.5 days ago; none within the last 24 h except the newest.
      const sends = [-156, -132, -108, -84, -60, -12].map(h);
      expect(decideSend(facts({ recentSends: sends }))).toEqual({ action: 'hold', reason: 'frequency_cap', until: h(-156 + 168) });
    });

    it('takes the later release when both caps are reached', () => {
      // Daily: sent 2 h and 3 h ago → frees at +21 h. Weekly: 6 sends, oldest 160 h ago → frees at +8 h.
      const sends = [-160, -100, -50, -30, -3, -2].map(h);
      expect(decideSend(facts({ recentSends: sends }))).toEqual({ action: 'hold', reason: 'frequency_cap', until: h(21) });
    });

    it('counts every channel and checks the cap before quiet hours', () => {
      // An SMS at 05:00 Chicago time that is also over the cap is held for the cap.
      const early = new Date('2026-03-10T10:00:00Z');
      const decision = decideSend(facts({ channel: 'sms', now: early, recentSends: [new Date('2026-03-10T09:00:00Z'), new Date('2026-03-09T12:00:00Z')] }));
      expect(decision).toEqual({ action: 'hold', reason: 'frequency_cap', until: new Date('2026-03-10T12:00:00Z') });
    });

    it('has no cap when the settings say null', () => {
      const settings = withSettings({ frequencyCap: { perDay: null, perWeek: null } });
      expect(decideSend(facts({ settings, recentSends: [-1, -2, -3, -4, -5, -6, -7, -8].map(h) })).action).toBe('send');
    });
  });

  describe('quiet hours (SMS 08:00–21:00 recipient time by default)', () => {
    it('holds an SMS due at 05:00 Chicago time until 08:00 there (13:00 UTC)', () => {
      expect(decideSend(facts({ channel: 'sms', now: new Date('2026-03-10T10:00:00Z') })))
        .toEqual({ action: 'hold', reason: 'quiet_hours', until: new Date('2026-03-10T13:00:00Z') });
    });

    it('treats 21:00 as closed and 08:00 as open', () => {
      expect(decideSend(facts({ channel: 'sms', now: new Date('2026-03-11T02:00:00Z') })))
        .toEqual({ action: 'hold', reason: 'quiet_hours', until: new Date('2026-03-11T13:00:00Z') });
      expect(decideSend(facts({ channel: 'sms', now: new Date('2026-03-10T13:00:00Z') })).action).toBe('send');
    });

    it("uses the business's zone when the customer has none or an invalid one", () => {
      // 10:00 UTC is 10:00 in London: open.
      const at = new Date('2026-03-10T10:00:00Z');
      expect(decideSend(facts({ channel: 'sms', now: at, recipient: recipient({ timezone: null }) })).action).toBe('send');
      expect(decideSend(facts({ channel: 'sms', now: at, recipient: recipient({ timezone: 'Mars/Olympus_Mons' }) })).action).toBe('send');
    });

    it('applies configured email quiet hours too', () => {
      const settings = withSettings({ quietHours: { email: { start: '09:00', end: '18:00' }, sms: null } });
      // 15:00 UTC = 10:00 Chicago: open. 00:30 UTC = 19:30 Chicago: held until 09:00 = 14:00 UTC.
      expect(decideSend(facts({ settings })).action).toBe('send');
      expect(decideSend(facts({ settings, now: new Date('2026-03-11T00:30:00Z') })))
        .toEqual({ action: 'hold', reason: 'quiet_hours', until: new Date('2026-03-11T14:00:00Z') });
    });
  });

  describe('a catch-up send (sendBy: the end of its local day, midnight in Chicago = 05:00Z on Mar 11)', () => {
    const sendBy = new Date('2026-03-11T05:00:00Z');
    // [case, now (UTC), channel, what happens]
    it.each<[string, string, 'email' | 'sms', SendDecision]>([
      ['10:00 local: goes at once', '2026-03-10T15:00:00Z', 'sms', { action: 'send', address: '+13125550100' }],
      ['05:00 local: deferred to the end of quiet hours, the same day', '2026-03-10T10:00:00Z', 'sms', { action: 'hold', reason: 'quiet_hours', until: new Date('2026-03-10T13:00:00Z') }],
      ['22:00 local: quiet hours last into the next day, skipped', '2026-03-11T03:00:00Z', 'sms', { action: 'suppress', reason: 'missed_local_day' }],
      ['22:00 local by email (no email quiet hours): goes at once', '2026-03-11T03:00:00Z', 'email', { action: 'send', address: 'ana@example.com' }],
      ['00:30 the next day: the day is over, skipped', '2026-03-11T05:30:00Z', 'email', { action: 'suppress', reason: 'missed_local_day' }],
    ])('%s', (_case, now, channel, decision) => {
      expect(decideSend(facts({ channel, now: new Date(now), sendBy }))).toEqual(decision);
    });

    it('is skipped when the frequency cap frees a slot only after the day; a missing consent still says so', () => {
      const capped = facts({ now: new Date('2026-03-10T20:00:00Z'), sendBy, recentSends: [new Date('2026-03-10T19:00:00Z')], settings: withSettings({ frequencyCap: { perDay: 1, perWeek: null } }) });
      expect(decideSend(capped)).toEqual({ action: 'suppress', reason: 'missed_local_day' });
      const denied = facts({ now: new Date('2026-03-11T05:30:00Z'), sendBy, recipient: recipient({ consent: { email: 'denied', sms: null } }) });
      expect(decideSend(denied)).toEqual({ action: 'suppress', reason: 'no_consent' });
    });
  });
});

describe('capRelease', () => {
  it('waits for enough sends to leave when the count is over the cap (the cap was lowered)', () => {
    // 4 sends in the day, cap 2: frees once only one is left, i.e. when the one 5 h ago leaves, at +19 h.
    expect(capRelease(NOW, [-20, -10, -5, -1].map(h), 2, 24 * 3_600_000)).toEqual(h(19));
  });

  it('never frees a cap of 0: looks again a window later', () => {
    expect(capRelease(NOW, [], 0, 24 * 3_600_000)).toEqual(h(24));
  });

  it('is null below the cap and without one', () => {
    expect(capRelease(NOW, [h(-1)], 2, 24 * 3_600_000)).toBeNull();
    expect(capRelease(NOW, [h(-1), h(-2)], null, 24 * 3_600_000)).toBeNull();
  });
});
