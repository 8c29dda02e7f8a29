import { promises as fs } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as nodemailer from 'nodemailer';
import type { Transporter } from 'nodemailer';
import type SMTPTransport from 'nodemailer/lib/smtp-transport';
import { DevSmtpServer } from './dev-smtp-server';

type SmtpTransporter = Transporter<SMTPTransport.SentMessageInfo, SMTPTransport.Options>;

interface SmtpError extends Error {
  responseCode?: number;
  code?: string;
}

function pooledTransport(server: DevSmtpServer): SmtpTransporter {
  return nodemailer.createTransport({ url: server.url, pool: true, maxConnections: 4 });
}

async function sendError(transport: SmtpTransporter, to: string): Promise<SmtpError> {
  try {
    await transport.sendMail({ from: 'app@localreach.test', to, subject: 'x', text: 'x' });
  } catch (err) {
    return err as SmtpError;
  }
  throw new Error(`sending to ${to} unexpectedly succeeded`);
}

describe('DevSmtpServer', () => {
  let server: DevSmtpServer;
  let transport: SmtpTransporter;

  beforeEach(async () => {
    server = await DevSmtpServer.start({
      rejectRecipients: new Map([
        ['Busy@Example.test', { code: 451, message: 'Mailbox busy, try later' }],
        ['gone@example.test', { code: 550, message: 'No such user here' }],
      ]),
    });
    transport = pooledTransport(server);
  });

  afterEach(async () => {
    transport.close();
    await server.stop();
  });

  it('listens on loopback and advertises credentials in its url', () => {
    expect(server.port).toBeGreaterThan(0);
    expect(server.url).toBe(`smtp://dev:dev@127.0.0.1:${server.port}`);
  });

  it('receives a message over a pooled TCP transport and parses it', async () => {
    const info = await transport.sendMail({
      from: '"Ann Example" <ann@example.test>',
      to: ['bob@example.test', '"Cara C" <cara@example.test>'],
      subject: 'Grüße – 20% off this week',
      text: 'Hello Bob,\nSee you soon.',
      html: '<p>Hello <b>Bob</b></p>',
      headers: { 'X-Campaign-Id': 'cmp_42', 'X-Tenant': 'acme' },
      envelope: { from: 'bounces@localreach.test', to: ['bob@example.test', 'cara@example.test'] },
    });
    expect(info.accepted).toEqual(['bob@example.test', 'cara@example.test']);

    expect(server.messages).toHaveLength(1);
    const mail = server.messages[0];
    expect(mail.envelopeFrom).toBe('bounces@localreach.test');
    expect(mail.envelopeTo).toEqual(['bob@example.test', 'cara@example.test']);
    expect(mail.from).toBe('"Ann Example" <ann@example.test>');
    expect(mail.to).toBe('bob@example.test, "Cara C" <cara@example.test>');
    expect(mail.subject).toBe('Grüße – 20% off this week');
    expect(mail.text.trim()).toBe('Hello Bob,\nSee you soon.');
    expect(mail.html).toBe('<p>Hello <b>Bob</b></p>');
    expect(mail.receivedAt).toBeInstanceOf(Date);
    expect(mail.id).toMatch(/^[\w-]+$/);
  });

  it('exposes headers with lower-case names and string values', async () => {
    const info = await transport.sendMail({
      from: 'ann@example.test',
      to: 'bob@example.test',
      subject: 'Grüße',
      text: 'plain only',
      headers: { 'X-Campaign-Id': 'cmp_42' },
    });
    const { headers, html, raw } = server.messages[0];
    expect(headers['x-campaign-id']).toBe('cmp_42');
    expect(headers['subject']).toBe('Grüße');
    expect(headers['message-id']).toBe(info.messageId);
    expect(headers['from']).toBe('ann@example.test');
    expect(headers['content-type']).toMatch(/^text\/plain/);
    expect(Object.keys(headers).every((key) => key === key.toLowerCase())).toBe(true);
    expect(Object.values(headers).every((value) => typeof value === 'string')).toBe(true);
    expect(html).toBe('');
    expect(raw).toMatch(/^X-Campaign-Id: cmp_42\r?$/im);
  });

  it.each([
    ['PLAIN', 'PLAIN'],
    ['LOGIN', 'LOGIN'],
  ])('accepts any credentials with AUTH %s', async (_name, authMethod) => {
    const authed = nodemailer.createTransport({
      host: '127.0.0.1',
      port: server.port,
      secure: false,
      authMethod,
      auth: { user: `anyone-${authMethod}`, pass: 'whatever' },
    });
    await expect(authed.verify()).resolves.toBe(true);
    await authed.sendMail({ from: 'a@example.test', to: 'b@example.test', subject: authMethod, text: 'x' });
    authed.close();
    expect(server.messages.map((m) => m.subject)).toEqual([authMethod]);
  });

  it('accepts mail without authentication too', async () => {
    const anonymous = nodemailer.createTransport({ host: '127.0.0.1', port: server.port, secure: false });
    await anonymous.sendMail({ from: 'a@example.test', to: 'b@example.test', subject: 'anon', text: 'x' });
    anonymous.close();
    expect(server.messages[0].subject).toBe('anon');
  });

  it('rejects configured recipients at RCPT TO with the configured code', async () => {
    const transient = await sendError(transport, 'busy@example.test');
    expect(transient.responseCode).toBe(451);
    expect(transient.code).toBe('EENVELOPE');
    expect(transient.message).toContain('Mailbox busy, try later');

    const permanent = await sendError(transport, 'gone@example.test');
    expect(permanent.responseCode).toBe(550);
    expect(permanent.message).toContain('No such user here');
    expect(server.messages).toHaveLength(0);
  });

  it('delivers to the accepted recipients when only some are rejected', async () => {
    const info = await transport.sendMail({
      from: 'app@localreach.test',
      to: ['ok@example.test', 'gone@example.test'],
      subject: 'partial',
      text: 'x',
    });
    expect(info.accepted).toEqual(['ok@example.test']);
    expect(info.rejected).toEqual(['gone@example.test']);
    expect(server.messages[0].envelopeTo).toEqual(['ok@example.test']);
  });

  it('changes rejections at runtime', async () => {
    server.setRecipientRejection('later@example.test', 452, 'Too many recipients');
    expect((await sendError(transport, 'later@example.test')).responseCode).toBe(452);
    server.clearRecipientRejections();
    await transport.sendMail({ from: 'a@example.test', to: 'later@example.test', subject: 'ok now', text: 'x' });
    await transport.sendMail({ from: 'a@example.test', to: 'gone@example.test', subject: 'ok too', text: 'x' });
    expect(server.messages.map((m) => m.subject)).toEqual(['ok now', 'ok too']);
    expect(() => server.setRecipientRejection('x@example.test', 250, 'not an error')).toThrow(RangeError);
  });

  it('waitFor resolves for future and past messages and times out otherwise', async () => {
    const pending = server.waitFor((m) => m.subject === 'second');
    await transport.sendMail({ from: 'a@example.test', to: 'b@example.test', subject: 'first', text: 'x' });
    await transport.sendMail({ from: 'a@example.test', to: 'b@example.test', subject: 'second', text: 'x' });
    expect((await pending).subject).toBe('second');

    await expect(server.waitFor((m) => m.subject === 'first', 10)).resolves.toMatchObject({ subject: 'first' });
    await expect(server.waitFor((m) => m.subject === 'never', 50)).rejects.toThrow(/no matching message/);
  });

  it('clear() empties the message list', async () => {
    await transport.sendMail({ from: 'a@example.test', to: 'b@example.test', subject: 'x', text: 'x' });
    server.clear();
    expect(server.messages).toHaveLength(0);
  });

  it('stop() rejects pending waiters', async () => {
    const pending = server.waitFor(() => true, 10_000);
    transport.close();
    await server.stop();
    await expect(pending).rejects.toThrow(/stopped/);
  });

  it('handles many concurrent messages over the pool with unique ids', async () => {
    const count = 300;
    await Promise.all(
      Array.from({ length: count }, (_, i) =>
        transport.sendMail({ from: 'a@example.test', to: `r${i}@example.test`, subject: `bulk ${i}`, text: `#${i}` }),
      ),
    );
    expect(server.messages).toHaveLength(count);
    expect(new Set(server.messages.map((m) => m.id)).size).toBe(count);
    expect(new Set(server.messages.map((m) => m.subject))).toEqual(
      new Set(Array.from({ length: count }, (_, i) => `bulk ${i}`)),
    );
  });
});

describe('DevSmtpServer limits and outbox', () => {
  it('keeps only the newest maxMessages messages', async () => {
    const server = await DevSmtpServer.start({ maxMessages: 3 });
    const transport = pooledTransport(server);
    try {
      for (let i = 1; i <= 5; i++) {
        await transport.sendMail({ from: 'a@example.test', to: 'b@example.test', subject: `m${i}`, text: 'x' });
      }
      expect(server.messages.map((m) => m.subject)).toEqual(['m3', 'm4', 'm5']);
    } finally {
      transport.close();
      await server.stop();
    }
  });

  it('writes <id>.eml and <id>.json to outboxDir', async () => {
    const outboxDir = path.join(await fs.mkdtemp(path.join(os.tmpdir(), 'dev-smtp-')), 'outbox');
    const server = await DevSmtpServer.start({ outboxDir });
    const transport = pooledTransport(server);
    try {
      await transport.sendMail({
        from: 'ann@example.test',
        to: 'bob@example.test',
        subject: 'Saved',
        text: 'kept on disk',
        html: '<p>kept on disk</p>',
      });
      const mail = server.messages[0];
      expect((await fs.readdir(outboxDir)).sort()).toEqual([`${mail.id}.eml`, `${mail.id}.json`]);
      expect(await fs.readFile(path.join(outboxDir, `${mail.id}.eml`), 'utf8')).toBe(mail.raw);

      const summary = JSON.parse(await fs.readFile(path.join(outboxDir, `${mail.id}.json`), 'utf8'));
      expect(summary).not.toHaveProperty('raw');
      expect(summary).toMatchObject({
        id: mail.id,
        envelopeFrom: 'ann@example.test',
        envelopeTo: ['bob@example.test'],
        subject: 'Saved',
        html: '<p>kept on disk</p>',
        receivedAt: mail.receivedAt.toISOString(),
      });
      expect(summary.headers['subject']).toBe('Saved');
    } finally {
      transport.close();
      await server.stop();
      await fs.rm(path.dirname(outboxDir), { recursive: true, force: true });
    }
  });

  it('fails to start on a port that is already taken', async () => {
    const first = await DevSmtpServer.start();
    try {
      await expect(DevSmtpServer.start({ port: first.port })).rejects.toThrow(/EADDRINUSE/);
    } finally {
      await first.stop();
    }
  });
});

describe('DevSmtpServer fault injection', () => {
  let server: DevSmtpServer;
  let transport: SmtpTransporter;
  beforeEach(async () => {
    server = await DevSmtpServer.start();
    transport = pooledTransport(server);
  });
  afterEach(async () => {
    transport.close();
    await server.stop();
  });
  const send = (to: string) => transport.sendMail({ from: 'app@localreach.test', to, subject: 'x', text: 'x' });

  it('refuses connections (ECONNREFUSED) and drops open ones until it accepts them again, on the same port', async () => {
    await send('before@example.test');
    await server.refuseConnections();
    expect(server.faults.connectionsDropped).toBeGreaterThan(0);
    // Pooled or not, the client sees the connection refused (the worker classifies it by errno: transient).
    expect((await sendError(transport, 'down@example.test')).message).toMatch(/ECONNREFUSED/);
    expect((await sendError(nodemailer.createTransport({ url: server.url }), 'down@example.test')).message).toMatch(/ECONNREFUSED/);
    await server.acceptConnections();
    await send('after@example.test');
    expect(server.messages.map((m) => m.envelopeTo[0])).toEqual(['before@example.test', 'after@example.test']);
  });

  it('answers 451 to each transaction until cleared, keeping the connection; 421 also closes it and refuses new sessions', async () => {
    server.failTransactions({ code: 451 });
    expect((await sendError(transport, 'a@example.test')).responseCode).toBe(451);
    server.failTransactions({ code: 421 });
    expect((await sendError(transport, 'b@example.test')).responseCode).toBe(421);
    const fresh = nodemailer.createTransport({ url: server.url });
    expect((await sendError(fresh, 'c@example.test')).responseCode).toBe(421);
    server.clearTransactionFault();
    await send('d@example.test');
    expect(server.messages.map((m) => m.envelopeTo[0])).toEqual(['d@example.test']);
    expect(Object.fromEntries(server.faults.transientReplies)).toEqual({ 451: 1, 421: 2 });
  });

  it('delays the greeting and every reply on a slow server', async () => {
    server.delayCommands(60);
    const startedAt = Date.now();
    await nodemailer.createTransport({ url: server.url }).sendMail({ from: 'app@localreach.test', to: 'slow@example.test', subject: 'x', text: 'x' });
    // Greeting, EHLO, AUTH, MAIL, RCPT, DATA, end of data: seven replies of 60 ms at least.
    expect(Date.now() - startedAt).toBeGreaterThanOrEqual(7 * 60);
    expect(server.messages).toHaveLength(1);
  });
});
