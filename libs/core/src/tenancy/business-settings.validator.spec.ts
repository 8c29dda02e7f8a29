import { DomainError } from '../errors/domain-error';
import { DEFAULT_BUSINESS_SETTINGS } from './business-settings';
import { validateSettingsPatch } from './business-settings.validator';

const US = { defaultCountry: 'US' as const };

function problemsOf(raw: unknown, stored: unknown = {}): Record<string, string> {
  try {
    validateSettingsPatch(raw, stored, US);
  } catch (error) {
    if (!(error instanceof DomainError)) throw error;
    expect(error.code).toBe('INVALID_SETTINGS');
    return Object.fromEntries(error.details.map((p) => [p.field, p.message]));
  }
  throw new Error('expected INVALID_SETTINGS');
}

describe('validateSettingsPatch', () => {
  it('stores only what was given, normalised, and resolves the rest from the defaults', () => {
    const { patch, stored, settings } = validateSettingsPatch(
      { sender: { email: { fromAddress: ' Hello@Bakery.Example.com ' }, sms: { from: '(217) 555-0111' } }, contact: { phone: '217.555.0100' } },
      {},
      US,
    );
    expect(patch).toEqual({ sender: { email: { fromAddress: 'hello@bakery.example.com' }, sms: { from: '+12175550111' } }, contact: { phone: '+12175550100' } });
    expect(stored).toEqual(patch);
    expect(settings.sender).toEqual({ email: { fromName: null, fromAddress: 'hello@bakery.example.com', replyTo: null }, sms: { from: '+12175550111' } });
    expect(settings.frequencyCap).toEqual(DEFAULT_BUSINESS_SETTINGS.frequencyCap);
  });

  it('deep-merges into what is stored, keeps null for "off" and removes "unset" values', () => {
    const before = { quietHours: { email: { start: '09:00', end: '18:00' } }, contact: { phone: '+12175550100', email: 'a@b.example.com' }, costs: { email: 0.002 } };
    const { stored, settings } = validateSettingsPatch({ quietHours: { sms: null }, frequencyCap: { perDay: null }, contact: { phone: null } }, before, US);
    expect(stored).toEqual({
      quietHours: { email: { start: '09:00', end: '18:00' }, sms: null },
      contact: { email: 'a@b.example.com' },
      costs: { email: 0.002 },
      frequencyCap: { perDay: null },
    });
    expect(settings.quietHours).toEqual({ email: { start: '09:00', end: '18:00' }, sms: null });
    expect(settings.frequencyCap).toEqual({ perDay: null, perWeek: 6 });
    expect(settings.contact).toEqual({ phone: null, email: 'a@b.example.com', website: null });
  });

  it('drops a group that becomes empty', () => {
    expect(validateSettingsPatch({ contact: { website: null } }, { contact: { website: 'https://x.example.com' } }, US).stored).toEqual({});
  });

  it('accepts a Twilio messaging service SID as the SMS sender', () => {
    const sid = `MG${'0123456789abcdef'.repeat(2)}`;
    expect(validateSettingsPatch({ sender: { sms: { from: sid } } }, {}, US).settings.sender.sms.from).toBe(sid);
  });

  it('reports every problem at once, each with its path', () => {
    expect(
      problemsOf({
        sender: { email: { fromAddress: 'not-an-email', replyTo: 'x@', bcc: 'a@b.com' }, sms: { from: 'MG123' } },
        quietHours: { email: { start: '7:00', end: '24:00' }, sms: { start: '08:00', end: '08:00', tz: 'UTC' } },
        frequencyCap: { perDay: 0, perWeek: 2.5 },
        costs: { email: -1, smsSegment: 0.000001 },
        attribution: { clickWindow: 'PT30M', openWindow: 'P1M' },
        consent: { emailRequiresOptIn: 'yes' },
        contact: { phone: '12', email: 'nope', website: 'ftp://files.example.com' },
        theme: 'dark',
      }),
    ).toEqual({
      'sender.email.fromAddress': 'must be an email address',
      'sender.email.replyTo': 'must be an email address',
      'sender.email.bcc': 'is not a known field',
      'sender.sms.from': expect.stringMatching(/E\.164.*messaging service SID/),
      'quietHours.email.start': 'must be a 24-hour time HH:MM, e.g. 08:00',
      'quietHours.email.end': 'must be a 24-hour time HH:MM, e.g. 08:00',
      'quietHours.sms.tz': 'is not a known field',
      'quietHours.sms.end': 'must differ from start',
      'frequencyCap.perDay': 'must be null (no cap) or a whole number from 1 to 100',
      'frequencyCap.perWeek': 'must be null (no cap) or a whole number from 1 to 100',
      'costs.email': 'must be a number from 0 to 10 with at most 5 decimals',
      'costs.smsSegment': 'must be a number from 0 to 10 with at most 5 decimals',
      'attribution.clickWindow': 'must be between PT1H and P90D',
      'attribution.openWindow': expect.stringMatching(/months and years/),
      'consent.emailRequiresOptIn': 'must be true or false',
      'contact.phone': expect.stringMatching(/valid phone number/),
      'contact.email': 'must be an email address',
      'contact.website': 'must be an http or https URL',
      theme: 'is not a known field',
    });
  });

  it('rejects null where a value cannot be off, and non-objects for groups', () => {
    expect(problemsOf({ costs: { email: null }, consent: null, attribution: 'P7D' })).toEqual({
      'costs.email': 'cannot be null',
      consent: 'must be a JSON object',
      attribution: 'must be a JSON object',
    });
    expect(problemsOf([])).toEqual({ body: 'must be a JSON object' });
  });

  it('names a nested value of the wrong shape once, and still checks the phone numbers beside it', () => {
    expect(
      problemsOf({ sender: { email: 'hello@x.example.com', sms: { from: '555' } }, quietHours: { email: [], sms: { start: '09:00' } }, contact: { phone: 2175550100 } }),
    ).toEqual({
      'sender.email': 'must be a JSON object',
      'sender.sms.from': expect.stringMatching(/E\.164.*messaging service SID/),
      'quietHours.email': 'must be null (no quiet hours) or { "start": "HH:MM", "end": "HH:MM" }',
      'quietHours.sms.end': 'must be a 24-hour time HH:MM, e.g. 08:00',
      'contact.phone': 'must be a valid phone number, e.g. +12175550100',
    });
  });

  it('accepts the window bounds and rejects just past them', () => {
    expect(validateSettingsPatch({ attribution: { clickWindow: 'PT1H', openWindow: 'P90D' } }, {}, US).settings.attribution).toEqual({ clickWindow: 'PT1H', openWindow: 'P90D' });
    expect(validateSettingsPatch({ attribution: { clickWindow: 'P2W' } }, {}, US).settings.attribution.clickWindow).toBe('P2W');
    expect(problemsOf({ attribution: { clickWindow: 'PT59M', openWindow: 'P90DT1H' } })).toEqual({
      'attribution.clickWindow': 'must be between PT1H and P90D',
      'attribution.openWindow': 'must be between PT1H and P90D',
    });
  });

  it('takes A/B defaults at their bounds, merges them over the stored ones and names each refused field', () => {
    const first = validateSettingsPatch({ experiments: { metric: 'click_rate', confidence: 0.8, minSamplePerVariant: 1, minDuration: 'PT1H' } }, {}, US);
    expect(first.settings.experiments).toEqual({ metric: 'click_rate', confidence: 0.8, minSamplePerVariant: 1, minDuration: 'PT1H' });
    const second = validateSettingsPatch({ experiments: { confidence: 0.999, minSamplePerVariant: 10_000_000, minDuration: 'P365D' } }, first.stored, US);
    expect(second.settings.experiments).toEqual({ metric: 'click_rate', confidence: 0.999, minSamplePerVariant: 10_000_000, minDuration: 'P365D' });
    expect(validateSettingsPatch({}, {}, US).settings.experiments).toEqual({ metric: 'conversion_rate', confidence: 0.95, minSamplePerVariant: 100, minDuration: 'P7D' });
    expect(problemsOf({ experiments: { metric: 'open_rate', confidence: 0.9995, minSamplePerVariant: 0, minDuration: 'P366D' } })).toEqual({
      'experiments.metric': expect.stringMatching(/^cannot be open rate/),
      'experiments.confidence': 'must be a number from 0.8 to 0.999 with at most 3 decimals',
      'experiments.minSamplePerVariant': 'must be a whole number from 1 to 10000000',
      'experiments.minDuration': 'must be between PT1H and P365D',
    });
    expect(problemsOf({ experiments: { metric: null, confidence: 0.79, minSamplePerVariant: 1.5, minDuration: 'P1M' } })).toEqual({
      'experiments.metric': 'cannot be null',
      'experiments.confidence': 'must be a number from 0.8 to 0.999 with at most 3 decimals',
      'experiments.minSamplePerVariant': 'must be a whole number from 1 to 10000000',
      'experiments.minDuration': 'must use weeks, days, hours or minutes (months and years vary in length)',
    });
  });

  it('accepts costs with exactly 5 decimals and the 0 and 10 bounds', () => {
    expect(validateSettingsPatch({ costs: { email: 0, smsSegment: 10 } }, {}, US).settings.costs).toEqual({ email: 0, smsSegment: 10 });
    expect(validateSettingsPatch({ costs: { email: 0.00125 } }, {}, US).settings.costs.email).toBe(0.00125);
    expect(problemsOf({ costs: { email: 10.00001 } })).toEqual({ 'costs.email': 'must be a number from 0 to 10 with at most 5 decimals' });
  });

  it('checks perDay ≤ perWeek on the merged result, naming the field that was set', () => {
    // Default perWeek is 6.
    expect(problemsOf({ frequencyCap: { perDay: 7 } })).toEqual({ 'frequencyCap.perDay': 'must be at most perWeek (6)' });
    expect(problemsOf({ frequencyCap: { perWeek: 3 } }, { frequencyCap: { perDay: 4 } })).toEqual({ 'frequencyCap.perWeek': 'must be at least perDay (4)' });
    expect(validateSettingsPatch({ frequencyCap: { perDay: 7, perWeek: null } }, {}, US).settings.frequencyCap).toEqual({ perDay: 7, perWeek: null });
    expect(validateSettingsPatch({ frequencyCap: { perDay: 6 } }, {}, US).settings.frequencyCap).toEqual({ perDay: 6, perWeek: 6 });
  });

  it('allows a quiet-hours window that wraps midnight', () => {
    expect(validateSettingsPatch({ quietHours: { email: { start: '22:00', end: '06:30' } } }, {}, US).settings.quietHours.email).toEqual({ start: '22:00', end: '06:30' });
  });
});
