/**
 * What a sandboxed frame shows of an email's HTML. The frame has
 * sandbox="" (no scripts, no forms, no navigation of this page, no popups)
 * and inherits the admin's CSP, which would still let the email load images
 * from this origin: its open pixel and tracked images would then record an
 * open whenever someone looks at it here. So the document gets its own
 * policy (nothing loads but inline styles and data: images) and links open
 * in a new window, which the sandbox refuses: a click records nothing.
 */
export const PREVIEW_POLICY = "default-src 'none'; style-src 'unsafe-inline'; img-src data:; font-src data:";

const GUARD = `<meta http-equiv="Content-Security-Policy" content="${PREVIEW_POLICY}"><base target="_blank">`;

export function emailPreviewDocument(html: string): string {
  const head = /<head(\s[^>]*)?>/i.exec(html);
  if (head) return html.slice(0, head.index + head[0].length) + GUARD + html.slice(head.index + head[0].length);
  // No head: the parser puts a leading meta into the implied one.
  return GUARD + html;
}

/** A page of text as the frame's document, when the email has no HTML part. */
export function textPreviewDocument(text: string): string {
  const escaped = text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
  return `${GUARD}<pre style="white-space:pre-wrap;font-family:system-ui,sans-serif">${escaped}</pre>`;
}
