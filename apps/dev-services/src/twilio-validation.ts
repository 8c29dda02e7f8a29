import { HttpError } from './twilio-http';
import { twilioError } from './twilio-resources';

export interface CreateMessageRequest {
  to: string;
  from: string | null;
  messagingServiceSid: string | null;
  body: string;
  statusCallback: string | null;
}

const E164 = /^\+[1-9]\d{6,14}$/;
const MAX_BODY_CHARS = 1600;

/** Validates the form of POST .../Messages.json with Twilio's error codes and wording. */
export function parseCreateMessage(fields: Map<string, string>): CreateMessageRequest {
  const to = (fields.get('To') ?? '').trim();
  if (to === '') throw badRequest(21604, "A 'To' phone number is required.");
  if (!E164.test(to)) throw badRequest(21211, `The 'To' number ${to} is not a valid phone number.`);
  const from = nonEmpty(fields.get('From'));
  const messagingServiceSid = nonEmpty(fields.get('MessagingServiceSid'));
  if (from === null && messagingServiceSid === null) {
    throw badRequest(21603, "A 'From' phone number is required.");
  }
  const body = fields.get('Body') ?? '';
  if (body === '') throw badRequest(21602, 'Message body is required.');
  if (body.length > MAX_BODY_CHARS) {
    throw badRequest(21617, 'The concatenated message body exceeds the 1600 character limit.');
  }
  return { to, from, messagingServiceSid, body, statusCallback: parseCallbackUrl(fields.get('StatusCallback')) };
}

function parseCallbackUrl(value: string | undefined): string | null {
  const url = nonEmpty(value);
  if (url === null) return null;
  if (!URL.canParse(url)) throw badRequest(21609, `The StatusCallback URL ${url} is not a valid URL.`);
  return url;
}

function nonEmpty(value: string | undefined): string | null {
  const trimmed = value?.trim() ?? '';
  return trimmed === '' ? null : trimmed;
}

function badRequest(code: number, message: string): HttpError {
  return new HttpError(twilioError(400, code, message));
}
