import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { EngagementRecorder } from '../libs/analytics/src';
import { CLOCK, type Clock } from '../libs/core/src';
import { bearer, signUpBusiness } from './support/api-harness';
import { consoleErrors, newPage, screenshot, seriousAccessibilityViolations, startAdmin, WIDTHS, type AdminHarness } from './support/browser';
import { runWorkerUntilIdle, startDeliveryHarness, type DeliveryHarness } from './support/delivery-harness';
import { expectStatus } from './support/e2e-helpers';

const CHROME = 'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0.0.0 Safari/537.36';
const MINUTE = 60_000;
// Amounts under a dollar keep up to four decimals (a message costs fractions of a cent).
const money = (n: number) => new Intl.NumberFormat('en-US', { style: 'currency', currency: 'USD', maximumFractionDigits: n !== 0 && Math.abs(n) < 1 ? 4 : 2 }).format(n);

/**
 * A campaign's whole life in the admin, as a marketer and then an owner see it: the abandoned-cart
 * preset created from the gallery and activated after its confirmation; two customers abandon a
 * cart (through the API), one orders during the hour's wait; the delivery worker sends the other
 * one email, which the outbox page shows; its tracked link is clicked and an order follows; the
 * report page shows the conversion, revenue and ROI the report API gives.
 */
describe('admin UI: a campaign from the gallery to its report', () => {
  let h: DeliveryHarness;
  let admin: AdminHarness;
  let key: string;
  const post = (path: string, body: unknown) => h.api.http().post(path).set(bearer(key)).send(body as object);
  const get = (path: string) => h.api.http().get(path).set(bearer(key));

  const runWorker = () => runWorkerUntilIdle(h);

  beforeAll(async () => {
    h = await startDeliveryHarness('2026-03-02T15:00:00Z', {}, { outboxDir: mkdtempSync(join(tmpdir(), 'lr-flow-outbox-')) });
    h.api.app.get<Clock>(CLOCK).now = () => h.clock.now();
    admin = await startAdmin({}, h.api);
    ({ apiKey: key } = await signUpBusiness(h.api, { name: 'Elm Street Bakery' }));
  }, 60_000);
  afterAll(async () => {
    await admin?.close();
    await h?.close();
  });

  it('is created from the gallery, activated, sends one email of two, and its report equals the API', async () => {
    const { context, page, outside } = await newPage(admin, WIDTHS.desktop);
    await page.goto(`/admin/sign-in?redirect=%2Fcampaigns%2Fnew#key=${key}`);
    await page.getByRole('region', { name: 'Abandoned cart' }).getByRole('button', { name: 'Create Abandoned cart' }).click();
    await page.waitForURL(/\/admin\/campaigns\/[0-9a-f-]{36}$/);
    const id = /campaigns\/([0-9a-f-]{36})$/.exec(page.url())![1];
    await page.getByRole('heading', { name: 'Abandoned cart', level: 1 }).waitFor();
    await page.getByRole('button', { name: 'Activate Abandoned cart' }).click();
    const dialog = page.getByRole('dialog');
    await dialog.getByText(/cart_abandoned/).first().waitFor();
    await dialog.getByRole('button', { name: 'Activate', exact: true }).click();
    await page.getByTestId('campaign-facts').getByText('active', { exact: true }).waitFor();
    expect((await get(`/v1/campaigns/${id}`)).body.status).toBe('active');

    // Two carts abandoned; Bea orders half an hour later, before the reminder is due.
    for (const [email, firstName] of [['ann@example.com', 'Ann'], ['bea@example.com', 'Bea']]) expectStatus(await post('/v1/customers', { email, firstName }), 201);
    const cart = (who: string) => ({ type: 'cart_abandoned', customer: { email: who }, properties: { cartUrl: `https://shop.example/cart/${who}`, items: [{ name: 'Sourdough', quantity: 2 }] } });
    expect((await post('/v1/events', { events: [cart('ann@example.com'), cart('bea@example.com')] })).body.accepted).toBe(2);
    await runWorker();
    h.clock.advance(30 * MINUTE);
    expectStatus(await post('/v1/orders', { externalId: 'bea-1', customer: { email: 'bea@example.com' }, total: 18, currency: 'USD', channel: 'online', occurredAt: h.clock.now().toISOString() }), 201);
    h.clock.advance(31 * MINUTE);
    await runWorker();
    const mails = h.smtp.messages.filter((m) => m.envelopeTo.some((to) => to.endsWith('@example.com')));
    expect(mails.map((m) => m.envelopeTo)).toEqual([['ann@example.com']]);
    expect(String(mails[0].html)).toContain('Sourdough');

    // The outbox page lists that one email.
    await page.getByRole('link', { name: 'Outbox (dev)' }).click();
    await page.getByRole('heading', { name: 'Outbox', level: 1 }).waitFor();
    const opened = page.getByRole('button', { name: /^Open email: / });
    await opened.first().waitFor();
    const listed = (await get('/v1/dev/outbox/email')).body.items.filter((m: { to: string[] | string }) => String(m.to).includes('ann@example.com'));
    expect(listed).toHaveLength(1);
    expect(await opened.filter({ hasText: listed[0].subject }).count()).toBe(1);

    // Ann reads it a few minutes later (a click right on delivery is a mail scanner's), clicks its tracked link and buys.
    h.clock.advance(5 * MINUTE);
    const link = /\/t\/c\/[\w-]+/.exec(String(mails[0].html))![0];
    expect((await h.api.http().get(link).set('User-Agent', CHROME).redirects(0)).status).toBe(302);
    await h.api.app.get(EngagementRecorder).flush();
    h.clock.advance(10 * MINUTE);
    expectStatus(await post('/v1/orders', { externalId: 'ann-1', customer: { email: 'ann@example.com' }, total: 42.5, currency: 'USD', channel: 'online', occurredAt: h.clock.now().toISOString() }), 201);

    const [total] = (await get(`/v1/reports/campaigns/${id}`)).body.funnel;
    expect(total).toMatchObject({ level: 'campaign', sent: 1 });
    expect(total.revenue).toBeGreaterThanOrEqual(42.5);
    await page.goto(`/admin/campaigns/${id}/report`);
    await page.getByRole('heading', { name: 'Report: Abandoned cart' }).waitFor();
    expect(await page.getByTestId('kpi-converted-value').textContent()).toBe(String(total.converted));
    expect(await page.getByTestId('kpi-revenue-value').textContent()).toBe(money(total.revenue));
    expect(await page.getByTestId('kpi-spend-value').textContent()).toBe(money(total.cost));
    expect(await page.getByTestId('kpi-roi-value').textContent()).toBe(new Intl.NumberFormat('en-US', { style: 'percent', maximumFractionDigits: 0 }).format(total.roi));
    expect(await seriousAccessibilityViolations(page)).toEqual([]);
    await screenshot(page, 'campaign-flow-report');
    expect(outside).toEqual([]);
    expect(consoleErrors(page)).toEqual([]);
    await context.close();
  }, 90_000);
});
