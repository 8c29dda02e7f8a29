import twilio from 'twilio';
import type RequestClient from 'twilio/lib/base/RequestClient';
import type HttpResponse from 'twilio/lib/http/response';
import type { AppConfig } from '@localreach/core';
import { countSegments } from '../../templates';
import { ProviderError } from '../delivery.errors';
import type { OutgoingSms, SmsProvider, SmsSendResult } from './sms-provider';

/** Where Twilio posts message status changes (see DeliveryStatusService). */
export const TWILIO_STATUS_PATH = '/webhooks/twilio/status';
// Every send must finish well inside the delivery lease (see MessageRepository).
const REQUEST_TIMEOUT_MS = 30_000;
const INVALID_NUMBER = 21211;
const RECIPIENT_UNSUBSCRIBED = 21610;
const MESSAGING_SERVICE = /^MG[0-9a-fA-F]{32}$/;
type RequestOptions<TData> = RequestClient.RequestOptions<TData>;

/** A Retry-After longer than this is taken as this: a message is not parked for a day on one answer. */
const RETRY_AFTER_MAX_MS = 60 * 60_000;

interface TwilioFailure {
  status?: unknown;
  code?: unknown;
  message?: unknown;
  retryAfterMs?: unknown;
}

/** An HTTP Retry-After value (delay seconds or an HTTP date) in milliseconds from `now`, capped; undefined when absent or unreadable. */
export function parseRetryAfter(value: unknown, now: number = Date.now()): number | undefined {
  const text = Array.isArray(value) ? value[0] : value;
  if (typeof text !== 'string' || text.trim() === '') return undefined;
  const ms = /^\s*\d+\s*$/.test(text) ? Number(text) * 1000 : Date.parse(text) - now;
  if (!Number.isFinite(ms)) return undefined;
  return Math.min(Math.max(ms, 0), RETRY_AFTER_MAX_MS);
}

/**
 * The SDK's HTTP client, keeping what its RestException drops: the
 * Retry-After of an error answer (Twilio's 429 may carry one) goes on the
 * exception as retryAfterMs, so the retry waits at least that long.
 */
class RetryAfterRequestClient extends twilio.RequestClient {
  override async request<TData>(opts: RequestOptions<TData>): Promise<HttpResponse<TData>> {
    const response = await super.request(opts);
    const retryAfterMs = response.statusCode >= 400 ? parseRetryAfter((response.headers as Record<string, unknown> | undefined)?.['retry-after']) : undefined;
    if (retryAfterMs === undefined) return response;
    throw Object.assign(new twilio.RestException(response), { retryAfterMs });
  }
}

/**
 * Classifies a twilio SDK failure: HTTP 429 and 5xx and network errors are
 * transient; 21211 (invalid 'To' number) is permanent and suppresses the
 * number; 21610 (the recipient texted STOP to the carrier) also denies their
 * SMS consent; any other 4xx is permanent.
 */
export function classifyTwilioError(error: unknown): ProviderError {
  const e = (typeof error === 'object' && error !== null ? error : {}) as TwilioFailure;
  const message = typeof e.message === 'string' ? e.message : String(error);
  const isRest = error instanceof twilio.RestException || (typeof e.status === 'number' && e.status >= 400);
  if (!isRest) {
    // Network level (connection refused, reset, timed out): the request may never have arrived.
    return ProviderError.transient(typeof e.code === 'string' ? e.code : 'NETWORK_ERROR', message, error);
  }
  const status = e.status as number;
  const code = typeof e.code === 'number' ? e.code : undefined;
  const stored = String(code ?? `HTTP_${status}`);
  if (status === 429 || status >= 500) return ProviderError.transient(stored, message, error, typeof e.retryAfterMs === 'number' ? e.retryAfterMs : undefined);
  if (code === INVALID_NUMBER) return ProviderError.permanent(stored, message, { suppress: true, cause: error });
  if (code === RECIPIENT_UNSUBSCRIBED) return ProviderError.permanent(stored, message, { suppress: true, optedOut: true, cause: error });
  return ProviderError.permanent(stored, message, { cause: error });
}

/** Segments Twilio reports it bills, or our own count when the answer carries none. */
function billedSegments(reported: unknown, body: string): number {
  const n = typeof reported === 'string' || typeof reported === 'number' ? Number(reported) : NaN;
  return Number.isInteger(n) && n > 0 ? n : countSegments(body).segments;
}

/**
 * SMS through the official twilio SDK. TWILIO_API_BASE_URL, when set, replaces
 * the API host (the loopback stand-in in development and tests); edge and
 * region are never set, since they would rewrite that host. Every message asks
 * for status callbacks at PUBLIC_BASE_URL/webhooks/twilio/status.
 */
export class TwilioSmsProvider implements SmsProvider {
  private readonly client: twilio.Twilio | undefined;
  private readonly defaultFrom: string | undefined;
  private readonly statusCallback: string;

  constructor(config: Pick<AppConfig, 'twilio' | 'publicBaseUrl'>) {
    const { accountSid, authToken, apiBaseUrl, from } = config.twilio;
    if (accountSid && authToken) {
      // env: {} keeps the SDK from picking credentials up from the environment: config is read in one place.
      const httpClient = new RetryAfterRequestClient({ autoRetry: false, timeout: REQUEST_TIMEOUT_MS });
      this.client = twilio(accountSid, authToken, { env: {}, httpClient });
      if (apiBaseUrl) this.client.api.baseUrl = apiBaseUrl;
    }
    this.defaultFrom = from;
    this.statusCallback = `${config.publicBaseUrl}${TWILIO_STATUS_PATH}`;
  }

  async send(sms: OutgoingSms): Promise<SmsSendResult> {
    // Transient: the worker keeps the message and retries once Twilio is configured.
    if (!this.client) throw ProviderError.transient('TWILIO_NOT_CONFIGURED', 'TWILIO_ACCOUNT_SID and TWILIO_AUTH_TOKEN are not set');
    const from = sms.from ?? this.defaultFrom;
    if (!from) throw ProviderError.permanent('NO_SMS_SENDER', 'the business has no SMS sender and TWILIO_FROM is not set');
    const sender = MESSAGING_SERVICE.test(from) ? { messagingServiceSid: from } : { from };
    try {
      const message = await this.client.messages.create({ to: sms.to, body: sms.body, statusCallback: this.statusCallback, ...sender });
      return { providerId: message.sid, segments: billedSegments(message.numSegments, sms.body) };
    } catch (error) {
      throw classifyTwilioError(error);
    }
  }
}
