/**
 * The admin in Debian's chromium (playwright-core, the launch flags of
 * test/support/browser.ts), timed inside the page from the navigation's start
 * (performance.now()): when a page is interactive, and where the time went
 * (document, scripts, the API request the page waited for) from the
 * browser's own navigation and resource timing.
 */
import { existsSync } from 'node:fs';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';

const CHROMIUM = [process.env.CHROMIUM_PATH, '/usr/bin/chromium', '/usr/bin/chromium-browser'].filter((p): p is string => !!p);

export async function launchChromium(): Promise<Browser> {
  const executablePath = CHROMIUM.find((p) => existsSync(p));
  if (!executablePath) throw new Error('No Chromium: apt-get install -y chromium, or set CHROMIUM_PATH');
  return chromium.launch({
    executablePath,
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--disable-dev-shm-usage'],
  });
}

/** Milliseconds from the navigation's start, as the page saw them. */
export interface PageTiming {
  /** The page interactive: its figures on screen. */
  ready: number;
  /** The HTML received. */
  documentEnd: number;
  /** The last script (of those requested before the API request) received. */
  scriptsEnd: number;
  scripts: number;
  /** Bytes of those scripts' bodies (the API serves them uncompressed; on a reload they come from the cache). */
  scriptBytes: number;
  /** The API request the page waited for (the last one matching before `ready`): sent and answered. */
  apiStart: number;
  apiEnd: number;
  /** Every API request before `ready`, in order (path without query). */
  apiCalls: string[];
  /** The URL of the request the page waited for, replayed by the raw side. */
  apiUrl: string;
}

/**
 * Waits (every animation frame) until `ready` holds in the page, then reads
 * the browser's timing. A string, so the bench's compiler leaves the browser
 * code alone.
 */
function readyScript(ready: string, apiPath: string): string {
  return `(() => {
    if (!(${ready})) return false;
    const ready = performance.now();
    const nav = performance.getEntriesByType('navigation')[0];
    const before = performance.getEntriesByType('resource').filter((r) => r.responseEnd <= ready);
    const apis = before.filter((r) => new URL(r.name).pathname.startsWith('/v1/'));
    const api = apis.filter((r) => new URL(r.name).pathname === ${JSON.stringify(apiPath)}).pop();
    // The scripts the page needed before it could ask (lazy chunks fetched while it waits, e.g. the charts, left out).
    const scripts = before.filter((r) => (r.initiatorType === 'script' || /\\.js(\\?|$)/.test(r.name)) && (!api || r.startTime <= api.startTime));
    return {
      ready, documentEnd: nav ? nav.responseEnd : 0,
      scriptsEnd: Math.max(0, ...scripts.map((r) => r.responseEnd)), scripts: scripts.length,
      scriptBytes: scripts.reduce((s, r) => s + r.encodedBodySize, 0),
      apiStart: api ? api.startTime : NaN, apiEnd: api ? api.responseEnd : NaN, apiUrl: api ? api.name : '',
      apiCalls: apis.map((r) => new URL(r.name).pathname),
    };
  })()`;
}

const visible = (selector: string, text = '\\\\d') =>
  `(() => { const el = document.querySelector(${JSON.stringify(selector)}); return !!el && el.getClientRects().length > 0 && new RegExp('${text}').test(el.textContent || ''); })()`;

export const DASHBOARD_READY = visible('[data-testid="kpi-revenue-value"]');
/** The dashboard's last part: the churn list, asked for once the figures are in (or its empty state). */
export const CHURN_SHOWN = `(${visible('[data-testid="churn-risk"]', '\\\\S')} || /Nobody at risk/.test(document.body.textContent || ''))`;
export const CUSTOMERS_READY = `(${visible('[data-testid="customer-total"]')} && ${visible('tbody tr', '\\\\S')})`;

export async function waitReady(page: Page, ready: string, apiPath: string): Promise<PageTiming> {
  const handle = await page.waitForFunction(readyScript(ready, apiPath), undefined, { polling: 'raf', timeout: 120_000 });
  return (await handle.jsonValue()) as PageTiming;
}

export async function newContext(browser: Browser): Promise<BrowserContext> {
  // bypassCSP: the probes are strings Playwright evals in the page, which the admin's CSP (script-src 'self') forbids;
  // the browser tests check the admin works under its CSP.
  return browser.newContext({ viewport: { width: 1280, height: 800 }, locale: 'en-US', timezoneId: 'America/Los_Angeles', bypassCSP: true });
}

/** A fresh tab (empty cache, no session) signing in with the key and landing on `to`. */
export async function coldLoad(browser: Browser, baseUrl: string, apiKey: string, to: '/' | '/customers'): Promise<{ context: BrowserContext; page: Page; timing: PageTiming }> {
  const context = await newContext(browser);
  const page = await context.newPage();
  const redirect = to === '/' ? '' : `?redirect=${encodeURIComponent(to)}`;
  await page.goto(`${baseUrl}/admin/sign-in${redirect}#key=${apiKey}`, { waitUntil: 'commit' });
  const timing = to === '/' ? await waitReady(page, DASHBOARD_READY, '/v1/reports/overview') : await waitReady(page, CUSTOMERS_READY, '/v1/customers');
  return { context, page, timing };
}

/** The same tab reloaded: scripts from the cache (immutable assets), the key from sessionStorage. */
export async function warmReload(page: Page, to: '/' | '/customers'): Promise<PageTiming> {
  await page.reload({ waitUntil: 'commit' });
  return to === '/' ? waitReady(page, DASHBOARD_READY, '/v1/reports/overview') : waitReady(page, CUSTOMERS_READY, '/v1/customers');
}

export interface SearchTiming {
  /** From the last keystroke to the first row of the API's answer on screen (includes the page's 250 ms debounce). */
  ms: number;
  apiUrl: string;
  /** The API request, from the last keystroke: sent and answered. */
  apiStart: number;
  apiEnd: number;
}

/**
 * Types `q` into the customer search (60 ms between keys), and times from
 * the last keydown to the first row of the answer to exactly `q` being on
 * screen (a MutationObserver notes each change of the first row's link).
 */
export async function typeSearch(page: Page, q: string): Promise<SearchTiming> {
  const box = page.getByRole('searchbox', { name: 'Search' });
  await box.fill('');
  // The unfiltered list back (debounce, request) before the next search starts.
  await page.waitForTimeout(1_500);
  const before = await page.locator('tbody tr a').first().getAttribute('href');
  await page.evaluate(`(() => {
    window.__benchRows = [];
    window.__benchKeys = [];
    document.addEventListener('keydown', () => window.__benchKeys.push(performance.now()), true);
    const note = () => { const a = document.querySelector('tbody tr a'); window.__benchRows.push({ t: performance.now(), href: a ? a.getAttribute('href') : null }); };
    new MutationObserver(note).observe(document.body, { subtree: true, childList: true, characterData: true, attributes: true, attributeFilter: ['href'] });
  })()`);
  const answered = page.waitForResponse((r) => {
    const url = new URL(r.url());
    return url.pathname === '/v1/customers' && url.searchParams.get('q') === q.trim();
  });
  await box.pressSequentially(q, { delay: 60 });
  const response = await answered;
  const body = (await response.json()) as { items: { id: string }[] };
  const first = body.items[0]?.id;
  if (!first) throw new Error(`the search "${q}" found no one; pick a query that matches`);
  if (before?.endsWith(`/${first}`)) throw new Error(`search "${q}": its first row is the unfiltered list's first row too; pick another query`);
  await page.waitForFunction(`(() => { const a = document.querySelector('tbody tr a'); return !!a && a.getAttribute('href').endsWith(${JSON.stringify(`/${first}`)}); })()`, undefined, { polling: 'raf' });
  const marks = (await page.evaluate(`(() => {
    const apis = performance.getEntriesByType('resource').filter((r) => r.name === ${JSON.stringify(response.url())});
    const api = apis[apis.length - 1];
    return { keys: window.__benchKeys, rows: window.__benchRows, apiStart: api ? api.startTime : NaN, apiEnd: api ? api.responseEnd : NaN };
  })()`)) as { keys: number[]; rows: { t: number; href: string | null }[]; apiStart: number; apiEnd: number };
  const lastKey = Math.max(...marks.keys);
  const shown = marks.rows.find((r) => r.t >= lastKey && r.href?.endsWith(`/${first}`));
  if (!shown) throw new Error(`search "${q}": the first row never changed to the answer after the last keystroke`);
  return { ms: shown.t - lastKey, apiUrl: response.url(), apiStart: marks.apiStart - lastKey, apiEnd: marks.apiEnd - lastKey };
}
