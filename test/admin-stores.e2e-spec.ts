import type { Page } from 'playwright-core';
import { bearer, signUpBusiness } from './support/api-harness';
import { consoleErrors, newPage, screenshot, seriousAccessibilityViolations, startAdmin, WIDTHS, type AdminHarness } from './support/browser';

interface StoreBody { id: string; name: string; lat: number | null; lng: number | null; openingHours: Record<string, string[][]> | null }

/** Stores on the map as a person uses them: place one by a click, move it by a drag, give it opening hours; a customer's nearest store on their profile. */
describe('admin UI: stores on the map, opening hours and the customer map in a real browser', () => {
  let admin: AdminHarness;
  let apiKey: string;
  const api = {
    get: async (path: string) => (await admin.api.http().get(path).set(bearer(apiKey))).body,
    post: async (path: string, body: object) => (await admin.api.http().post(path).set(bearer(apiKey)).send(body)).body,
  };
  beforeAll(async () => {
    admin = await startAdmin();
    ({ apiKey } = await signUpBusiness(admin.api));
    await api.post('/v1/locations', { name: 'Elm Street', lat: 39.7817, lng: -89.6501 });
  }, 60_000);
  afterAll(() => admin?.close());

  async function expectClean(page: Page, name: string): Promise<void> {
    expect(await seriousAccessibilityViolations(page)).toEqual([]);
    // From the top: a full-page screenshot draws the fixed header where the window was scrolled to.
    await page.evaluate('window.scrollTo(0, 0)');
    await screenshot(page, name);
  }

  /** A point of the map's box, from its centre. */
  async function mapPoint(page: Page, name: string, dx: number, dy: number): Promise<{ x: number; y: number }> {
    const box = (await page.getByRole('region', { name }).boundingBox())!;
    return { x: box.x + box.width / 2 + dx, y: box.y + box.height / 2 + dy };
  }

  it('creates a store by clicking the map, drags it, and saves its opening hours after one refused range is fixed', async () => {
    const { context, page, outside } = await newPage(admin, WIDTHS.desktop);
    await page.goto(`/admin/sign-in?redirect=%2Fstores#key=${apiKey}`);
    await page.locator('.lr-store-marker').waitFor();
    const click = await mapPoint(page, 'Map of the stores', -90, 60);
    await page.mouse.click(click.x, click.y);
    const lat = await page.getByLabel('Latitude').inputValue();
    const lng = await page.getByLabel('Longitude').inputValue();
    // Left of and below Elm Street, at the zoom the map fitted it (15: five decimals tell one pixel from the next).
    expect(lat).toMatch(/^39\.\d{1,5}$/);
    expect(lng).toMatch(/^-89\.\d{1,5}$/);
    expect(39.7817 - Number(lat)).toBeGreaterThan(0.0005);
    expect(-89.6501 - Number(lng)).toBeGreaterThan(0.0005);
    expect(39.7817 - Number(lat)).toBeLessThan(0.01);
    await page.getByLabel('Name').fill('Oak Avenue');
    await page.locator('.lr-pin-marker[title="Oak Avenue"]').waitFor();
    await page.getByRole('button', { name: 'Add store' }).click();
    await page.getByRole('link', { name: 'Oak Avenue', exact: true }).waitFor();
    const listed = (await api.get('/v1/locations')).items as StoreBody[];
    const oak = listed.find((s) => s.name === 'Oak Avenue')!;
    expect([oak.lat, oak.lng]).toEqual([Number(lat), Number(lng)]);
    await page.getByRole('cell', { name: `${oak.lat!.toFixed(4)}, ${oak.lng!.toFixed(4)}` }).waitFor();
    await expectClean(page, 'stores-map');

    await page.getByRole('link', { name: 'Edit Oak Avenue' }).click();
    await page.getByRole('heading', { name: 'Oak Avenue', level: 1 }).waitFor();
    const pin = page.locator('.lr-pin-marker[title="Oak Avenue"]');
    expect(await page.locator('.lr-pin-marker.leaflet-marker-draggable').count()).toBe(1);
    const from = (await pin.boundingBox())!;
    await page.mouse.move(from.x + from.width / 2, from.y + from.height / 2);
    await page.mouse.down();
    await page.mouse.move(from.x + from.width / 2 + 60, from.y + from.height / 2, { steps: 6 });
    await page.mouse.up();
    let movedLng = oak.lng!;
    for (let i = 0; i < 50 && movedLng === oak.lng; i++) movedLng = Number(await page.getByLabel('Longitude').inputValue());
    expect(movedLng).toBeGreaterThan(oak.lng!);
    const movedLat = Number(await page.getByLabel('Latitude').inputValue());

    await page.getByRole('switch', { name: 'Opening hours are known' }).check();
    await page.getByLabel('Monday closed').uncheck();
    await page.getByRole('button', { name: 'Copy Monday to Tuesday–Friday' }).click();
    await page.getByRole('button', { name: 'Add a range on Friday' }).click();
    const friday2 = page.getByRole('group', { name: 'Friday, range 2' });
    await friday2.getByLabel('Opens').fill('20:00');
    await friday2.getByLabel('Closes').fill('01:00');
    await friday2.getByText('past midnight, until 01:00 the next day').waitFor();
    await page.getByLabel('Saturday closed').uncheck();
    const saturday = page.getByRole('group', { name: 'Saturday, range 1' });
    await saturday.getByLabel('Closes').fill('09:00');
    await page.getByRole('button', { name: 'Save store' }).click();
    // The API names openingHours.sat[0]; the message shows at that range, and only there.
    await saturday.getByText(/different open and close times/).waitFor();
    expect(await saturday.getByLabel('Closes').getAttribute('aria-invalid')).toBe('true');
    expect(await page.getByRole('group', { name: 'Monday, range 1' }).getByLabel('Closes').getAttribute('aria-invalid')).not.toBe('true');
    expect(await friday2.getByLabel('Opens').inputValue()).toBe('20:00');
    expect((await api.get(`/v1/locations/${oak.id}`)).openingHours).toBeNull();
    await expectClean(page, 'store-hours-refused');

    await saturday.getByLabel('Closes').fill('14:00');
    await page.getByRole('button', { name: 'Save store' }).click();
    await page.getByText('Saved “Oak Avenue”').waitFor();
    const saved = (await api.get(`/v1/locations/${oak.id}`)) as StoreBody;
    const weekday = [['09:00', '17:00']];
    expect(saved.openingHours).toEqual({ mon: weekday, tue: weekday, wed: weekday, thu: weekday, fri: [...weekday, ['20:00', '01:00']], sat: [['09:00', '14:00']] });
    expect([saved.lat, saved.lng]).toEqual([movedLat, movedLng]);
    expect(await saturday.getByLabel('Closes').getAttribute('aria-invalid')).not.toBe('true');
    await expectClean(page, 'store-edit');
    expect(outside).toEqual([]);
    expect(consoleErrors(page)).toEqual([]);
    await context.close();

    const phone = await newPage(admin, WIDTHS.phone);
    await phone.page.goto(`/admin/sign-in?redirect=%2Fstores%2F${oak.id}#key=${apiKey}`);
    await phone.page.getByRole('group', { name: 'Friday, range 2' }).waitFor();
    await phone.page.locator('.lr-pin-marker').waitFor();
    await expectClean(phone.page, 'store-edit');
    await phone.page.getByRole('link', { name: 'All stores' }).click();
    await phone.page.locator('.lr-store-marker').first().waitFor();
    await expectClean(phone.page, 'stores-map');
    expect(consoleErrors(phone.page)).toEqual([]);
    await phone.context.close();

    // An analyst reads the same page: no way to change it.
    const analystKey = (await api.post('/v1/api-keys', { name: 'Reports', role: 'analyst' })).apiKey as string;
    const analyst = await newPage(admin, WIDTHS.desktop);
    await analyst.page.goto(`/admin/sign-in?redirect=%2Fstores%2F${oak.id}#key=${analystKey}`);
    await analyst.page.getByRole('group', { name: 'Friday, range 2' }).waitFor();
    await analyst.page.locator('.lr-pin-marker').waitFor();
    expect(await analyst.page.getByRole('button', { name: /Save store|Copy Monday|Add a range|Remove/ }).count()).toBe(0);
    expect(await analyst.page.getByLabel('Name').getAttribute('readonly')).not.toBeNull();
    expect(await analyst.page.locator('.lr-pin-marker.leaflet-marker-draggable').count()).toBe(0);
    expect(await seriousAccessibilityViolations(analyst.page)).toEqual([]);
    await analyst.context.close();
  }, 60_000);

  it("the customer profile shows the customer and the stores on a map, the API's nearest store highlighted", async () => {
    await api.post('/v1/locations', { name: 'Far Mill', lat: 39.9, lng: -89.4 });
    const customer = await api.post('/v1/customers', { firstName: 'Mia', lastName: 'Stone', email: 'mia@example.com', lat: 39.784, lng: -89.652 });
    const { nearestStore } = await api.get(`/v1/customers/${customer.id}`);
    expect(nearestStore.name).toBe('Elm Street');
    for (const size of [WIDTHS.desktop, WIDTHS.phone]) {
      const { context, page } = await newPage(admin, size);
      await page.goto(`/admin/sign-in?redirect=%2Fcustomers%2F${customer.id}#key=${apiKey}`);
      const map = page.getByRole('region', { name: 'Map: the customer and the stores' });
      await map.locator('.lr-store-label--highlight', { hasText: `${nearestStore.name} (nearest)` }).waitFor();
      await map.locator('.lr-store-marker--highlight').waitFor();
      // Oak Avenue is 250 m from Elm Street: at this zoom their labels overlap; the nearest store's is drawn last, on top.
      expect(await map.locator('.lr-store-label:not(.lr-pin-label)').last().textContent()).toBe(`${nearestStore.name} (nearest)`);
      await map.locator('.lr-pin-marker[title="Customer"]').waitFor();
      await map.getByText('Far Mill').waitFor();
      await expectClean(page, 'customer-map');
      expect(consoleErrors(page)).toEqual([]);
      await context.close();
    }
  }, 40_000);
});
