import { DEFAULT_BUSINESS_SETTINGS, resolveBusinessSettings, verifyTrackingToken } from '@localreach/core';
import { TemplateLibrary } from '../templates';
import { trackingUrls } from './link-tracking';
import { assembleEmail, assembleSms, buildTemplateContext, offerContext, type BusinessForSend, type ContextInput } from './message-composition';

const SECRET = 'composition-spec-secret-0123456789';
const MESSAGE_ID = '3d0c5c1e-8f7a-4b6c-9d2e-1f0a9b8c7d6e';
const NOW = new Date('2026-03-10T15:00:00Z');
const urls = trackingUrls('http://reach.test', SECRET, MESSAGE_ID);
const business: BusinessForSend = {
  name: 'Maple & Crumb',
  timezone: 'America/Chicago',
  currency: 'USD',
  address: { line1: '1 Main St', city: 'Springfield', region: 'IL', postalCode: '62701', country: 'US' },
  settings: DEFAULT_BUSINESS_SETTINGS,
};
const input = (overrides: Partial<ContextInput> = {}): ContextInput => ({
  messageId: MESSAGE_ID,
  campaignName: 'Welcome',
  customer: {
    id: 'c1', firstName: 'Ana', lastName: 'Lopez', email: 'ana@example.com', phone: null, birthday: null, timezone: null,
    attributes: { tier: 'gold' }, tags: ['vip'],
  },
  business,
  store: { name: 'Downtown', address: { line1: '5 Oak Ave', city: 'Springfield', postalCode: '62702', country: 'US' }, phone: '+12175550100', lat: 39.8, lng: -89.6 },
  offer: { couponPrefix: 'WELC', description: '10% off', validDays: 14 },
  couponCode: 'WELC-7K2P',
  urls,
  now: NOW,
  ...overrides,
});

describe('offerContext', () => {
  it('expires validDays after now', () => {
    expect(offerContext({ description: '10% off', validDays: 14 }, 'C-1', NOW)).toEqual({ couponCode: 'C-1', description: '10% off', expiresAt: '2026-03-24T15:00:00.000Z' });
  });

  it('is null without offer and coupon; keeps a bare coupon', () => {
    expect(offerContext(null, null, NOW)).toBeNull();
    expect(offerContext(null, 'C-2', NOW)).toEqual({ couponCode: 'C-2', description: null, expiresAt: null });
  });
});

describe('buildTemplateContext', () => {
  it('formats the business and store addresses and carries the signed links', () => {
    const context = buildTemplateContext(input());
    expect(context.business.address.formatted).toBe('1 Main St, Springfield, IL 62701, US');
    expect(context.store?.address?.formatted).toBe('5 Oak Ave, Springfield, 62702, US');
    expect(context.links).toEqual({ unsubscribe: urls.unsubscribe, preferences: urls.preferences });
    expect(context.message).toEqual({ id: MESSAGE_ID });
    expect(context.campaign).toEqual({ name: 'Welcome' });
    expect(context.customer).toMatchObject({ firstName: 'Ana', attributes: { tier: 'gold' }, tags: ['vip'] });
    expect(buildTemplateContext(input({ store: null, campaignName: null }))).toMatchObject({ store: null, campaign: { name: '' } });
  });
});

describe('assembleEmail', () => {
  const rendered = {
    subject: 'Hi Ana',
    html: '<html><body><a href="https://shop.example/menu">Menu</a> <a href="http://reach.test/u/x">Unsubscribe</a></body></html>',
    text: 'Menu: https://shop.example/menu',
  };

  it('falls back to no-reply@localreach.invalid named after the business, with a stable Message-ID', () => {
    const { mail } = assembleEmail(rendered, { messageId: MESSAGE_ID, to: 'ana@example.com', business, urls });
    expect(mail.from).toEqual({ name: 'Maple & Crumb', address: 'no-reply@localreach.invalid' });
    expect(mail.replyTo).toBeNull();
    expect(mail.messageId).toBe(`<${MESSAGE_ID}@localreach.invalid>`);
    expect(mail.headers).toEqual({ 'List-Unsubscribe': `<${urls.unsubscribe}>`, 'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click' });
  });

  it("uses the business's sender identity and its domain in the Message-ID", () => {
    const settings = resolveBusinessSettings({ sender: { email: { fromName: 'Ana at Maple', fromAddress: 'hello@Maple.example', replyTo: 'ana@maple.example' } } });
    const { mail } = assembleEmail(rendered, { messageId: MESSAGE_ID, to: 'ana@example.com', business: { ...business, settings }, urls });
    expect(mail.from).toEqual({ name: 'Ana at Maple', address: 'hello@Maple.example' });
    expect(mail.replyTo).toBe('ana@maple.example');
    expect(mail.messageId).toBe(`<${MESSAGE_ID}@maple.example>`);
  });

  it('tracks links in both parts and returns the originals', () => {
    const { mail, links } = assembleEmail(rendered, { messageId: MESSAGE_ID, to: 'ana@example.com', business, urls });
    expect(links).toEqual(['https://shop.example/menu']);
    expect(mail.html).toContain(`href="${urls.click(0)}"`);
    expect(mail.html).toContain(`<img src="${urls.openPixel}"`);
    expect(mail.text).toBe(`Menu: ${urls.click(0)}`);
  });

  it('renders a shipped preset end to end: footer address, untouched unsubscribe link, tracked links', () => {
    const library = new TemplateLibrary();
    const renderer = library.createRenderer();
    const template = library.preset('welcome-1').template;
    if (template.channel !== 'email') throw new Error('welcome-1 is an email preset');
    const rendered = renderer.render(template, buildTemplateContext(input()));
    const { mail } = assembleEmail(rendered, { messageId: MESSAGE_ID, to: 'ana@example.com', business, urls });
    expect(mail.subject).toBe('Welcome to Maple & Crumb, Ana!');
    expect(mail.html).toContain('1 Main St, Springfield, IL 62701, US');
    expect(mail.html).toContain(`href="${urls.unsubscribe}"`);
    const pixel = /<img src="http:\/\/reach\.test\/t\/o\/([\w-]+)"/.exec(mail.html);
    expect(verifyTrackingToken(SECRET, pixel?.[1])).toEqual({ kind: 'open', messageId: MESSAGE_ID });
  });
});

describe('assembleSms', () => {
  it('adds the STOP footer only to the first SMS', () => {
    expect(assembleSms({ body: 'Your cake is ready' }, { to: '+13125550100', from: null, firstSms: true }).body).toBe('Your cake is ready\nReply STOP to opt out.');
    expect(assembleSms({ body: 'Your cake is ready' }, { to: '+13125550100', from: '+13125550199', firstSms: false }))
      .toEqual({ to: '+13125550100', from: '+13125550199', body: 'Your cake is ready' });
  });
});
