import type { Page } from 'playwright-core';
import { bearer, signUpBusiness } from './support/api-harness';
import { consoleErrors, newPage, screenshot, seriousAccessibilityViolations, startAdmin, WIDTHS, type AdminHarness } from './support/browser';

// Two stores in Portland about 2.6 km apart, and customers around them.
const ELM = { name: 'Elm Street', lat: 45.52, lng: -122.68 };
const OAK = { name: 'Oak Avenue', lat: 45.53, lng: -122.65 };
const CUSTOMERS = [
  // 220–240 m from Elm: inside a 1 km radius around it.
  { email: 'near1@example.com', firstName: 'Nora', lat: 45.522, lng: -122.68 },
  { email: 'near2@example.com', firstName: 'Ned', lat: 45.52, lng: -122.677 },
  { email: 'near3@example.com', firstName: 'Nia', lat: 45.518, lng: -122.681 },
  // Within 30 m of Oak: inside any polygon drawn around it.
  { email: 'oak1@example.com', firstName: 'Olga', lat: 45.5302, lng: -122.6502 },
  { email: 'oak2@example.com', firstName: 'Otto', lat: 45.5298, lng: -122.6498 },
  // Far from both, and nowhere.
  { email: 'far1@example.com', firstName: 'Fay', lat: 45.6, lng: -122.5 },
  { email: 'far2@example.com', firstName: 'Finn', lat: 45.4, lng: -122.9 },
  { email: 'nowhere@example.com', firstName: 'Nemo' },
];
const MEMBERS = ['near1@example.com', 'near2@example.com', 'near3@example.com', 'oak1@example.com', 'oak2@example.com'];

async function waitUntil(what: string, check: () => Promise<boolean> | boolean, timeoutMs = 10_000): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > end) throw new Error(`Timed out waiting until ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

/**
 * The centre of a store's marker on the screen, once the map has stopped moving: the map fits
 * itself to the stores when they load, with an animation, and a click aimed at a marker still
 * on its way lands beside the store.
 */
async function storeCentre(page: Page, name: string): Promise<{ x: number; y: number }> {
  const centre = async () => {
    const box = await page.locator(`.lr-store-marker[title="${name}"]`).boundingBox();
    if (!box) throw new Error(`No marker for ${name}`);
    return { x: box.x + box.width / 2, y: box.y + box.height / 2 };
  };
  let last = await centre();
  for (let stable = 0; stable < 3; ) {
    await new Promise((r) => setTimeout(r, 100));
    const now = await centre();
    const moving = (await page.locator('.leaflet-zoom-anim, .leaflet-pan-anim').count()) > 0;
    stable = !moving && now.x === last.x && now.y === last.y ? stable + 1 : 0;
    last = now;
  }
  return last;
}

/** Draws with geoman's own tools by mouse: a polygon of 80 × 60 px around Oak, and a circle from Elm's centre. */
async function drawOnMap(page: Page): Promise<void> {
  await page.getByRole('region', { name: 'Segment map' }).scrollIntoViewIfNeeded();
  await page.getByTitle('Draw Polygons').click();
  const oak = await storeCentre(page, OAK.name);
  // Below the toolbar's row of actions (Finish, Remove Last Vertex, Cancel), which opens beside the button.
  const corners = [[-40, -15], [40, -15], [40, 45], [-40, 45], [-40, -15]];
  for (const [dx, dy] of corners) await page.mouse.click(oak.x + dx, oak.y + dy);
  await page.getByTestId('condition').filter({ has: page.getByLabel('Corners') }).waitFor();

  // The button first: clicking it may scroll the page, and a position measured before would miss the store.
  await page.getByTitle('Draw Circle').click();
  const elm = await storeCentre(page, ELM.name);
  await page.mouse.click(elm.x, elm.y);
  await page.mouse.move(elm.x + 30, elm.y, { steps: 4 });
  await page.mouse.click(elm.x + 30, elm.y);
  await page.getByLabel('Radius (metres)').waitFor();
}

describe('admin UI: segments on a map in a real browser', () => {
  let admin: AdminHarness;
  beforeAll(async () => {
    admin = await startAdmin();
  }, 60_000);
  afterAll(() => admin?.close());

  it('draws a polygon and a radius, counts what the preview API counts, saves, and lists the members', async () => {
    const { apiKey } = await signUpBusiness(admin.api);
    const http = () => admin.api.http();
    const elm = (await http().post('/v1/locations').set(bearer(apiKey)).send(ELM)).body;
    await http().post('/v1/locations').set(bearer(apiKey)).send(OAK).expect(201);
    for (const c of CUSTOMERS) await http().post('/v1/customers').set(bearer(apiKey)).send(c).expect(201);

    const { context, page, outside } = await newPage(admin, WIDTHS.desktop);
    const previews: string[] = [];
    page.on('request', (r) => {
      if (r.url().endsWith('/v1/segments/preview')) previews.push(r.postData() ?? '');
    });
    await page.goto(`/admin/sign-in?redirect=%2Fsegments%2Fnew#key=${apiKey}`);
    await page.getByRole('heading', { name: 'New segment', level: 1 }).waitFor();
    await page.getByTestId('live-count').filter({ hasText: /^8 customers$/ }).waitFor();
    await drawOnMap(page);
    await page.locator('label', { hasText: /^Any of$/ }).first().click();

    // A radius the API refuses: its message shows at the radius field.
    const radius = page.getByLabel('Radius (metres)');
    await radius.fill('200000');
    const lastDefinition = () => JSON.parse(previews[previews.length - 1]).definition;
    await waitUntil('the preview asks with 200000 m', () => previews.length > 0 && JSON.stringify(lastDefinition()).includes('200000'));
    const refused = await http().post('/v1/segments/preview').set(bearer(apiKey)).send({ definition: lastDefinition() });
    expect(refused.status).toBe(422);
    expect(refused.body.details[0].field).toBe('definition.any[1].radiusMeters');
    await page.locator('[data-path="any[1]"]').getByText(refused.body.details[0].message).waitFor();

    // The exact radius typed, then the live count is the API's count for the definition the page sent.
    await radius.fill('1000');
    await waitUntil('the preview asks with 1000 m', () => JSON.stringify(lastDefinition()).includes('"radiusMeters":1000'));
    const definition = lastDefinition();
    expect(definition.any).toHaveLength(2);
    expect(definition.any[0]).toMatchObject({ type: 'inside', polygon: { type: 'Polygon' } });
    expect(definition.any[0].polygon.coordinates[0]).toHaveLength(5);
    expect(definition.any[1]).toEqual({ type: 'near', storeId: elm.id, radiusMeters: 1000 });
    const counted = await http().post('/v1/segments/preview').set(bearer(apiKey)).send({ definition });
    expect(counted.status).toBe(200);
    expect(counted.body.count).toBe(MEMBERS.length);
    await page.getByTestId('live-count').filter({ hasText: new RegExp(`^${counted.body.count} customers$`) }).waitFor();
    expect(await seriousAccessibilityViolations(page)).toEqual([]);
    await page.evaluate('window.scrollTo(0, 0)');
    await screenshot(page, 'segment-builder');

    await page.getByLabel('Name').fill('Around Elm and Oak');
    await page.getByRole('button', { name: 'Save segment' }).first().click();
    await page.waitForURL(/\/admin\/segments\/[0-9a-f-]{36}$/);
    const id = page.url().split('/').pop()!;
    await page.getByRole('button', { name: 'Refresh now' }).click();
    const table = page.getByRole('region', { name: 'Members' });
    await waitUntil('the members table lists five', async () => (await table.getByRole('row').count()) === MEMBERS.length + 1);
    const listed = (await http().get(`/v1/segments/${id}/members`).set(bearer(apiKey))).body.items.map((c: { email: string }) => c.email).sort();
    expect(listed).toEqual(MEMBERS);
    for (const email of listed) await table.getByText(email).waitFor();
    const download = page.waitForEvent('download');
    await page.getByRole('button', { name: 'Download CSV' }).click();
    const csv = await (await (await download).createReadStream()).toArray();
    expect(Buffer.concat(csv).toString('utf8').trim().split('\n')).toHaveLength(MEMBERS.length + 1);
    expect(await seriousAccessibilityViolations(page)).toEqual([]);
    await page.evaluate('window.scrollTo(0, 0)');
    await screenshot(page, 'segment');

    await page.getByRole('link', { name: 'Segments' }).click();
    await page.getByRole('link', { name: 'Around Elm and Oak' }).waitFor();
    await page.getByTestId('member-count').filter({ hasText: '5 members' }).waitFor();
    await screenshot(page, 'segments');
    expect(outside).toEqual([]);
    expect(consoleErrors(page)).toEqual([]);
    await context.close();

    const phone = await newPage(admin, WIDTHS.phone);
    for (const path of [`segments%2F${id}`, 'segments']) {
      await phone.page.goto(`/admin/sign-in?redirect=%2F${path}#key=${apiKey}`);
      await phone.page.getByRole('heading', { name: path === 'segments' ? 'Segments' : 'Around Elm and Oak', level: 1 }).waitFor();
      if (path !== 'segments') await phone.page.getByRole('region', { name: 'Members' }).getByText('oak1@example.com').waitFor();
      else await phone.page.getByTestId('member-count').first().waitFor();
      expect(await seriousAccessibilityViolations(phone.page)).toEqual([]);
      await screenshot(phone.page, path === 'segments' ? 'segments' : 'segment');
    }
    expect(phone.outside).toEqual([]);
    expect(consoleErrors(phone.page)).toEqual([]);
    await phone.context.close();

    // An analyst reads the same segment: no drawing tools, no save, no refresh.
    const analystKey = (await http().post('/v1/api-keys').set(bearer(apiKey)).send({ name: 'Reports', role: 'analyst' })).body.apiKey;
    const analyst = await newPage(admin, WIDTHS.desktop);
    await analyst.page.goto(`/admin/sign-in?redirect=%2Fsegments%2F${id}#key=${analystKey}`);
    await analyst.page.getByTestId('live-count').filter({ hasText: /^5 customers$/ }).waitFor();
    await analyst.page.locator('.lr-store-marker').first().waitFor();
    expect(await analyst.page.getByRole('button', { name: 'Save segment' }).count()).toBe(0);
    expect(await analyst.page.getByRole('button', { name: 'Refresh now' }).count()).toBe(0);
    expect(await analyst.page.getByTitle('Draw Polygons').count()).toBe(0);
    expect(await analyst.page.getByLabel('Radius (metres)').getAttribute('readonly')).not.toBeNull();
    await analyst.context.close();
  }, 120_000);

  it('draws a geofence on the map, gives its exact radius, dwell and store, then turns it into a typed polygon', async () => {
    const { apiKey } = await signUpBusiness(admin.api);
    const http = () => admin.api.http();
    const elm = (await http().post('/v1/locations').set(bearer(apiKey)).send(ELM)).body;
    await http().post('/v1/locations').set(bearer(apiKey)).send(OAK).expect(201);

    const { context, page, outside } = await newPage(admin, WIDTHS.desktop);
    await page.goto(`/admin/sign-in?redirect=%2Fgeofences#key=${apiKey}`);
    await page.getByText('No geofences yet.', { exact: false }).waitFor();
    await page.getByRole('button', { name: 'New geofence' }).click();
    await page.getByLabel('Name').fill('Elm door');
    await page.getByRole('region', { name: 'Geofence map' }).scrollIntoViewIfNeeded();
    const centre = await storeCentre(page, ELM.name);
    await page.getByTitle('Draw Circle').click();
    await page.mouse.click(centre.x, centre.y);
    await page.mouse.move(centre.x + 20, centre.y, { steps: 4 });
    await page.mouse.click(centre.x + 20, centre.y);
    await waitUntil('the drawn circle fills the form', async () => (await page.getByLabel('Centre latitude').inputValue()) !== '');
    await page.getByLabel('Radius (metres)').fill('250');
    await page.getByRole('combobox', { name: 'Store' }).click();
    await page.getByRole('option', { name: ELM.name }).click();
    await page.getByLabel('Dwell (seconds)').fill('300');
    await page.getByRole('button', { name: 'Add geofence' }).click();
    const table = page.getByRole('region', { name: 'Geofences' });
    await table.getByText('250 m radius').waitFor();
    const [saved] = (await http().get('/v1/geofences').set(bearer(apiKey))).body.items;
    expect(saved).toMatchObject({ name: 'Elm door', kind: 'circle', radiusMeters: 250, storeId: elm.id, dwellSeconds: 300, cooldownSeconds: 0 });
    // Drawn from the store's marker: the centre is the store's, to within a few metres (one pixel is about 10 m here).
    expect(Math.abs(saved.center.lat - ELM.lat)).toBeLessThan(0.0003);
    expect(Math.abs(saved.center.lng - ELM.lng)).toBeLessThan(0.0003);

    await page.getByRole('button', { name: 'Change Elm door' }).click();
    await page.getByText('Polygon', { exact: true }).click();
    await page.getByLabel('Corners').fill('45.519, -122.681\n45.521, -122.681\n45.521, -122.679\n45.519, -122.679');
    await page.getByRole('button', { name: 'Save changes' }).click();
    await table.getByText('4 corners').waitFor();
    const changed = (await http().get(`/v1/geofences/${saved.id}`).set(bearer(apiKey))).body;
    expect(changed).toMatchObject({ kind: 'polygon', center: null, radiusMeters: null, polygon: { type: 'Polygon', coordinates: [[[-122.681, 45.519], [-122.681, 45.521], [-122.679, 45.521], [-122.679, 45.519], [-122.681, 45.519]]] } });
    expect(await seriousAccessibilityViolations(page)).toEqual([]);
    await page.evaluate('window.scrollTo(0, 0)');
    await screenshot(page, 'geofences');
    expect(outside).toEqual([]);
    expect(consoleErrors(page)).toEqual([]);
    await context.close();

    const phone = await newPage(admin, WIDTHS.phone);
    await phone.page.goto(`/admin/sign-in?redirect=%2Fgeofences#key=${apiKey}`);
    await phone.page.getByRole('region', { name: 'Geofences' }).getByText('4 corners').waitFor();
    await phone.page.getByRole('button', { name: 'New geofence' }).click();
    await phone.page.locator('.lr-store-marker').first().waitFor();
    expect(await seriousAccessibilityViolations(phone.page)).toEqual([]);
    await screenshot(phone.page, 'geofences');
    expect(phone.outside).toEqual([]);
    await phone.context.close();
  }, 60_000);
});
