/**
 * The raw baseline of the broadcast benchmark, run as its own process (like
 * our worker): plain Handlebars renders the same newsletter in the shipped
 * layout, links become HMAC-signed redirect URLs plus an open pixel, and one
 * pooled nodemailer transport (the product's pool size) sends `count`
 * messages with `inFlight` sendMail calls outstanding. Driven over IPC:
 * 'ready' → { go } → 'done', then killed by the bench.
 */
import { createHmac, randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import Handlebars from 'handlebars';
import * as nodemailer from 'nodemailer';
import { SMTP_MAX_CONNECTIONS } from '@localreach/campaigns/delivery/providers/smtp-email-provider';
import { BUSINESS_ADDRESS_FORMATTED, NEWSLETTER, SENDER } from './content';

export interface RawGo {
  type: 'go';
  port: number;
  count: number;
  inFlight: number;
  publicBaseUrl: string;
}

export interface RawDone {
  type: 'done';
  sent: number;
  failed: number;
  firstError: string | null;
  ms: number;
}

const FIRST = ['Ann', 'Bob', 'Chloe', 'David', 'Emma', 'Grace', 'Hugo', 'Isabel', 'James', 'Karim'];
const SECRET = 'raw-baseline-secret-0123456789';
const LINK = /(<a\b[^>]*\shref=")(https?:\/\/[^"]+)"/gi;

function token(kind: string, id: string, link = 0): string {
  const payload = Buffer.concat([Buffer.from([1, kind.length, link]), Buffer.from(id.replace(/-/g, ''), 'hex')]);
  return Buffer.concat([payload, createHmac('sha256', SECRET).update(payload).digest().subarray(0, 16)]).toString('base64url');
}

function renderers() {
  const hb = Handlebars.create();
  hb.registerPartial('layout', readFileSync(join(__dirname, '../../../templates/partials/layout.hbs'), 'utf8'));
  return {
    subject: hb.compile(NEWSLETTER.subject, { noEscape: true }),
    html: hb.compile(NEWSLETTER.html),
    text: hb.compile(NEWSLETTER.text, { noEscape: true }),
  };
}

function buildMail(i: number, base: string, r: ReturnType<typeof renderers>): nodemailer.SendMailOptions {
  const id = randomUUID();
  const unsubscribe = `${base}/u/${token('unsubscribe', id)}`;
  const context = {
    customer: { firstName: FIRST[i % FIRST.length], email: `r${i}@raw.bench.example` },
    business: { name: SENDER.name, address: { formatted: BUSINESS_ADDRESS_FORMATTED } },
    links: { unsubscribe, preferences: `${unsubscribe}?view=preferences` },
  };
  let n = 0;
  const html = r.html(context).replace(LINK, (_m, pre: string) => `${pre}${base}/t/c/${token('click', id, n++)}"`)
    .replace('</body>', `<img src="${base}/t/o/${token('open', id)}" width="1" height="1" alt="" style="display:block;width:1px;height:1px;border:0;"></body>`);
  let m = 0;
  const text = r.text(context).replace(/https:\/\/bench-bakery\.example\.com\/\S+/g, () => `${base}/t/c/${token('click', id, m++)}`);
  return {
    from: SENDER, to: context.customer.email, subject: r.subject(context), html, text, messageId: `<${id}@bench-bakery.example.com>`,
    headers: { 'List-Unsubscribe': `<${unsubscribe}>`, 'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click' },
  };
}

async function send(go: RawGo): Promise<RawDone> {
  const transport = nodemailer.createTransport({ host: '127.0.0.1', port: go.port, secure: false, pool: true, maxConnections: SMTP_MAX_CONNECTIONS });
  const r = renderers();
  const started = performance.now();
  let next = 0;
  let sent = 0;
  let failed = 0;
  let firstError: string | null = null;
  const lane = async () => {
    for (let i = next++; i < go.count; i = next++) {
      try {
        await transport.sendMail(buildMail(i, go.publicBaseUrl, r));
        sent++;
      } catch (error) {
        failed++;
        firstError ??= error instanceof Error ? error.message : String(error);
      }
    }
  };
  await Promise.all(Array.from({ length: go.inFlight }, lane));
  const ms = performance.now() - started;
  transport.close();
  return { type: 'done', sent, failed, firstError, ms };
}

if (require.main === module) {
  // A normal exit on the bench's SIGTERM, so a --cpu-prof profile gets written.
  process.on('SIGTERM', () => process.exit(0));
  process.on('message', (msg: RawGo) => {
    if (msg.type !== 'go') return;
    // Stays up (the IPC channel keeps it alive) until the bench has read its CPU time and kills it.
    send(msg).then((done) => process.send!(done), (error: unknown) => {
      console.error(error);
      process.exit(1);
    });
  });
  process.send!({ type: 'ready' });
}
