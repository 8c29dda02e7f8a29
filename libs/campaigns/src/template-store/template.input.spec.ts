import { checkInput, type FieldProblem } from '@localreach/core';
import { templateProblems } from '../templates';
import { TemplateInput, TemplatePatch, TemplatePreviewInput } from './template.input';

const problemsOf = (type: new () => object, raw: unknown): FieldProblem[] => {
  const checked = checkInput(type, raw);
  return checked.ok ? [] : checked.problems;
};
const lines = (problems: FieldProblem[]) => problems.map((p) => `${p.field}: ${p.message}`).sort();

const EMAIL = { name: 'Welcome', channel: 'email', subject: 'Hi {{customer.firstName}}', html: '{{#> layout}}<p>Hello</p>{{/layout}}' };

describe('TemplateInput', () => {
  it('accepts an email and an SMS template', () => {
    expect(problemsOf(TemplateInput, EMAIL)).toEqual([]);
    expect(problemsOf(TemplateInput, { ...EMAIL, text: 'Hello' })).toEqual([]);
    expect(problemsOf(TemplateInput, { name: 'Nearby', channel: 'sms', body: '{{business.name}}: 10% off' })).toEqual([]);
  });

  // The sources are the template validator's to judge: the class says what it says, on the same fields.
  it.each([
    ['an email with every kind of problem', { channel: 'email', subject: 'Hi\n', html: '<p>{{customer.frist}}</p>\n{{#if x}}', text: '{{shout customer.firstName}}', body: 'b' }],
    ['an email without sources', { channel: 'email' }],
    ['an SMS with email fields', { channel: 'sms', body: '{{customer.nope}}', subject: 's', html: 5 }],
    ['an unknown channel, whose sources are still checked', { channel: 'fax', body: '{{customer.fax}}', html: '{{{customer.firstName}}}' }],
    ['no channel', { body: '{{customer.x}}' }],
  ])('reports %s as the template validator does', (_name, sources) => {
    const expected = templateProblems(sources).filter((p) => p.field !== 'channel');
    expect(expected.length).toBeGreaterThan(0);
    const problems = problemsOf(TemplateInput, { name: 'T', ...sources }).filter((p) => p.field !== 'channel');
    expect(lines(problems)).toEqual(lines(expected));
  });

  it('names the name, the channel and unknown keys with the sources, all at once', () => {
    const problems = problemsOf(TemplateInput, { name: '', channel: 'push', body: '{{customer.frist}}', colour: 'red' });
    expect(lines(problems)).toEqual([
      'body: line 1: unknown variable "customer.frist"',
      'channel: must be one of email, sms',
      'colour: is not a known field',
      'name: must be a non-blank string of at most 200 characters',
    ]);
  });
});

describe('TemplatePatch', () => {
  it('checks each source given on its own; which fields the channel needs is left to the stored template', () => {
    expect(problemsOf(TemplatePatch, {})).toEqual([]);
    expect(problemsOf(TemplatePatch, { text: null })).toEqual([]);
    expect(problemsOf(TemplatePatch, { channel: 'sms' })).toEqual([]);
    expect(lines(problemsOf(TemplatePatch, { html: '<p>{{customer.nope}}</p>', name: 'x'.repeat(201) }))).toEqual([
      'html: line 1: unknown variable "customer.nope"',
      'name: must be a non-blank string of at most 200 characters',
    ]);
    expect(lines(problemsOf(TemplatePatch, { channel: 'sms', body: 'Hi', subject: 'Kept?' }))).toEqual(['subject: is not allowed in sms templates']);
  });
});

describe('TemplatePreviewInput', () => {
  it('takes a customer id and sample sections', () => {
    expect(problemsOf(TemplatePreviewInput, {})).toEqual([]);
    expect(problemsOf(TemplatePreviewInput, { context: null })).toEqual([]);
    expect(problemsOf(TemplatePreviewInput, { context: { customer: { firstName: 'Sam', attributes: { points: 7 }, tags: ['a', 1] }, store: null, offer: { couponCode: 'X' } } })).toEqual([]);
  });

  it('names what does not fit the template variables', () => {
    const problems = problemsOf(TemplatePreviewInput, {
      customerId: 7,
      context: { offer: { code: 'X' }, business: { name: 'Other' }, customer: { firstName: 'Sam' }, store: 'Elm', weather: {}, links: { unsubscribe: ['x'] } },
      extra: true,
    });
    expect(lines(problems)).toEqual([
      'context.business: comes from your business and its settings',
      'context.customer: cannot be combined with customerId: that customer is used',
      'context.links.unsubscribe: must be a string, number, boolean or null',
      'context.offer.code: is not a template variable',
      'context.store: must be an object or null',
      'context.weather: is not a context section; use customer, store, offer, event, links, message, campaign',
      'customerId: must be a customer id',
      'extra: is not a known field',
    ]);
    expect(lines(problemsOf(TemplatePreviewInput, { context: [] }))).toEqual(['context: must be an object with any of customer, store, offer, event, links, message, campaign']);
  });
});

describe('TemplatePreviewInput: a sample event', () => {
  it('takes a sample event with any properties', () => {
    const event = { type: 'cart_abandoned', occurredAt: '2026-01-01T00:00:00Z', properties: { cartUrl: 'https://x.example/c', items: [{ name: 'Rye', quantity: 1 }] } };
    expect(problemsOf(TemplatePreviewInput, { context: { event } })).toEqual([]);
    expect(problemsOf(TemplatePreviewInput, { context: { event: null } })).toEqual([]);
  });

  it('names an event that is not one, and properties over 32 KB', () => {
    const problems = problemsOf(TemplatePreviewInput, { context: { event: { type: 'x', properties: [], when: 1 } } });
    expect(lines(problems)).toEqual(['context.event.properties: must be an object', 'context.event.when: is not a template variable']);
    const big = { type: 'x', properties: { note: 'x'.repeat(33 * 1024) } };
    expect(lines(problemsOf(TemplatePreviewInput, { context: { event: big } }))).toEqual(['context.event.properties: must be at most 32768 bytes of JSON']);
  });
});
