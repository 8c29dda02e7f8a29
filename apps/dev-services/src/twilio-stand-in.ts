import { promises as fs } from 'node:fs';
import * as http from 'node:http';
import { join } from 'node:path';
import type { AddressInfo } from 'node:net';
import twilio from 'twilio';
import { postForm, type FormPostResult } from './form-post';
import { MessageLog, type Predicate } from './message-log';
import { writeAtomically } from './received-mail';
import { countSegments } from '@localreach/campaigns/templates/sms-segments';
import { HttpError, hasBasicAuth, parseForm, readBody, sendJson } from './twilio-http';
import {
  API_VERSION,
  DEV_TWILIO_ACCOUNT_SID,
  DEV_TWILIO_AUTH_TOKEN,
  messageResource,
  newSid,
  twilioError,
  type SentSms,
  type SmsStatus,
  type TwilioFailure,
} from './twilio-resources';
import { parseCreateMessage, type CreateMessageRequest } from './twilio-validation';

export interface TwilioStandInOptions {
  /** 0 or omitted: an ephemeral port chosen by the OS. */
  port?: number;
  accountSid?: string;
  authToken?: string;
  /** Delay before the 'sent' callback and between it and the final one. Default 50. */
  callbackDelayMs?: number;
  /** Cap of the in-memory `messages` array (oldest dropped first). Default 10000. */
  maxMessages?: number;
  /** When set, every accepted message is also written there as `<epoch ms>-<sid>.json` (the admin's outbox page reads them). */
  outboxDir?: string;
}

export type FailedDeliveryStatus = 'undelivered' | 'failed';

export interface CallbackError {
  url: string;
  messageSid: string;
  messageStatus: SmsStatus;
  /** Network error text, or `HTTP <status>` for a non-2xx answer. */
  error: string;
  at: Date;
}

export interface InboundSms {
  from: string;
  to: string;
  body: string;
  /** The application's inbound webhook, http:// loopback only. */
  url: string;
}

interface ActiveFailure extends TwilioFailure {
  remaining: number;
}

/** An answer the stand-in gives every message request while set (see failAllRequests). */
export interface OutageFailure {
  status: number;
  code: number;
  message: string;
  /** Sent as a Retry-After header (seconds), as Twilio may on 429. */
  retryAfterSeconds?: number;
}

const HOST = '127.0.0.1';
const CALLBACK_TIMEOUT_MS = 5000;
/** Sender reported in callbacks when a message went through a Messaging Service. */
const SERVICE_SENDER = '+15005550006';
const MESSAGES_PATH = new RegExp(`^/${API_VERSION}/Accounts/([^/]+)/Messages\\.json$`);
const MESSAGE_PATH = new RegExp(`^/${API_VERSION}/Accounts/([^/]+)/Messages/([^/]+)\\.json$`);
const DEFAULT_ERROR_CODES: Record<FailedDeliveryStatus, number> = { undelivered: 30003, failed: 30008 };
const ERROR_MESSAGES: Record<number, string> = {
  30003: 'Unreachable destination handset',
  30005: 'Unknown destination handset',
  30006: 'Landline or unreachable carrier',
  30007: 'Message filtered',
  30008: 'Unknown error',
};

export class TwilioStandIn {
  readonly accountSid: string;
  readonly authToken: string;
  readonly callbackErrors: CallbackError[] = [];
  private readonly callbackDelayMs: number;
  private readonly log: MessageLog<SentSms>;
  private readonly outboxDir: string | undefined;
  private readonly bySid = new Map<string, SentSms>();
  private readonly failures = new Map<string, ActiveFailure>();
  private outage: OutageFailure | undefined;
  /** Message requests refused by failAllRequests, by HTTP status, and when (for checking a client's pacing). */
  readonly refusedRequests: { status: number; to: string; at: Date }[] = [];
  private readonly outcomes = new Map<string, { status: FailedDeliveryStatus; errorCode: number }>();
  private readonly timers = new Set<NodeJS.Timeout>();
  private readonly inFlight = new Set<Promise<void>>();
  private readonly server: http.Server;
  private listeningPort = 0;
  private stopped = false;

  private constructor(options: TwilioStandInOptions) {
    this.accountSid = options.accountSid ?? DEV_TWILIO_ACCOUNT_SID;
    this.authToken = options.authToken ?? DEV_TWILIO_AUTH_TOKEN;
    this.callbackDelayMs = options.callbackDelayMs ?? 50;
    this.log = new MessageLog(options.maxMessages ?? 10_000, 'TwilioStandIn');
    this.outboxDir = options.outboxDir;
    this.server = http.createServer((req, res) => this.handle(req, res));
  }

  static async start(options: TwilioStandInOptions = {}): Promise<TwilioStandIn> {
    const standIn = new TwilioStandIn(options);
    if (options.outboxDir !== undefined) await fs.mkdir(options.outboxDir, { recursive: true });
    await standIn.listen(options.port ?? 0);
    return standIn;
  }

  get port(): number {
    return this.listeningPort;
  }

  /** Assign to `client.api.baseUrl` of a `twilio()` client. */
  get baseUrl(): string {
    return `http://${HOST}:${this.listeningPort}`;
  }

  /** Accepted messages, newest last; statuses advance as callbacks are sent. */
  get messages(): SentSms[] {
    return this.log.items;
  }

  waitFor(predicate: Predicate<SentSms>, timeoutMs = 5000): Promise<SentSms> {
    return this.log.waitFor(predicate, timeoutMs);
  }

  clear(): void {
    this.log.clear();
    this.bySid.clear();
    this.callbackErrors.length = 0;
  }

  failNumber(to: string, failure: TwilioFailure): void {
    this.failures.set(to, { ...failure, remaining: failure.times ?? Number.POSITIVE_INFINITY });
  }

  clearFailures(): void {
    this.failures.clear();
  }

  /** Fault injection: every message request is refused with this answer (429 with Retry-After, 500, ...) until clearOutage(). */
  failAllRequests(failure: OutageFailure): void {
    this.outage = failure;
  }

  clearOutage(): void {
    this.outage = undefined;
  }

  /** Defaults: 30003 for 'undelivered', 30008 for 'failed'. */
  setDeliveryOutcome(to: string, status: FailedDeliveryStatus, errorCode?: number): void {
    this.outcomes.set(to, { status, errorCode: errorCode ?? DEFAULT_ERROR_CODES[status] });
  }

  clearDeliveryOutcomes(): void {
    this.outcomes.clear();
  }

  /** Simulates a handset texting `to`: POSTs a signed inbound-message webhook to `url`. */
  sendInbound(inbound: InboundSms): Promise<FormPostResult> {
    const sid = newSid('SM');
    return this.signedPost(inbound.url, {
      ToCountry: 'US',
      SmsMessageSid: sid,
      NumMedia: '0',
      SmsSid: sid,
      SmsStatus: 'received',
      Body: inbound.body,
      To: inbound.to,
      NumSegments: String(countSegments(inbound.body).segments),
      MessageSid: sid,
      AccountSid: this.accountSid,
      From: inbound.from,
      ApiVersion: API_VERSION,
    });
  }

  async stop(): Promise<void> {
    if (this.stopped) return;
    this.stopped = true;
    this.timers.forEach((timer) => clearTimeout(timer));
    this.timers.clear();
    this.log.rejectAll('stand-in stopped');
    const closed = new Promise<void>((resolve) => this.server.close(() => resolve()));
    this.server.closeAllConnections();
    await Promise.allSettled([...this.inFlight]);
    await closed;
  }

  private listen(port: number): Promise<void> {
    return new Promise<void>((resolve, reject) => {
      this.server.once('error', reject);
      this.server.listen(port, HOST, () => {
        this.server.off('error', reject);
        this.listeningPort = (this.server.address() as AddressInfo).port;
        resolve();
      });
    });
  }

  private handle(req: http.IncomingMessage, res: http.ServerResponse): void {
    this.route(req, res).catch((err: unknown) => {
      const body =
        err instanceof HttpError ? err.body : twilioError(500, 20500, 'Internal Server Error');
      if (!res.headersSent) sendJson(res, body.status, body, err instanceof HttpError ? err.headers : {});
    });
  }

  private async route(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    const path = new URL(req.url ?? '/', this.baseUrl).pathname;
    const body = await readBody(req);
    if (!hasBasicAuth(req, this.accountSid, this.authToken)) {
      throw new HttpError(twilioError(401, 20003, 'Authenticate'));
    }
    const create = MESSAGES_PATH.exec(path);
    if (create !== null && req.method === 'POST') {
      this.assertOwnAccount(create[1], path);
      const sms = this.createMessage(parseForm(body));
      // Written before the answer, so the SID the sender stores always has its file.
      if (this.outboxDir !== undefined) await writeAtomically(join(this.outboxDir, `${sms.dateCreated.getTime()}-${sms.sid}.json`), JSON.stringify(sms, null, 2));
      return sendJson(res, 201, messageResource(sms));
    }
    const fetch = MESSAGE_PATH.exec(path);
    if (fetch !== null && req.method === 'GET') {
      this.assertOwnAccount(fetch[1], path);
      return sendJson(res, 200, messageResource(this.findMessage(fetch[2], path)));
    }
    if (create !== null || fetch !== null) {
      throw new HttpError(twilioError(405, 20004, 'Method not allowed'));
    }
    throw notFound(path);
  }

  private assertOwnAccount(accountSid: string, path: string): void {
    if (accountSid !== this.accountSid) throw notFound(path);
  }

  private findMessage(sid: string, path: string): SentSms {
    const sms = this.bySid.get(sid);
    if (sms === undefined) throw notFound(path);
    return sms;
  }

  private createMessage(fields: Map<string, string>): SentSms {
    const request = parseCreateMessage(fields);
    this.applyInjectedFailure(request.to);
    const sms = this.buildSms(request);
    this.log.push(sms, (evicted) => this.bySid.delete(evicted.sid));
    this.bySid.set(sms.sid, sms);
    this.later(() => this.advance(sms, 'sent'));
    return sms;
  }

  private applyInjectedFailure(to: string): void {
    const outage = this.outage;
    if (outage) {
      this.refusedRequests.push({ status: outage.status, to, at: new Date() });
      const headers: Record<string, string> = outage.retryAfterSeconds === undefined ? {} : { 'Retry-After': String(outage.retryAfterSeconds) };
      throw new HttpError(twilioError(outage.status, outage.code, outage.message), headers);
    }
    const failure = this.failures.get(to);
    if (failure === undefined || failure.remaining <= 0) return;
    failure.remaining -= 1;
    throw new HttpError(twilioError(failure.status, failure.code, failure.message));
  }

  private buildSms(request: CreateMessageRequest): SentSms {
    const now = new Date();
    const segments = countSegments(request.body);
    return {
      sid: newSid('SM'),
      accountSid: this.accountSid,
      to: request.to,
      from: request.from,
      messagingServiceSid: request.messagingServiceSid,
      body: request.body,
      statusCallback: request.statusCallback,
      status: 'queued',
      numSegments: segments.segments,
      encoding: segments.encoding,
      dateCreated: now,
      dateUpdated: now,
      dateSent: null,
      errorCode: null,
      errorMessage: null,
    };
  }

  /** One lifecycle step: update the resource, then report it; the next step waits for the POST. */
  private advance(sms: SentSms, step: 'sent' | 'final'): void {
    this.applyStatus(sms, step);
    const report = sms.statusCallback === null ? Promise.resolve() : this.postStatusCallback(sms);
    const next = report.then(() => {
      if (step === 'sent') this.later(() => this.advance(sms, 'final'));
    });
    this.track(next);
  }

  private applyStatus(sms: SentSms, step: 'sent' | 'final'): void {
    const now = new Date();
    sms.dateUpdated = now;
    if (step === 'sent') {
      sms.status = 'sent';
      sms.dateSent = now;
      return;
    }
    const outcome = this.outcomes.get(sms.to);
    sms.status = outcome?.status ?? 'delivered';
    sms.errorCode = outcome?.errorCode ?? null;
    sms.errorMessage = outcome === undefined ? null : (ERROR_MESSAGES[outcome.errorCode] ?? null);
  }

  private async postStatusCallback(sms: SentSms): Promise<void> {
    const url = sms.statusCallback ?? '';
    const status = sms.status;
    const params: Record<string, string> = {
      MessageSid: sms.sid,
      SmsSid: sms.sid,
      AccountSid: sms.accountSid,
      From: sms.from ?? SERVICE_SENDER,
      To: sms.to,
      MessageStatus: status,
      SmsStatus: status,
      ApiVersion: API_VERSION,
    };
    if (sms.messagingServiceSid !== null) params.MessagingServiceSid = sms.messagingServiceSid;
    if (sms.errorCode !== null) params.ErrorCode = String(sms.errorCode);
    try {
      const response = await this.signedPost(url, params);
      if (response.status < 200 || response.status >= 300) {
        this.recordCallbackError(url, sms.sid, status, `HTTP ${response.status}`);
      }
    } catch (err) {
      this.recordCallbackError(url, sms.sid, status, err instanceof Error ? err.message : String(err));
    }
  }

  /** Signed exactly like Twilio: HMAC-SHA1(authToken, url + sorted name/value pairs), base64. */
  private signedPost(url: string, params: Record<string, string>): Promise<FormPostResult> {
    const signature = twilio.getExpectedTwilioSignature(this.authToken, url, params);
    return postForm(
      url,
      params,
      { 'X-Twilio-Signature': signature, 'User-Agent': 'TwilioProxy/1.1' },
      CALLBACK_TIMEOUT_MS,
    );
  }

  private recordCallbackError(url: string, messageSid: string, messageStatus: SmsStatus, error: string): void {
    this.callbackErrors.push({ url, messageSid, messageStatus, error, at: new Date() });
  }

  private later(step: () => void): void {
    if (this.stopped) return;
    const timer = setTimeout(() => {
      this.timers.delete(timer);
      if (!this.stopped) step();
    }, this.callbackDelayMs);
    this.timers.add(timer);
  }

  private track(work: Promise<void>): void {
    // Callback failures are recorded in callbackErrors, so nothing here can be worth a crash.
    const tracked = work.catch(() => undefined).finally(() => this.inFlight.delete(tracked));
    this.inFlight.add(tracked);
  }
}

function notFound(path: string): HttpError {
  return new HttpError(twilioError(404, 20404, `The requested resource ${path} was not found`));
}
