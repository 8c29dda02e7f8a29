import { describe, expect, it } from 'vitest';
import { actionLabel, actionsFor, consequence, deletable, refusalLines } from './lifecycle';
import { audienceInWords } from './audience-words';

describe('lifecycle actions', () => {
  it('offers what the API allows from each status', () => {
    expect(actionsFor('draft')).toEqual(['activate', 'archive']);
    expect(actionsFor('active')).toEqual(['pause', 'archive']);
    expect(actionsFor('paused')).toEqual(['activate', 'archive']);
    expect(actionsFor('archived')).toEqual([]);
  });
  it('a paused campaign is resumed', () => {
    expect(actionLabel('activate', 'paused')).toBe('Resume');
    expect(actionLabel('activate', 'draft')).toBe('Activate');
    expect(consequence('activate', 'paused')).toMatch(/nothing is sent twice/);
    expect(consequence('archive', 'active')).toMatch(/unsent messages are cancelled/);
  });
  it('only drafts and archived campaigns may be deleted', () => {
    expect(['draft', 'active', 'paused', 'archived'].filter((s) => deletable(s as 'draft'))).toEqual(['draft', 'archived']);
  });
  it('lists a refusal\'s problems with their fields', () => {
    expect(refusalLines({ message: 'campaign is invalid', details: [{ field: 'steps[0].templateId', message: 'template not found' }] })).toEqual({
      message: 'campaign is invalid', problems: ['steps[0].templateId: template not found'],
    });
  });
});

describe('audienceInWords', () => {
  const base = { trigger: { type: 'broadcast', summary: 'Once, to every member of segment "VIP", as soon as it is activated' }, note: 'The members of the segment now.', holdoutPercent: 0 };
  it('a broadcast: how many now, reachable, and each channel\'s gaps', () => {
    const words = audienceInWords({
      ...base, basis: 'segment', audience: 1234, reachable: 1200, holdoutPercent: 10,
      channels: [{ channel: 'email', reachable: 1200, noAddress: 30, noConsent: 4, suppressed: 0 }, { channel: 'sms', reachable: 1, noAddress: 0, noConsent: 0, suppressed: 1 }],
    }, 'en-US');
    expect(words.headline).toBe('1,234 customers, 1,200 reachable now');
    expect(words.lines).toEqual([
      base.trigger.summary, base.note,
      'Email: 1,200 reachable (30 without an address, 4 without consent)',
      'SMS: 1 reachable (1 suppressed)',
      '10 % of enrolments are held out and never messaged, to measure the campaign\'s effect.',
    ]);
  });
  it('one customer', () => {
    expect(audienceInWords({ ...base, basis: 'segment', audience: 1, reachable: 0, channels: [] }, 'en-US').headline).toBe('1 customer, 0 reachable now');
  });
  it('a trigger with nothing to count: the trigger in words', () => {
    const words = audienceInWords({ trigger: { type: 'event', summary: 'When event "joined" is received' }, basis: 'none', note: 'Customers are enrolled as events arrive.', audience: null, reachable: null, channels: [], holdoutPercent: 0 });
    expect(words).toEqual({ headline: 'When event "joined" is received', lines: ['Customers are enrolled as events arrive.'] });
  });
});
