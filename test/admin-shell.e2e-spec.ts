import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { get as httpGet, type IncomingHttpHeaders } from 'node:http';
import type { Page } from 'playwright-core';
import { bearer, signUpBusiness } from './support/api-harness';
import { consoleErrors, newPage, screenshot, seriousAccessibilityViolations, startAdmin, WIDTHS, type AdminHarness } from './support/browser';

/** The admin UI's shell as a person uses it: sign up, sign in by link or key, keys and roles, stores, sign out. */
describe('admin UI: sign-in, roles, keys and stores in a real browser', () => {
  let admin: AdminHarness;
  beforeAll(async () => {
    admin = await startAdmin();
  }, 60_000);
  afterAll(() => admin?.close());

  async function expectCleanPage(page: Page, name: string): Promise<void> {
    expect(await seriousAccessibilityViolations(page)).toEqual([]);
    await screenshot(page, name);
  }

  it('serves the UI at /admin with a strict CSP, and index.html for client routes', async () => {
    const res = await admin.api.http().get('/admin/customers/some-id');
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toMatch(/text\/html/);
    expect(res.headers['content-security-policy']).toContain("script-src 'self'");
    expect(res.text).toContain('<meta name="localreach-map-tiles" content="" />');
    expect((await admin.api.http().get('/admin/assets/missing.js')).status).toBe(404);
    expect((await admin.api.http().get('/admin/assets/..%2F..%2Findex.html').set('accept-encoding', 'gzip')).status).toBe(404);
    // Scripts go gzip-compressed to clients that accept it, and decompress to the file itself.
    const script = /src="\/admin\/(assets\/[^"]+\.js)"/.exec(res.text)![1];
    const plain = readFileSync(join(admin.api.config.adminDir, script));
    // Raw bytes as they travel (supertest and fetch would decompress them).
    const zipped = await new Promise<{ headers: IncomingHttpHeaders; body: Buffer }>((done, fail) => {
      httpGet(`${admin.baseUrl}/admin/${script}`, { headers: { 'accept-encoding': 'gzip, deflate' } }, (r) => {
        const chunks: Buffer[] = [];
        r.on('data', (c: Buffer) => chunks.push(c));
        r.on('end', () => done({ headers: r.headers, body: Buffer.concat(chunks) }));
      }).on('error', fail);
    });
    expect(zipped.headers['content-encoding']).toBe('gzip');
    expect(zipped.headers['content-type']).toMatch(/javascript/);
    expect(gunzipSync(zipped.body).equals(plain)).toBe(true);
    expect(zipped.body.length).toBeLessThan(plain.length / 2);
    const identity = await admin.api.http().get(`/admin/${script}`).set('accept-encoding', 'identity');
    expect(identity.headers['content-encoding']).toBeUndefined();
  });

  it('signs up a new business, shows its owner key once, and signs in with it', async () => {
    for (const size of [WIDTHS.desktop, WIDTHS.phone]) {
      const { context, page, outside } = await newPage(admin, size);
      await page.goto('/admin/sign-up');
      await page.getByLabel('Business name').fill('Browser Bakery');
      await page.getByRole('button', { name: 'Create business' }).click();
      // The API's 422 names the empty address fields; they show next to them.
      await page.locator('input[aria-invalid="true"]').first().waitFor();
      for (const label of ['Street address', 'City', 'Postal code']) expect(await page.getByLabel(label).getAttribute('aria-invalid')).toBe('true');
      expect(await page.getByLabel('Business name').getAttribute('aria-invalid')).not.toBe('true');
      await page.getByLabel('Street address').fill('12 Elm Street');
      await page.getByLabel('City').fill('Springfield');
      await page.getByLabel('Postal code').fill('62701');
      await expectCleanPage(page, 'sign-up');
      await page.getByRole('button', { name: 'Create business' }).click();
      const key = (await page.getByTestId('secret-value').textContent())!;
      expect(key).toMatch(/^lr_/);
      await screenshot(page, 'sign-up-done');
      await page.getByRole('button', { name: 'Continue to the admin' }).click();
      await page.getByRole('heading', { name: 'Dashboard', level: 1 }).waitFor();
      if (size === WIDTHS.desktop) expect(await page.getByTestId('business-name').textContent()).toBe('Browser Bakery');
      expect(await page.getByTestId('role').textContent()).toBe('owner');
      const me = await admin.api.http().get('/v1/me').set(bearer(key));
      expect(me.body.business.name).toBe('Browser Bakery');
      expect(outside).toEqual([]);
      expect(consoleErrors(page)).toEqual([]);
      await context.close();
    }
  }, 60_000);

  it('a sign-in link signs in and leaves no key in the address; sign out forgets it', async () => {
    const { apiKey } = await signUpBusiness(admin.api);
    const { context, page } = await newPage(admin);
    await page.goto(`/admin/sign-in#key=${apiKey}`);
    await page.getByRole('heading', { name: 'Dashboard', level: 1 }).waitFor();
    expect(page.url()).not.toContain(apiKey);
    expect(await page.evaluate("window.sessionStorage.getItem('localreach.apiKey')")).toBe(apiKey);
    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.getByRole('heading', { name: 'Sign in to LocalReach' }).waitFor();
    expect(await page.evaluate("window.sessionStorage.getItem('localreach.apiKey')")).toBeNull();
    await page.goto('/admin/stores');
    await page.getByRole('heading', { name: 'Sign in to LocalReach' }).waitFor();
    expect(new URL(page.url()).searchParams.get('redirect')).toBe('/stores');
    await context.close();
  }, 30_000);

  it('a wrong key is refused at the field; the page stays usable', async () => {
    const { context, page } = await newPage(admin, WIDTHS.phone);
    await page.goto('/admin/sign-in');
    await page.getByLabel('API key').fill('lr_000000000000_notakeyatall');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByText('This key is unknown or revoked').waitFor();
    await page.getByLabel('API key').fill('hello');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByText('An API key starts with lr_ and has no spaces').waitFor();
    await expectCleanPage(page, 'sign-in-error');
    await context.close();
  }, 30_000);

  it('an owner adds a store (a bad latitude is named at its field), creates an analyst key shown once, and the analyst sees no edit controls', async () => {
    const { apiKey } = await signUpBusiness(admin.api);
    const { context, page } = await newPage(admin);
    await page.goto(`/admin/sign-in#key=${apiKey}`);
    await page.getByRole('heading', { name: 'Dashboard', level: 1 }).waitFor();
    await page.getByRole('link', { name: 'Stores' }).click();
    await page.getByText('No stores yet.').waitFor();
    await page.getByLabel('Name').fill('Elm Street');
    await page.getByLabel('Latitude').fill('95');
    await page.getByLabel('Longitude').fill('-89.65');
    await page.getByRole('button', { name: 'Add store' }).click();
    await page.getByText(/at most 90|must not be greater than 90|between -90 and 90/i).waitFor();
    await page.getByLabel('Latitude').fill('39.7817');
    await page.getByRole('button', { name: 'Add store' }).click();
    await page.getByRole('cell', { name: '39.7817, -89.6500' }).waitFor();
    const stores = await admin.api.http().get('/v1/locations').set(bearer(apiKey));
    expect(stores.body.items.map((s: { name: string; lat: number }) => [s.name, s.lat])).toEqual([['Elm Street', 39.7817]]);
    await expectCleanPage(page, 'stores');

    await page.getByRole('link', { name: 'Settings' }).click();
    await page.getByRole('link', { name: 'API keys' }).click();
    await page.getByRole('heading', { name: 'API keys', level: 1 }).waitFor();
    await page.getByLabel('Name').fill('Reporting');
    await page.getByRole('textbox', { name: 'Role' }).or(page.getByRole('combobox', { name: 'Role' })).first().click();
    await page.getByRole('option', { name: /^Analyst/ }).click();
    await page.getByRole('button', { name: 'Create key' }).click();
    const analystKey = (await page.getByTestId('secret-value').textContent())!;
    expect(analystKey).toMatch(/^lr_/);
    await page.getByRole('cell', { name: 'Reporting', exact: true }).waitFor();
    await expectCleanPage(page, 'api-keys');

    const analyst = await newPage(admin, WIDTHS.phone);
    await analyst.page.goto(`/admin/sign-in?redirect=%2Fstores#key=${analystKey}`);
    await analyst.page.getByRole('cell', { name: 'Elm Street' }).waitFor();
    expect(await analyst.page.getByRole('button', { name: 'Add store' }).count()).toBe(0);
    expect(await analyst.page.getByRole('button', { name: /Remove/ }).count()).toBe(0);
    await expectCleanPage(analyst.page, 'stores-analyst');
    await analyst.page.getByRole('button', { name: 'Toggle navigation' }).click();
    await analyst.page.getByRole('link', { name: 'Stores' }).waitFor();
    expect(await analyst.page.getByRole('link', { name: 'API keys' }).count()).toBe(0);
    await screenshot(analyst.page, 'navigation-analyst');

    // The owner revokes it; the analyst's next sign-in is refused.
    await page.getByRole('button', { name: 'Revoke Reporting' }).click();
    await page.getByRole('button', { name: 'Revoke key' }).click();
    await page.getByText(/^revoked /).waitFor();
    expect((await admin.api.http().get('/v1/me').set(bearer(analystKey))).status).toBe(401);
    await analyst.context.close();
    await context.close();
  }, 60_000);
});
