import type { MachineReason } from './engagement.types';

/** Thresholds of the machine rules. */
export interface MachineRules {
  /** An open this close to the send (or delivery) is a prefetch: no person reads that fast. */
  openWindowMs: number;
  /** A click this close to the send (or delivery) is a link scanner. */
  clickWindowMs: number;
  /** `burstLinks` different links of one message clicked within `burstWindowMs` is a scanner walking the email. */
  burstWindowMs: number;
  burstLinks: number;
}

export const DEFAULT_MACHINE_RULES: MachineRules = { openWindowMs: 2000, clickWindowMs: 2000, burstWindowMs: 1000, burstLinks: 3 };

/**
 * User agents of image proxies, prefetchers and security scanners. Apple Mail
 * Privacy Protection fetches through Apple's relays with the bare
 * "Mozilla/5.0" (Mail itself sends a full WebKit string); the others name
 * themselves. Gmail's and Yahoo's proxies also fetch for real opens, but
 * cannot be told apart from their prefetches, so they count as machine opens
 * (open rate is never used to pick a winner).
 */
const PROXY_AGENTS: readonly (readonly [string, RegExp])[] = [
  ['Apple Mail Privacy Protection', /^Mozilla\/5\.0$/],
  ['Google Image Proxy', /GoogleImageProxy|via ggpht\.com/i],
  ['Yahoo Mail Proxy', /YahooMailProxy/i],
  ['Microsoft link preview / Safe Links', /BingPreview|SafeLinks|Microsoft-ATP|MSOffice ?Link ?Preview|Microsoft Preview/i],
  ['Barracuda', /Barracuda/i],
  ['Mimecast', /Mimecast/i],
  ['Proofpoint', /Proofpoint|URLDefense/i],
  ['Symantec / MessageLabs', /Symantec|MessageLabs/i],
  ['Cisco IronPort', /IronPort/i],
  ['Trend Micro', /Trend ?Micro/i],
  ['FireEye / Trellix', /FireEye|Trellix/i],
  ['Sophos', /Sophos/i],
  ['Forcepoint', /Forcepoint|Websense/i],
  ['Zscaler', /Zscaler/i],
  ['Headless browser', /HeadlessChrome|PhantomJS|Puppeteer|Playwright|Selenium/i],
  ['Crawler', /\b(?:bot|crawler|spider)\b|Googlebot|bingbot|Slurp/i],
  ['HTTP library', /^(?:curl|Wget|python-requests|python-urllib|aiohttp|Go-http-client|Java\/|Apache-HttpClient|okhttp|axios|node-fetch|undici|libwww-perl|HTTPie)\b/i],
];

// Any of them, case-insensitive: one test rules out a person's agent (most hits), then each pattern names the match.
const ANY_PROXY_AGENT = new RegExp(PROXY_AGENTS.map(([, pattern]) => `(?:${pattern.source})`).join('|'), 'i');

/** The name of the proxy or scanner a User-Agent belongs to, or null for anything else (including an absent one). */
export function knownMachineAgent(userAgent: string | null | undefined): string | null {
  if (!userAgent) return null;
  const agent = userAgent.trim();
  if (!ANY_PROXY_AGENT.test(agent)) return null;
  for (const [name, pattern] of PROXY_AGENTS) if (pattern.test(agent)) return name;
  return null;
}

/** What a classifier decided: a person, or a machine and the rule that said so. */
export interface MachineVerdict {
  machine: boolean;
  reason: MachineReason | null;
}

const HUMAN: MachineVerdict = { machine: false, reason: null };

export interface HitTiming {
  type: 'opened' | 'clicked';
  userAgent: string | null;
  occurredAt: Date;
  /** When the message went out and (SMS) when the carrier delivered it; null when unknown. */
  sentAt: Date | null;
  deliveredAt: Date | null;
}

/**
 * Machine or person, from what one hit shows: a known proxy or scanner agent,
 * no User-Agent at all (every mail client and browser sends one), or arriving
 * within the window of the send or the delivery (on either side, so a few
 * seconds of clock skew between API and worker cannot hide a prefetch).
 * Click bursts need the message's other clicks: see `detectClickBurst`.
 */
export function classifyHit(hit: HitTiming, rules: MachineRules = DEFAULT_MACHINE_RULES): MachineVerdict {
  if (knownMachineAgent(hit.userAgent) !== null) return { machine: true, reason: 'proxy_user_agent' };
  if (!hit.userAgent || hit.userAgent.trim() === '') return { machine: true, reason: 'no_user_agent' };
  const windowMs = hit.type === 'opened' ? rules.openWindowMs : rules.clickWindowMs;
  const at = hit.occurredAt.getTime();
  const near = (ref: Date | null) => ref !== null && Math.abs(at - ref.getTime()) < windowMs;
  return near(hit.sentAt) || near(hit.deliveredAt) ? { machine: true, reason: 'soon_after_send' } : HUMAN;
}

/** A click already seen on the same message: when (epoch ms) and which link. */
export interface SeenClick {
  at: number;
  link: number;
}

/**
 * Whether `click` completes a burst: with the clicks before it on the same
 * message, at least `burstLinks` different links within `burstWindowMs`
 * ending at this click. `since` is the first click of the burst, so the
 * caller can flag the burst's earlier clicks too.
 */
export function detectClickBurst(previous: readonly SeenClick[], click: SeenClick, rules: MachineRules = DEFAULT_MACHINE_RULES): { burst: boolean; since: number } {
  // Most clicks are a message's first (or only) one in the window.
  if (previous.length + 1 < rules.burstLinks) return { burst: false, since: click.at };
  const inWindow = previous.filter((c) => c.at <= click.at && click.at - c.at < rules.burstWindowMs);
  const links = new Set([click.link, ...inWindow.map((c) => c.link)]);
  if (links.size < rules.burstLinks) return { burst: false, since: click.at };
  return { burst: true, since: Math.min(click.at, ...inWindow.map((c) => c.at)) };
}
