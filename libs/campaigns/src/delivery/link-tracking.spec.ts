import { verifyTrackingToken } from '@localreach/core';
import { decodeAttribute, trackEmail, trackingUrls } from './link-tracking';

const SECRET = 'link-tracking-spec-secret-0123456789';
const BASE = 'https://reach.example.com';
const MESSAGE_ID = '6b1f2a4e-2c3d-4e5f-8a9b-0c1d2e3f4a5b';
const urls = trackingUrls(`${BASE}/`, SECRET, MESSAGE_ID);

/** The link number a rewritten click URL points at (fails the test for anything else). */
function linkOf(url: string): number {
  const match = new RegExp(`^${BASE}/t/c/([A-Za-z0-9_-]+)$`).exec(url);
  expect(match).not.toBeNull();
  const payload = verifyTrackingToken(SECRET, match![1]);
  expect(payload).toMatchObject({ kind: 'click', messageId: MESSAGE_ID });
  return payload!.link!;
}

const hrefs = (html: string): string[] => [...html.matchAll(/href="([^"]*)"/g)].map((m) => m[1]);

describe('trackingUrls', () => {
  it('signs an unsubscribe, a preferences (same token) and an open URL under the public base URL', () => {
    const token = urls.unsubscribe.slice(`${BASE}/u/`.length);
    expect(verifyTrackingToken(SECRET, token)).toEqual({ kind: 'unsubscribe', messageId: MESSAGE_ID });
    expect(urls.preferences).toBe(`${urls.unsubscribe}?view=preferences`);
    expect(verifyTrackingToken(SECRET, urls.openPixel.slice(`${BASE}/t/o/`.length))).toEqual({ kind: 'open', messageId: MESSAGE_ID });
  });
});

describe('trackEmail', () => {
  const html = [
    '<html><head><link href="https://fonts.example/css" rel="stylesheet"></head><body>',
    '<p><a class="cta" href="https://shop.example/menu?day=mon&amp;size=l&#x3D;1">Menu</a></p>',
    "<p><a href='http://shop.example/hours'>Hours</a> <a href=https://maps.example/x>Map</a></p>",
    '<p><a href="https://shop.example/menu?day=mon&size=l=1">Menu again</a></p>',
    '<map><area shape="rect" coords="0,0,1,1" href="https://shop.example/area"></map>',
    '<img src="https://cdn.example/logo.png" alt="">',
    '<a href="mailto:hello@shop.example">mail</a> <a href="tel:+15555550100">call</a> <a href="#top">top</a>',
    `<a href="${urls.unsubscribe}">Unsubscribe</a> <a href="${urls.preferences}">Preferences</a>`,
    '</body></html>',
  ].join('\n');
  const text = [
    'See the menu: https://shop.example/menu?day=mon&size=l=1.',
    'Hours (http://shop.example/hours) and https://en.example/wiki/Bread_(food), also new: https://shop.example/new!',
    `Unsubscribe: ${urls.unsubscribe}`,
  ].join('\n');
  const tracked = trackEmail({ html, text }, urls);

  it('numbers each distinct http(s) link once, in order of first appearance, html first', () => {
    expect(tracked.links).toEqual([
      'https://shop.example/menu?day=mon&size=l=1',
      'http://shop.example/hours',
      'https://maps.example/x',
      'https://shop.example/area',
      'https://en.example/wiki/Bread_(food)',
      'https://shop.example/new',
    ]);
  });

  it('rewrites <a> and <area> hrefs, quoted either way or bare, decoding entities first', () => {
    const rewritten = hrefs(tracked.html).filter((h) => h.startsWith(`${BASE}/t/c/`)).map(linkOf);
    expect(rewritten).toEqual([0, 1, 2, 0, 3]);
    expect(tracked.html).toContain('<a class="cta" href="');
  });

  it('leaves other schemes, fragments, stylesheet links, images and our own unsubscribe pages alone', () => {
    for (const kept of ['https://fonts.example/css', 'mailto:hello@shop.example', 'tel:+15555550100', '#top', urls.unsubscribe, urls.preferences]) {
      expect(hrefs(tracked.html)).toContain(kept);
    }
    expect(tracked.html).toContain('src="https://cdn.example/logo.png"');
  });

  it('rewrites URLs in the text part with the same numbers, keeping the punctuation around them', () => {
    const lines = tracked.text.split('\n');
    const [menu] = /https:\/\/\S+(?=\.$)/.exec(lines[0])!;
    expect(lines[0]).toMatch(/^See the menu: \S+\.$/);
    expect(linkOf(menu)).toBe(0);
    const found = [...lines[1].matchAll(/https:\/\/reach\.example\.com\/t\/c\/[A-Za-z0-9_-]+/g)].map((m) => linkOf(m[0]));
    expect(found).toEqual([1, 4, 5]);
    expect(lines[1]).toMatch(/^Hours \(\S+\) and \S+, also new: \S+!$/);
    expect(lines[2]).toBe(`Unsubscribe: ${urls.unsubscribe}`);
  });

  it('adds the open pixel right before </body>', () => {
    expect(tracked.html).toContain(`<img src="${urls.openPixel}" width="1" height="1" alt="" style="display:block;width:1px;height:1px;border:0;"></body>`);
    expect(tracked.html.match(/\/t\/o\//g)).toHaveLength(1);
  });

  it('appends the pixel to html without a body, and uses the last </BODY> in any case', () => {
    expect(trackEmail({ html: '<p>hi</p>', text: '' }, urls).html).toBe(`<p>hi</p><img src="${urls.openPixel}" width="1" height="1" alt="" style="display:block;width:1px;height:1px;border:0;">`);
    const twice = trackEmail({ html: '<BODY>a</BODY><!-- </body> -->b</BODY >', text: '' }, urls).html;
    expect(twice.endsWith(`border:0;"></BODY >`)).toBe(true);
  });

  it('returns no links for a message without any', () => {
    expect(trackEmail({ html: '<p>plain</p>', text: 'plain' }, urls).links).toEqual([]);
  });
});

describe('decodeAttribute', () => {
  it.each([
    ['a&amp;b', 'a&b'],
    ['x&#x3D;1', 'x=1'],
    ['&#61;&#X3d;', '=='],
    ['&quot;&lt;&gt;&apos;&#39;', `"<>''`],
    ['&unknown; &#0; &#x110000;', '&unknown; &#0; &#x110000;'],
  ])('%s → %s', (input, output) => {
    expect(decodeAttribute(input)).toBe(output);
  });
});
