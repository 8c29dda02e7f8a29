// Tags that end a paragraph-like block: they become a blank line in text.
const BLOCK_TAGS = 'p|div|h[1-6]|table|thead|tbody|tfoot|tr|ul|ol|section|article|header|footer|main|nav|blockquote|address|center|hr|pre';
const BLOCK = new RegExp(`</?(?:${BLOCK_TAGS})\\b[^>]*>`, 'gi');
const HIDDEN = /<(head|style|script|title|template)\b[^>]*>[\s\S]*?<\/\1\s*>/gi;
const LINK = /<a\b([^>]*)>([\s\S]*?)<\/a\s*>/gi;
const HREF = /\bhref\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s>]+))/i;
const TAG = /<[^>]*>/g;

const NAMED_ENTITIES: Record<string, string> = {
  amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", nbsp: ' ', copy: '©', reg: '®', trade: '™',
  hellip: '…', mdash: '—', ndash: '–', lsquo: '‘', rsquo: '’', ldquo: '“', rdquo: '”',
  middot: '·', bull: '•', euro: '€', pound: '£', times: '×',
};

/** Decodes the entities Handlebars escaping produces plus the common named and numeric ones. */
export function decodeEntities(value: string): string {
  return value.replace(/&(#x[0-9a-f]+|#\d+|[a-z]+);/gi, (entity: string, name: string) => {
    if (name.startsWith('#')) {
      const code = name[1] === 'x' || name[1] === 'X' ? parseInt(name.slice(2), 16) : parseInt(name.slice(1), 10);
      return code > 0 && code <= 0x10ffff ? String.fromCodePoint(code) : entity;
    }
    return NAMED_ENTITIES[name.toLowerCase()] ?? entity;
  });
}

function plain(fragment: string): string {
  return decodeEntities(fragment.replace(TAG, ' ')).replace(/\s+/g, ' ').trim();
}

/** "label (url)", or just one of them when the other is empty or says the same. Entities stay encoded until the final pass. */
function linkText(attributes: string, inner: string): string {
  const match = HREF.exec(attributes);
  const href = (match?.[1] ?? match?.[2] ?? match?.[3] ?? '').trim();
  const label = inner.replace(TAG, ' ').replace(/\s+/g, ' ').trim();
  if (href === '' || href.startsWith('#')) return label;
  const url = plain(href);
  const shown = plain(label);
  if (shown === '') return href;
  if (shown === url || `mailto:${shown}` === url || `tel:${shown}` === url) return label;
  return `${label} (${href})`;
}

/**
 * The plain-text part of an email from its rendered html: hidden parts and tags
 * removed, links kept as "text (url)", blocks separated by one blank line,
 * list items as "- item", runs of spaces collapsed.
 */
export function htmlToText(html: string): string {
  const flattened = html
    .replace(/<!--[\s\S]*?-->/g, '')
    .replace(HIDDEN, '')
    // Whitespace in html source is insignificant; line structure comes from the tags below.
    .replace(/\s+/g, ' ')
    .replace(LINK, (_match: string, attributes: string, inner: string) => linkText(attributes, inner))
    .replace(/<br\b[^>]*>/gi, '\n')
    .replace(/<li\b[^>]*>/gi, '\n- ')
    .replace(/<\/t[dh]\s*>/gi, ' ')
    .replace(BLOCK, '\n\n')
    .replace(TAG, '');
  return decodeEntities(flattened)
    .split('\n')
    .map((line) => line.replace(/[ \t\u00a0]+/g, ' ').trim())
    .join('\n')
    .replace(/\n{3,}/g, '\n\n')
    .trim();
}
