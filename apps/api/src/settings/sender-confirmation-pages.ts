import type { ConfirmationOutcome } from '@localreach/core';
import { escapeHtml, PAGE_STYLE } from '../tracking/unsubscribe-pages';

/** A page and its status. */
export interface Page {
  status: number;
  html: string;
}

function layout(title: string, body: string): string {
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<meta name="robots" content="noindex,nofollow"><title>${escapeHtml(title)}</title><style>${PAGE_STYLE}</style></head>
<body><main><h1>${escapeHtml(title)}</h1>${body}</main></body></html>`;
}

const p = (text: string) => `<p>${escapeHtml(text)}</p>`;
const when = (date: Date | null) => (date ? `${date.toISOString().replace('T', ' ').slice(0, 16)} UTC` : '');

/**
 * GET: what confirming means, and a button that POSTs. Opening the link
 * never confirms: mail security scanners open every link of incoming mail,
 * and one of them would otherwise confirm on behalf of a mailbox owner who
 * never asked for it.
 */
export function confirmationPage(outcome: ConfirmationOutcome, action: string): Page {
  if (outcome.state !== 'valid') return resultPage(outcome);
  return {
    status: 200,
    html: layout(
      'Confirm this sender',
      p(`${outcome.businessName} wants to send marketing email from ${outcome.address} through LocalReach.`)
        + p(`Confirm only if ${outcome.address} is your address and you want ${outcome.businessName} to send as it. If not, close this page: nothing happens.`)
        + `<form method="post" action="${escapeHtml(action)}"><input type="hidden" name="action" value="confirm"><button type="submit">Confirm</button></form>`,
    ),
  };
}

/** After the button, and for links that can no longer confirm. */
export function resultPage(outcome: ConfirmationOutcome): Page {
  switch (outcome.state) {
    case 'invalid':
      return {
        status: 404,
        html: layout('This link is not valid', p('It may have been copied incompletely, or a newer confirmation link was sent since. Use the link in the latest confirmation mail.')),
      };
    case 'confirmed':
      return { status: 200, html: layout('Sender confirmed', p(`${outcome.businessName} now sends email from ${outcome.address}.`)) };
    case 'used':
      return { status: 410, html: layout('This link was already used', p(`${outcome.address} was confirmed as the sender of ${outcome.businessName} at ${when(outcome.confirmedAt)}.`)) };
    case 'expired':
      return {
        status: 410,
        html: layout('This link has expired', p(`It worked until ${when(outcome.expiresAt)}. The owner of ${outcome.businessName} can send a new confirmation mail from the settings.`)),
      };
    case 'taken':
      return {
        status: 409,
        html: layout('Another business sends from this domain', p(`${outcome.address} (or its domain) is already the confirmed sender of another business, so it cannot be confirmed for ${outcome.businessName}.`)),
      };
    case 'valid':
      return notTheFormPage();
  }
}

/** A POST the page's button did not send. */
export function notTheFormPage(): Page {
  return { status: 400, html: layout('Nothing changed', p('Use the Confirm button on the confirmation page.')) };
}
