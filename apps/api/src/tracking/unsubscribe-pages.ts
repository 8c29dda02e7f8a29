import { formatPostalAddress, type UnsubscribeView } from '@localreach/analytics';

const HTML_ESCAPES: Readonly<Record<string, string>> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

/** Text for HTML content and attribute values. Everything a page shows goes through this. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => HTML_ESCAPES[c]);
}

/** Headers of every unsubscribe page: never cached (they show consent state), never framed, never indexed, no scripts. */
export const PAGE_HEADERS: Readonly<Record<string, string>> = {
  'Content-Type': 'text/html; charset=utf-8',
  'Cache-Control': 'no-store',
  'X-Robots-Tag': 'noindex, nofollow',
  'Content-Security-Policy': "default-src 'none'; style-src 'unsafe-inline'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'",
};

/** The look of every public page (unsubscribe, sender confirmation). */
export const PAGE_STYLE = `body{font-family:-apple-system,BlinkMacSystemFont,"Segoe UI",Roboto,Helvetica,Arial,sans-serif;background:#f6f6f4;color:#222;margin:0;padding:24px}
main{max-width:480px;margin:40px auto;background:#fff;border-radius:8px;padding:32px;box-shadow:0 1px 3px rgba(0,0,0,.08)}
h1{font-size:22px;margin:0 0 16px}p{line-height:1.5}button{font-size:16px;padding:10px 20px;border:0;border-radius:6px;background:#222;color:#fff;cursor:pointer}
label{display:block;margin:12px 0;font-size:16px}footer{max-width:480px;margin:0 auto;color:#777;font-size:13px;text-align:center;line-height:1.5}a{color:#222}`;

function layout(business: UnsubscribeView['business'] | null, title: string, body: string): string {
  const footer = business
    ? `<footer><strong>${escapeHtml(business.name)}</strong><br>${escapeHtml(formatPostalAddress(business.address))}${contactLine(business.contact)}</footer>`
    : '';
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<meta name="robots" content="noindex,nofollow"><title>${escapeHtml(title)}</title><style>${PAGE_STYLE}</style></head>
<body><main>${body}</main>${footer}</body></html>`;
}

function contactLine(contact: UnsubscribeView['business']['contact']): string {
  const parts = [contact.phone, contact.email, contact.website].filter((part): part is string => Boolean(part));
  return parts.length > 0 ? `<br>${parts.map(escapeHtml).join(' · ')}` : '';
}

const channelName = (channel: 'email' | 'sms') => (channel === 'email' ? 'emails' : 'text messages');

/** GET /u/:token: confirm before unsubscribing (a GET never changes anything: link scanners follow them). */
export function confirmPage(view: UnsubscribeView, action: string): string {
  const name = escapeHtml(view.business.name);
  const preferences = `<p><a href="${escapeHtml(action)}?view=preferences">Manage all your preferences</a></p>`;
  const recipient = view.recipient;
  if (!recipient) return donePage(view, 'Nothing to unsubscribe', `We no longer hold any details for this link.`);
  if (!recipient.subscribed[view.channel]) {
    return layout(view.business, 'Unsubscribed', `<h1>You’re unsubscribed</h1><p>You won’t get marketing ${channelName(view.channel)} from ${name}.</p>${preferences}`);
  }
  const to = view.channel === 'email' && recipient.maskedEmail ? ` at ${escapeHtml(recipient.maskedEmail)}` : '';
  return layout(
    view.business,
    `Unsubscribe from ${view.business.name}`,
    `<h1>Unsubscribe from ${name}?</h1><p>You’ll stop getting marketing ${channelName(view.channel)} from ${name}${to}.</p>
<form method="post" action="${escapeHtml(action)}"><input type="hidden" name="action" value="unsubscribe"><button type="submit">Unsubscribe</button></form>${preferences}`,
  );
}

/** GET /u/:token?view=preferences: one checkbox per channel the person can receive. */
export function preferencesPage(view: UnsubscribeView, action: string, notice?: string): string {
  const recipient = view.recipient;
  if (!recipient) return donePage(view, 'Nothing to manage', `We no longer hold any details for this link.`);
  const box = (field: 'email' | 'sms', label: string) =>
    `<label><input type="checkbox" name="${field}"${recipient.subscribed[field] ? ' checked' : ''}> ${label}</label>`;
  const boxes = [
    recipient.maskedEmail ? box('email', `Emails to ${escapeHtml(recipient.maskedEmail)}`) : '',
    recipient.hasPhone ? box('sms', 'Text messages') : '',
  ].join('');
  return layout(
    view.business,
    `Your preferences for ${view.business.name}`,
    `<h1>What ${escapeHtml(view.business.name)} may send you</h1>${notice ? `<p><strong>${escapeHtml(notice)}</strong></p>` : ''}
<form method="post" action="${escapeHtml(action)}?view=preferences"><input type="hidden" name="action" value="preferences">${boxes}
<button type="submit">Save preferences</button></form>`,
  );
}

/** After an unsubscribe or a save. */
export function donePage(view: UnsubscribeView, title: string, message: string): string {
  return layout(view.business, title, `<h1>${escapeHtml(title)}</h1><p>${escapeHtml(message)}</p>`);
}

export function unsubscribedPage(view: UnsubscribeView, action: string): string {
  const message = `You won’t get marketing ${channelName(view.channel)} from ${view.business.name} any more. It can take a moment for messages already on their way.`;
  return layout(
    view.business,
    'You’re unsubscribed',
    `<h1>You’re unsubscribed</h1><p>${escapeHtml(message)}</p><p><a href="${escapeHtml(action)}?view=preferences">Manage all your preferences</a></p>`,
  );
}

/** Any token that is not valid (tampered, truncated, another kind, or its message is gone). */
export function notFoundPage(): string {
  return layout(null, 'Link not valid', `<h1>This link is not valid</h1><p>It may have been copied incompletely. Use the unsubscribe link in the latest message you received.</p>`);
}

/** A POST the page did not send and that is not an RFC 8058 one-click. */
export function badRequestPage(): string {
  return layout(null, 'Nothing changed', `<h1>Nothing changed</h1><p>Use the button on the unsubscribe page.</p>`);
}
