// The signature helper alone, not the whole SDK: every process imports core.
import { validateRequest } from 'twilio/lib/webhooks/webhooks';

/** Where Twilio posts incoming SMS for our numbers (PUBLIC_BASE_URL + this path is the URL it signs). */
export const TWILIO_INBOUND_PATH = '/webhooks/twilio/inbound';

/** A urlencoded form as parsed by the HTTP layer: only flat string values are accepted. */
export function twilioFormParams(body: unknown): Record<string, string> | undefined {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) return undefined;
  const entries = Object.entries(body);
  if (!entries.every(([, value]) => typeof value === 'string')) return undefined;
  return Object.fromEntries(entries) as Record<string, string>;
}

/**
 * The form parameters of a Twilio webhook when X-Twilio-Signature proves
 * Twilio sent them to `url` (the public URL we gave Twilio), else undefined.
 * Without an auth token nothing can be verified, so nothing is accepted.
 */
export function verifiedTwilioForm(authToken: string | undefined, signature: string | undefined, url: string, body: unknown): Record<string, string> | undefined {
  const params = twilioFormParams(body);
  if (!authToken || !signature || !params) return undefined;
  return validateRequest(authToken, signature, url, params) ? params : undefined;
}
