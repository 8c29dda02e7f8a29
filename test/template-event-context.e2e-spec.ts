import { CLOCK, type Clock } from '../libs/core/src';
import { bearer, signUpBusiness } from './support/api-harness';
import { expectStatus } from './support/e2e-helpers';
import { runWorkerUntilIdle, startDeliveryHarness, type DeliveryHarness } from './support/delivery-harness';

/**
 * The triggering event's properties reach the template (issue 20): the
 * abandoned-cart preset links to the cart and lists its items, from the
 * event's properties, through the real loopback SMTP server; a campaign with
 * another trigger may not use such a template; a preview takes a sample event.
 */
describe('templates reading the triggering event', () => {
  let h: DeliveryHarness;
  let key: string;
  const HOUR = 3_600_000;

  beforeAll(async () => {
    h = await startDeliveryHarness('2026-03-02T15:00:00Z');
    h.api.app.get<Clock>(CLOCK).now = () => h.clock.now();
  });
  beforeEach(async () => {
    ({ apiKey: key } = await signUpBusiness(h.api, { name: 'Elm Street Bakery' }));
  });
  afterAll(() => h.close());

  const post = (path: string, body: unknown) => h.api.http().post(path).set(bearer(key)).send(body as object);

  const runWorker = () => runWorkerUntilIdle(h);

  it('abandoned cart: the email links to the event\'s cartUrl and lists its items', async () => {
    await post('/v1/customers', { email: 'cart@example.com', firstName: 'Cas', phone: '+13125550171' });
    const created = await post('/v1/campaigns/from-preset', { preset: 'abandoned_cart' });
    expectStatus(created, 201);
    expectStatus(await post(`/v1/campaigns/${created.body.id}/activate`, {}), 200);
    const cartUrl = 'https://shop.example.com/cart/A17?src=email';
    const items = [{ name: 'Rye loaf', quantity: 2, price: 6 }, { name: 'Poppy bagel', quantity: 5, price: 1.5 }];
    expectStatus(await post('/v1/events', { events: [{ type: 'cart_abandoned', customer: { email: 'cart@example.com' }, properties: { cartUrl, items, value: 19.5 } }] }), 202);
    await runWorker();
    h.clock.advance(HOUR + 60_000);
    await runWorker();
    const mails = h.smtp.messages.filter((m) => m.envelopeTo.includes('cart@example.com'));
    expect(mails).toHaveLength(1);
    const [mail] = mails;
    expect(mail.html).toContain('Rye loaf &times; 2');
    expect(mail.html).toContain('Poppy bagel &times; 5');
    expect(mail.html).toContain('$6.00');
    expect(mail.text).toContain('Rye loaf × 2');
    // The button's link is tracked: its token leads to the cart.
    const [message] = await h.db.query(`SELECT links FROM message WHERE to_address = 'cart@example.com'`);
    expect(message.links).toContain(cartUrl);
    const token = /\/t\/c\/([\w-]+)/.exec(mail.html.slice(mail.html.indexOf('Finish my order') - 400))?.[1];
    const click = await h.api.http().get(`/t/c/${token}`).set('User-Agent', 'Mozilla/5.0 (X11; Linux x86_64) Chrome/126.0').redirects(0);
    expect(click.status).toBe(302);
    expect(click.headers.location).toBe(cartUrl);
  });

  it('refuses a template reading event.… in a campaign without an event trigger, naming the step\'s templateId', async () => {
    const template = await post('/v1/templates', { name: 'Cart', channel: 'email', subject: 'Your cart', html: '<a href="{{event.properties.cartUrl}}">Back to your cart</a>' });
    expectStatus(template, 201);
    const steps = [{ id: 'mail', type: 'email', templateId: template.body.id }];
    const refused = await post('/v1/campaigns', { name: 'Welcome', trigger: { type: 'customer_created' }, steps });
    expectStatus(refused, 422);
    expect(refused.body.code).toBe('INVALID_CAMPAIGN');
    expect(refused.body.details).toEqual([expect.objectContaining({ field: 'steps[0].templateId', message: expect.stringMatching(/event.* only a campaign triggered by an event/) })]);
    expectStatus(await post('/v1/campaigns', { name: 'Cart', trigger: { type: 'event', eventType: 'cart_abandoned' }, steps }), 201);
  });

  it('previews with a sample event, or the one given', async () => {
    const template = await post('/v1/templates', { name: 'Cart SMS', channel: 'sms', body: '{{event.type}}: {{#each event.properties.items}}{{name}} x{{quantity}} {{/each}}{{event.properties.cartUrl}}' });
    expectStatus(template, 201);
    const sample = await post(`/v1/templates/${template.body.id}/preview`, {});
    expectStatus(sample, 200);
    expect(sample.body.body).toBe('cart_abandoned: Sourdough loaf x1 Cinnamon roll x2 https://mapleandcrumb.example.com/cart/8F3K2');
    const given = await post(`/v1/templates/${template.body.id}/preview`, { context: { event: { type: 'basket_left', properties: { items: [{ name: 'Tea', quantity: 3 }], cartUrl: 'https://x.example/c' } } } });
    expectStatus(given, 200);
    expect(given.body.body).toBe('basket_left: Tea x3 https://x.example/c');
    const tooBig = await post(`/v1/templates/${template.body.id}/preview`, { context: { event: { type: 'x', properties: { note: 'x'.repeat(40_000) } } } });
    expectStatus(tooBig, 422);
    expect(tooBig.body.details).toEqual([expect.objectContaining({ field: 'context.event.properties' })]);
  });

  it('keeps an email\'s preheader: stored, previewed hidden at the top, removed with null', async () => {
    const created = await post('/v1/templates', { name: 'Pre', channel: 'email', subject: 'Hi', preheader: 'Fresh rye for {{customer.firstName}}', html: '<html><body><p>Hello</p></body></html>' });
    expectStatus(created, 201);
    expect(created.body.preheader).toBe('Fresh rye for {{customer.firstName}}');
    const preview = await post(`/v1/templates/${created.body.id}/preview`, {});
    expect(preview.body.html).toMatch(/^<html><body><div style="display:none;[^"]*">Fresh rye for Jamie&#847;/);
    expect(preview.body.text).toBe('Hello');
    const refused = await post('/v1/templates', { name: 'Pre', channel: 'email', subject: 'Hi', preheader: 'two\nlines', html: '<p>x</p>' });
    expectStatus(refused, 422);
    expect(refused.body.details).toEqual([{ field: 'preheader', message: 'must be a single line' }]);
    const cleared = await h.api.http().patch(`/v1/templates/${created.body.id}`).set(bearer(key)).send({ preheader: null });
    expectStatus(cleared, 200);
    expect(cleared.body.preheader).toBeUndefined();
  });
});
