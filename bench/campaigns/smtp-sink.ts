/**
 * A counting SMTP sink on loopback for the campaign benchmarks: accepts
 * anything (no TLS, no auth needed, no size limit), drains each message,
 * and keeps only when it was accepted, the envelope recipients, the
 * Message-ID (read from the header block) and the byte count. Both our
 * worker and the raw nodemailer baseline send to the same sink.
 */
import type { AddressInfo } from 'node:net';
import { SMTPServer, type SMTPServerDataStream, type SMTPServerSession } from 'smtp-server';

/** Epoch milliseconds with sub-millisecond resolution, comparable with Date and PostgreSQL timestamps. */
export const nowMs = (): number => performance.timeOrigin + performance.now();

export interface Accepted {
  /** Epoch ms when the last byte of DATA arrived (just before the 250 reply). */
  at: number;
  /** First envelope recipient, lower-cased. */
  rcpt: string;
  /** Message-ID header without the angle brackets, or null. */
  messageId: string | null;
  bytes: number;
}

const HEADER_SCAN_LIMIT = 32 * 1024;
const MESSAGE_ID = /^message-id:[ \t]*<([^>\r\n]+)>/im;

export class SmtpSink {
  readonly accepted: Accepted[] = [];
  readonly errors: Error[] = [];
  private readonly server: SMTPServer;
  private readonly waiters: { count: number; resolve: () => void }[] = [];
  private listeningPort = 0;

  private constructor() {
    this.server = new SMTPServer({
      secure: false,
      disabledCommands: ['STARTTLS'],
      authOptional: true,
      allowInsecureAuth: true,
      disableReverseLookup: true,
      logger: false,
      banner: 'LocalReach bench sink',
      // Pooled clients keep their connections open; close() should not wait for them.
      closeTimeout: 100,
      onAuth: (auth, _session, callback) => callback(null, { user: auth.username || 'bench' }),
      onData: (stream, session, callback) => this.onData(stream, session, callback),
    });
    this.server.on('error', (err: Error) => {
      if (this.errors.length < 100) this.errors.push(err);
    });
  }

  static async start(): Promise<SmtpSink> {
    const sink = new SmtpSink();
    await new Promise<void>((resolve, reject) => {
      sink.server.once('error', reject);
      const net = sink.server.listen(0, '127.0.0.1', () => {
        sink.server.off('error', reject);
        sink.listeningPort = (net.address() as AddressInfo).port;
        resolve();
      });
    });
    return sink;
  }

  get port(): number {
    return this.listeningPort;
  }

  get url(): string {
    return `smtp://127.0.0.1:${this.listeningPort}`;
  }

  get count(): number {
    return this.accepted.length;
  }

  /** Resolves once `count` messages in total have been accepted, or rejects after `timeoutMs`. */
  waitForCount(count: number, timeoutMs: number): Promise<void> {
    if (this.accepted.length >= count) return Promise.resolve();
    return new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => {
        this.waiters.splice(this.waiters.indexOf(waiter), 1);
        reject(new Error(`SMTP sink: ${this.accepted.length} of ${count} messages after ${Math.round(timeoutMs / 1000)} s`));
      }, timeoutMs);
      const waiter = { count, resolve: () => { clearTimeout(timer); resolve(); } };
      this.waiters.push(waiter);
    });
  }

  async stop(): Promise<void> {
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  private onData(stream: SMTPServerDataStream, session: SMTPServerSession, callback: (err?: Error | null) => void): void {
    let bytes = 0;
    let head = '';
    let headDone = false;
    stream.on('data', (chunk: Buffer) => {
      bytes += chunk.length;
      if (headDone) return;
      head += chunk.toString('latin1');
      const end = head.indexOf('\r\n\r\n');
      if (end >= 0) head = head.slice(0, end);
      headDone = end >= 0 || head.length >= HEADER_SCAN_LIMIT;
    });
    stream.once('error', (err: Error) => callback(err));
    stream.once('end', () => {
      const at = nowMs();
      const id = MESSAGE_ID.exec(head);
      this.accepted.push({ at, rcpt: (session.envelope.rcptTo[0]?.address ?? '').toLowerCase(), messageId: id ? id[1] : null, bytes });
      callback();
      this.wake();
    });
  }

  private wake(): void {
    for (let i = this.waiters.length - 1; i >= 0; i--) {
      if (this.accepted.length >= this.waiters[i].count) this.waiters.splice(i, 1)[0].resolve();
    }
  }
}
