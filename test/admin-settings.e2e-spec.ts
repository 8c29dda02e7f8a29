import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { JourneyService, TriggerService } from '../libs/campaigns/src';
import { CLOCK, type Clock } from '../libs/core/src';
import { signUpBusiness } from './support/api-harness';
import { consoleErrors, newPage, screenshot, seriousAccessibilityViolations, startAdmin, WIDTHS, type AdminHarness } from './support/browser';
import { clientFor, createKey, expectStatus, type Client } from './support/e2e-helpers';
import { startDeliveryHarness, type DeliveryHarness } from './support/delivery-harness';

const START = '2026-03-02T15:00:00Z';

/** Settings (each section saved on its own, refusals at their fields) and the dev outbox, as an owner, a marketer and an analyst use them. */
describe('admin UI: settings and the dev outbox in a real browser', () => {
  let h: DeliveryHarness;
  let admin: AdminHarness;
  let owner: Client;
  let ownerKey: string;

  async function expectCleanPage(page: Page, name: string, exclude?: string): Promise<void> {
    expect(await seriousAccessibilityViolations(page, exclude)).toEqual([]);
    // From the top: a full-page shot of a scrolled page draws the fixed header midway.
    await page.evaluate('window.scrollTo(0, 0)');
    await screenshot(page, name);
  }

  async function signedIn(key: string, path: string, size: (typeof WIDTHS)[keyof typeof WIDTHS] = WIDTHS.desktop) {
    const opened = await newPage(admin, size);
    await opened.page.goto(`/admin/sign-in?redirect=${encodeURIComponent(path)}#key=${key}`);
    return opened;
  }

  async function runWorker(): Promise<void> {
    for (let round = 0; round < 10; round++) {
      const moved = (await h.api.app.get(TriggerService).drainInbox(500)) + (await h.api.app.get(JourneyService).runDue(500)) + (await h.delivery.runOnce(500)).claimed;
      if (moved === 0) return;
    }
  }

  beforeAll(async () => {
    h = await startDeliveryHarness(START, {}, { outboxDir: mkdtempSync(join(tmpdir(), 'lr-outbox-')) });
    h.api.app.get<Clock>(CLOCK).now = () => h.clock.now();
    admin = await startAdmin({}, h.api);
    ownerKey = (await signUpBusiness(h.api, { name: 'Browser Bakery' })).apiKey;
    owner = clientFor(h.api, ownerKey);
  }, 60_000);
  afterAll(async () => {
    await admin?.close();
    await h?.close();
  });

  it('an owner saves each section on its own; a refused save keeps what was typed and names the field; the sender waits for confirmation', async () => {
    const { context, page, outside } = await signedIn(ownerKey, '/settings');
    await page.getByRole('heading', { name: 'Settings', level: 1 }).waitFor();
    // The business profile: a bad country is refused at its field and kept as typed; fixed, it saves and /v1/me says so.
    expect(await page.getByLabel('Business name').inputValue()).toBe((await owner.get('/v1/me')).body.business.name);
    await page.getByLabel('Business name').fill('Browser Bakery & Café');
    await page.getByLabel('Country (ISO 3166)').fill('USA');
    await page.getByRole('button', { name: 'Save business' }).click();
    await page.getByLabel('Country (ISO 3166)').and(page.locator('[aria-invalid="true"]')).waitFor();
    expect(await page.getByLabel('Business name').inputValue()).toBe('Browser Bakery & Café');
    await page.getByLabel('Country (ISO 3166)').fill('CA');
    await page.getByRole('button', { name: 'Save business' }).click();
    await page.getByRole('status').filter({ hasText: 'Saved' }).first().waitFor();
    expect((await owner.get('/v1/me')).body.business).toMatchObject({ name: 'Browser Bakery & Café', country: 'CA' });

    // SMS quiet hours: an end equal to the start is refused at the "until" field, and stays as typed.
    const until = page.getByLabel('SMS: until');
    expect(await until.inputValue()).toBe('21:00');
    await until.fill('08:00');
    await page.getByRole('button', { name: 'Save quiet hours' }).click();
    await page.getByText('must differ from start').waitFor();
    expect(await until.getAttribute('aria-invalid')).toBe('true');
    expect(await until.inputValue()).toBe('08:00');
    await until.fill('20:00');
    await page.getByRole('button', { name: 'Save quiet hours' }).click();
    await page.getByRole('region', { name: 'Quiet hours' }).getByRole('status').getByText('Saved').waitFor();
    expect((await owner.get('/v1/settings')).body.quietHours.sms).toEqual({ start: '08:00', end: '20:00' });

    // Costs: not a number is named at its field; the other sections are untouched.
    await page.getByLabel('Per email').fill('abc');
    await page.getByRole('button', { name: 'Save costs' }).click();
    await page.getByText('must be a number from 0 to 10 with at most 5 decimals').waitFor();
    expect(await page.getByLabel('Per email').inputValue()).toBe('abc');

    // A/B defaults: a duration in months is refused at its field; the metric and confidence are saved.
    const ab = page.getByRole('region', { name: 'A/B testing defaults' });
    await ab.getByLabel('Winner chosen on').selectOption({ label: 'Click rate' });
    await ab.getByLabel('Confidence').fill('0.99');
    await ab.getByLabel('Runs at least').fill('P1M');
    await page.getByRole('button', { name: 'Save A/B testing defaults' }).click();
    await ab.getByText('must use weeks, days, hours or minutes (months and years vary in length)').waitFor();
    expect(await ab.getByLabel('Confidence').inputValue()).toBe('0.99');
    await ab.getByLabel('Runs at least').fill('P14D');
    await page.getByRole('button', { name: 'Save A/B testing defaults' }).click();
    await ab.getByRole('status').getByText('Saved').waitFor();
    expect((await owner.get('/v1/settings')).body.experiments).toEqual({ metric: 'click_rate', confidence: 0.99, minSamplePerVariant: 100, minDuration: 'P14D' });

    // A new From address starts pending; mailing the link again within a minute is refused with the wait.
    await page.getByLabel('From address').fill('hello@browser-bakery.example');
    await page.getByRole('button', { name: 'Save email sender' }).click();
    const status = page.getByTestId('sender-confirmation');
    await status.getByText('pending', { exact: true }).waitFor();
    await status.getByText(/^Pending since /).waitFor();
    const sender = (await owner.get('/v1/settings')).body.sender.email;
    expect([sender.fromAddress, sender.confirmation.status]).toEqual(['hello@browser-bakery.example', 'pending']);
    await page.getByRole('button', { name: 'Re-send confirmation' }).click();
    await status.getByRole('alert').getByText(/Try again in \d+ s\./).waitFor();
    await expectCleanPage(page, 'settings');
    expect(outside).toEqual([]);
    expect(consoleErrors(page)).toEqual([]);
    await context.close();

    const phone = await signedIn(ownerKey, '/settings', WIDTHS.phone);
    await phone.page.getByLabel('From address').waitFor();
    expect(await phone.page.getByLabel('From address').inputValue()).toBe('hello@browser-bakery.example');
    await expectCleanPage(phone.page, 'settings');
    await phone.context.close();
  }, 60_000);

  it('a marketer sees the settings read-only and the outbox; an analyst sees neither edit controls nor the outbox', async () => {
    const marketer = await signedIn((await createKey(owner, 'marketer')).apiKey, '/settings');
    await marketer.page.getByText('Only owners change settings').waitFor();
    expect(await marketer.page.getByRole('button', { name: /^Save / }).count()).toBe(0);
    expect(await marketer.page.getByLabel('From address').getAttribute('readonly')).not.toBeNull();
    expect(await marketer.page.getByRole('link', { name: 'API keys' }).count()).toBe(0);
    await marketer.page.getByRole('link', { name: 'Outbox (dev)' }).waitFor();
    await marketer.context.close();
    const analyst = await signedIn((await createKey(owner, 'analyst')).apiKey, '/settings', WIDTHS.phone);
    await analyst.page.getByText('Only owners change settings').waitFor();
    await analyst.page.getByRole('button', { name: 'Toggle navigation' }).click();
    await analyst.page.getByRole('link', { name: 'Settings' }).waitFor();
    expect(await analyst.page.getByRole('link', { name: 'Outbox (dev)' }).count()).toBe(0);
    await analyst.context.close();
  }, 30_000);

  it('the outbox lists what the API lists, newest first; an opened email renders in a sandboxed frame that loads nothing (no open recorded)', async () => {
    const mail = await owner.post('/v1/templates', { name: 'Hello', channel: 'email', subject: 'Fresh bread, {{customer.firstName}}', html: '<h1 style="color:#8a3b12">Hello {{customer.firstName}}</h1><p><a href="https://shop.example/menu">Menu</a></p>' });
    const sms = await owner.post('/v1/templates', { name: 'Hello SMS', channel: 'sms', body: 'Browser Bakery: hi {{customer.firstName}}' });
    const campaign = await owner.post('/v1/campaigns', { name: 'Hello', trigger: { type: 'customer_created' }, steps: [{ id: 'mail', type: 'email', templateId: mail.body.id, next: 'text' }, { id: 'text', type: 'sms', templateId: sms.body.id }] });
    expectStatus(await owner.post(`/v1/campaigns/${campaign.body.id}/activate`, {}), 200);
    expectStatus(await owner.post('/v1/customers', { email: 'ada@example.com', phone: '+13125550101', firstName: 'Ada', consent: { sms: { status: 'granted' } } }), 201);
    await runWorker();
    expectStatus(await owner.post(`/v1/campaigns/${campaign.body.id}/test`, { stepId: 'mail', to: 'me@browser-bakery.example' }), 201);
    const listed = (await owner.get('/v1/dev/outbox/email')).body.items.map((m: { subject: string }) => m.subject);
    // The sender confirmation mail of the first story is the business's too.
    expect(listed).toEqual(['[TEST] Fresh bread, Jamie', 'Fresh bread, Ada', 'Confirm hello@browser-bakery.example as the sender of Browser Bakery & Café']);

    const { context, page, outside } = await signedIn(ownerKey, '/outbox');
    await page.getByRole('heading', { name: 'Outbox', level: 1 }).waitFor();
    const buttons = page.getByRole('button', { name: /^Open email: / });
    await buttons.first().waitFor();
    expect(await buttons.allTextContents()).toEqual(listed);
    await page.getByRole('button', { name: 'Open email: Fresh bread, Ada' }).click();
    const frame = page.locator('iframe[title="Email: Fresh bread, Ada"]');
    expect(await frame.getAttribute('sandbox')).toBe('');
    await page.frameLocator('iframe[title="Email: Fresh bread, Ada"]').getByRole('heading', { name: 'Hello Ada' }).waitFor();
    // The campaign email carries an open pixel; viewing it here must not fetch it. Checked inside the frame once it has loaded
    // (the page's request events do not see a sandboxed srcdoc frame's requests): the pixel is there, and stayed unloaded.
    const inner = (await (await frame.elementHandle())!.contentFrame())!;
    await inner.waitForLoadState('load');
    const images = (await inner.evaluate('Array.from(document.images).map((i) => [new URL(i.src).pathname.slice(0, 5), i.naturalWidth])')) as [string, number][];
    expect(images).toEqual([['/t/o/', 0]]);
    await expectCleanPage(page, 'outbox-email', 'iframe');
    await page.getByRole('tab', { name: 'SMS' }).click();
    await page.getByRole('cell', { name: /^Browser Bakery: hi Ada/ }).waitFor();
    expect(outside).toEqual([]);
    // The frame's own policy refused the open pixel (the only console error): nothing was fetched, so no open is recorded.
    expect(consoleErrors(page)).toEqual([expect.stringMatching(/^Loading the image 'http:\/\/127\.0\.0\.1:\d+\/t\/o\/[^']+' violates the following Content Security Policy directive: "img-src data:"/)]);
    await context.close();

    const phone = await signedIn(ownerKey, '/outbox', WIDTHS.phone);
    await phone.page.getByRole('button', { name: 'Open email: Fresh bread, Ada' }).click();
    await phone.page.frameLocator('iframe').getByRole('heading', { name: 'Hello Ada' }).waitFor();
    await expectCleanPage(phone.page, 'outbox-email', 'iframe');
    await phone.context.close();
  }, 60_000);
});
