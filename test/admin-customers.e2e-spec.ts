import { bearer, signUpBusiness } from './support/api-harness';
import { consoleErrors, newPage, screenshot, seriousAccessibilityViolations, startAdmin, WIDTHS, type AdminHarness } from './support/browser';

/** Customers in the admin UI: search as you type, the profile and its timeline, as the API has them. */
describe('admin UI: customers in a real browser', () => {
  let admin: AdminHarness;
  beforeAll(async () => {
    admin = await startAdmin();
  }, 60_000);
  afterAll(() => admin?.close());

  it('finds a customer by typing part of a name; the profile shows an order posted through the API on the timeline', async () => {
    const { apiKey } = await signUpBusiness(admin.api);
    const people = [
      { firstName: 'Ana', lastName: 'Lopez', email: 'ana.lopez@example.com', tags: ['vip'], consent: { email: { status: 'granted', source: 'form' } } },
      { firstName: 'Anabel', lastName: 'Quist', email: 'anabel@example.com' },
      { firstName: 'Bob', lastName: 'Marsh', phone: '+13125550177' },
    ];
    for (const p of people) expect((await admin.api.http().post('/v1/customers').set(bearer(apiKey)).send(p)).status).toBe(201);
    const order = await admin.api.http().post('/v1/orders').set(bearer(apiKey)).send({ externalId: 'pos-1', customer: { email: 'ana.lopez@example.com' }, total: 23.75, currency: 'USD', channel: 'in_store' });
    expect(order.status).toBe(201);

    for (const size of [WIDTHS.desktop, WIDTHS.phone]) {
      const { context, page, outside } = await newPage(admin, size);
      await page.goto(`/admin/sign-in?redirect=%2Fcustomers#key=${apiKey}`);
      await page.getByTestId('customer-total').filter({ hasText: '3 customers' }).waitFor();
      await screenshot(page, 'customers');
      await page.getByLabel('Search').fill('ana lo');
      const expected = await admin.api.http().get('/v1/customers?q=ana%20lo').set(bearer(apiKey));
      expect(expected.body.items.map((c: { email: string }) => c.email)).toEqual(['ana.lopez@example.com']);
      await page.getByTestId('customer-total').filter({ hasText: /^1 customer$/ }).waitFor();
      expect(await page.getByRole('region', { name: 'Customers' }).getByRole('row').count()).toBe(2);
      expect(await seriousAccessibilityViolations(page)).toEqual([]);
      await page.getByRole('link', { name: 'Ana Lopez' }).click();
      await page.getByRole('heading', { name: 'Ana Lopez', level: 1 }).waitFor();
      const timeline = page.getByTestId('timeline');
      await timeline.getByText(/23\.75/).waitFor();
      await page.getByText('vip', { exact: true }).waitFor();
      expect(await seriousAccessibilityViolations(page)).toEqual([]);
      await screenshot(page, 'customer-profile');
      expect(outside).toEqual([]);
      expect(consoleErrors(page)).toEqual([]);
      await context.close();
    }
  }, 90_000);
});
