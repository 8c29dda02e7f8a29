import { TemplateRenderer } from './template-renderer';
import { templateProblems, templateReadsEvent } from './template-validator';
import { partialsUsed } from './template-source-check';
import type { TemplateContext } from './template-context';

const LAYOUT = '<main>{{> @partial-block}}</main>';

const context = (event: TemplateContext['event']): TemplateContext => ({
  customer: { id: 'c-1', firstName: 'Ana', attributes: {}, tags: [] },
  business: { name: 'Deli', address: { formatted: '1 Main St', line1: '1 Main St', city: 'X', postalCode: '1', country: 'US' }, currency: 'USD', timezone: 'UTC' },
  event,
  links: {},
  message: { id: 'm-1' },
  campaign: { name: 'Cart' },
});

const CART = {
  type: 'cart_abandoned',
  occurredAt: '2026-01-02T10:00:00.000Z',
  properties: { cartUrl: 'https://shop.example/cart/1', items: [{ name: 'Rye', quantity: 2 }, { name: 'Bagel', quantity: 6 }] },
};

describe('event variables', () => {
  it('are known to the template checker, with any property and loops over lists of objects', () => {
    const html = '<a href="{{event.properties.cartUrl}}">cart</a>{{#each event.properties.items}}<li>{{name}} × {{quantity}}</li>{{/each}} {{event.type}} {{event.occurredAt}}';
    expect(templateProblems({ channel: 'email', subject: 'Your {{event.type}}', html })).toEqual([]);
    expect(templateProblems({ channel: 'sms', body: '{{event.nope}}' })).toEqual([{ field: 'body', message: 'line 1: unknown variable "event.nope"' }]);
  });

  it('render the triggering event, and render empty without one', () => {
    const template = { channel: 'sms' as const, body: '{{event.properties.cartUrl}}:{{#each event.properties.items}} {{name}} x{{quantity}}{{/each}}' };
    const renderer = new TemplateRenderer({ partials: { layout: LAYOUT } });
    expect(renderer.render(template, context(CART)).body).toBe('https://shop.example/cart/1: Rye x2 Bagel x6');
    expect(renderer.render(template, context(null)).body).toBe(':');
  });

  it.each([
    ['a property', { channel: 'sms', body: 'Back to {{event.properties.cartUrl}}' }, true],
    ['the event in a helper argument', { channel: 'sms', body: '{{default event.type "x"}}' }, true],
    ['the event through @root inside a loop', { channel: 'sms', body: '{{#each customer.tags}}{{@root.event.type}}{{/each}}' }, true],
    ['the event in the email text only', { channel: 'email', subject: 'Hi', html: '<p>Hi</p>', text: '{{#if event.type}}x{{/if}}' }, true],
    ['customer fields only', { channel: 'email', subject: 'Hi {{customer.firstName}}', html: '<p>event.properties</p>' }, false],
    ['an attribute named event', { channel: 'sms', body: '{{customer.attributes.event}}' }, false],
  ] as const)('templateReadsEvent: %s → %s', (_name, template, expected) => {
    expect(templateReadsEvent(template)).toBe(expected);
  });
});

describe('business partials', () => {
  const renderer = new TemplateRenderer({ partials: { layout: '<shipped>{{> @partial-block}}</shipped>' } });
  const email = { channel: 'email' as const, subject: 'S', html: '{{#> layout}}<p>{{customer.firstName}}</p>{{> footer}}{{/layout}}' };

  it('render with the business\'s layout and partials instead of the shipped layout, one business not seeing another\'s', () => {
    const own = { layout: '<mine>{{> @partial-block}}</mine>', footer: '<small>{{business.name}}</small>' };
    expect(renderer.render(email, context(null), own).html).toBe('<mine><p>Ana</p><small>Deli</small></mine>');
    expect(renderer.render({ ...email, html: '{{#> layout}}x{{/layout}}' }, context(null)).html).toBe('<shipped>x</shipped>');
  });

  it('partialsUsed lists every partial a source names, with its line', () => {
    expect(partialsUsed('{{#> layout}}\n{{> footer}}\n{{#if x}}{{> sign-off}}{{/if}}{{/layout}}')).toEqual([
      { name: 'layout', line: 1 }, { name: 'footer', line: 2 }, { name: 'sign-off', line: 3 },
    ]);
    expect(partialsUsed('{{#if')).toEqual([]);
  });
});

describe('email preheader', () => {
  const renderer = new TemplateRenderer({ partials: { layout: '<html><body class="x">{{> @partial-block}}</body></html>' } });

  it('renders escaped, hidden, first in the body, and stays out of the derived text', () => {
    const rendered = renderer.render({ channel: 'email', subject: 'S', preheader: 'Hi {{customer.firstName}} & <friends>', html: '{{#> layout}}<p>Body</p>{{/layout}}' }, context(null));
    expect(rendered.html.startsWith('<html><body class="x"><div style="display:none;')).toBe(true);
    expect(rendered.html).toContain('>Hi Ana &amp; &lt;friends&gt;&#847;');
    const unescaped = renderer.render({ channel: 'email', subject: 'S', preheader: '{{{customer.firstName}}}', html: '<p>x</p>' }, { ...context(null), customer: { id: 'c', firstName: '<b>', attributes: {}, tags: [] } });
    expect(unescaped.html).toContain('>&lt;b&gt;&#847;');
    expect(rendered.text).toBe('Body');
    expect(renderer.render({ channel: 'email', subject: 'S', preheader: 'P', html: '<p>No body tag</p>' }, context(null)).html).toMatch(/^<div style="display:none;[^>]*>P(&#847;&zwnj;&nbsp;){20}<\/div><p>No body tag<\/p>$/);
  });

  it('is one line of at most 255 characters', () => {
    const problems = (preheader: string) => templateProblems({ channel: 'email', subject: 'S', html: '<p>x</p>', preheader });
    expect(problems('Fresh bread, {{customer.firstName}}')).toEqual([]);
    expect(problems('a\nb')).toEqual([{ field: 'preheader', message: 'must be a single line' }]);
    expect(problems('x'.repeat(256))).toEqual([{ field: 'preheader', message: 'must be at most 255 characters' }]);
    expect(problems('{{> layout}}')).toEqual([{ field: 'preheader', message: 'line 1: unknown partial "layout"' }]);
    expect(templateProblems({ channel: 'sms', body: 'x', preheader: 'p' })).toEqual([{ field: 'preheader', message: 'is not allowed in sms templates' }]);
  });
});
