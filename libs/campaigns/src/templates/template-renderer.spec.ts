import { DomainError } from '@localreach/core';
import Handlebars from 'handlebars';
import type { TemplateContext } from './template-context';
import type { EmailTemplate, SmsTemplate } from './template-definition';
import { TemplateRenderer } from './template-renderer';

const LAYOUT = '<main>{{> @partial-block}}</main><footer>{{business.name}}, {{business.address.formatted}} <a href="{{links.unsubscribe}}">Unsubscribe</a></footer>';

function renderer(layout = LAYOUT): TemplateRenderer {
  return new TemplateRenderer({ partials: { layout } });
}

/** A complete context for a deli; each test overrides what it is about. */
function deliContext(overrides: Partial<TemplateContext> = {}): TemplateContext {
  return {
    customer: { id: 'c-1', firstName: 'Ana', lastName: 'Silva', email: 'ana@example.com', phone: '+15550001111', birthday: '1991-02-03', timezone: 'America/Chicago', attributes: {}, tags: ['vip', 'regular'] },
    business: {
      name: "Tom & Jerry's <Deli>",
      address: { formatted: '1 Main St, Springfield, IL 62701, US', line1: '1 Main St', city: 'Springfield', region: 'IL', postalCode: '62701', country: 'US' },
      website: 'https://deli.example',
      currency: 'USD',
      timezone: 'America/Chicago',
    },
    links: { unsubscribe: 'https://x.example/u/1?s=a&t=b' },
    message: { id: 'm-1' },
    campaign: { name: 'Welcome' },
    ...overrides,
  };
}

const email = (html: string, subject = 'Hello', text?: string): EmailTemplate => ({ channel: 'email', subject, html, ...(text !== undefined ? { text } : {}) });
const sms = (body: string): SmsTemplate => ({ channel: 'sms', body });

describe('TemplateRenderer', () => {
  it('renders subject, html through the layout, and text derived from the html', () => {
    const template = email(
      '{{#> layout}}<p>Hello {{customer.firstName}}, see <a href="{{business.website}}">our site</a>.</p>{{/layout}}',
      'Hi {{customer.firstName}} & welcome to {{business.name}}',
    );
    expect(renderer().render(template, deliContext())).toEqual({
      subject: "Hi Ana & welcome to Tom & Jerry's <Deli>",
      html:
        '<main><p>Hello Ana, see <a href="https://deli.example">our site</a>.</p></main>' +
        '<footer>Tom &amp; Jerry&#x27;s &lt;Deli&gt;, 1 Main St, Springfield, IL 62701, US <a href="https://x.example/u/1?s&#x3D;a&amp;t&#x3D;b">Unsubscribe</a></footer>',
      text: "Hello Ana, see our site (https://deli.example).\n\nTom & Jerry's <Deli>, 1 Main St, Springfield, IL 62701, US Unsubscribe (https://x.example/u/1?s=a&t=b)",
    });
  });

  it('escapes customer data in html but not in subject, text or SMS body', () => {
    const context = deliContext({ customer: { ...deliContext().customer, firstName: '<b>"Ana"</b> & co' } });
    const rendered = renderer().render(email('<p>{{customer.firstName}}</p>', '{{customer.firstName}}', 'Hi {{customer.firstName}}'), context);
    expect(rendered).toEqual({
      subject: '<b>"Ana"</b> & co',
      html: '<p>&lt;b&gt;&quot;Ana&quot;&lt;/b&gt; &amp; co</p>',
      text: 'Hi <b>"Ana"</b> & co',
    });
    expect(renderer().render(sms('Hi {{customer.firstName}}!'), context)).toEqual({ body: 'Hi <b>"Ana"</b> & co!' });
  });

  it('uses an explicit text part instead of deriving one', () => {
    const rendered = renderer().render(email('<p>From html</p>', 'S', 'From text, {{customer.firstName}}\n'), deliContext());
    expect(rendered.text).toBe('From text, Ana');
  });

  it('keeps a subject on one line whatever the data holds', () => {
    const context = deliContext({ customer: { ...deliContext().customer, firstName: 'Ana\r\nBcc: x@example.com' } });
    expect(renderer().render(email('<p></p>', 'Hi  {{customer.firstName}}'), context).subject).toBe('Hi Ana Bcc: x@example.com');
  });

  it('trims an SMS body', () => {
    expect(renderer().render(sms('\n {{business.website}} \n'), deliContext())).toEqual({ body: 'https://deli.example' });
  });

  it('renders missing variables as empty and never throws for them', () => {
    const body = '[{{store.name}}][{{offer.couponCode}}][{{customer.attributes.plan.tier}}][{{formatDate offer.expiresAt "MMMM d"}}][{{money customer.attributes.spent}}][{{upper store.name}}]';
    expect(renderer().render(sms(body), deliContext())).toEqual({ body: '[][][][][][]' });
    // A context missing whole sections (bad data at send time) still renders.
    const bare = { customer: { id: 'c-2', attributes: {}, tags: [] } } as unknown as TemplateContext;
    expect(renderer().render(email('<p>Hi {{customer.firstName}} from {{business.name}}</p>', 'For {{customer.lastName}}'), bare)).toEqual({
      subject: 'For',
      html: '<p>Hi  from </p>',
      text: 'Hi from',
    });
  });

  it('renders fallbacks for missing and empty values', () => {
    const context = deliContext({ customer: { ...deliContext().customer, firstName: '', lastName: null } });
    const body = 'Hi {{default customer.firstName "friend"}} {{default customer.lastName "-"}} {{default customer.email "none"}}';
    expect(renderer().render(sms(body), context)).toEqual({ body: 'Hi friend - ana@example.com' });
  });

  it('renders #each over tags with @index and #with over the address', () => {
    const body = '{{#each customer.tags}}{{@index}}:{{this}} {{/each}}| {{#with business.address}}{{city}} {{postalCode}}{{/with}}';
    expect(renderer().render(sms(body), deliContext())).toEqual({ body: '0:vip 1:regular | Springfield 62701' });
  });

  it('throws INVALID_TEMPLATE naming the field for a helper that does not exist', () => {
    const act = () => renderer().render(sms('Hi {{shout customer.firstName}}'), deliContext());
    expect(act).toThrow(DomainError);
    expect(act).toThrow(expect.objectContaining({ code: 'INVALID_TEMPLATE', details: [{ field: 'body', message: 'Missing helper: "shout"' }] }));
  });

  it('does not offer the log helper', () => {
    expect(() => renderer().render(sms('{{log "x"}}'), deliContext())).toThrow('Missing helper: "log"');
  });

  it('throws INVALID_TEMPLATE with the line for a source that does not parse', () => {
    let error: unknown;
    try {
      renderer().render(email('<p>\n{{customer.firstName</p>'), deliContext());
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(DomainError);
    expect((error as DomainError).details).toEqual([{ field: 'html', message: expect.stringMatching(/^line 2: Parse error: /) }]);
  });

  it('refuses a layout partial that does not validate', () => {
    expect(() => renderer('<main>{{> @partial-block}}</main>{{business.adress}}')).toThrow(
      expect.objectContaining({ code: 'INVALID_TEMPLATE', details: [{ field: 'partials.layout', message: 'line 1: unknown variable "business.adress"' }] }),
    );
  });

  describe('compiled template cache', () => {
    afterEach(() => jest.restoreAllMocks());

    function spiedRenderer(cacheSize?: number) {
      const env = Handlebars.create();
      const compile = jest.spyOn(env, 'compile');
      jest.spyOn(Handlebars, 'create').mockReturnValue(env);
      const instance = new TemplateRenderer({ partials: { layout: LAYOUT }, cacheSize });
      compile.mockClear(); // the layout
      return { instance, compile };
    }

    it('compiles each source once per escaping mode, keyed by content', () => {
      const { instance, compile } = spiedRenderer();
      instance.render(sms('Hi {{customer.firstName}}'), deliContext());
      instance.render(sms('Hi {{customer.firstName}}'), deliContext({ customer: { id: 'c-9', firstName: 'Bo', attributes: {}, tags: [] } }));
      expect(compile).toHaveBeenCalledTimes(1);
      // The same source as html is another compilation: it escapes.
      instance.render(email('Hi {{customer.firstName}}', 'Hi {{customer.firstName}}'), deliContext());
      expect(compile).toHaveBeenCalledTimes(2);
      instance.render(sms('Bye {{customer.firstName}}'), deliContext());
      expect(compile).toHaveBeenCalledTimes(3);
    });

    it('drops the least recently used source past its size', () => {
      const { instance, compile } = spiedRenderer(2);
      for (const body of ['a', 'b', 'a', 'c', 'a', 'b']) instance.render(sms(body), deliContext());
      // a, b compiled; a hit; c evicts b; a hit; b compiled again.
      expect(compile.mock.calls.map((call) => call[0])).toEqual(['a', 'b', 'c', 'b']);
    });
  });
});

describe('TemplateRenderer render budget', () => {
  const tags = (n: number) => Array.from({ length: n }, (_, i) => `t${i}`);
  const withTags = (n: number) => deliContext({ customer: { ...deliContext().customer, tags: tags(n) } });
  const problemsOf = (run: () => unknown): unknown => {
    try {
      run();
    } catch (error) {
      return error instanceof DomainError ? { code: error.code, details: error.details } : error;
    }
    return undefined;
  };

  it('refuses the 8,000,000-iteration SMS of three nested loops over 200 tags at once, naming the loop\'s line', () => {
    const body = 'Hi\n{{#each customer.tags}}{{#each @root.customer.tags}}{{#each @root.customer.tags}}x{{/each}}{{/each}}{{/each}}';
    const started = performance.now();
    expect(problemsOf(() => renderer().render(sms(body), withTags(200)))).toEqual({
      code: 'INVALID_TEMPLATE',
      details: [{ field: 'body', message: 'loops more than 10000 times in one message (the {{#each}} on line 2): over the render budget' }],
    });
    // Stopped at the 10,001st iteration, not after 8,000,000.
    expect(performance.now() - started).toBeLessThan(1000);
  });

  it('counts every iteration of a render: 99 + 99 × 99 = 9,900 pass, 100 + 100 × 100 = 10,100 do not', () => {
    const html = '{{#each customer.tags}}{{#each @root.customer.tags}}.{{/each}}{{/each}}';
    expect(renderer().render(email(html), withTags(99)).html).toHaveLength(99 * 99);
    expect(problemsOf(() => renderer().render(email(html), withTags(100)))).toMatchObject({ code: 'INVALID_TEMPLATE', details: [{ field: 'html' }] });
    // The budget is per render: the same renderer renders the next message from zero.
    expect(renderer().render(email(html), withTags(99)).html).toHaveLength(99 * 99);
  });

  it('refuses loops rendering more than 1,000,000 characters, and an SMS over 10 segments', () => {
    const big = 'y'.repeat(200_000);
    const customer = { ...deliContext().customer, attributes: { big }, tags: tags(6) };
    expect(problemsOf(() => renderer().render(email('{{#each customer.tags}}{{@root.customer.attributes.big}}{{/each}}'), deliContext({ customer })))).toEqual({
      code: 'INVALID_TEMPLATE',
      details: [{ field: 'html', message: 'renders more than 1000000 characters (the {{#each}} on line 1): over the render budget' }],
    });
    expect(renderer().render(sms('a'.repeat(1530)), deliContext()).body).toHaveLength(1530);
    expect(problemsOf(() => renderer().render(sms('a'.repeat(1531)), deliContext()))).toEqual({
      code: 'INVALID_TEMPLATE', details: [{ field: 'body', message: 'renders 11 SMS segments; at most 10 are allowed' }],
    });
  });
});
