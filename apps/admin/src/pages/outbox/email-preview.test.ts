import { describe, expect, it } from 'vitest';
import { emailPreviewDocument, PREVIEW_POLICY, textPreviewDocument } from './email-preview';

describe('email preview document', () => {
  it('puts its own CSP and a _blank base first in the email\'s head, so nothing loads from outside the document', () => {
    const doc = emailPreviewDocument('<!doctype html><html><head><title>Hi</title></head><body><img src="http://localhost:3000/t/o/x"></body></html>');
    expect(doc).toBe(`<!doctype html><html><head><meta http-equiv="Content-Security-Policy" content="${PREVIEW_POLICY}"><base target="_blank"><title>Hi</title></head><body><img src="http://localhost:3000/t/o/x"></body></html>`);
    expect(PREVIEW_POLICY).toContain("default-src 'none'");
    expect(PREVIEW_POLICY).not.toMatch(/script-src|'self'|http/);
  });

  it('a head with attributes, or none at all', () => {
    expect(emailPreviewDocument('<HTML><HEAD lang="en"><style>p{}</style></HEAD>')).toMatch(/^<HTML><HEAD lang="en"><meta http-equiv="Content-Security-Policy"/);
    expect(emailPreviewDocument('<p>Hello</p>')).toMatch(/^<meta http-equiv="Content-Security-Policy"[^>]*><base target="_blank"><p>Hello<\/p>$/);
    // <header> is not <head>.
    expect(emailPreviewDocument('<header>x</header>')).toMatch(/^<meta /);
  });

  it('text bodies are escaped', () => {
    expect(textPreviewDocument('a <b> & c')).toContain('<pre style="white-space:pre-wrap;font-family:system-ui,sans-serif">a &lt;b&gt; &amp; c</pre>');
  });
});
