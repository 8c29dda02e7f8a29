import { CLOCK, type Clock } from '../libs/core/src';
import { JourneyService, TriggerService } from '../libs/campaigns/src';
import { bearer, signUpBusiness } from './support/api-harness';
import { expectStatus } from './support/e2e-helpers';
import { startDeliveryHarness, type DeliveryHarness } from './support/delivery-harness';

/**
 * A business's shared layout and partials (issue 20): edited once, used by
 * every template's preview and send; scoped to the business and the role;
 * bad input named by field; a partial in use is not deleted.
 */
describe('template layout and partials', () => {
  let h: DeliveryHarness;
  let owner: string;
  let analyst: string;
  let other: string;

  beforeAll(async () => {
    h = await startDeliveryHarness('2026-03-02T15:00:00Z');
    h.api.app.get<Clock>(CLOCK).now = () => h.clock.now();
    ({ apiKey: owner } = await signUpBusiness(h.api, { name: 'Crumb Co' }));
    ({ apiKey: other } = await signUpBusiness(h.api, { name: 'Other Bakery' }));
    analyst = (await h.api.http().post('/v1/api-keys').set(bearer(owner)).send({ name: 'ro', role: 'analyst' })).body.apiKey;
  });
  afterAll(() => h.close());

  const as = (key: string) => ({
    get: (path: string) => h.api.http().get(path).set(bearer(key)),
    put: (path: string, body: object) => h.api.http().put(path).set(bearer(key)).send(body),
    post: (path: string, body: object) => h.api.http().post(path).set(bearer(key)).send(body),
    del: (path: string) => h.api.http().delete(path).set(bearer(key)),
  });

  it('lists the shipped layout until the business saves its own, and refuses bad input at its field', async () => {
    const list = await as(owner).get('/v1/template-partials');
    expectStatus(list, 200);
    expect(list.body.items).toEqual([expect.objectContaining({ name: 'layout', custom: false, updatedAt: null, source: expect.stringContaining('{{> @partial-block}}') })]);
    const badName = await as(owner).put('/v1/template-partials/Bad%20Name', { source: '<p>x</p>' });
    expectStatus(badName, 422);
    expect(badName.body).toMatchObject({ code: 'INVALID_PARTIAL', details: [expect.objectContaining({ field: 'name' })] });
    const badSource = await as(owner).put('/v1/template-partials/footer', { source: '<p>ok</p>\n<p>{{customer.frist}}</p>' });
    expectStatus(badSource, 422);
    expect(badSource.body.details).toEqual([{ field: 'source', message: 'line 2: unknown variable "customer.frist"' }]);
    const noBlock = await as(owner).put('/v1/template-partials/layout', { source: '<main>no content slot</main>' });
    expect(noBlock.body.details).toEqual([expect.objectContaining({ field: 'source', message: expect.stringContaining('{{> @partial-block}}') })]);
    expectStatus(await as(owner).put('/v1/template-partials/footer', { source: 42 }), 422);
  });

  it('previews and sends with the business\'s layout and partials; other businesses and analysts are kept out', async () => {
    // The layout may use the business's named partials, once they exist.
    const early = await as(owner).put('/v1/template-partials/layout', { source: '<div class="crumb">{{> @partial-block}}</div><footer>{{> footer}}</footer>' });
    expect(early.body.details).toEqual([{ field: 'source', message: 'line 1: unknown partial "footer"' }]);
    expectStatus(await as(owner).put('/v1/template-partials/footer', { source: '<small>Baked by {{business.name}}</small>' }), 200);
    expectStatus(await as(owner).put('/v1/template-partials/layout', { source: '<div class="crumb">{{> @partial-block}}</div><footer>{{> footer}}</footer>' }), 200);
    // A template naming a partial the business does not have is refused at its line.
    const missing = await as(owner).post('/v1/templates', { name: 'Promo', channel: 'email', subject: 'Hi', html: '{{#> layout}}\n<p>Hi</p>{{> signoff}}\n{{/layout}}' });
    expectStatus(missing, 422);
    expect(missing.body.details).toEqual([{ field: 'html', message: 'line 2: unknown partial "signoff"' }]);
    expectStatus(await as(owner).put('/v1/template-partials/signoff', { source: '<p>— the team</p>' }), 200);
    const template = await as(owner).post('/v1/templates', { name: 'Promo', channel: 'email', subject: 'Hi', html: '{{#> layout}}\n<p>Hi {{customer.firstName}}</p>{{> signoff}}\n{{/layout}}' });
    expectStatus(template, 201);
    const preview = await as(analyst).post(`/v1/templates/${template.body.id}/preview`, {});
    expectStatus(preview, 200);
    expect(preview.body.html).toBe('<div class="crumb"><p>Hi Jamie</p><p>— the team</p>\n</div><footer><small>Baked by Crumb Co</small></footer>');

    // Sent: the real SMTP server receives the layout and partials.
    await as(owner).post('/v1/customers', { email: 'pat@example.com', firstName: 'Pat' });
    const campaign = await as(owner).post('/v1/campaigns', { name: 'Hello', trigger: { type: 'customer_created' }, steps: [{ id: 'mail', type: 'email', templateId: template.body.id }] });
    expectStatus(campaign, 201);
    expectStatus(await as(owner).post(`/v1/campaigns/${campaign.body.id}/activate`, {}), 200);
    await as(owner).post('/v1/customers', { email: 'sam@example.com', firstName: 'Sam' });
    for (let i = 0; i < 3; i++) {
      await h.api.app.get(TriggerService).drainInbox(100);
      await h.api.app.get(JourneyService).runDue(100);
      await h.delivery.runOnce(100);
    }
    const [mail] = h.smtp.messages.filter((m) => m.envelopeTo.includes('sam@example.com'));
    expect(mail.html).toContain('<div class="crumb">');
    expect(mail.html).toContain('<small>Baked by Crumb Co</small>');
    expect(mail.html).toContain('<p>— the team</p>');

    // Another business sees only the shipped layout; analysts read but do not write.
    expect((await as(other).get('/v1/template-partials')).body.items.map((p: { name: string; custom: boolean }) => [p.name, p.custom])).toEqual([['layout', false]]);
    expectStatus(await as(other).get('/v1/template-partials/footer'), 404);
    expectStatus(await as(analyst).get('/v1/template-partials/footer'), 200);
    expectStatus(await as(analyst).put('/v1/template-partials/footer', { source: '<p>x</p>' }), 403);
    expectStatus(await as(analyst).del('/v1/template-partials/footer'), 403);
  });

  it('refuses to delete a partial a template uses (409 naming it); the layout goes back to the shipped one', async () => {
    const inUse = await as(owner).del('/v1/template-partials/signoff');
    expectStatus(inUse, 409);
    expect(inUse.body.code).toBe('PARTIAL_IN_USE');
    expect(inUse.body.message).toContain('"Promo"');
    expect(inUse.body.details).toEqual([expect.objectContaining({ field: 'templates', message: expect.stringContaining('"Promo"') })]);
    const byLayout = await as(owner).del('/v1/template-partials/footer');
    expectStatus(byLayout, 409);
    expect(byLayout.body.details).toEqual([expect.objectContaining({ field: 'templates', message: expect.stringContaining('the layout') })]);
    expectStatus(await as(owner).del('/v1/template-partials/nope'), 404);
    expectStatus(await as(owner).del('/v1/template-partials/layout'), 204);
    const layout = await as(owner).get('/v1/template-partials/layout');
    expect(layout.body).toMatchObject({ name: 'layout', custom: false });
  });
});
