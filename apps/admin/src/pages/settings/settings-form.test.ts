import { describe, expect, it } from 'vitest';
import { ApiError, problemsByField } from '../../api/api-error';
import { confirmationSummary, formValuesOf, resendRefusal, isEmptyPatch, SECTION_IDS, sectionPatch, sectionProblems, type Settings } from './settings-form';

const SETTINGS: Settings = {
  sender: {
    email: { fromName: 'Rosa', fromAddress: 'hello@rosa.example', replyTo: null, confirmation: { status: 'pending', pendingSince: '2026-03-01T10:00:00.000Z', confirmedAt: null, sentAt: '2026-03-01T10:00:01.000Z', expiresAt: '2026-03-04T10:00:00.000Z', sendError: null } },
    sms: { from: null },
  },
  quietHours: { email: null, sms: { start: '09:00', end: '20:00' } },
  frequencyCap: { perDay: 2, perWeek: null },
  costs: { email: 0.001, smsSegment: 0.0079 },
  attribution: { clickWindow: 'P7D', openWindow: 'P1D' },
  consent: { emailRequiresOptIn: false },
  contact: { phone: null, email: null, website: 'https://rosa.example' },
  experiments: { metric: 'conversion_rate', confidence: 0.95, minSamplePerVariant: 100, minDuration: 'P7D' },
};

describe('settings form values', () => {
  it('reads each section: null texts as empty, numbers as text, windows as on/start/end (defaults when off)', () => {
    expect(formValuesOf(SETTINGS, 'senderEmail')).toEqual({ 'sender.email.fromName': 'Rosa', 'sender.email.fromAddress': 'hello@rosa.example', 'sender.email.replyTo': '' });
    expect(formValuesOf(SETTINGS, 'frequencyCap')).toEqual({ 'frequencyCap.perDay': '2', 'frequencyCap.perWeek': '' });
    expect(formValuesOf(SETTINGS, 'costs')).toEqual({ 'costs.email': '0.001', 'costs.smsSegment': '0.0079' });
    expect(formValuesOf(SETTINGS, 'quietHours')).toEqual({
      'quietHours.email.on': false, 'quietHours.email.start': '08:00', 'quietHours.email.end': '21:00',
      'quietHours.sms.on': true, 'quietHours.sms.start': '09:00', 'quietHours.sms.end': '20:00',
    });
    expect(formValuesOf(SETTINGS, 'consent')).toEqual({ 'consent.emailRequiresOptIn': false });
  });

  it('an unchanged form patches nothing', () => {
    for (const section of SECTION_IDS) {
      expect(isEmptyPatch(sectionPatch(SETTINGS, section, formValuesOf(SETTINGS, section)))).toBe(true);
    }
  });

  it('patches only the changed fields of the section, empty texts as null, trimmed', () => {
    const values = { ...formValuesOf(SETTINGS, 'senderEmail'), 'sender.email.fromName': '', 'sender.email.replyTo': ' owner@rosa.example ' };
    expect(sectionPatch(SETTINGS, 'senderEmail', values)).toEqual({ sender: { email: { fromName: null, replyTo: 'owner@rosa.example' } } });
  });

  it('numbers: empty cap is null (no cap), typed numbers are numbers, anything else goes as typed for the API to refuse', () => {
    expect(sectionPatch(SETTINGS, 'frequencyCap', { 'frequencyCap.perDay': '', 'frequencyCap.perWeek': '6' })).toEqual({ frequencyCap: { perDay: null, perWeek: 6 } });
    expect(sectionPatch(SETTINGS, 'costs', { 'costs.email': 'abc', 'costs.smsSegment': '0.0079' })).toEqual({ costs: { email: 'abc' } });
    // A required number left empty is sent as '' (the API says "must be a number"), never silently dropped.
    expect(sectionPatch(SETTINGS, 'costs', { 'costs.email': '', 'costs.smsSegment': '0.0079' })).toEqual({ costs: { email: '' } });
  });

  it('a window is sent whole when any part changed, and null when switched off', () => {
    const values = formValuesOf(SETTINGS, 'quietHours');
    expect(sectionPatch(SETTINGS, 'quietHours', { ...values, 'quietHours.sms.end': '21:30' })).toEqual({ quietHours: { sms: { start: '09:00', end: '21:30' } } });
    expect(sectionPatch(SETTINGS, 'quietHours', { ...values, 'quietHours.sms.on': false })).toEqual({ quietHours: { sms: null } });
    expect(sectionPatch(SETTINGS, 'quietHours', { ...values, 'quietHours.email.on': true })).toEqual({ quietHours: { email: { start: '08:00', end: '21:00' } } });
    // Times of a window that stays off do not matter.
    expect(sectionPatch(SETTINGS, 'quietHours', { ...values, 'quietHours.email.start': '07:00' })).toEqual({});
  });

  it('A/B defaults: the metric as chosen, numbers as numbers, the duration as text', () => {
    expect(formValuesOf(SETTINGS, 'experiments')).toEqual({
      'experiments.metric': 'conversion_rate', 'experiments.confidence': '0.95', 'experiments.minSamplePerVariant': '100', 'experiments.minDuration': 'P7D',
    });
    const values = { ...formValuesOf(SETTINGS, 'experiments'), 'experiments.metric': 'click_rate', 'experiments.confidence': '0.99', 'experiments.minDuration': ' P14D ' };
    expect(sectionPatch(SETTINGS, 'experiments', values)).toEqual({ experiments: { metric: 'click_rate', confidence: 0.99, minDuration: 'P14D' } });
  });

  it('flags', () => {
    expect(sectionPatch(SETTINGS, 'consent', { 'consent.emailRequiresOptIn': true })).toEqual({ consent: { emailRequiresOptIn: true } });
  });
});

describe('problems of a refused save', () => {
  it('land at the control they name, a window\'s at its start or end, or at its switch when about the whole window', () => {
    const byField = problemsByField([
      { field: 'quietHours.sms.end', message: 'must differ from start' },
      { field: 'quietHours.email', message: 'must be null (no quiet hours) or { "start": "HH:MM", "end": "HH:MM" }' },
      { field: 'costs.email', message: 'must be a number from 0 to 10 with at most 5 decimals' },
    ]);
    expect(sectionProblems('quietHours', byField)).toEqual({
      'quietHours.sms.end': 'must differ from start',
      'quietHours.email.on': 'must be null (no quiet hours) or { "start": "HH:MM", "end": "HH:MM" }',
    });
    expect(sectionProblems('costs', byField)).toEqual({ 'costs.email': 'must be a number from 0 to 10 with at most 5 decimals' });
    expect(sectionProblems('frequencyCap', byField)).toEqual({});
  });
});

describe('the email sender confirmation in words', () => {
  it('none, waiting, failed to send, confirmed', () => {
    expect(confirmationSummary(null).tone).toBe('none');
    expect(confirmationSummary(SETTINGS.sender.email.confirmation).tone).toBe('waiting');
    expect(confirmationSummary({ ...SETTINGS.sender.email.confirmation!, sendError: 'SMTP_REJECTED: 550 no such user' })).toEqual({ tone: 'problem', text: 'The confirmation mail could not be sent: SMTP_REJECTED: 550 no such user' });
    expect(confirmationSummary({ ...SETTINGS.sender.email.confirmation!, status: 'confirmed', confirmedAt: '2026-03-02T00:00:00.000Z' }).tone).toBe('ok');
  });
});

describe('a refused re-send in words', () => {
  it('the API\'s reason as a sentence, with the wait after a 429', () => {
    expect(resendRefusal(new ApiError(429, 'CONFIRMATION_RECENTLY_SENT', 'a confirmation mail was sent less than a minute ago', [], 42))).toBe('A confirmation mail was sent less than a minute ago. Try again in 42 s.');
    expect(resendRefusal(new ApiError(409, 'SENDER_EMAIL_CONFIRMED', 'the sender is already confirmed.'))).toBe('The sender is already confirmed.');
    expect(resendRefusal(new Error('x'))).toBe('Something went wrong');
  });
});
