import type { Request } from 'express';

/** Largest form the unsubscribe endpoint reads: the page's own form and RFC 8058 bodies are a few bytes. */
const MAX_FORM_BYTES = 64 * 1024;

/** A form's text fields; the first value wins when a field repeats. */
export type FormFields = Record<string, string>;

function firstValues(body: unknown): FormFields {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) return {};
  const fields: FormFields = {};
  for (const [name, value] of Object.entries(body)) {
    const first = Array.isArray(value) ? value[0] : value;
    if (typeof first === 'string') fields[name] = first;
  }
  return fields;
}

/**
 * The text fields of a multipart/form-data body (RFC 7578), which RFC 8058
 * allows for one-click unsubscribes. File parts are skipped; undefined when
 * the body is not multipart with that boundary.
 */
export function parseMultipartForm(body: Buffer, contentType: string): FormFields | undefined {
  const match = /;\s*boundary=(?:"([^"]+)"|([^;\s]+))/i.exec(contentType);
  const boundary = match?.[1] ?? match?.[2];
  if (!boundary) return undefined;
  const parts = body.toString('utf8').split(`--${boundary}`);
  if (parts.length < 2) return undefined;
  const fields: FormFields = {};
  for (const part of parts.slice(1)) {
    if (part.startsWith('--')) break;
    const split = part.indexOf('\r\n\r\n');
    if (split < 0) continue;
    const headers = part.slice(0, split);
    const disposition = /content-disposition:\s*form-data;([^\r\n]*)/i.exec(headers)?.[1] ?? '';
    const name = /(?:^|;)\s*name="([^"]*)"/i.exec(disposition)?.[1];
    if (name === undefined || /(?:^|;)\s*filename\*?=/i.test(disposition) || name in fields) continue;
    fields[name] = part.slice(split + 4).replace(/\r\n$/, '');
  }
  return fields;
}

function readBody(req: Request, limit: number): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > limit) {
        req.destroy();
        reject(Object.assign(new Error('request body is too large'), { type: 'entity.too.large' }));
      } else chunks.push(chunk);
    });
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

/**
 * The fields of a form POST: urlencoded bodies were parsed by the app's body
 * parser; multipart ones are read here (nothing else in the API takes them).
 * Any other body counts as no fields.
 */
export async function readFormFields(req: Request): Promise<FormFields> {
  const type = req.headers['content-type'] ?? '';
  if (/^multipart\/form-data/i.test(type) && !req.readableEnded) {
    return parseMultipartForm(await readBody(req, MAX_FORM_BYTES), type) ?? {};
  }
  return firstValues(req.body);
}
