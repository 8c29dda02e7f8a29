import { readFileSync } from 'node:fs';
import type { Page } from 'playwright-core';
import { JourneyService, TriggerService } from '../libs/campaigns/src';
import { bearer, signUpBusiness } from './support/api-harness';
import { consoleErrors, newPage, screenshot, seriousAccessibilityViolations, startAdmin, WIDTHS, type AdminHarness } from './support/browser';

const CSV = [
  'E-mail,First Name,Last Name,Mobile,Tier',
  'ana.lopez@example.com,Ana,Lopez,+13125550123,gold',
  'not-an-email,Bad,Row,,silver',
  'ben.okafor@example.com,Ben,Okafor,,bronze',
  'chloe.martin@example.com,Chloe,Martin,+13125550199,gold',
  '',
].join('\n');

/** Picks an option of a Mantine select by the select's label. */
async function choose(page: Page, label: string, option: string): Promise<void> {
  await page.getByRole('combobox', { name: label, exact: true }).click();
  await page.getByRole('option', { name: option, exact: true }).click();
}

async function expectClean(page: Page, name: string): Promise<void> {
  await page.evaluate('window.scrollTo(0, 0)');
  expect(await seriousAccessibilityViolations(page)).toEqual([]);
  await screenshot(page, name);
}

/** Changing customers in the admin UI: a CSV import with a bad row, editing a profile and its consent, erasing. */
describe('admin UI: importing, editing and erasing customers in a real browser', () => {
  let admin: AdminHarness;
  beforeAll(async () => {
    admin = await startAdmin();
  }, 60_000);
  afterAll(() => admin?.close());

  it('imports a CSV with one bad row: the row\'s error is shown, the mapping can be changed, and the good rows are searchable', async () => {
    const { apiKey } = await signUpBusiness(admin.api);
    const expected = await admin.api.http().post('/v1/customers/import?dryRun=true').set(bearer(apiKey)).set('content-type', 'text/csv').send(CSV);
    expect(expected.body.errors).toEqual([expect.objectContaining({ row: 2, field: 'email' })]);
    const badRowReason: string = expected.body.errors[0].reason;

    for (const size of [WIDTHS.desktop, WIDTHS.phone]) {
      const { context, page, outside } = await newPage(admin, size);
      await page.goto(`/admin/sign-in?redirect=%2Fcustomers%2Fimport#key=${apiKey}`);
      await page.getByRole('heading', { name: 'Import customers', level: 1 }).waitFor();
      await page.locator('input[type="file"]').setInputFiles({ name: 'customers.csv', mimeType: 'text/csv', buffer: Buffer.from(CSV) });
      await page.getByRole('button', { name: 'Check the file' }).click();
      const preview = page.getByRole('region', { name: 'Preview of the first rows' });
      await preview.getByText(`email: ${badRowReason}`).waitFor();
      await page.getByRole('region', { name: 'Row errors' }).getByText(badRowReason).waitFor();
      // "Tier" is no field's name: map it to an attribute and check again.
      await page.getByRole('combobox', { name: 'Tier', exact: true }).fill('attributes.tier');
      await page.keyboard.press('Escape');
      await page.getByRole('button', { name: 'Check again with this mapping' }).click();
      await page.getByRole('group', { name: 'Column mapping' }).getByText('Read as attributes.tier, by your mapping').waitFor();
      await expectClean(page, 'customer-import-dry-run');
      if (size === WIDTHS.phone) {
        expect(outside).toEqual([]);
        await context.close();
        continue;
      }
      await page.getByRole('button', { name: 'Import 3 rows' }).click();
      const counts = page.getByTestId('import-counts');
      await counts.waitFor();
      expect((await counts.innerText()).replace(/\s+/g, ' ')).toContain('Inserted 3 Updated 0 Unchanged 0 Duplicates in file 0 Failed 1');
      await page.getByRole('region', { name: 'Row errors' }).getByText(badRowReason).waitFor();
      await expectClean(page, 'customer-import-report');

      const stored = await admin.api.http().get('/v1/customers?q=chloe').set(bearer(apiKey));
      expect(stored.body.items.map((c: { email: string; attributes: object }) => [c.email, c.attributes])).toEqual([['chloe.martin@example.com', { tier: 'gold' }]]);
      await page.getByRole('link', { name: 'See the customers' }).click();
      await page.getByLabel('Search').fill('chloe');
      await page.getByTestId('customer-total').filter({ hasText: /^1 customer$/ }).waitFor();
      await page.getByRole('link', { name: 'Chloe Martin' }).waitFor();
      // The list's CSV has what the API's export has for the same search and order.
      const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Export CSV' }).click()]);
      const csv = await admin.api.http().get('/v1/customers/export.csv?q=chloe&sort=createdAt&order=desc').set(bearer(apiKey)).buffer(true).parse((res, done) => {
        let text = '';
        res.on('data', (chunk: Buffer) => (text += chunk.toString()));
        res.on('end', () => done(null, text));
      });
      expect(download.suggestedFilename()).toBe('customers.csv');
      const downloaded = readFileSync(await download.path()).toString();
      expect(downloaded).toBe(csv.body);
      expect(downloaded).toContain('chloe.martin@example.com');
      expect(outside).toEqual([]);
      expect(consoleErrors(page)).toEqual([]);
      await context.close();
    }
  }, 60_000);

  it('edits contact and consent (a customer\'s own STOP is refused at the SMS channel), and erases after typing the email; the API then says 404', async () => {
    const { apiKey } = await signUpBusiness(admin.api);
    const created = await admin.api.http().post('/v1/customers').set(bearer(apiKey))
      .send({ firstName: 'Dana', lastName: 'Reyes', email: 'dana@example.com', phone: '+13125550142', lat: 41.88, lng: -87.63, consent: { email: { status: 'granted', source: 'form' }, sms: { status: 'granted', source: 'form' } } });
    const id: string = created.body.id;
    // Dana replied STOP (the Twilio path is covered by twilio-inbound.e2e-spec): what matters here is its source.
    await admin.api.dataSource.query(`UPDATE customer SET consent_sms = 'denied', consent_sms_source = 'sms_keyword', consent_sms_at = date_trunc('milliseconds', now()) WHERE id = $1`, [id]);
    // A campaign texts every visitor: the page tells Dana's enrolment step by step as the API does (consent is checked when the SMS is sent).
    const template = await admin.api.http().post('/v1/templates').set(bearer(apiKey)).send({ name: 'Visit SMS', channel: 'sms', body: 'Thanks for visiting' });
    const campaign = await admin.api.http().post('/v1/campaigns').set(bearer(apiKey))
      .send({ name: 'Thank visitors', trigger: { type: 'event', eventType: 'visit' }, steps: [{ id: 'thanks', type: 'sms', templateId: template.body.id }] });
    expect((await admin.api.http().post(`/v1/campaigns/${campaign.body.id}/activate`).set(bearer(apiKey)).send({})).status).toBe(200);
    expect((await admin.api.http().post('/v1/events').set(bearer(apiKey)).send({ type: 'visit', customer: { id } })).status).toBe(202);
    for (let round = 0; round < 5; round++) {
      await admin.api.app.get(TriggerService).drainInbox(50);
      await admin.api.app.get(JourneyService).runDue(50);
    }
    const journeys = await admin.api.http().get(`/v1/customers/${id}/journeys`).set(bearer(apiKey));
    const step = journeys.body.items[0].steps.find((x: { stepId: string }) => x.stepId === 'thanks');
    expect(step).toMatchObject({ outcome: 'queued' });
    const refused = await admin.api.http().patch(`/v1/customers/${id}`).set(bearer(apiKey)).send({ consent: { sms: { status: 'granted', source: 'api' } } });
    expect(refused.status).toBe(409);
    const refusal: string = refused.body.details.find((d: { field: string }) => d.field === 'consent.sms').message;

    expect((await admin.api.http().post('/v1/locations').set(bearer(apiKey)).send({ name: 'Loop Bakery', lat: 41.8781, lng: -87.6298 })).status).toBe(201);
    const { nearestStore } = (await admin.api.http().get(`/v1/customers/${id}`).set(bearer(apiKey))).body;
    expect(nearestStore).toMatchObject({ name: 'Loop Bakery', distanceMeters: expect.any(Number) });

    const { context, page, outside } = await newPage(admin, WIDTHS.desktop);
    await page.goto(`/admin/sign-in?redirect=%2Fcustomers%2F${id}#key=${apiKey}`);
    await page.getByRole('heading', { name: 'Dana Reyes', level: 1 }).waitFor();
    await page.getByText(`Loop Bakery, ${Math.round(nearestStore.distanceMeters)} m away`).waitFor();

    await page.getByRole('button', { name: /Thank visitors/ }).click();
    await page.getByRole('list', { name: 'Steps of Thank visitors' }).getByText(`“thanks”: ${step.outcome}`).waitFor();

    // A bad email is named at its field; what was typed stays.
    await page.getByRole('button', { name: 'Edit contact' }).click();
    await page.getByRole('textbox', { name: 'Last name', exact: true }).fill('Reyes-Cruz');
    await page.getByRole('textbox', { name: 'Email', exact: true }).fill('dana@');
    await page.getByRole('button', { name: 'Save contact' }).click();
    await page.getByText('must be a valid email address').waitFor();
    expect(await page.getByRole('textbox', { name: 'Last name', exact: true }).inputValue()).toBe('Reyes-Cruz');
    await page.getByRole('textbox', { name: 'Email', exact: true }).fill('dana.reyes@example.com');
    await page.getByRole('button', { name: 'Save contact' }).click();
    await page.getByRole('heading', { name: 'Dana Reyes-Cruz', level: 1 }).waitFor();

    // Tags and attributes: a bad attribute name is refused at its box, then fixed.
    await page.getByRole('button', { name: 'Edit tags and attributes' }).click();
    await page.getByRole('combobox', { name: 'Tags' }).fill('regular');
    await page.getByRole('combobox', { name: 'Tags' }).press('Enter');
    await page.getByRole('button', { name: 'Add attribute' }).click();
    await page.getByRole('textbox', { name: 'Attribute 1 name' }).fill('favourite-bread');
    await page.getByRole('textbox', { name: 'Attribute 1 value' }).fill('rye');
    await page.getByRole('button', { name: 'Save tags and attributes' }).click();
    const badKey = await admin.api.http().patch(`/v1/customers/${id}`).set(bearer(apiKey)).send({ attributes: { 'favourite-bread': 'rye' } });
    const keyProblem: string = badKey.body.details.find((d: { field: string }) => d.field === 'attributes.favourite-bread').message;
    await page.getByText(keyProblem).waitFor();
    expect(await page.getByRole('textbox', { name: 'Attribute 1 value' }).inputValue()).toBe('rye');
    await page.getByRole('textbox', { name: 'Attribute 1 name' }).fill('favourite_bread');
    await page.getByRole('button', { name: 'Save tags and attributes' }).click();
    await page.getByRole('row', { name: 'favourite_bread rye' }).waitFor();

    const sms = page.getByTestId('consent-sms');
    await sms.getByRole('button', { name: 'Change SMS consent' }).click();
    await choose(page, 'SMS consent', 'Granted');
    await choose(page, 'SMS consent source', 'Recorded by staff (api)');
    await sms.getByRole('button', { name: 'Save SMS consent' }).click();
    await sms.getByRole('alert').filter({ hasText: 'Not saved' }).getByText(refusal, { exact: false }).waitFor();

    const email = page.getByTestId('consent-email');
    await email.getByRole('button', { name: 'Change email consent' }).click();
    await choose(page, 'Email consent', 'Denied');
    await choose(page, 'Email consent source', 'At the till (pos)');
    await email.getByRole('button', { name: 'Save email consent' }).click();
    await email.getByText('· pos').waitFor();
    const now = await admin.api.http().get(`/v1/customers/${id}`).set(bearer(apiKey));
    expect(now.body).toMatchObject({ lastName: 'Reyes-Cruz', email: 'dana.reyes@example.com', tags: ['regular'], attributes: { favourite_bread: 'rye' }, consent: { email: { status: 'denied', source: 'pos' }, sms: { status: 'denied', source: 'sms_keyword' } } });
    const history = await admin.api.http().get(`/v1/customers/${id}/consent-history`).set(bearer(apiKey));
    const rows = page.getByRole('region', { name: 'Consent history' }).getByRole('row');
    await rows.nth(history.body.items.length).waitFor();
    expect(await rows.count()).toBe(history.body.items.length + 1);
    await expectClean(page, 'customer-profile-edited');
    const phone = await newPage(admin, WIDTHS.phone);
    await phone.page.goto(`/admin/sign-in?redirect=%2Fcustomers%2F${id}#key=${apiKey}`);
    await phone.page.getByRole('heading', { name: 'Dana Reyes-Cruz', level: 1 }).waitFor();
    await phone.page.getByRole('region', { name: 'Consent history' }).waitFor();
    await expectClean(phone.page, 'customer-profile-edited');
    await phone.context.close();

    await page.getByRole('button', { name: 'Erase…' }).click();
    const erase = page.getByRole('dialog').getByRole('button', { name: 'Erase customer' });
    expect(await erase.isDisabled()).toBe(true);
    await page.getByLabel('Type dana.reyes@example.com to confirm').fill('dana@example.com');
    expect(await erase.isDisabled()).toBe(true);
    await page.getByLabel('Type dana.reyes@example.com to confirm').fill('dana.reyes@example.com');
    await erase.click();
    await page.getByRole('heading', { name: 'Customers', level: 1 }).waitFor();
    expect((await admin.api.http().get(`/v1/customers/${id}`).set(bearer(apiKey))).status).toBe(404);
    expect(outside).toEqual([]);
    expect(consoleErrors(page)).toEqual([]);
    await context.close();
  }, 60_000);

  it('shows an analyst the profile without edit or erase controls, at phone width', async () => {
    const { apiKey } = await signUpBusiness(admin.api);
    const analyst = await admin.api.http().post('/v1/api-keys').set(bearer(apiKey)).send({ name: 'ro', role: 'analyst' });
    const created = await admin.api.http().post('/v1/customers').set(bearer(apiKey)).send({ firstName: 'Eli', lastName: 'Stone', email: 'eli@example.com', tags: ['vip'], attributes: { visits: 3 } });
    const segment = await admin.api.http().post('/v1/segments').set(bearer(apiKey)).send({ name: 'VIPs', definition: { type: 'tag', tag: 'vip', present: true } });
    expect((await admin.api.http().post(`/v1/segments/${segment.body.id}/refresh`).set(bearer(apiKey))).status).toBe(200);
    const { context, page } = await newPage(admin, WIDTHS.phone);
    await page.goto(`/admin/sign-in?redirect=%2Fcustomers%2F${created.body.id}#key=${analyst.body.apiKey}`);
    // The segment's members (as the API lists them) show it on the profile.
    const members = await admin.api.http().get(`/v1/segments/${segment.body.id}/members`).set(bearer(apiKey));
    expect(members.body.items.map((m: { id: string }) => m.id)).toEqual([created.body.id]);
    await page.getByTestId('segment-memberships').getByText('VIPs').waitFor();
    await page.getByRole('heading', { name: 'Eli Stone', level: 1 }).waitFor();
    await page.getByRole('button', { name: 'Export as JSON' }).waitFor();
    expect(await page.getByRole('button', { name: /Edit|Erase|Save/ }).count()).toBe(0);
    await expectClean(page, 'customer-profile-analyst');
    await page.getByRole('link', { name: 'All customers' }).click();
    await page.getByRole('button', { name: 'Export CSV' }).waitFor();
    expect(await page.getByRole('link', { name: 'Import CSV' }).count()).toBe(0);
    await page.goto('/admin/customers/import');
    await page.getByText('cannot import them').waitFor();
    await context.close();
  }, 30_000);
});
