import type { Page } from 'playwright-core';
import { bearer, signUpBusiness } from './support/api-harness';
import { consoleErrors, newPage, screenshot, seriousAccessibilityViolations, startAdmin, WIDTHS, type AdminHarness } from './support/browser';

/**
 * Templates in the admin UI (issue 20): the list, the code editor with the
 * API's live preview, the SMS counter, a refused save's problem at its line,
 * and an analyst's read-only view, as the API has them.
 */
describe('admin UI: templates in a real browser', () => {
  let admin: AdminHarness;
  let apiKey: string;
  const FRAME = '[data-testid="preview-frame"]';
  beforeAll(async () => {
    admin = await startAdmin();
    ({ apiKey } = await signUpBusiness(admin.api, { name: 'Rye & Co' }));
  }, 60_000);
  afterAll(() => admin?.close());

  const api = (path: string, body: object) => admin.api.http().post(path).set(bearer(apiKey)).send(body);

  /** Replaces a code editor's whole text as a person would: select all, type. */
  async function typeInto(page: Page, field: string, text: string): Promise<void> {
    await page.getByTestId(`code-${field}`).click();
    await page.keyboard.press('Control+A');
    await page.keyboard.insertText(text);
  }

  async function expectClean(page: Page, name: string): Promise<void> {
    expect(await seriousAccessibilityViolations(page, FRAME)).toEqual([]);
    await screenshot(page, name);
  }

  it('edits an email: the preview is the API\'s; a refused save shows the problem at its line and keeps the text', async () => {
    const created = await api('/v1/templates', { name: 'Spring news', channel: 'email', subject: 'News from {{business.name}}', html: '{{#> layout}}\n<p>Hello</p>\n{{/layout}}' });
    expect(created.status).toBe(201);
    await api('/v1/templates', { name: 'Pickup ready', channel: 'sms', body: 'Your order is ready' });
    const { context, page, outside } = await newPage(admin, WIDTHS.desktop);
    await page.goto(`/admin/sign-in?redirect=%2Ftemplates#key=${apiKey}`);
    await page.getByRole('link', { name: 'Spring news' }).waitFor();
    await page.locator('label', { hasText: /^SMS$/ }).click();
    await page.getByRole('link', { name: 'Pickup ready' }).waitFor();
    await page.getByRole('link', { name: 'Spring news' }).waitFor({ state: 'detached' });
    await page.locator('label', { hasText: /^All$/ }).click();
    await expectClean(page, 'templates');

    await page.getByRole('link', { name: 'Spring news' }).click();
    await page.getByTestId('code-html').waitFor();
    const html = '{{#> layout}}\n<p>Hi {{customer.firstName}}, fresh rye today.</p>\n{{/layout}}';
    await typeInto(page, 'preheader', 'Out of the oven at 7');
    await typeInto(page, 'html', html);
    const frame = page.frameLocator(FRAME);
    await frame.getByText('Hi Jamie, fresh rye today.').waitFor();
    const expected = await api('/v1/templates/preview', { channel: 'email', subject: 'News from {{business.name}}', preheader: 'Out of the oven at 7', html });
    expect(expected.status).toBe(200);
    expect(await page.locator(FRAME).getAttribute('srcdoc')).toBe(expected.body.html);
    expect(await page.getByTestId('preview-subject').textContent()).toBe(expected.body.subject);
    await expectClean(page, 'template-email');

    // A typo on line 2: the save is refused, the problem shows at line 2, the text stays.
    const broken = '{{#> layout}}\n<p>Hi {{customer.frist}}</p>\n{{/layout}}';
    await typeInto(page, 'html', broken);
    await page.getByRole('button', { name: 'Save template' }).first().click();
    await page.getByTestId('problem-html').filter({ hasText: 'line 2: unknown variable "customer.frist"' }).waitFor();
    await page.locator('.cm-lintRange-error').first().waitFor();
    expect(await page.locator('[data-problem-lines="2"]').count()).toBe(1);
    expect(await page.getByTestId('code-html').textContent()).toContain('{{customer.frist}}');
    await screenshot(page, 'template-email-refused');
    // Fixed and saved: the API has it.
    await typeInto(page, 'html', html);
    await page.getByRole('button', { name: 'Save template' }).first().click();
    await page.getByText('Saved “Spring news”').waitFor();
    const stored = await admin.api.http().get(`/v1/templates/${created.body.id}`).set(bearer(apiKey));
    expect(stored.body).toMatchObject({ html, preheader: 'Out of the oven at 7' });
    // The triggering event's properties: the API's sample cart, then the one typed.
    await typeInto(page, 'html', '<p>Back to {{event.properties.cartUrl}}</p>');
    await frame.getByText('Back to https://mapleandcrumb.example.com/cart/8F3K2').waitFor();
    await page.getByLabel('Sample triggering event (JSON)').fill('{"type":"cart_abandoned","properties":{"cartUrl":"https://rye.example/cart/9"}}');
    await frame.getByText('Back to https://rye.example/cart/9').waitFor();
    // A template a campaign uses is not deleted: the dialog says which campaign.
    expect((await api('/v1/campaigns', { name: 'Spring mailer', trigger: { type: 'customer_created' }, steps: [{ id: 'mail', type: 'email', templateId: created.body.id }] })).status).toBe(201);
    await page.getByRole('button', { name: 'Delete template' }).click();
    await page.getByRole('dialog').getByRole('button', { name: 'Delete' }).click();
    await page.getByRole('dialog').getByRole('alert').filter({ hasText: '"Spring mailer"' }).waitFor();
    await page.getByRole('dialog').getByRole('button', { name: 'Cancel' }).click();
    expect(outside).toEqual([]);
    expect(consoleErrors(page)).toEqual([]);
    await context.close();
  }, 90_000);

  it('counts a 161-character GSM-7 SMS as 2 segments, with its cost, at phone width', async () => {
    const { context, page } = await newPage(admin, WIDTHS.phone);
    await page.goto(`/admin/sign-in?redirect=%2Ftemplates%2Fnew%3Fchannel%3Dsms#key=${apiKey}`);
    await page.getByTestId('code-body').waitFor();
    const text = 'Fresh rye is out of the oven. '.repeat(6).slice(0, 161);
    expect(text).toHaveLength(161);
    await page.getByLabel('Name').fill('Rye alert');
    await typeInto(page, 'body', text);
    await page.getByTestId('sms-segments').filter({ hasText: '2 segments' }).waitFor();
    const expected = await api('/v1/templates/preview', { channel: 'sms', body: text });
    expect(expected.body).toMatchObject({ segments: 2, encoding: 'GSM-7' });
    expect(await page.getByTestId('preview-body').textContent()).toBe(expected.body.body);
    const settings = await admin.api.http().get('/v1/settings').set(bearer(apiKey));
    const perSegment = settings.body.costs.smsSegment as number;
    await page.getByTestId('sms-cost').filter({ hasText: `(2 segments × $${perSegment}` }).waitFor();
    await page.getByTestId('sms-counter').getByText('161 characters').waitFor();
    await expectClean(page, 'template-sms');
    await page.getByRole('button', { name: 'Save template' }).first().click();
    await page.getByRole('heading', { name: 'Rye alert', level: 1 }).waitFor();
    await page.goto('/admin/templates');
    await page.getByRole('link', { name: 'Rye alert' }).waitFor();
    await expectClean(page, 'templates');
    await context.close();
    // The saved SMS at desktop width: the counter from the stored text.
    const desktop = await newPage(admin, WIDTHS.desktop);
    await desktop.page.goto(`/admin/sign-in?redirect=%2Ftemplates#key=${apiKey}`);
    await desktop.page.getByRole('link', { name: 'Rye alert' }).click();
    await desktop.page.getByTestId('sms-segments').filter({ hasText: '2 segments' }).waitFor();
    await expectClean(desktop.page, 'template-sms');
    await desktop.context.close();
  }, 60_000);

  it('shows an analyst the template and its preview without edit controls', async () => {
    const analyst = await admin.api.http().post('/v1/api-keys').set(bearer(apiKey)).send({ name: 'ro', role: 'analyst' });
    const created = await api('/v1/templates', { name: 'Read only', channel: 'email', subject: 'Hi', html: '<p>Hello {{customer.firstName}}</p>' });
    for (const size of [WIDTHS.desktop, WIDTHS.phone]) {
      const { context, page } = await newPage(admin, size);
      await page.goto(`/admin/sign-in?redirect=%2Ftemplates%2F${created.body.id}#key=${analyst.body.apiKey}`);
      await page.frameLocator(FRAME).getByText('Hello Jamie').waitFor();
      expect(await page.getByRole('button', { name: 'Save template' }).count()).toBe(0);
      expect(await page.getByRole('button', { name: 'Insert variable' }).count()).toBe(0);
      expect(await page.getByRole('button', { name: 'Delete template' }).count()).toBe(0);
      expect(await page.getByTestId('code-html').getAttribute('contenteditable')).toBe('false');
      await page.goto('/admin/templates');
      await page.getByRole('link', { name: 'Read only' }).waitFor();
      expect(await page.getByRole('link', { name: 'New email' }).count()).toBe(0);
      await page.getByRole('link', { name: 'Read only' }).click();
      await page.frameLocator(FRAME).getByText('Hello Jamie').waitFor();
      await expectClean(page, 'template-analyst');
      await context.close();
    }
  }, 60_000);

  it('edits the shared layout once: a refused save shows its line, the saved one reaches every template\'s preview', async () => {
    const created = await api('/v1/templates', { name: 'Uses layout', channel: 'email', subject: 'Hi', html: '{{#> layout}}<p>Body</p>{{/layout}}' });
    const { context, page } = await newPage(admin, WIDTHS.desktop);
    await page.goto(`/admin/sign-in?redirect=%2Ftemplates%2Fshared#key=${apiKey}`);
    await page.getByText('Shipped layout').waitFor();
    await typeInto(page, 'partial', '<main class="rye">\n{{> @partial-block}}\n<p>{{business.nmae}}</p></main>');
    await page.getByRole('button', { name: 'Save', exact: true }).click();
    await page.getByTestId('problem-partial').filter({ hasText: 'line 3: unknown variable "business.nmae"' }).waitFor();
    expect(await page.getByTestId('code-partial').textContent()).toContain('business.nmae');
    await typeInto(page, 'partial', '<main class="rye">\n{{> @partial-block}}\n<p>Baked by {{business.name}}</p></main>');
    await page.getByRole('button', { name: 'Save', exact: true }).click();
    await page.getByText('Your layout').waitFor();
    const stored = await admin.api.http().get('/v1/template-partials/layout').set(bearer(apiKey));
    expect(stored.body).toMatchObject({ custom: true, source: expect.stringContaining('Baked by {{business.name}}') });
    await expectClean(page, 'template-shared');
    await page.goto(`/admin/templates/${created.body.id}`);
    await page.frameLocator(FRAME).getByText('Baked by Rye & Co').waitFor();
    await context.close();
    const phone = await newPage(admin, WIDTHS.phone);
    await phone.page.goto(`/admin/sign-in?redirect=%2Ftemplates%2Fshared#key=${apiKey}`);
    await phone.page.getByText('Your layout').waitFor();
    await expectClean(phone.page, 'template-shared');
    await phone.context.close();
  }, 60_000);
});
