import { mkdirSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import AxeBuilder from '@axe-core/playwright';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { startApi, type ApiHarness } from './api-harness';
import { findChromium } from './chromium-path';

export const SCREENSHOT_DIR = join(__dirname, '..', '..', 'artifacts', 'screenshots');
export const WIDTHS = { desktop: { width: 1280, height: 800 }, phone: { width: 390, height: 844 } } as const;

export interface AdminHarness {
  api: ApiHarness;
  baseUrl: string;
  browser: Browser;
  close(): Promise<void>;
}

/** The real API serving the built admin UI on a loopback port, and a headless Chromium. */
export async function startAdmin(env: Record<string, string> = {}, listening?: ApiHarness): Promise<AdminHarness> {
  const executablePath = findChromium();
  if (!executablePath) throw new Error('No Chromium: apt-get install -y chromium, or set CHROMIUM_PATH');
  // `listening`: an API already serving on loopback (the delivery harness's), which the caller closes.
  const api = listening ?? (await startApi(env));
  const server = api.app.getHttpServer();
  if (!listening) await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  // Background networking off: this machine has no way out, and Chromium would keep trying.
  const browser = await chromium.launch({
    executablePath,
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--disable-dev-shm-usage'],
  });
  return {
    api,
    baseUrl,
    browser,
    close: async () => {
      await browser.close();
      if (!listening) await api.close();
    },
  };
}

/** A fresh browser context (its own sessionStorage) at a width; every request outside loopback fails the test. */
export async function newPage(harness: AdminHarness, size: (typeof WIDTHS)[keyof typeof WIDTHS] = WIDTHS.desktop): Promise<{ context: BrowserContext; page: Page; outside: string[] }> {
  const context = await harness.browser.newContext({ viewport: size, baseURL: harness.baseUrl, locale: 'en-US', timezoneId: 'America/Chicago' });
  const outside: string[] = [];
  await context.route(/^(?!http:\/\/127\.0\.0\.1[:/]).*/, (route) => {
    const url = route.request().url();
    if (url.startsWith('data:') || url.startsWith('blob:')) return route.continue();
    outside.push(url);
    return route.abort();
  });
  const page = await context.newPage();
  const errors: string[] = [];
  page.on('pageerror', (error) => errors.push(error.message));
  // The browser logs every 4xx/5xx answer as a console error; the UI shows those itself, and the tests check what it shows.
  page.on('console', (message) => {
    if (message.type() === 'error' && !message.text().startsWith('Failed to load resource: the server responded with a status of 4')) errors.push(message.text());
  });
  (page as Page & { consoleErrors: string[] }).consoleErrors = errors;
  return { context, page, outside };
}

/** Errors the page threw or logged to its console so far. */
export function consoleErrors(page: Page): string[] {
  return (page as Page & { consoleErrors?: string[] }).consoleErrors ?? [];
}

/**
 * Saves a full-page screenshot as artifacts/screenshots/<name>-<width>.png,
 * after checking the page fits its width (nothing makes the whole page scroll sideways).
 */
export async function screenshot(page: Page, name: string): Promise<string> {
  const widths = (await page.evaluate('[document.documentElement.scrollWidth, window.innerWidth]')) as [number, number];
  if (widths[0] > widths[1]) throw new Error(`${name}: the page is ${widths[0]} px wide in a ${widths[1]} px window`);
  mkdirSync(SCREENSHOT_DIR, { recursive: true });
  const path = join(SCREENSHOT_DIR, `${name}-${page.viewportSize()?.width ?? 0}.png`);
  await page.screenshot({ path, fullPage: true });
  return path;
}

/** axe-core's serious and critical violations on the page as it is now (WCAG 2.1 A and AA rules). */
export async function seriousAccessibilityViolations(page: Page, exclude?: string): Promise<{ id: string; impact: string; help: string; targets: string[] }[]> {
  const builder = new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']);
  // `exclude`: e.g. a sandboxed frame showing an email, which is not the UI (and where axe cannot run, by design).
  const results = await (exclude ? builder.exclude(exclude) : builder).analyze();
  return results.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => ({ id: v.id, impact: v.impact ?? '', help: v.help, targets: v.nodes.map((n) => `${n.target.join(' ')}: ${n.failureSummary ?? ''}`) }));
}
