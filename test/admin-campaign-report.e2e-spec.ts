import { readFileSync } from 'node:fs';
import { parse } from 'csv-parse/sync';
import type { Page } from 'playwright-core';
import { EngagementRecorder } from '../libs/analytics/src';
import { CLOCK, type Clock } from '../libs/core/src';
import { bearer, signUpBusiness } from './support/api-harness';
import { consoleErrors, newPage, screenshot, seriousAccessibilityViolations, startAdmin, WIDTHS, type AdminHarness } from './support/browser';
import { runWorkerUntilIdle, startDeliveryHarness, type DeliveryHarness } from './support/delivery-harness';
import { expectStatus, seedKey } from './support/e2e-helpers';

const CHROME = 'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0.0.0 Safari/537.36';
const CUSTOMERS = 16;
// Amounts under a dollar keep up to four decimals (a message costs fractions of a cent).
const money = (n: number) => new Intl.NumberFormat('en-US', { style: 'currency', currency: 'USD', maximumFractionDigits: n !== 0 && Math.abs(n) < 1 ? 4 : 2 }).format(n);
const percent = (n: number) => new Intl.NumberFormat('en-US', { style: 'percent', maximumFractionDigits: 0 }).format(n);

/**
 * The owner reads a campaign's results: an A/B split with a holdout, sent through the real SMTP
 * server by the delivery worker; a customer clicks the tracked link in the mail and buys. The report
 * page shows the conversion, revenue and ROI the report API gives, the A/B test, the holdout in
 * words and who got what with why; every table downloads as CSV; an analyst reads it too.
 */
describe('admin UI: the campaign report in a real browser', () => {
  let h: DeliveryHarness;
  let admin: AdminHarness;
  let key: string;
  let businessId: string;
  let campaignId: string;
  let buyer: string;

  const post = (path: string, body: unknown) => h.api.http().post(path).set(bearer(key)).send(body as object);

  const runWorker = () => runWorkerUntilIdle(h);

  beforeAll(async () => {
    h = await startDeliveryHarness('2026-03-02T15:00:00Z');
    h.api.app.get<Clock>(CLOCK).now = () => h.clock.now();
    admin = await startAdmin({}, h.api);
    ({ apiKey: key, businessId } = await signUpBusiness(h.api, { name: 'Elm Street Bakery' }));
    const template = async (name: string) => (await post('/v1/templates', { name, channel: 'email', subject: `${name} for you`, html: `<p>${name}</p><a href="https://shop.example/menu">Menu</a>` })).body.id as string;
    const [a, b] = [await template('Croissants'), await template('Baguettes')];
    const created = await post('/v1/campaigns', {
      name: 'Spring A/B', trigger: { type: 'event', eventType: 'spring' }, goal: { type: 'order', within: 'P7D' }, holdoutPercent: 25,
      steps: [
        { id: 'ab', type: 'split', branches: [{ name: 'A', weight: 1, next: 'mail-a' }, { name: 'B', weight: 1, next: 'mail-b' }] },
        { id: 'mail-a', type: 'email', templateId: a },
        { id: 'mail-b', type: 'email', templateId: b },
      ],
    });
    expectStatus(created, 201);
    campaignId = created.body.id;
    expectStatus(await post(`/v1/campaigns/${campaignId}/activate`, {}), 200);
    const emails = Array.from({ length: CUSTOMERS }, (_, i) => `guest${i}@example.com`);
    for (const [i, email] of emails.entries()) expectStatus(await post('/v1/customers', { email, firstName: `Guest${i}` }), 201);
    expect((await post('/v1/events', { events: emails.map((email) => ({ type: 'spring', customer: { email } })) })).body.accepted).toBe(CUSTOMERS);
    await runWorker();
    // An hour later a customer reads the mail, clicks its tracked link and buys.
    h.clock.advance(3_600_000);
    const mail = h.smtp.messages.find((m) => m.envelopeTo.some((to) => emails.includes(to)))!;
    buyer = mail.envelopeTo[0];
    const path = /\/t\/c\/[\w-]+/.exec(String(mail.html))![0];
    expect((await h.api.http().get(path).set('User-Agent', CHROME).redirects(0)).status).toBe(302);
    await h.api.app.get(EngagementRecorder).flush();
    expectStatus(await post('/v1/orders', { externalId: 'pos-1', customer: { email: buyer }, total: 40, currency: 'USD', channel: 'in_store', occurredAt: h.clock.now().toISOString() }), 201);
  }, 60_000);
  afterAll(async () => {
    await admin?.close();
    await h?.close();
  });

  async function download(page: Page, label: string): Promise<Record<string, string>[]> {
    const [file] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: `Download ${label} as CSV` }).click()]);
    expect(file.suggestedFilename()).toMatch(/^spring-a-b-\w+\.csv$/);
    return parse(readFileSync(await file.path()).toString(), { columns: true }) as Record<string, string>[];
  }

  it("shows the report API's conversion, revenue and ROI, the A/B test, the holdout in words and who got what; every table downloads as CSV", async () => {
    const api = (await h.api.http().get(`/v1/reports/campaigns/${campaignId}`).set(bearer(key))).body;
    const [total] = api.funnel;
    expect(total).toMatchObject({ level: 'campaign', converted: 1, revenue: 40 });
    for (const size of [WIDTHS.desktop, WIDTHS.phone]) {
      const { context, page, outside } = await newPage(admin, size);
      await page.goto(`/admin/sign-in#key=${key}`);
      await page.getByRole('heading', { name: 'Dashboard' }).waitFor();
      await page.goto(`/admin/campaigns/${campaignId}/report`);
      await page.getByRole('heading', { name: 'Report: Spring A/B' }).waitFor();
      expect(await page.getByTestId('report-header').textContent()).toMatch(/active.*Version 1.*USD/);
      expect(await page.getByTestId('kpi-converted-value').textContent()).toBe(String(total.converted));
      expect(await page.getByTestId('kpi-revenue-value').textContent()).toBe(money(total.revenue));
      expect(await page.getByTestId('kpi-spend-value').textContent()).toBe(money(total.cost));
      expect(await page.getByTestId('kpi-roi-value').textContent()).toBe(percent(total.roi));
      expect(await page.getByTestId('kpi-enrolled-value').textContent()).toBe(String(CUSTOMERS));
      // The holdout in words, from the same numbers.
      expect(await page.getByTestId('holdout-sentence').textContent()).toMatch(/Last-touch ROI, which credits it with every order after a click, is [\d,]+%\./);
      // Each section names what it counts as a conversion: the funnel credited orders, the holdout and the A/B test goal-window orders.
      expect([api.conversionDefinition.key, api.holdout.conversionDefinition.key]).toEqual(['attributed', 'goal_window']);
      expect(await page.getByTestId('funnel-conversions').textContent()).toMatch(/^Conversions here are orders credited to this campaign/);
      expect(await page.getByTestId('holdout-conversions').textContent()).toMatch(/within the goal window, whichever campaign got the credit/);
      expect(await page.getByTestId('split-conversions-ab').textContent()).toMatch(/within the goal window, whichever campaign got the credit/);
      // Where an arm is too small to estimate, the holdout table says why in words (the API's reason), not a dash.
      const holdoutTable = await page.getByRole('region', { name: 'Holdout comparison' }).textContent();
      for (const line of [api.holdout, ...api.holdout.byVariant]) if (line.uplift === null && line.tooSmall) expect(holdoutTable).toContain(line.tooSmall.message);
      // The A/B test with its check and what judged it (no rule: the business's defaults).
      const split = page.getByTestId('split-ab');
      await split.waitFor();
      expect(await split.textContent()).toContain('Judged on Conversion rate at 95% confidence, by your A/B defaults in Settings');
      expect(await split.textContent()).toMatch(/Sample ratio (as configured|mismatch)/);
      await page.getByRole('img', { name: /Per day from Mar 2 to Mar 2: \d+ sent, 1 clicks, 1 conversions/ }).waitFor();
      // Who got what, and why.
      const recipients = page.getByRole('region', { name: 'Recipients' });
      const row = recipients.getByRole('row').filter({ hasText: 'Guest' }).filter({ hasText: '$40.00' });
      await row.waitFor();
      expect(await row.textContent()).toContain('clicked');
      await row.getByRole('button', { name: /^Why:/ }).click();
      await recipients.getByRole('list', { name: 'Why: every step it reached' }).getByText(/ab \(split\): split — variant [AB]/).waitFor();
      expect(await seriousAccessibilityViolations(page)).toEqual([]);
      await screenshot(page, 'campaign-report');
      if (size === WIDTHS.desktop) {
        const funnel = await download(page, 'the funnel');
        expect(funnel.find((r) => r.level === 'campaign')).toMatchObject({ converted: '1', revenue: '40' });
        const holdout = await download(page, 'the holdout comparison');
        expect(holdout[0]).toMatchObject({ variant: '', treated_conversions: '1', treated_revenue: '40' });
        expect((await download(page, 'the days')).map((d) => d.day)).toEqual(['2026-03-02']);
        expect(new Set((await download(page, 'the A/B results')).map((r) => r.variant))).toEqual(new Set(['A', 'B']));
        const everyone = await download(page, 'every recipient');
        expect(everyone).toHaveLength(CUSTOMERS);
        expect(everyone.find((r) => r.email === buyer)).toMatchObject({ conversions: '1', revenue: '40' });
      }
      expect(outside).toEqual([]);
      expect(consoleErrors(page)).toEqual([]);
      await context.close();
    }
  }, 60_000);

  it('a campaign nobody has been held out of yet says so in words', async () => {
    const created = await post('/v1/campaigns', {
      name: 'Small holdout', trigger: { type: 'event', eventType: 'small' }, holdoutPercent: 10,
      steps: [{ id: 'mail', type: 'email', templateId: (await post('/v1/templates', { name: 'Small', channel: 'email', subject: 'Hi', html: '<p>Hi</p>' })).body.id }],
    });
    expectStatus(created, 201);
    const small = created.body.id as string;
    expectStatus(await post(`/v1/campaigns/${small}/activate`, {}), 200);
    // A start of 0: at 10 % the first 9 enrolments hold nobody out.
    await h.db.query(`INSERT INTO campaign_holdout_tally (business_id, campaign_id, phase) VALUES ($1, $2, 0)`, [businessId, small]);
    expect((await post('/v1/events', { events: [0, 1, 2].map((i) => ({ type: 'small', customer: { email: `guest${i}@example.com` } })) })).body.accepted).toBe(3);
    await runWorker();
    const api = (await h.api.http().get(`/v1/reports/campaigns/${small}`).set(bearer(key))).body;
    expect(api.holdout.tooSmall).toEqual({ code: 'no_holdout_yet', message: 'Nobody has been held out yet (3 enrolments messaged): there is no one to compare with.' });
    for (const size of [WIDTHS.desktop, WIDTHS.phone]) {
      const { context, page } = await newPage(admin, size);
      await page.goto(`/admin/sign-in#key=${key}`);
      await page.getByRole('heading', { name: 'Dashboard' }).waitFor();
      await page.goto(`/admin/campaigns/${small}/report`);
      await page.getByTestId('holdout-sentence').filter({ hasText: 'Nobody has been held out yet' }).waitFor();
      expect(await page.getByTestId('holdout-sentence').textContent()).toContain(api.holdout.tooSmall.message);
      expect(await page.getByRole('region', { name: 'Holdout comparison' }).textContent()).toContain(api.holdout.tooSmall.message);
      await page.getByRole('img', { name: /Per day from/ }).waitFor();
      await screenshot(page, 'campaign-report-too-small');
      expect(consoleErrors(page)).toEqual([]);
      await context.close();
    }
  }, 60_000);

  it('an analyst reads the same report', async () => {
    const analyst = await seedKey(h.api, businessId, 'analyst');
    const { context, page } = await newPage(admin, WIDTHS.desktop);
    await page.goto(`/admin/sign-in#key=${analyst.apiKey}`);
    await page.getByRole('heading', { name: 'Dashboard' }).waitFor();
    await page.goto(`/admin/campaigns/${campaignId}/report`);
    await page.getByTestId('kpi-revenue-value').filter({ hasText: money(40) }).waitFor();
    await page.getByRole('button', { name: 'Download the funnel as CSV' }).waitFor();
    expect(consoleErrors(page)).toEqual([]);
    await context.close();
  }, 30_000);
});
