import { DomainError } from '@localreach/core';
import { templateProblems, validateTemplate } from './template-validator';

/** Problems as "field: message" lines, in the order reported. */
function problemsOf(input: unknown): string[] {
  return templateProblems(input).map((p) => `${p.field}: ${p.message}`);
}

const sms = (body: unknown) => ({ channel: 'sms', body });
const html = (source: string) => ({ channel: 'email', subject: 'Hi', html: source });
const bodyProblems = (body: string) => problemsOf(sms(body));

describe('validateTemplate', () => {
  it('returns a valid email template with only its fields', () => {
    const input = { channel: 'email', subject: 'Hi {{customer.firstName}}', html: '{{#> layout}}<p>Hello</p>{{/layout}}', text: 'Hello' };
    const template = validateTemplate(input);
    expect(template).toEqual(input);
    expect(template).not.toBe(input);
    expect(validateTemplate({ channel: 'email', subject: 'S', html: '<p></p>' })).toEqual({ channel: 'email', subject: 'S', html: '<p></p>' });
  });

  it('returns a valid SMS template', () => {
    expect(validateTemplate(sms('{{business.name}}: hi {{default customer.firstName "there"}}'))).toEqual(sms('{{business.name}}: hi {{default customer.firstName "there"}}'));
  });

  it('throws one INVALID_TEMPLATE DomainError listing every problem across fields', () => {
    const input = { channel: 'email', subject: 'Hi {{customer.frist_name}}', html: '<p>\n{{shout business.name}}\n{{offer.code}}</p>', text: '{{#if}}' };
    let error: unknown;
    try {
      validateTemplate(input);
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(DomainError);
    const domain = error as DomainError;
    expect(domain.kind).toBe('invalid');
    expect(domain.code).toBe('INVALID_TEMPLATE');
    expect(domain.details.map((p) => `${p.field}: ${p.message}`)).toEqual([
      'subject: line 1: unknown variable "customer.frist_name"',
      'html: line 2: unknown helper "shout"',
      'html: line 3: unknown variable "offer.code"',
      expect.stringMatching(/^text: line 1: Parse error: /),
    ]);
    expect(domain.message).toContain('subject: line 1: unknown variable "customer.frist_name"; html: line 2: unknown helper "shout"');
  });

  describe('shape', () => {
    it.each([
      ['not an object', 'hello', ['template: must be an object with a channel']],
      ['an array', [], ['template: must be an object with a channel']],
      ['no channel', { body: 'x' }, ['channel: is required']],
      ['an unknown channel', { channel: 'push', body: 'x' }, ['channel: must be one of email, sms']],
      ['an email without subject and html', { channel: 'email' }, ['subject: is required', 'html: is required']],
      ['an SMS without body', { channel: 'sms' }, ['body: is required']],
      ['fields of the other channel', { channel: 'sms', body: 'x', subject: 'y', html: 'z' }, ['subject: is not allowed in sms templates', 'html: is not allowed in sms templates']],
      ['a body on an email', { channel: 'email', subject: 's', html: 'h', body: 'b' }, ['body: is not allowed in email templates']],
      ['unknown keys', { channel: 'sms', body: 'x', colour: 'red', name: 'n' }, ['colour: is not an allowed key', 'name: is not an allowed key']],
      ['a source that is not a string', { channel: 'email', subject: 5, html: ['<p>'] }, ['subject: must be a string', 'html: must be a string']],
      ['empty sources', { channel: 'email', subject: ' ', html: '' }, ['subject: must not be empty', 'html: must not be empty']],
      ['an empty text', { channel: 'email', subject: 's', html: 'h', text: '' }, ['text: must not be empty; omit it to derive the text from html']],
      ['a subject on two lines', { channel: 'email', subject: 'Hi\n{{customer.firstName}}', html: 'h' }, ['subject: must be a single line']],
    ])('reports %s', (_name, input, expected) => {
      expect(problemsOf(input)).toEqual(expected);
    });

    it('still checks the sources of a template without a valid channel', () => {
      expect(problemsOf({ channel: 'fax', body: '{{customer.fax}}' })).toEqual(['channel: must be one of email, sms', 'body: line 1: unknown variable "customer.fax"']);
    });
  });

  describe('length limits', () => {
    it('allows a 998-character subject and rejects 999', () => {
      expect(problemsOf({ channel: 'email', subject: 'a'.repeat(998), html: 'h' })).toEqual([]);
      expect(problemsOf({ channel: 'email', subject: 'a'.repeat(999), html: 'h' })).toEqual(['subject: must be at most 998 characters']);
    });

    it('allows 512 KB of html and rejects one byte more, counting UTF-8 bytes', () => {
      expect(problemsOf(html('a'.repeat(512 * 1024)))).toEqual([]);
      expect(problemsOf(html('a'.repeat(512 * 1024 + 1)))).toEqual(['html: must be at most 512 KB']);
      // 262,145 two-byte characters are 524,290 bytes.
      expect(problemsOf(html('é'.repeat(262_145)))).toEqual(['html: must be at most 512 KB']);
    });

    it('applies the html limit to an explicit text', () => {
      expect(problemsOf({ channel: 'email', subject: 's', html: 'h', text: 'a'.repeat(512 * 1024 + 1) })).toEqual(['text: must be at most 512 KB']);
    });

    it('allows a 1,600-character SMS body and rejects 1,601, counting characters not code units', () => {
      expect(bodyProblems('a'.repeat(1600))).toEqual([]);
      expect(bodyProblems('a'.repeat(1601))).toEqual(['body: must be at most 1600 characters']);
      expect(bodyProblems('😀'.repeat(1600))).toEqual([]);
    });
  });

  describe('syntax', () => {
    it('names the line of a parse error', () => {
      expect(problemsOf(html('<p>\nHello\n{{customer.firstName</p>'))).toEqual([expect.stringMatching(/^html: line 3: Parse error: Expecting .*, got 'INVALID'$/)]);
    });

    it('names the line of an unclosed block', () => {
      expect(bodyProblems('Hi\n{{#each customer.tags}}{{this}}')).toEqual([expect.stringMatching(/^body: line 2: Parse error: .*got 'EOF'$/)]);
    });

    it('names the opening line of a block closed by another name', () => {
      expect(bodyProblems('Hi\n{{#if customer.firstName}}\nx{{/each}}')).toEqual(["body: line 2: if doesn't match each"]);
    });
  });

  describe('variables', () => {
    it('accepts every known variable, attributes at any depth, and literals', () => {
      const body = [
        '{{customer.id}} {{customer.firstName}} {{customer.lastName}} {{customer.email}} {{customer.phone}} {{customer.birthday}} {{customer.timezone}}',
        '{{customer.tags}} {{customer.tags.length}} {{customer.tags.[0]}} {{customer.attributes.plan}} {{customer.attributes.favourite-item.size}}',
        '{{business.name}} {{business.address.formatted}} {{business.address.city}} {{business.phone}} {{business.website}} {{business.currency}} {{business.timezone}}',
        '{{store.name}} {{store.address.postalCode}} {{store.phone}} {{store.lat}} {{store.lng}}',
        '{{offer.couponCode}} {{offer.expiresAt}} {{offer.description}}',
        '{{links.unsubscribe}} {{links.preferences}} {{links.viewInBrowser}} {{message.id}} {{campaign.name}} {{"text"}} {{this.customer.id}} {{@root.offer.couponCode}}',
      ].join('\n');
      expect(bodyProblems(body)).toEqual([]);
    });

    it.each([
      ['a misspelt field', 'Hi {{customer.frist_name}}', 'body: line 1: unknown variable "customer.frist_name"'],
      ['an unknown section', '\n{{order.total}}', 'body: line 2: unknown variable "order.total"'],
      ['a bare name', '{{firstName}}', 'body: line 1: unknown variable "firstName"'],
      ['a path below a value', '{{customer.firstName.initial}}', 'body: line 1: unknown variable "customer.firstName.initial"'],
      ['a prototype property', '{{customer.constructor}}', 'body: line 1: unknown variable "customer.constructor"'],
      ['an unknown variable in a helper argument', "{{formatDate offer.expiresOn 'MMMM d'}}", 'body: line 1: unknown variable "offer.expiresOn"'],
      ['an unknown variable in a sub-expression', '{{upper (default customer.nick customer.firstName)}}', 'body: line 1: unknown variable "customer.nick"'],
      ['an unknown variable in a block argument', '{{#if customer.vip}}x{{/if}}', 'body: line 1: unknown variable "customer.vip"'],
      ['an unknown @root path', '{{@root.customer.nick}}', 'body: line 1: unknown variable "@root.customer.nick"'],
      ['an unknown data variable', '{{@foo}}', 'body: line 1: unknown variable "@foo"'],
      ['@index outside #each', '{{@index}}', 'body: line 1: "@index" is only available inside #each'],
      ['../ at the top level', '{{../customer.firstName}}', 'body: line 1: "../customer.firstName" steps above the top-level context'],
      ['../ inside #if, which keeps the context', '{{#if offer}}{{../offer.couponCode}}{{/if}}', 'body: line 1: "../offer.couponCode" steps above the top-level context'],
      ['an object printed whole', '{{business.address}}', 'body: line 1: "business.address" is not printable; use one of its fields: formatted, line1, line2, city, region, postalCode, country'],
      ['the root printed whole', '{{this}}', 'body: line 1: "this" is not printable; use one of its fields: customer, business, store, offer, event, links, message, campaign'],
    ])('reports %s', (_name, body, expected) => {
      expect(bodyProblems(body)).toEqual([expected]);
    });

    it('reports each unknown variable on its own line', () => {
      expect(bodyProblems('{{customer.a}}\n\n{{customer.b}} {{customer.a}}')).toEqual([
        'body: line 1: unknown variable "customer.a"',
        'body: line 3: unknown variable "customer.b"',
        'body: line 3: unknown variable "customer.a"',
      ]);
    });
  });

  describe('block scoping', () => {
    it.each([
      ['the item, @index, @first and @last', '{{#each customer.tags}}{{this}} {{.}} {{@index}} {{@first}} {{@last}}{{/each}}'],
      ['names inside #each, which refer to the item', '{{#each customer.tags}}{{name}} {{label.text}}{{/each}}'],
      ['items of an attribute list', '{{#each customer.attributes.orders}}{{total}} {{@key}}{{/each}}'],
      ['../ and @root inside #each', '{{#each customer.tags}}{{../customer.firstName}} {{@root.business.name}}{{/each}}'],
      ['../ inside #if inside #each', '{{#each customer.tags}}{{#if @first}}{{../business.name}}{{/if}}{{/each}}'],
      ['block params of #each', '{{#each customer.tags as |tag i|}}{{tag}} {{tag.length}} {{i}}{{/each}}'],
      ['#with on an object', '{{#with business.address}}{{city}}, {{postalCode}} {{../business.name}}{{/with}}'],
      ['#with with a block param', '{{#with store as |s|}}{{s.name}} {{s.address.city}}{{/with}}'],
      ['nested #each and #with', '{{#with customer}}{{#each tags}}{{this}} {{../firstName}} {{../../business.name}}{{/each}}{{/with}}'],
      ['else chains', '{{#if store}}{{store.name}}{{else if offer}}{{offer.couponCode}}{{else}}{{business.name}}{{/if}}'],
    ])('accepts %s', (_name, body) => {
      expect(bodyProblems(body)).toEqual([]);
    });

    it.each([
      ['a top-level name inside #each', '{{#each customer.tags}}{{customer.firstName}}{{/each}}', 'body: line 1: unknown variable "customer.firstName"; inside #each write "@root.customer.firstName"'],
      ['a misspelt ../ path', '{{#each customer.tags}}{{../customer.frist}}{{/each}}', 'body: line 1: unknown variable "../customer.frist"'],
      ['a misspelt field inside #with', '{{#with business.address}}{{zip}}{{/with}}', 'body: line 1: unknown variable "zip"'],
      ['a misspelt block param path', '{{#with store as |s|}}{{s.nme}}{{/with}}', 'body: line 1: unknown variable "s.nme"'],
      ['an #each else branch, in the outer scope', '{{#each customer.tags}}x{{else}}{{nme}}{{/each}}', 'body: line 1: unknown variable "nme"'],
      ['@index in an #each else branch', '{{#each customer.tags}}x{{else}}{{@index}}{{/each}}', 'body: line 1: "@index" is only available inside #each'],
      ['an unknown #each target', '{{#each customer.tgs}}{{this}}{{/each}}', 'body: line 1: unknown variable "customer.tgs"'],
    ])('reports %s', (_name, body, expected) => {
      expect(bodyProblems(body)).toEqual([expected]);
    });
  });

  describe('helpers', () => {
    it('accepts every helper used as documented', () => {
      const body = [
        "{{formatDate offer.expiresAt}} {{formatDate offer.expiresAt 'MMMM d'}} {{formatDate offer.expiresAt 'MMMM d' 'Europe/Paris'}}",
        "{{money 12.5}} {{money customer.attributes.spent 'EUR'}} {{default customer.firstName 'friend'}}",
        "{{upper customer.firstName}} {{lower customer.email}} {{capitalize customer.lastName}} {{lookup customer.attributes 'a b'}}",
        "{{#if (eq customer.attributes.tier 'gold')}}g{{/if}} {{#eq store.name 'Main'}}m{{else}}o{{/eq}} {{#unless store}}none{{/unless}}",
      ].join('\n');
      expect(bodyProblems(body)).toEqual([]);
    });

    it.each([
      ['an unknown helper', 'Hi {{shout customer.firstName}}', 'body: line 1: unknown helper "shout"'],
      ['an unknown helper in a sub-expression', '{{#if (isVip customer)}}x{{/if}}', 'body: line 1: unknown helper "isVip"'],
      ['an unknown block helper', '{{#customer.tags}}x{{/customer.tags}}', 'body: line 1: unknown helper "customer.tags"'],
      ['the log built-in', "{{log 'x'}}", 'body: line 1: unknown helper "log"'],
      ['too few arguments', '{{money}}', 'body: line 1: helper "money" takes 1 to 2 arguments, got 0'],
      ['too many arguments', '{{upper customer.firstName customer.lastName}}', 'body: line 1: helper "upper" takes 1 argument, got 2'],
      ['a block helper used inline', '{{if customer.firstName}}', 'body: line 1: helper "if" must open a block: {{#if ...}}...{{/if}}'],
      ['an inline helper opening a block', '{{#upper customer.firstName}}x{{/upper}}', 'body: line 1: helper "upper" cannot open a block'],
      ['named arguments', "{{money 5 currency='EUR'}}", 'body: line 1: helper "money" takes no named arguments'],
    ])('reports %s', (_name, body, expected) => {
      expect(bodyProblems(body)).toEqual([expected]);
    });
  });

  describe('partials and escaping', () => {
    it('accepts the layout partial block in html and checks its content', () => {
      expect(problemsOf(html('{{#> layout}}\n<p>{{customer.firstName}}</p>\n{{/layout}}'))).toEqual([]);
      expect(problemsOf(html('{{#> layout}}\n<p>{{customer.frist}}</p>\n{{/layout}}'))).toEqual(['html: line 2: unknown variable "customer.frist"']);
    });

    it.each([
      ['a partial in text', { channel: 'email', subject: 's', html: 'h', text: '{{> layout}}' }, ['text: line 1: unknown partial "layout"']],
      ['a partial in an SMS', sms('{{#> layout}}x{{/layout}}'), ['body: line 1: unknown partial "layout"']],
      ['an unknown partial', html('{{> footer}}'), ['html: line 1: unknown partial "footer"']],
      ['the caller content outside a layout', html('{{> @partial-block}}'), ['html: line 1: unknown partial "@partial-block"']],
      ['a dynamic partial', html('{{> (lookup customer.attributes "p")}}'), ['html: line 1: dynamic partials are not allowed']],
      ['partial arguments', html("{{#> layout title='Hi'}}x{{/layout}}"), ['html: line 1: partials take no arguments']],
      ['an inline partial', html('{{#*inline "x"}}y{{/inline}}'), ['html: line 1: decorators and inline partials are not allowed']],
      ['triple-stash output in html', html('<p>{{{customer.firstName}}}</p>'), ['html: line 1: unescaped output ({{{ }}} or {{& }}) is not allowed in html; use {{ }}']],
      ['ampersand output in html', html('<p>{{& customer.firstName}}</p>'), ['html: line 1: unescaped output ({{{ }}} or {{& }}) is not allowed in html; use {{ }}']],
    ])('reports %s', (_name, input, expected) => {
      expect(problemsOf(input)).toEqual(expected);
    });

    it('allows unescaped output where nothing is escaped anyway', () => {
      expect(problemsOf({ channel: 'email', subject: '{{{business.name}}}', html: 'h', text: '{{{customer.firstName}}}' })).toEqual([]);
      expect(bodyProblems('{{{customer.firstName}}}')).toEqual([]);
    });
  });
});
