import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { DomainError } from '@localreach/core';
import { countSegments } from './sms-segments';
import { sampleTemplateContext, type TemplateContext } from './template-context';
import type { EmailTemplate, SmsTemplate } from './template-definition';
import { findTemplatesRoot, TemplateLibrary } from './template-library';
import { validateTemplate } from './template-validator';

const REPO_ROOT = resolve(__dirname, '../../../..');
const NOW = new Date('2025-05-01T12:00:00Z');

describe('shipped templates', () => {
  const library = new TemplateLibrary();
  const renderer = library.createRenderer();
  const email = (name: string) => library.preset(name).template as EmailTemplate;
  const sms = (name: string) => library.preset(name).template as SmsTemplate;

  it('are found at the repository root', () => {
    expect(library.root).toBe(REPO_ROOT);
  });

  it('include every preset campaign template on its channel', () => {
    const channels = Object.fromEntries(library.presets().map((p) => [p.name, p.template.channel]));
    expect(channels).toEqual({
      'abandoned-cart': 'email',
      'abandoned-cart-sms': 'sms',
      'birthday-offer': 'email',
      'birthday-offer-sms': 'sms',
      'nearby-offer': 'sms',
      'welcome-1': 'email',
      'welcome-2': 'email',
      'welcome-3': 'email',
      'win-back': 'email',
    });
  });

  it('each pass validateTemplate', () => {
    for (const preset of library.presets()) {
      expect(() => validateTemplate(preset.template)).not.toThrow();
      expect(validateTemplate(preset.template)).toEqual(preset.template);
    }
  });

  it('load the layout partial from templates/partials', () => {
    expect(library.partials().layout).toBe(readFileSync(join(REPO_ROOT, 'templates/partials/layout.hbs'), 'utf8'));
  });

  it('wrap every email in the layout: business name, postal address and unsubscribe link', () => {
    const context = sampleTemplateContext({}, NOW);
    for (const preset of library.presets().filter((p) => p.template.channel === 'email')) {
      const html = (preset.template as EmailTemplate).html;
      expect(html.startsWith('{{#> layout}}')).toBe(true);
      const rendered = renderer.render(preset.template as EmailTemplate, context);
      expect(rendered.html).toContain('Maple &amp; Crumb Bakery &middot; 412 Alder St, Suite 2, Portland, OR 97205, US');
      expect(rendered.html).toContain('<a href="https://example.com/u/preview" style="color:#8a8a8a;">Unsubscribe</a>');
      expect(rendered.text).toContain('Maple & Crumb Bakery · 412 Alder St, Suite 2, Portland, OR 97205, US');
      expect(rendered.text).toContain('Unsubscribe (https://example.com/u/preview)');
    }
  });

  it('render the welcome series with the customer name and the first-purchase code', () => {
    const context = sampleTemplateContext({}, NOW);
    expect(renderer.render(email('welcome-1'), context).subject).toBe('Welcome to Maple & Crumb Bakery, Jamie!');
    expect(renderer.render(email('welcome-2'), context).text).toContain('Your closest store is Alder Street at 412 Alder St, Suite 2, Portland, OR 97205, US.');
    const third = renderer.render(email('welcome-3'), context);
    expect(third.text).toContain('Your code: WELCOME10');
    expect(third.text).toContain('before May 15.');
  });

  it('render the birthday offer with its code and expiry in the customer zone', () => {
    // 06:30 UTC on 15 May is still 14 May in Los Angeles.
    const context = sampleTemplateContext({ offer: { couponCode: 'BDAY-7K2', expiresAt: '2025-05-15T06:30:00Z', description: 'a free cupcake' } }, NOW);
    const rendered = renderer.render(email('birthday-offer'), context);
    expect(rendered.subject).toBe('Happy birthday, Jamie! A treat from Maple & Crumb Bakery');
    expect(rendered.text).toContain("To celebrate, here's a free cupcake on us.\n\nYour code: BDAY-7K2\n\nShow it in store or use it online any time until May 14.");
    expect(renderer.render(sms('birthday-offer-sms'), context).body).toBe(
      'Maple & Crumb Bakery: Happy birthday, Jamie! Enjoy a free cupcake with code BDAY-7K2, valid until May 14.',
    );
  });

  it('render the SMS presets, naming the store, in one GSM-7 segment', () => {
    const context = sampleTemplateContext({}, NOW);
    expect(renderer.render(sms('nearby-offer'), context).body).toBe(
      "Maple & Crumb Bakery: Hi Jamie, you're near our Alder Street store! Pop in today and use code WELCOME10 for 10% off your next order.",
    );
    for (const preset of library.presets().filter((p) => p.template.channel === 'sms')) {
      expect(countSegments(renderer.render(preset.template as SmsTemplate, context).body)).toMatchObject({ encoding: 'GSM-7', segments: 1 });
    }
  });

  it('render sensibly without a store, an offer, a first name or links', () => {
    const sample = sampleTemplateContext({}, NOW);
    const bare: TemplateContext = { ...sample, customer: { ...sample.customer, firstName: null }, store: null, offer: null, links: {} };
    expect(renderer.render(sms('nearby-offer'), bare).body).toBe("Maple & Crumb Bakery: Hi there, you're near us! Pop in and say hello.");
    expect(renderer.render(sms('birthday-offer-sms'), bare).body).toBe('Maple & Crumb Bakery: Happy birthday, friend! Stop by and celebrate with us.');
    // Without an offer no email shows an empty code.
    for (const name of ['welcome-3', 'abandoned-cart', 'birthday-offer', 'win-back']) {
      expect(renderer.render(email(name), bare).text).not.toMatch(/code/i);
    }
    for (const preset of library.presets()) {
      const rendered = Object.values(renderer.render(preset.template, bare)).join('\n');
      expect(rendered).not.toMatch(/\{\{|undefined|null|\[object Object\]|NaN/);
    }
    expect(renderer.render(email('welcome-2'), bare).text).toContain("You'll find us at 412 Alder St, Suite 2, Portland, OR 97205, US.");
    expect(renderer.render(email('welcome-1'), bare).subject).toBe('Welcome to Maple & Crumb Bakery, friend!');
  });

  it('report an unknown preset as not found', () => {
    expect(() => library.preset('spring-sale')).toThrow(expect.objectContaining({ kind: 'not_found', code: 'TEMPLATE_PRESET_NOT_FOUND', message: 'template preset spring-sale not found' }));
  });
});

describe('findTemplatesRoot', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'templates-root-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('walks up from a compiled output directory to the one holding templates/presets', () => {
    mkdirSync(join(dir, 'app/templates/presets'), { recursive: true });
    mkdirSync(join(dir, 'app/dist/libs/campaigns/src/templates'), { recursive: true });
    expect(findTemplatesRoot(join(dir, 'app/dist/libs/campaigns/src/templates'))).toBe(join(dir, 'app'));
  });

  it('finds the repository from this source directory', () => {
    expect(findTemplatesRoot(__dirname)).toBe(REPO_ROOT);
  });

  it('throws when no directory above has templates/presets', () => {
    mkdirSync(join(dir, 'a/b'), { recursive: true });
    // The temporary directory lives outside any checkout, so the walk reaches the filesystem root.
    expect(() => findTemplatesRoot(join(dir, 'a/b'))).toThrow(`No ${join('templates', 'presets')} directory in ${join(dir, 'a/b')} or above it`);
  });
});

describe('TemplateLibrary loading', () => {
  let dir: string;
  const write = (path: string, content: string) => writeFileSync(join(dir, 'templates', path), content);

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'templates-lib-'));
    mkdirSync(join(dir, 'templates/presets'), { recursive: true });
    mkdirSync(join(dir, 'templates/partials'), { recursive: true });
    write('partials/layout.hbs', '<div>{{> @partial-block}}</div>');
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  function loadError(): DomainError {
    try {
      new TemplateLibrary(dir).presets();
    } catch (error) {
      return error as DomainError;
    }
    throw new Error('expected the library to refuse its presets');
  }

  it('reads sources from files next to the manifest, without their final newline', () => {
    write('presets/hello.json', '{ "name": "hello", "channel": "email" }');
    write('presets/hello.subject.hbs', 'Hi {{customer.firstName}}\n');
    write('presets/hello.html.hbs', '{{#> layout}}<p>Hi</p>{{/layout}}\n');
    write('presets/hello.text.hbs', 'Hi\n');
    write('presets/ping.json', '{ "name": "ping", "channel": "sms", "body": "Ping from {{business.name}}" }');
    expect(new TemplateLibrary(dir).presets()).toEqual([
      { name: 'hello', template: { channel: 'email', subject: 'Hi {{customer.firstName}}', html: '{{#> layout}}<p>Hi</p>{{/layout}}', text: 'Hi' } },
      { name: 'ping', template: { channel: 'sms', body: 'Ping from {{business.name}}' } },
    ]);
  });

  it('names the preset in every problem of an invalid template', () => {
    write('presets/bad.json', '{ "name": "bad", "channel": "sms", "body": "Hi {{customer.nick}}", "colour": "red" }');
    const error = loadError();
    expect(error).toBeInstanceOf(DomainError);
    expect(error.code).toBe('INVALID_TEMPLATE');
    expect(error.details).toEqual([
      { field: 'bad.colour', message: 'is not an allowed key' },
      { field: 'bad.body', message: 'line 1: unknown variable "customer.nick"' },
    ]);
  });

  it('refuses a manifest whose name is not its file name', () => {
    write('presets/one.json', '{ "name": "two", "channel": "sms", "body": "x" }');
    expect(loadError().details).toEqual([{ field: 'one.name', message: 'must be "one", the file\'s name' }]);
  });

  it('refuses a field given both inline and as a file', () => {
    write('presets/dup.json', '{ "name": "dup", "channel": "sms", "body": "x" }');
    write('presets/dup.body.hbs', 'y');
    expect(loadError().details).toEqual([{ field: 'dup.body', message: 'is both in dup.json and in dup.body.hbs' }]);
  });
});
