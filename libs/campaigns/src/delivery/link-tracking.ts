import { signTrackingToken } from '@localreach/core';

/** The signed per-message URLs of the tracking and unsubscribe endpoints. */
export interface TrackingUrls {
  /** `${PUBLIC_BASE_URL}/u/<token>`: the unsubscribe page and the RFC 8058 one-click target. */
  unsubscribe: string;
  /** The same page, preferences view. */
  preferences: string;
  /** `${PUBLIC_BASE_URL}/t/o/<token>`: the 1×1 open pixel. */
  openPixel: string;
  /** `${PUBLIC_BASE_URL}/t/c/<token>`: the redirect to message.links[link]. */
  click(link: number): string;
  /** URLs under these prefixes are our own pages and are never rewritten. */
  ownPrefixes: readonly string[];
}

export function trackingUrls(publicBaseUrl: string, secret: string, messageId: string): TrackingUrls {
  const base = publicBaseUrl.replace(/\/+$/, '');
  const unsubscribe = `${base}/u/${signTrackingToken(secret, { kind: 'unsubscribe', messageId })}`;
  return {
    unsubscribe,
    preferences: `${unsubscribe}?view=preferences`,
    openPixel: `${base}/t/o/${signTrackingToken(secret, { kind: 'open', messageId })}`,
    click: (link) => `${base}/t/c/${signTrackingToken(secret, { kind: 'click', messageId, link })}`,
    ownPrefixes: [`${base}/u/`, `${base}/t/`],
  };
}

export interface TrackedEmail {
  html: string;
  text: string;
  /** The original URLs; a click token's link number is the index here. */
  links: string[];
}

// An opening <a> or <area> tag, and the href attribute inside one (quoted either way or bare).
const LINK_TAG = /<(?:a|area)\b[^>]*>/gi;
const HREF = /(\shref\s*=\s*)(?:"([^"]*)"|'([^']*)'|([^\s"'>]+))/i;
const TEXT_URL = /https?:\/\/[^\s<>"']+/gi;
const HTTP = /^https?:\/\//i;
// Sentence punctuation after a URL in prose is not part of it.
const TRAILING = /[.,;:!?]+$/;
const NAMED: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };

/** Undoes the character references Handlebars escaping and hand-written HTML put in attribute values. */
export function decodeAttribute(value: string): string {
  return value.replace(/&(#x[0-9a-f]+|#\d+|[a-z]+);/gi, (entity: string, name: string) => {
    if (name[0] !== '#') return NAMED[name.toLowerCase()] ?? entity;
    const code = name[1] === 'x' || name[1] === 'X' ? parseInt(name.slice(2), 16) : parseInt(name.slice(1), 10);
    return code > 0 && code <= 0x10ffff ? String.fromCodePoint(code) : entity;
  });
}

function escapeAttribute(value: string): string {
  return value.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/** A URL printed in plain text, without the punctuation or unmatched ")" that closes the sentence around it. */
function trimTextUrl(raw: string): string {
  let url = raw.replace(TRAILING, '');
  while (url.endsWith(')') && (url.match(/\(/g) ?? []).length < (url.match(/\)/g) ?? []).length) {
    url = url.slice(0, -1).replace(TRAILING, '');
  }
  return url;
}

class LinkTable {
  readonly links: string[] = [];
  private readonly index = new Map<string, number>();

  constructor(private readonly urls: TrackingUrls) {}

  /** The tracked URL for an original one, or undefined when it must stay as it is. */
  rewrite(url: string): string | undefined {
    if (!HTTP.test(url) || this.urls.ownPrefixes.some((prefix) => url.startsWith(prefix))) return undefined;
    let link = this.index.get(url);
    if (link === undefined) {
      link = this.links.push(url) - 1;
      this.index.set(url, link);
    }
    return this.urls.click(link);
  }
}

/**
 * Click tracking and the open pixel: every http(s) link of the html (<a> and
 * <area> hrefs) and every http(s) URL of the text part becomes a signed
 * redirect; one URL gets one link number wherever it appears. Our own pages
 * (unsubscribe, preferences) are left alone. The 1×1 pixel goes right before
 * </body>, or at the end when there is none.
 */
export function trackEmail(email: { html: string; text: string }, urls: TrackingUrls): TrackedEmail {
  const table = new LinkTable(urls);
  const html = email.html.replace(LINK_TAG, (tag) =>
    tag.replace(HREF, (attribute: string, prefix: string, double?: string, single?: string, bare?: string) => {
      const tracked = table.rewrite(decodeAttribute((double ?? single ?? bare ?? '').trim()));
      return tracked === undefined ? attribute : `${prefix}"${escapeAttribute(tracked)}"`;
    }),
  );
  const text = email.text.replace(TEXT_URL, (raw) => {
    const url = trimTextUrl(raw);
    const tracked = table.rewrite(url);
    return tracked === undefined ? raw : tracked + raw.slice(url.length);
  });
  return { html: withOpenPixel(html, urls.openPixel), text, links: table.links };
}

function withOpenPixel(html: string, pixelUrl: string): string {
  const pixel = `<img src="${escapeAttribute(pixelUrl)}" width="1" height="1" alt="" style="display:block;width:1px;height:1px;border:0;">`;
  const close = html.search(/<\/body\s*>(?![\s\S]*<\/body\s*>)/i);
  return close < 0 ? `${html}${pixel}` : `${html.slice(0, close)}${pixel}${html.slice(close)}`;
}
