import { promises as fs } from 'node:fs';
import type { AddressInfo, Socket } from 'node:net';
import { SMTPServer } from 'smtp-server';
import type {
  SMTPServerAddress,
  SMTPServerAuthentication,
  SMTPServerAuthenticationResponse,
  SMTPServerDataStream,
  SMTPServerError,
  SMTPServerSession,
} from 'smtp-server';
import { MessageLog, type Predicate } from './message-log';
import { parseReceivedMail, writeToOutbox, type ReceivedMail } from './received-mail';

export interface RecipientRejection {
  code: number;
  message: string;
}

/** A transient reply the server gives to every mail transaction while set (see failTransactions). */
export interface TransactionFault {
  /** 421: refuse new sessions at the greeting and answer MAIL FROM on open ones, closing the connection (RFC 5321 §3.8). 451: answer MAIL FROM, the connection stays. */
  code: 421 | 451;
  message?: string;
}

export interface DevSmtpServerOptions {
  /** 0 or omitted: an ephemeral port chosen by the OS. */
  port?: number;
  /** When set, every message is also written there as `<id>.eml` + `<id>.json`. */
  outboxDir?: string;
  /** Cap of the in-memory `messages` array (oldest dropped first). Default 10000. */
  maxMessages?: number;
  /** Keyed by recipient address (case-insensitive). */
  rejectRecipients?: Map<string, RecipientRejection>;
}

const HOST = '127.0.0.1';
const DEFAULT_MAX_MESSAGES = 10_000;
const MAX_SERVER_ERRORS = 100;
const MAX_MESSAGE_BYTES = 25 * 1024 * 1024;

type Callback = (err?: Error | null) => void;

export class DevSmtpServer {
  /** Connection-level errors (client resets etc.), kept for diagnostics, newest last. */
  readonly serverErrors: Error[] = [];
  private readonly log: MessageLog<ReceivedMail>;
  private readonly rejections = new Map<string, RecipientRejection>();
  private readonly smtp: SMTPServer;
  private readonly outboxDir: string | undefined;
  private listeningPort = 0;
  private stopped = false;
  /** While set, each finished DATA waits here before it is stored and answered (see holdReplies). */
  private replyHold: { released: Promise<void>; release: () => void } | undefined;
  private readonly closedSessions = new Set<string>();
  /** Sessions with a message waiting on the hold. */
  private readonly heldSessions = new Set<string>();
  /** Messages whose DATA ended before a hold: being stored, not yet answered. */
  private answering = 0;
  /** Open client sockets, so refuseConnections() can drop them as a server going down would. */
  private readonly sockets = new Set<Socket>();
  private refusing = false;
  private transactionFault: TransactionFault | undefined;
  private commandDelayMs = 0;
  /** Fault injection counters: connections dropped by refuseConnections(), transient replies given (by code). */
  readonly faults = { connectionsDropped: 0, transientReplies: new Map<number, number>() };

  private constructor(options: DevSmtpServerOptions) {
    this.log = new MessageLog(options.maxMessages ?? DEFAULT_MAX_MESSAGES, 'DevSmtpServer');
    this.outboxDir = options.outboxDir;
    for (const [address, rejection] of options.rejectRecipients ?? []) {
      this.setRecipientRejection(address, rejection.code, rejection.message);
    }
    this.smtp = this.createSmtpServer();
  }

  static async start(options: DevSmtpServerOptions = {}): Promise<DevSmtpServer> {
    const server = new DevSmtpServer(options);
    if (server.outboxDir !== undefined) {
      await fs.mkdir(server.outboxDir, { recursive: true });
    }
    await server.listen(options.port ?? 0);
    return server;
  }

  get port(): number {
    return this.listeningPort;
  }

  /** Any credentials are accepted; these are just what clients should present. */
  get url(): string {
    return `smtp://dev:dev@${HOST}:${this.listeningPort}`;
  }

  /** Newest last; at most `maxMessages` entries. */
  get messages(): ReceivedMail[] {
    return this.log.items;
  }

  waitFor(predicate: Predicate<ReceivedMail>, timeoutMs = 5000): Promise<ReceivedMail> {
    return this.log.waitFor(predicate, timeoutMs);
  }

  /** Empties `messages`; files already written to the outbox are left alone. */
  clear(): void {
    this.log.clear();
  }

  setRecipientRejection(address: string, code: number, message: string): void {
    if (!Number.isInteger(code) || code < 400 || code > 599) {
      throw new RangeError(`SMTP rejection code must be 4xx or 5xx, got ${code}`);
    }
    this.rejections.set(address.trim().toLowerCase(), { code, message });
  }

  clearRecipientRejections(): void {
    this.rejections.clear();
  }

  /**
   * Holds every message whose DATA ends from now on: not stored, not
   * answered, so the client has no acceptance for it (a test can then kill a
   * sender mid-send with nothing accepted behind its back). A held message is
   * stored and answered on releaseReplies() only if its client is still
   * connected; a dropped connection loses it, as an SMTP client expects.
   */
  holdReplies(): void {
    if (this.replyHold) return;
    let release!: () => void;
    const released = new Promise<void>((resolve) => (release = resolve));
    this.replyHold = { released, release };
  }

  /**
   * Messages not held (their DATA ended before holdReplies) still being
   * stored and answered: until this is 0, `messages` may still grow with
   * acceptances the sender has not seen yet.
   */
  acceptancesInFlight(): number {
    return this.answering;
  }

  /** Held messages whose client is still connected (a test waits for a killed sender's to reach 0). */
  heldConnectionsOpen(): number {
    let open = 0;
    for (const id of this.heldSessions) if (!this.closedSessions.has(id)) open += 1;
    return open;
  }

  releaseReplies(): void {
    const hold = this.replyHold;
    this.replyHold = undefined;
    hold?.release();
  }

  /**
   * Fault injection: the server goes away. It stops listening (new
   * connections get ECONNREFUSED, as from a host whose SMTP service is down)
   * and drops the open ones, pooled idle connections included, until
   * acceptConnections().
   */
  async refuseConnections(): Promise<void> {
    if (this.refusing) return;
    this.refusing = true;
    const closed = new Promise<void>((resolve) => this.smtp.server.close(() => resolve()));
    for (const socket of this.sockets) {
      socket.destroy();
      this.faults.connectionsDropped += 1;
    }
    await closed;
  }

  /** Listens again on the same port after refuseConnections(). */
  async acceptConnections(): Promise<void> {
    if (!this.refusing) return;
    // The port was free a moment ago; a client's ephemeral port may briefly hold it on a busy machine.
    for (let attempt = 1; ; attempt++) {
      try {
        await new Promise<void>((resolve, reject) => {
          this.smtp.server.once('error', reject);
          this.smtp.server.listen(this.listeningPort, HOST, () => {
            this.smtp.server.off('error', reject);
            resolve();
          });
        });
        break;
      } catch (error) {
        if (attempt >= 20) throw error;
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
    }
    this.refusing = false;
  }

  /** Fault injection: every mail transaction is answered with this transient reply until clearTransactionFault(). */
  failTransactions(fault: TransactionFault): void {
    this.transactionFault = fault;
  }

  clearTransactionFault(): void {
    this.transactionFault = undefined;
  }

  /**
   * Fault injection: a slow server. From now on the greeting, the reply to
   * every command and the answer to each message's data wait `ms` (0 = no
   * delay), on open connections too.
   */
  delayCommands(ms: number): void {
    this.commandDelayMs = ms;
  }

  async stop(): Promise<void> {
    if (this.stopped) return;
    this.stopped = true;
    this.log.rejectAll('server stopped');
    await new Promise<void>((resolve) => this.smtp.close(() => resolve()));
  }

  private createSmtpServer(): SMTPServer {
    const server = new SMTPServer({
      secure: false,
      disabledCommands: ['STARTTLS'],
      authOptional: true,
      allowInsecureAuth: true,
      authMethods: ['PLAIN', 'LOGIN'],
      disableReverseLookup: true,
      name: 'dev-smtp.localhost',
      banner: 'LocalReach dev SMTP stand-in',
      logger: false,
      // Whole messages are buffered in memory; bound that like a real provider would.
      size: MAX_MESSAGE_BYTES,
      rejectOversized: true,
      // Pooled clients keep connections open; stop() should not wait the default 30 s.
      closeTimeout: 100,
      onConnect: (session, callback) => this.onConnect(session, callback),
      onMailFrom: (_address, _session, callback) => this.later(() => callback(this.injectedFault())),
      onAuth: (auth, session, callback) => this.onAuth(auth, session, callback),
      onRcptTo: (address, session, callback) => this.onRcptTo(address, session, callback),
      onData: (stream, session, callback) => this.onData(stream, session, callback),
      onClose: (session) => {
        if (this.replyHold) this.closedSessions.add(session.id);
      },
    });
    server.on('error', (err: Error) => this.recordServerError(err));
    server.server.on('connection', (socket: Socket) => {
      this.sockets.add(socket);
      socket.once('close', () => this.sockets.delete(socket));
    });
    return server;
  }

  private listen(port: number): Promise<void> {
    return new Promise<void>((resolve, reject) => {
      const onError = (err: Error): void => reject(err);
      this.smtp.once('error', onError);
      const netServer = this.smtp.listen(port, HOST, () => {
        this.smtp.off('error', onError);
        this.listeningPort = (netServer.address() as AddressInfo).port;
        resolve();
      });
    });
  }

  /** Refuses the session with a 421 greeting while a 421 fault is set; delays the greeting on a slow server. */
  private onConnect(session: SMTPServerSession, callback: Callback): void {
    this.slowable(session);
    this.later(() => callback(this.transactionFault?.code === 421 ? this.injectedFault() : undefined), this.commandDelayMs);
  }

  /**
   * Makes the session's command replies wait while delayCommands is set. smtp-server has no per-command hook, so the
   * connection's command handler is wrapped (a test-only server; commands stay in order, one at a time).
   */
  private slowable(session: SMTPServerSession): void {
    const connection = [...this.smtp.connections].find((c) => (c as unknown as { session: SMTPServerSession }).session === session) as unknown as
      { _onCommand: (command: Buffer, callback: () => void) => void } | undefined;
    if (!connection) return;
    const onCommand = connection._onCommand.bind(connection);
    connection._onCommand = (command, callback) => this.later(() => onCommand(command, callback), this.commandDelayMs);
  }

  /** The injected transient reply, counted; undefined without a fault. */
  private injectedFault(): SMTPServerError | undefined {
    const fault = this.transactionFault;
    if (!fault) return undefined;
    this.faults.transientReplies.set(fault.code, (this.faults.transientReplies.get(fault.code) ?? 0) + 1);
    const err: SMTPServerError = new Error(fault.message ?? (fault.code === 421 ? 'Service not available, closing transmission channel' : 'Local error in processing, try again later'));
    err.responseCode = fault.code;
    return err;
  }

  /** Runs `step` now, or after `delayMs` on a slow server (the reply to a command or to a message's data). */
  private later(step: () => void, delayMs = 0): void {
    if (delayMs > 0) setTimeout(step, delayMs);
    else step();
  }

  private onAuth(
    auth: SMTPServerAuthentication,
    _session: SMTPServerSession,
    callback: (err: Error | null | undefined, response?: SMTPServerAuthenticationResponse) => void,
  ): void {
    callback(null, { user: auth.username || 'dev' });
  }

  private onRcptTo(address: SMTPServerAddress, _session: SMTPServerSession, callback: Callback): void {
    const rejection = this.rejections.get(address.address.toLowerCase());
    if (rejection === undefined) return callback();
    const err: SMTPServerError = new Error(rejection.message);
    err.responseCode = rejection.code;
    callback(err);
  }

  private onData(stream: SMTPServerDataStream, session: SMTPServerSession, callback: Callback): void {
    const chunks: Buffer[] = [];
    stream.on('data', (chunk: Buffer) => {
      if (!stream.sizeExceeded) chunks.push(chunk);
    });
    stream.once('error', (err: Error) => callback(err));
    stream.once('end', () => {
      // smtp-server answers 552 itself (rejectOversized); just drop what was buffered.
      if (stream.sizeExceeded) return callback();
      const held = this.replyHold !== undefined;
      if (!held) this.answering += 1;
      // On a slow server the message is stored before its late 250: accepted here, not yet known to the client.
      const answered = (err?: Error | null) => this.later(() => {
        if (!held) this.answering -= 1;
        callback(err);
      }, this.commandDelayMs);
      void this.afterHold(session).then((connected) => {
        if (!connected) return answered();
        this.store(Buffer.concat(chunks), session).then(
          () => answered(),
          (err: unknown) => answered(transientError(err)),
        );
      });
    });
  }

  /** False when the reply was held and the client hung up meanwhile: the message was never accepted. */
  private async afterHold(session: SMTPServerSession): Promise<boolean> {
    const hold = this.replyHold;
    if (!hold) return true;
    this.heldSessions.add(session.id);
    await hold.released;
    this.heldSessions.delete(session.id);
    const connected = !this.closedSessions.has(session.id);
    this.closedSessions.delete(session.id);
    return connected;
  }

  /** Runs before the 250 reply, so a resolved sendMail() means the message is visible. */
  private async store(raw: Buffer, session: SMTPServerSession): Promise<void> {
    const { mailFrom, rcptTo } = session.envelope;
    const mail = await parseReceivedMail(raw, {
      from: mailFrom === false ? '' : mailFrom.address,
      to: rcptTo.map((recipient) => recipient.address),
    });
    if (this.outboxDir !== undefined) await writeToOutbox(this.outboxDir, mail);
    this.log.push(mail);
  }

  private recordServerError(err: Error): void {
    this.serverErrors.push(err);
    if (this.serverErrors.length > MAX_SERVER_ERRORS) this.serverErrors.shift();
  }
}

function transientError(cause: unknown): SMTPServerError {
  const detail = cause instanceof Error ? cause.message : String(cause);
  const err: SMTPServerError = new Error(`Dev SMTP could not store the message: ${detail}`);
  err.responseCode = 451;
  return err;
}
