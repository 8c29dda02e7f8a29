/**
 * The template editor's pure logic: the draft being edited, what goes to the
 * API, where the API's problems belong (field and line), and the variables a
 * template may insert. Nothing here compiles Handlebars: rendering and
 * checking are the API's (POST /v1/templates/preview).
 */

export type Channel = 'email' | 'sms';
export type SourceField = 'subject' | 'preheader' | 'html' | 'text' | 'body';

export interface TemplateDraft {
  name: string;
  channel: Channel;
  subject: string;
  /** Empty: none. */
  preheader: string;
  html: string;
  /** Empty: the plain-text part is derived from the html. */
  text: string;
  body: string;
}

export const SOURCE_FIELDS: Record<Channel, readonly SourceField[]> = { email: ['subject', 'preheader', 'html', 'text'], sms: ['body'] };

export function emptyDraft(channel: Channel): TemplateDraft {
  return channel === 'sms'
    ? { name: '', channel, subject: '', preheader: '', html: '', text: '', body: 'Hi {{default customer.firstName "there"}}, ' }
    : { name: '', channel, subject: 'Hello from {{business.name}}', preheader: '', html: '{{#> layout}}\n<p>Hi {{default customer.firstName "there"}},</p>\n{{/layout}}', text: '', body: '' };
}

/** A stored template as a draft (fields of the other channel empty). */
export function draftOf(t: { name: string; channel: Channel; subject?: string; preheader?: string; html?: string; text?: string; body?: string }): TemplateDraft {
  return { name: t.name, channel: t.channel, subject: t.subject ?? '', preheader: t.preheader ?? '', html: t.html ?? '', text: t.text ?? '', body: t.body ?? '' };
}

/** The channel's sources as the API takes them; an empty text is left out (derived from html). */
export type Sources = { channel: 'sms'; body: string } | { channel: 'email'; subject: string; preheader?: string; html: string; text?: string };

export function sourcesOf(d: TemplateDraft): Sources {
  if (d.channel === 'sms') return { channel: 'sms', body: d.body };
  return {
    channel: 'email', subject: d.subject, ...(d.preheader.trim() !== '' ? { preheader: d.preheader } : {}), html: d.html, ...(d.text.trim() !== '' ? { text: d.text } : {}),
  };
}

/** POST body of a new template. */
export function createBody(d: TemplateDraft): Sources & { name: string } {
  return { name: d.name.trim(), ...sourcesOf(d) };
}

/** PATCH body: the name and every source of the channel; `text: null` derives the text from the html again, `preheader: null` removes it. */
export function patchBody(d: TemplateDraft) {
  const sources = sourcesOf(d);
  if (sources.channel === 'sms') return { name: d.name.trim(), ...sources };
  return { name: d.name.trim(), ...sources, ...(sources.text === undefined ? { text: null } : {}), ...(sources.preheader === undefined ? { preheader: null } : {}) };
}

/** One problem inside a source, at its line (1-based) when the API gave one. */
export interface SourceProblem {
  line: number | null;
  message: string;
}

/**
 * The API's problems by source field, each with its line: the validator says
 * "line 3: unknown variable …" (and "… (the {{#each}} on line 4)" for a budget).
 */
export function sourceProblems(details: readonly { field: string; message: string }[]): Partial<Record<SourceField, SourceProblem[]>> {
  const out: Partial<Record<SourceField, SourceProblem[]>> = {};
  for (const { field, message } of details) {
    if (!['subject', 'preheader', 'html', 'text', 'body'].includes(field)) continue;
    (out[field as SourceField] ??= []).push(problemAtLine(message));
  }
  return out;
}

function problemAtLine(message: string): SourceProblem {
  const leading = /^line (\d+): ([\s\S]*)$/.exec(message);
  if (leading) return { line: Number(leading[1]), message: leading[2] };
  const loop = /on line (\d+)\)/.exec(message);
  return { line: loop ? Number(loop[1]) : null, message };
}

/** The problems' text beside a field: "line 3: …; line 5: …". */
export function problemText(problems: readonly SourceProblem[] | undefined): string | undefined {
  if (!problems || problems.length === 0) return undefined;
  return problems.map((p) => (p.line === null ? p.message : `line ${p.line}: ${p.message}`)).join('; ');
}

/** Character offsets [from, to) of 1-based `line` in `text`, clamped to the text (for lint markers). */
export function lineRange(text: string, line: number): { from: number; to: number } {
  const lines = text.split('\n');
  const index = Math.min(Math.max(line, 1), lines.length) - 1;
  let from = 0;
  for (let i = 0; i < index; i++) from += lines[i].length + 1;
  return { from, to: from + lines[index].length };
}

export interface TemplateVariable {
  /** What is inserted, e.g. "{{customer.firstName}}". */
  insert: string;
  label: string;
  group: string;
}

const v = (group: string, path: string, label: string): TemplateVariable => ({ group, label, insert: `{{${path}}}` });

/**
 * The variables the API's template context offers (libs/campaigns
 * TEMPLATE_VARIABLES); the API checks every one on save, so a slip here
 * shows as a problem, never as a broken send.
 */
export function templateVariables(channel: Channel, partials: readonly string[] = []): TemplateVariable[] {
  const list = [
    v('Customer', 'customer.firstName', 'First name'), v('Customer', 'customer.lastName', 'Last name'), v('Customer', 'customer.email', 'Email'),
    v('Customer', 'customer.phone', 'Phone'), v('Customer', 'customer.birthday', 'Birthday'), v('Customer', 'customer.attributes.KEY', 'An attribute (replace KEY)'),
    { group: 'Customer', label: 'First name, or a fallback', insert: '{{default customer.firstName "there"}}' },
    v('Business', 'business.name', 'Name'), v('Business', 'business.address.formatted', 'Address'), v('Business', 'business.phone', 'Phone'),
    v('Business', 'business.website', 'Website'),
    v('Store', 'store.name', 'Store name'), v('Store', 'store.address.formatted', 'Store address'), v('Store', 'store.phone', 'Store phone'),
    v('Offer', 'offer.couponCode', 'Coupon code'), v('Offer', 'offer.description', 'Offer description'),
    { group: 'Offer', label: 'Offer expiry date', insert: "{{formatDate offer.expiresAt 'MMMM d'}}" },
    v('Triggering event (event-triggered campaigns)', 'event.type', 'Event type'),
    v('Triggering event (event-triggered campaigns)', 'event.properties.KEY', 'An event property (replace KEY)'),
    v('Triggering event (event-triggered campaigns)', 'event.properties.cartUrl', 'Cart link (cartUrl)'),
    { group: 'Triggering event (event-triggered campaigns)', label: 'Each cart item', insert: '{{#each event.properties.items}}{{name}} × {{quantity}}\n{{/each}}' },
    v('Campaign', 'campaign.name', 'Campaign name'),
  ];
  if (channel === 'email') {
    list.push(v('Links', 'links.unsubscribe', 'Unsubscribe link'), v('Links', 'links.preferences', 'Email preferences link'), v('Links', 'links.viewInBrowser', 'View in browser link'));
    // The business's partials go in the HTML only (the API refuses them elsewhere).
    for (const name of partials) if (name !== 'layout') list.push({ group: 'Shared partials (HTML)', label: name, insert: `{{> ${name}}}` });
  }
  return list;
}

/** `text` with `insert` put in place of [from, to), and where the cursor goes after it. */
export function insertAt(text: string, from: number, to: number, insert: string): { text: string; cursor: number } {
  const a = Math.max(0, Math.min(from, text.length));
  const b = Math.max(a, Math.min(to, text.length));
  return { text: text.slice(0, a) + insert + text.slice(b), cursor: a + insert.length };
}

/** "$0.0158 per send (2 segments × $0.0079)" for an SMS preview, in the business's currency. */
export function smsCostText(segments: number, perSegment: number, currency: string, locale = 'en-US'): string {
  const money = (n: number) => new Intl.NumberFormat(locale, { style: 'currency', currency, minimumFractionDigits: 2, maximumFractionDigits: 4 }).format(n);
  return `${money(segments * perSegment)} per send (${segments} segment${segments === 1 ? '' : 's'} × ${money(perSegment)})`;
}

/**
 * The sample event typed for the preview: empty uses the API's sample (a
 * cart_abandoned with a cart link and items); otherwise a JSON object
 * { type?, occurredAt?, properties? } that the API checks.
 */
export function parseSampleEvent(text: string): { event?: Record<string, unknown>; problem?: string } {
  if (text.trim() === '') return {};
  try {
    const value: unknown = JSON.parse(text);
    if (typeof value !== 'object' || value === null || Array.isArray(value)) return { problem: 'must be a JSON object like { "type": "cart_abandoned", "properties": { … } }' };
    return { event: value as Record<string, unknown> };
  } catch {
    return { problem: 'is not valid JSON' };
  }
}
