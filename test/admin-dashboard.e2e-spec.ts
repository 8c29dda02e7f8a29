import { bearer, signUpBusiness } from './support/api-harness';
import { insertCustomer, insertLocation } from './support/delivery-factories';
import { historyFactories } from './support/history-factories';
import { consoleErrors, newPage, screenshot, seriousAccessibilityViolations, startAdmin, WIDTHS, type AdminHarness } from './support/browser';

/** The owner's dashboard shows what the overview API says for the same period. */
describe('admin UI: the dashboard in a real browser', () => {
  let admin: AdminHarness;
  beforeAll(async () => {
    admin = await startAdmin();
  }, 60_000);
  afterAll(() => admin?.close());

  it("shows the overview API's figures for the period it asked for, with the previous period beside them", async () => {
    const { apiKey, businessId } = await signUpBusiness(admin.api);
    const store = await insertLocation(admin.api.dataSource, businessId, 'Elm Street');
    const day = 86_400_000;
    const orders = [
      { total: 42.5, daysAgo: 2, store: true }, { total: 18, daysAgo: 5, store: false }, { total: 99.99, daysAgo: 12, store: true },
      { total: 30, daysAgo: 40, store: false }, // the previous 30 days
    ];
    for (const [i, o] of orders.entries()) {
      const res = await admin.api.http().post('/v1/orders').set(bearer(apiKey)).send({
        externalId: `d${i}`, customer: { email: `buyer${i % 3}@example.com` }, total: o.total, currency: 'USD', channel: o.store ? 'in_store' : 'online',
        ...(o.store ? { locationId: store } : {}), occurredAt: new Date(Date.now() - o.daysAgo * day).toISOString(),
      });
      expect(res.status).toBe(201);
    }
    // A message about Elm Street (its customer's nearest store) cost 1.50.
    const f = historyFactories(admin.api.dataSource, businessId);
    const near = await insertCustomer(admin.api.dataSource, businessId, { nearestLocationId: store });
    const sentAt = new Date(Date.now() - 3 * day);
    await f.message(near, { campaignId: await f.campaign('Nearby offer'), createdAt: sentAt, sentAt, cost: 1.5 });

    for (const size of [WIDTHS.desktop, WIDTHS.phone]) {
      const { context, page, outside } = await newPage(admin, size);
      const asked = page.waitForResponse((r) => r.url().includes('/v1/reports/overview'));
      await page.goto(`/admin/sign-in#key=${apiKey}`);
      const query = new URL((await asked).url()).searchParams;
      const api = await admin.api.http().get(`/v1/reports/overview?from=${encodeURIComponent(query.get('from')!)}&to=${encodeURIComponent(query.get('to')!)}&churnLimit=10`).set(bearer(apiKey));
      expect(api.status).toBe(200);
      expect(api.body.totals.revenue).toBeCloseTo(160.49, 2);
      // Amounts under a dollar keep up to four decimals (a message costs fractions of a cent).
      const money = (n: number) => new Intl.NumberFormat('en-US', { style: 'currency', currency: 'USD', maximumFractionDigits: n !== 0 && Math.abs(n) < 1 ? 4 : 2 }).format(n);
      await page.getByTestId('kpi-revenue-value').waitFor();
      expect(await page.getByTestId('kpi-revenue-value').textContent()).toBe(money(api.body.totals.revenue));
      expect(await page.getByTestId('kpi-spend-value').textContent()).toBe(money(api.body.totals.spend));
      expect(await page.getByTestId('kpi-messagesSent-value').textContent()).toBe(String(api.body.totals.messagesSent));
      // No campaign held anyone out: the API says null, the page says so.
      expect(api.body.totals.incrementalRevenue).toBeNull();
      expect(await page.getByTestId('kpi-incrementalRevenue').textContent()).toContain('no campaign held anyone out');
      expect(await page.getByTestId('kpi-revenue').textContent()).toContain(`vs ${money(api.body.previous.totals.revenue)}`);
      // 160.49 against 30 before: +435 %.
      expect(await page.getByTestId('kpi-revenue').textContent()).toContain('+435%');
      await page.getByRole('region', { name: 'By store' }).getByRole('cell', { name: 'Elm Street' }).waitFor();
      // The store's spend, ROI as a percentage and (no holdout) why there is no incremental ROI; the line with no store is "Online".
      expect(api.body.byStore.find((l: { locationId: string | null }) => l.locationId === store)).toMatchObject({ name: 'Elm Street', spend: 1.5, roi: -1, roiPercent: -100, incrementalRoi: null });
      expect(await page.getByTestId(`store-${store}`).textContent()).toBe(`Elm Street2${money(142.49)}${money(0)}${money(1.5)}−100 %no holdout`);
      expect(await page.getByTestId('store-online').textContent()).toMatch(/^Online/);
      // The churn list comes apart from the figures (the overview leaves it out), as of the period's end.
      expect(query.get('churnLimit')).toBe('0');
      const churn = await admin.api.http().get(`/v1/reports/churn-risk?asOf=${encodeURIComponent(query.get('to')!)}&limit=10`).set(bearer(apiKey));
      expect(churn.body.items.length).toBeGreaterThan(0);
      await page.getByTestId('churn-risk').waitFor();
      const listed = await page.getByTestId('churn-risk').getByRole('listitem').allTextContents();
      expect(listed.map((t) => t.split(' ')[0])).toEqual(churn.body.items.map((c: { email: string }) => c.email));
      await page.getByRole('img', { name: /Revenue per day/ }).waitFor();
      expect(await seriousAccessibilityViolations(page)).toEqual([]);
      await screenshot(page, 'dashboard');
      // Another period: the page asks again and shows the answer.
      const again = page.waitForResponse((r) => r.url().includes('/v1/reports/overview') && r.status() === 200);
      await page.getByText('90 days').click();
      await again;
      await page.getByTestId('kpi-revenue-value').filter({ hasText: money(190.49) }).waitFor();
      expect(outside).toEqual([]);
      expect(consoleErrors(page)).toEqual([]);
      await context.close();
    }
  }, 90_000);
});
