import { readFileSync } from 'node:fs';
import { parse } from 'csv-parse/sync';
import { bearer, signUpBusiness } from './support/api-harness';
import { insertCampaign } from './support/delivery-factories';
import { seedSkippedNeighbourhood } from './support/fairness-factories';
import { consoleErrors, newPage, screenshot, seriousAccessibilityViolations, startAdmin, WIDTHS, type AdminHarness } from './support/browser';

/** The fairness map beside the dashboard shows what GET /v1/reports/fairness says: the skipped neighbourhood coloured and flagged. */
describe('admin UI: the fairness map in a real browser', () => {
  let admin: AdminHarness;
  beforeAll(async () => {
    admin = await startAdmin();
  }, 60_000);
  afterAll(() => admin?.close());

  it('colours the areas by reach ratio, flags the skipped one, and lists areas and age bands as the API does', async () => {
    const { apiKey, businessId } = await signUpBusiness(admin.api);
    const campaign = await insertCampaign(admin.api.dataSource, businessId, 'Spring offer');
    await seedSkippedNeighbourhood(admin.api.dataSource, businessId, campaign);
    // Named after the store in North's cell (the API's label: test/fairness.e2e-spec.ts).
    const skipped = '760 m square 5.4 km E of Elm Street';

    for (const [size, name] of [[WIDTHS.desktop, 'fairness'], [WIDTHS.phone, 'fairness-phone']] as const) {
      const { context, page, outside } = await newPage(admin, size);
      await page.goto(`/admin/sign-in#key=${apiKey}`);
      await page.getByRole('heading', { name: 'Dashboard', level: 1 }).waitFor();
      // Beside the dashboard in the navigation (behind the burger on a phone).
      if (size === WIDTHS.phone) await page.getByRole('button', { name: 'Toggle navigation' }).click();
      const asked = page.waitForResponse((r) => r.url().includes('/v1/reports/fairness') && r.status() === 200);
      await page.getByRole('link', { name: 'Fairness' }).click();
      const query = new URL((await asked).url()).searchParams;
      await page.getByRole('heading', { name: 'Fairness', level: 1 }).waitFor();
      const api = await admin.api.http().get(`/v1/reports/fairness?from=${encodeURIComponent(query.get('from')!)}&to=${encodeURIComponent(query.get('to')!)}&area=grid&cellSize=1000`).set(bearer(apiKey));
      expect(api.status).toBe(200);
      const flagged = (api.body.areas as { label: string; offers: { flagged: boolean } }[]).filter((a) => a.offers.flagged).map((a) => a.label);
      expect(flagged).toEqual([skipped]);
      // Offers were sent, so the map opens on them; the sentence names what the API flagged.
      await page.getByTestId('fairness-summary').filter({ hasText: `1 area was offered significantly less than its share: ${skipped}.` }).waitFor();
      // The grid is set in map metres; the page says what a square measures on the ground, as the labels do ("760 m square …").
      const side = skipped.split(' square')[0];
      await page.getByTestId('fairness-ground-side').filter({ hasText: `grid squares ${side} wide on the ground here` }).waitFor();
      const areas = page.getByRole('region', { name: 'Areas', exact: true });
      const row = areas.getByRole('row', { name: new RegExp(skipped) });
      expect(await row.getByText('Reached less').count()).toBe(1);
      expect(await areas.getByRole('row').count()).toBe(1 + api.body.areas.length);
      expect(await areas.getByText('Other areas (2 merged)').count()).toBe(1);
      await page.getByRole('region', { name: 'Age bands' }).getByRole('cell', { name: /65\+/ }).waitFor();
      // Three cells drawn (other and unknown have no place), the skipped one with the flagged (dashed) edge and the darkest red.
      const map = page.getByRole('region', { name: 'Areas coloured by reach ratio' });
      await map.locator('path.leaflet-interactive').first().waitFor();
      expect(await map.locator('path.leaflet-interactive').count()).toBe(3);
      expect(await map.locator('path.leaflet-interactive[stroke-dasharray="6 4"][fill="#b2182b"]').count()).toBe(1);
      await page.getByRole('group', { name: 'Legend' }).getByText('under ½ of its share (1)').waitFor();
      // The placed live stores as named markers (not the deleted one, nor the one without a position); the view holds Elm Street, which the labels name.
      await map.locator('.lr-store-marker').first().waitFor();
      expect(await map.locator('.lr-store-marker').count()).toBe(2);
      const titles = await Promise.all((await map.locator('.lr-store-marker').all()).map((m) => m.getAttribute('title')));
      expect(titles.sort()).toEqual(['Elm Street', 'Harbor Road']);
      await map.locator('.lr-store-label', { hasText: 'Elm Street' }).waitFor();
      expect(await map.locator('.lr-store-label', { hasText: 'Elm Street' }).isVisible()).toBe(true);
      // The flagged area says its name, ratio and counts: on hover (desktop), on focus from the keyboard (phone).
      const flaggedArea = map.locator('path.leaflet-interactive[stroke-dasharray="6 4"]');
      const says = `${skipped}: 0.00× · offered 0 of 40 eligible · reached significantly less`;
      if (size === WIDTHS.desktop) await flaggedArea.hover();
      else await flaggedArea.focus();
      await map.locator('.leaflet-tooltip', { hasText: says }).waitFor();
      expect(await flaggedArea.getAttribute('aria-label')).toBe(says);
      // The sentence wraps inside the map on a phone rather than running off its edge.
      const [box, within] = [await map.locator('.lr-area-tooltip').boundingBox(), await map.boundingBox()];
      expect(box!.x >= within!.x && box!.x + box!.width <= within!.x + within!.width).toBe(true);
      if (size === WIDTHS.phone) await screenshot(page, 'fairness-tooltip');
      if (size === WIDTHS.desktop) await page.mouse.move(0, 0);
      else await flaggedArea.blur();
      await map.locator('.lr-area-tooltip').waitFor({ state: 'detached' });
      // The pointer off the link it clicked: the navigation's active link under the pointer has 4.32:1 contrast (the layout's, not this page's).
      await page.getByRole('heading', { name: 'Fairness', level: 1 }).hover();
      expect(await seriousAccessibilityViolations(page)).toEqual([]);
      await screenshot(page, name);
      // The CSV the API writes, downloaded (desktop only: the same button on a phone).
      if (size === WIDTHS.desktop) {
        const [file] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Download the fairness report as CSV' }).click()]);
        const rows = parse(readFileSync((await file.path())!, 'utf8'), { columns: true }) as Record<string, string>[];
        expect(rows.filter((r) => r.flagged === 'true').map((r) => [r.section, r.label])).toEqual([['area', skipped], ['age', '65+']]);
      }
      // Postal codes: the page asks again and lists the codes.
      const again = page.waitForResponse((r) => r.url().includes('area=postal') && r.status() === 200);
      await page.getByText('Postal codes').click();
      await again;
      await areas.getByRole('cell', { name: /10003/ }).waitFor();
      expect(outside).toEqual([]);
      expect(consoleErrors(page)).toEqual([]);
      await context.close();
    }
  }, 120_000);
});
