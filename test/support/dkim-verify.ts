import { createHash, verify, type KeyObject } from 'node:crypto';

/**
 * A minimal DKIM verifier for tests (RFC 6376, relaxed/relaxed, rsa-sha256,
 * no l=), written from the RFC rather than from the signer, so a wrong
 * signature or a header left out of it is caught.
 */
export interface DkimResult {
  valid: boolean;
  bodyHashMatches: boolean;
  domain: string;
  selector: string;
  signedHeaders: string[];
}

function splitMessage(raw: string): { headers: string[]; body: string } {
  const normalised = raw.replace(/\r?\n/g, '\r\n');
  const end = normalised.indexOf('\r\n\r\n');
  const head = normalised.slice(0, end);
  // Unfolded header fields, each still holding its folding (relaxed canonicalisation removes it).
  const headers = head.split(/\r\n(?![ \t])/);
  return { headers, body: normalised.slice(end + 4) };
}

function relaxedHeader(field: string): string {
  const colon = field.indexOf(':');
  const name = field.slice(0, colon).trim().toLowerCase();
  const value = field.slice(colon + 1).replace(/\r\n/g, '').replace(/[ \t]+/g, ' ').trim();
  return `${name}:${value}`;
}

function relaxedBody(body: string): string {
  const lines = body.split('\r\n').map((line) => line.replace(/[ \t]+/g, ' ').replace(/ $/, ''));
  while (lines.length > 0 && lines[lines.length - 1] === '') lines.pop();
  return lines.length === 0 ? '' : `${lines.join('\r\n')}\r\n`;
}

function tags(value: string): Map<string, string> {
  return new Map(value.split(';').map((part) => part.trim()).filter(Boolean).map((part) => {
    const eq = part.indexOf('=');
    return [part.slice(0, eq).trim(), part.slice(eq + 1).replace(/\s+/g, '')];
  }));
}

export function verifyDkim(raw: string, publicKey: KeyObject): DkimResult {
  const { headers, body } = splitMessage(raw);
  const signatureField = headers.find((h) => /^dkim-signature:/i.test(h));
  if (!signatureField) throw new Error('no DKIM-Signature header');
  const t = tags(signatureField.slice(signatureField.indexOf(':') + 1));
  if (t.get('a') !== 'rsa-sha256' || t.get('c') !== 'relaxed/relaxed') throw new Error(`unsupported DKIM algorithm ${t.get('a')} ${t.get('c')}`);
  const bodyHash = createHash('sha256').update(relaxedBody(body)).digest('base64');
  const signedHeaders = (t.get('h') ?? '').split(':').map((h) => h.toLowerCase());
  // Each listed name takes the last unused instance of that header (RFC 6376 §5.4.2).
  const remaining = headers.filter((h) => h !== signatureField);
  const input = signedHeaders.map((name) => {
    const index = remaining.map((h) => h.slice(0, h.indexOf(':')).trim().toLowerCase()).lastIndexOf(name);
    if (index < 0) return '';
    const [field] = remaining.splice(index, 1);
    return `${relaxedHeader(field)}\r\n`;
  });
  const unsigned = relaxedHeader(signatureField).replace(/(^|;)(\s*b=)[^;]*/, '$1$2');
  const data = Buffer.from(input.join('') + unsigned, 'utf8');
  const valid = verify('RSA-SHA256', data, publicKey, Buffer.from(t.get('b') ?? '', 'base64'));
  return { valid, bodyHashMatches: bodyHash === t.get('bh'), domain: t.get('d') ?? '', selector: t.get('s') ?? '', signedHeaders };
}
