import { classifyHit, DEFAULT_MACHINE_RULES, detectClickBurst, knownMachineAgent, type HitTiming } from './machine-classifier';

const SENT = new Date('2026-03-10T15:00:00.000Z');
const after = (ms: number) => new Date(SENT.getTime() + ms);
const IPHONE_MAIL = 'Mozilla/5.0 (iPhone; CPU iPhone OS 17_4 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Mobile/15E148';
const CHROME = 'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0.0.0 Safari/537.36';
const OUTLOOK = 'Microsoft Office/16.0 (Windows NT 10.0; Microsoft Outlook 16.0.17328; Pro)';

const hit = (overrides: Partial<HitTiming>): HitTiming => ({ type: 'opened', userAgent: IPHONE_MAIL, occurredAt: after(60_000), sentAt: SENT, deliveredAt: null, ...overrides });

describe('knownMachineAgent', () => {
  it.each([
    ['Mozilla/5.0 (Windows NT 5.1; rv:11.0) Gecko Firefox/11.0 (via ggpht.com GoogleImageProxy)', 'Google Image Proxy'],
    ['GoogleImageProxy', 'Google Image Proxy'],
    ['YahooMailProxy; https://help.yahoo.com/kb/yahoo-mail-proxy-SLN28749.html', 'Yahoo Mail Proxy'],
    ['Mozilla/5.0', 'Apple Mail Privacy Protection'],
    ['Mozilla/5.0 (compatible; BingPreview/1.0b)', 'Microsoft link preview / Safe Links'],
    ['Barracuda Sentinel (EE)', 'Barracuda'],
    ['Mimecast URL Protect', 'Mimecast'],
    ['Proofpoint URL Defense', 'Proofpoint'],
    ['Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) HeadlessChrome/120.0.0.0 Safari/537.36', 'Headless browser'],
    ['Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)', 'Crawler'],
    ['python-requests/2.31.0', 'HTTP library'],
    ['curl/8.5.0', 'HTTP library'],
  ])('%s → %s', (agent, name) => {
    expect(knownMachineAgent(agent)).toBe(name);
  });

  it.each([[IPHONE_MAIL], [CHROME], [OUTLOOK], ['Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko)'], [null], ['']])(
    'a person’s client (%s) is not a known machine',
    (agent) => {
      expect(knownMachineAgent(agent)).toBeNull();
    },
  );
});

describe('classifyHit', () => {
  it('a mail client opening a minute after the send is a person', () => {
    expect(classifyHit(hit({}))).toEqual({ machine: false, reason: null });
  });

  it('a proxy agent is a machine however late it comes', () => {
    expect(classifyHit(hit({ userAgent: 'GoogleImageProxy', occurredAt: after(3 * 86_400_000) }))).toEqual({ machine: true, reason: 'proxy_user_agent' });
  });

  it('no User-Agent at all is a machine', () => {
    expect(classifyHit(hit({ userAgent: null }))).toEqual({ machine: true, reason: 'no_user_agent' });
    expect(classifyHit(hit({ userAgent: '  ' }))).toEqual({ machine: true, reason: 'no_user_agent' });
  });

  it('an open within 2 s of the send is a prefetch; at 2 s it is not', () => {
    expect(classifyHit(hit({ occurredAt: after(1999) }))).toEqual({ machine: true, reason: 'soon_after_send' });
    expect(classifyHit(hit({ occurredAt: after(2000) }))).toEqual({ machine: false, reason: null });
    // Clock skew between the API and the worker: just before sent_at still counts.
    expect(classifyHit(hit({ occurredAt: after(-500) }))).toEqual({ machine: true, reason: 'soon_after_send' });
  });

  it('measures from the delivery too (SMS), and never from an unknown send', () => {
    const deliveredAt = after(30_000);
    expect(classifyHit(hit({ type: 'clicked', occurredAt: after(31_000), deliveredAt }))).toEqual({ machine: true, reason: 'soon_after_send' });
    expect(classifyHit(hit({ type: 'clicked', occurredAt: after(33_000), deliveredAt }))).toEqual({ machine: false, reason: null });
    expect(classifyHit(hit({ occurredAt: SENT, sentAt: null }))).toEqual({ machine: false, reason: null });
  });

  it('uses the per-type window', () => {
    const rules = { ...DEFAULT_MACHINE_RULES, openWindowMs: 10_000, clickWindowMs: 1000 };
    expect(classifyHit(hit({ occurredAt: after(5000) }), rules).machine).toBe(true);
    expect(classifyHit(hit({ type: 'clicked', occurredAt: after(5000) }), rules).machine).toBe(false);
  });
});

describe('detectClickBurst', () => {
  const t = 1_000_000;

  it('three different links within a second is a burst starting at the first', () => {
    expect(detectClickBurst([{ at: t, link: 0 }, { at: t + 300, link: 1 }], { at: t + 900, link: 2 })).toEqual({ burst: true, since: t });
  });

  it('the same link clicked again and again is a person double-clicking, not a burst', () => {
    expect(detectClickBurst([{ at: t, link: 0 }, { at: t + 100, link: 0 }], { at: t + 200, link: 0 }).burst).toBe(false);
  });

  it('links spread over more than a second are not a burst', () => {
    expect(detectClickBurst([{ at: t, link: 0 }, { at: t + 600, link: 1 }], { at: t + 1000, link: 2 }).burst).toBe(false);
    expect(detectClickBurst([{ at: t, link: 0 }, { at: t + 600, link: 1 }], { at: t + 1500, link: 2 }).burst).toBe(false);
  });

  it('two links are not enough; a later click does not look back past itself', () => {
    expect(detectClickBurst([{ at: t, link: 0 }], { at: t + 10, link: 1 }).burst).toBe(false);
    expect(detectClickBurst([{ at: t + 50, link: 0 }, { at: t + 60, link: 1 }], { at: t, link: 2 }).burst).toBe(false);
  });
});
