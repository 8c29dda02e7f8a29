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
const pValue = (p: number) => (p < 0.001 ? '< 0.001' : p.toFixed(3));
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
    const [experiment] = (await h.api.http().get(`/v1/reports/campaigns/${campaignId}/experiment`).set(bearer(key))).body.experiments;
    // 16 enrolled, a quarter held out: every arm is below the default minimum sample of 100, so the always-valid test is still collecting.
    const challenger = experiment.alwaysValid.metrics.conversion_rate.arms[1];
    expect(experiment.alwaysValid).toMatchObject({ decidedBy: 'always_valid', reason: 'no_winner_yet' });
    expect(challenger).toMatchObject({ key: 'B', verdict: 'too_small_to_tell', looks: 0 });
    for (const size of [WIDTHS.desktop, WIDTHS.phone]) {
      const { context, page, outside } = await newPage(admin, size);
      await page.goto(`/admin/sign-in#key=${key}`);
      await page.getByRole('heading', { name: 'Dashboard' }).waitFor();
      const geoLiftAnswer = page.waitForResponse((r) => r.url().includes('/geo-lift'));
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
      // The always-valid verdict decides, in plain words, with its p-value and confidence sequence beside the fixed-horizon figures.
      const verdict = page.getByTestId('always-valid-ab');
      expect(await verdict.textContent()).toContain('Verdict: Collecting data');
      expect(await verdict.textContent()).toContain('Decided by the always-valid test (a mixture sequential probability ratio test, from the data so far)');
      const conversion = split.getByRole('region', { name: 'Conversion rate by variant, split ab' });
      await conversion.getByRole('columnheader', { name: 'Always-valid test (decides)' }).waitFor();
      const rowB = await conversion.getByRole('row').filter({ has: page.getByRole('rowheader', { name: 'B', exact: true }) }).textContent();
      expect(rowB).toContain(`${pValue(challenger.adjustedPValue)} (${pValue(challenger.pValue)})`);
      expect(rowB).toContain('Collecting data');
      await page.getByRole('img', { name: /Per day from Mar 2 to Mar 2: \d+ sent, 1 clicks, 1 conversions/ }).waitFor();
      // Who got what, and why.
      const recipients = page.getByRole('region', { name: 'Recipients' });
      const row = recipients.getByRole('row').filter({ hasText: 'Guest' }).filter({ hasText: '$40.00' });
      await row.waitFor();
      expect(await row.textContent()).toContain('clicked');
      await row.getByRole('button', { name: /^Why:/ }).click();
      await recipients.getByRole('list', { name: 'Why: every step it reached' }).getByText(/ab \(split\): split — variant [AB]/).waitFor();
      // Not aimed at an area: the API says so (422) and there is no geo-lift section.
      expect((await geoLiftAnswer).status()).toBe(422);
      expect(await page.getByTestId('geo-lift').count()).toBe(0);
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

  it('an area campaign shows its geo lift: incremental orders and revenue with ranges, the comparison, the pre-trend check and caveats', async () => {
    const DAY = 86_400_000;
    const store = async (name: string, lat: number) => (await post('/v1/locations', { name, lat, lng: -75 })).body.id as string;
    const [storeA, storeB] = [await store('Corner A', 40), await store('Corner B', 40.2)];
    const fence = await post('/v1/geofences', { name: 'Around Corner A', storeId: storeA, center: { lat: 40, lng: -75 }, radiusMeters: 1000, cooldownSeconds: 3600 });
    const template = (await post('/v1/templates', { name: 'Nearby', channel: 'email', subject: 'Pop in', html: '<p>Pop in</p>' })).body.id as string;
    const nearby = await post('/v1/campaigns', { name: 'Corner A nearby', trigger: { type: 'geofence', geofenceId: fence.body.id, on: 'entered' }, steps: [{ id: 'hi', type: 'email', templateId: template }] });
    expectStatus(nearby, 201);
    expectStatus(await post(`/v1/campaigns/${nearby.body.id}/activate`, {}), 200);
    const start = h.clock.now().getTime() - 30 * DAY;
    await h.db.query('UPDATE campaign SET activated_at = $2 WHERE id = $1', [nearby.body.id, new Date(start)]);
    // 60 customers inside the fence, 120 around Corner B; seeded orders at the same rates, plus one $25 order each inside after the start.
    let seed = 7;
    const rnd = () => ((seed = (Math.imul(seed, 1664525) + 1013904223) >>> 0) / 2 ** 32);
    const people = [...Array.from({ length: 60 }, () => ({ lat: 40, store: storeA, r: 950, inside: true })), ...Array.from({ length: 120 }, () => ({ lat: 40.2, store: storeB, r: 3000, inside: false }))]
      .map((p) => { const d = p.r * Math.sqrt(rnd()); const a = 2 * Math.PI * rnd(); return { ...p, lat: p.lat + (d * Math.cos(a)) / 111_195, lng: -75 + (d * Math.sin(a)) / (111_195 * Math.cos((p.lat * Math.PI) / 180)) }; });
    const ids = (await h.db.query(
      `INSERT INTO customer (business_id, email, lat, lng, nearest_location_id, created_at)
       SELECT $1, 'near' || n || '@example.com', lat, lng, store, $5 FROM unnest($2::float8[], $3::float8[], $4::uuid[]) WITH ORDINALITY AS t(lat, lng, store, n) RETURNING id`,
      [businessId, people.map((p) => p.lat), people.map((p) => p.lng), people.map((p) => p.store), new Date(start - 200 * DAY)],
    )).map((r: { id: string }) => r.id);
    const orders = people.flatMap((p, i) => {
      const rate = [0.02, 0.05, 0.1][Math.floor(rnd() * 3)];
      const mine = Array.from({ length: 140 }, (_, k) => k - 112).filter(() => rnd() < rate).map((day) => ({ at: start + day * DAY + 3_600_000, total: 20 }));
      return [...mine, ...(p.inside ? [{ at: start + 5 * DAY, total: 25 }] : [])].map((o) => ({ ...o, customer: ids[i] }));
    });
    await h.db.query(
      `INSERT INTO orders (business_id, external_id, customer_id, total, currency, channel, occurred_at)
       SELECT $1, 'near-' || n, c, 0 + t, 'USD', 'in_store', at FROM unnest($2::uuid[], $3::numeric[], $4::timestamptz[]) WITH ORDINALITY AS x(c, t, at, n)`,
      [businessId, orders.map((o) => o.customer), orders.map((o) => o.total), orders.map((o) => new Date(o.at))],
    );
    const api = (await h.api.http().get(`/v1/reports/campaigns/${nearby.body.id}/geo-lift`).set(bearer(key))).body;
    expect(api).toMatchObject({ status: 'estimated', comparison: { stores: [{ name: 'Corner B' }] } });
    const count = (n: number) => new Intl.NumberFormat('en-US', { maximumFractionDigits: 1 }).format(n);
    const whole = (n: number) => new Intl.NumberFormat('en-US', { style: 'currency', currency: 'USD', maximumFractionDigits: 0 }).format(n);
    for (const size of [WIDTHS.desktop, WIDTHS.phone]) {
      const { context, page, outside } = await newPage(admin, size);
      await page.goto(`/admin/sign-in#key=${key}`);
      await page.getByRole('heading', { name: 'Dashboard' }).waitFor();
      await page.goto(`/admin/campaigns/${nearby.body.id}/report`);
      const section = page.getByRole('region', { name: 'Geo lift: what the campaign caused in its area' });
      await section.waitFor();
      const sentence = await section.getByTestId('geo-lift-sentence').textContent();
      expect(sentence).toContain(`${count(api.incrementalOrders.estimate)} orders (between ${count(api.incrementalOrders.low)} and ${count(api.incrementalOrders.high)})`);
      expect(sentence).toContain(whole(Math.abs(api.incrementalRevenue.estimate)));
      expect(await section.getByTestId('geo-lift-comparison').textContent()).toContain(`${api.groups.treatedCustomers} customers living in the area (geofence "Around Corner A", from the trigger) against ${api.groups.comparisonCustomers} living around Corner B`);
      expect(await section.getByTestId('geo-lift-pretrend').textContent()).toMatch(api.preTrend.parallel ? /changed their ordering alike/ : /^Before the campaignCaution:/);
      expect(await section.getByTestId('geo-lift-caveats').textContent()).toContain('whether or not the campaign reached them');
      await section.getByRole('rowheader', { name: 'Incremental revenue' }).waitFor();
      expect(await seriousAccessibilityViolations(page)).toEqual([]);
      await screenshot(page, 'campaign-report-geo-lift');
      if (size === WIDTHS.desktop) {
        const [file] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Download the geo lift as CSV' }).click()]);
        expect(file.suggestedFilename()).toBe('corner-a-nearby-geo-lift.csv');
        const lines = parse(readFileSync(await file.path()).toString(), { columns: true }) as Record<string, string>[];
        expect(Number(lines.find((l) => l.metric === 'incremental_orders')?.estimate)).toBe(api.incrementalOrders.estimate);
      }
      expect(outside).toEqual([]);
      expect(consoleErrors(page)).toEqual([]);
      await context.close();
    }
  }, 60_000);
});
