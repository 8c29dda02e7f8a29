import { randomBytes } from 'node:crypto';
import type { SmsEncoding } from '@localreach/campaigns/templates/sms-segments';

export const API_VERSION = '2010-04-01';
/** Fixed development credentials; they only ever authenticate against the stand-in. */
export const DEV_TWILIO_ACCOUNT_SID = 'ACdeadbeefdeadbeefdeadbeefdeadbeef';
export const DEV_TWILIO_AUTH_TOKEN = 'c0ffee00c0ffee00c0ffee00c0ffee00';

export type SmsStatus = 'queued' | 'sent' | 'delivered' | 'undelivered' | 'failed';

export interface SentSms {
  sid: string;
  accountSid: string;
  to: string;
  /** null when the message was sent through a MessagingServiceSid without From. */
  from: string | null;
  messagingServiceSid: string | null;
  body: string;
  statusCallback: string | null;
  status: SmsStatus;
  numSegments: number;
  encoding: SmsEncoding;
  dateCreated: Date;
  dateUpdated: Date;
  dateSent: Date | null;
  errorCode: number | null;
  errorMessage: string | null;
}

/** The JSON body Twilio sends for any REST error. */
export interface TwilioErrorBody {
  code: number;
  message: string;
  more_info: string;
  status: number;
}

export interface TwilioFailure {
  status: number;
  code: number;
  message: string;
  /** How many attempts fail before the number works again; omitted = forever. */
  times?: number;
}

export function newSid(prefix: 'SM' | 'MM'): string {
  return prefix + randomBytes(16).toString('hex');
}

export function twilioError(status: number, code: number, message: string): TwilioErrorBody {
  return { code, message, more_info: `https://www.twilio.com/docs/errors/${code}`, status };
}

/** Twilio's date format, e.g. `Thu, 30 Jul 2015 20:12:31 +0000`. */
export function rfc2822(date: Date): string {
  return date.toUTCString().replace(/GMT$/, '+0000');
}

export function messageUri(accountSid: string, sid: string): string {
  return `/${API_VERSION}/Accounts/${accountSid}/Messages/${sid}.json`;
}

/** Snake-case message resource as returned by POST/GET .../Messages. */
export function messageResource(sms: SentSms): Record<string, unknown> {
  const uri = messageUri(sms.accountSid, sms.sid);
  const base = uri.replace(/\.json$/, '');
  return {
    account_sid: sms.accountSid,
    api_version: API_VERSION,
    body: sms.body,
    date_created: rfc2822(sms.dateCreated),
    date_sent: sms.dateSent === null ? null : rfc2822(sms.dateSent),
    date_updated: rfc2822(sms.dateUpdated),
    direction: 'outbound-api',
    error_code: sms.errorCode,
    error_message: sms.errorMessage,
    from: sms.from,
    messaging_service_sid: sms.messagingServiceSid,
    num_media: '0',
    num_segments: String(sms.numSegments),
    price: null,
    price_unit: 'USD',
    sid: sms.sid,
    status: sms.status,
    subresource_uris: { media: `${base}/Media.json`, feedback: `${base}/Feedback.json` },
    to: sms.to,
    uri,
  };
}
