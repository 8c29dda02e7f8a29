import { createHmac, createSecretKey, timingSafeEqual, type KeyObject } from 'node:crypto';

/** What a tracking URL does: the open pixel, a click redirect, or the unsubscribe page. */
export type TrackingKind = 'open' | 'click' | 'unsubscribe';

/** The signed content of a token. `link` (the index into message.links) is present exactly for clicks. */
export interface TrackingPayload {
  kind: TrackingKind;
  messageId: string;
  link?: number;
}

const VERSION = 1;
const KINDS: readonly TrackingKind[] = ['open', 'click', 'unsubscribe'];
const MAC_BYTES = 16;
const UUID_BYTES = 16;
// version, kind, message id; a click adds a 16-bit link index.
const HEADER_BYTES = 2 + UUID_BYTES;
const MAX_LINK = 0xffff;
// Keeps these MACs apart from anything else the same secret might ever sign.
const DOMAIN = Buffer.from('localreach/tracking-token\0');
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const BASE64URL = /^[A-Za-z0-9_-]+$/;
const UUID_GROUPS = /^(.{8})(.{4})(.{4})(.{4})(.{12})$/;

// The secret as a key object, made once per secret: every open and click checks a MAC.
const keys = new Map<string, KeyObject>();
function keyOf(secret: string): KeyObject {
  let key = keys.get(secret);
  if (!key) {
    if (keys.size >= 16) keys.clear();
    key = createSecretKey(Buffer.from(secret, 'utf8'));
    keys.set(secret, key);
  }
  return key;
}

function mac(secret: string, payload: Buffer): Buffer {
  return createHmac('sha256', keyOf(secret)).update(DOMAIN).update(payload).digest().subarray(0, MAC_BYTES);
}

/** The message id, written straight into its canonical form (one flat string: the id is kept in maps). */
function uuidAt(bytes: Buffer, offset: number): string {
  return bytes.toString('hex', offset, offset + UUID_BYTES).replace(UUID_GROUPS, '$1-$2-$3-$4-$5');
}

function encodePayload(payload: TrackingPayload): Buffer {
  const kind = KINDS.indexOf(payload.kind);
  if (kind < 0) throw new RangeError(`unknown tracking token kind "${String(payload.kind)}"`);
  if (typeof payload.messageId !== 'string' || !UUID.test(payload.messageId)) throw new RangeError('messageId must be a UUID');
  const isClick = payload.kind === 'click';
  if (isClick !== (payload.link !== undefined)) throw new RangeError('link is required for click tokens and only for them');
  const out = Buffer.alloc(HEADER_BYTES + (isClick ? 2 : 0));
  out[0] = VERSION;
  out[1] = kind;
  Buffer.from(payload.messageId.replace(/-/g, ''), 'hex').copy(out, 2);
  if (isClick) {
    const link = payload.link as number;
    if (!Number.isInteger(link) || link < 0 || link > MAX_LINK) throw new RangeError(`link must be an integer 0..${MAX_LINK}`);
    out.writeUInt16BE(link, HEADER_BYTES);
  }
  return out;
}

function decodePayload(bytes: Buffer): TrackingPayload | null {
  if (bytes.length < HEADER_BYTES || bytes[0] !== VERSION) return null;
  const kind = KINDS[bytes[1]];
  if (kind === undefined) return null;
  const expectedLength = HEADER_BYTES + (kind === 'click' ? 2 : 0);
  if (bytes.length !== expectedLength) return null;
  const messageId = uuidAt(bytes, 2);
  return kind === 'click' ? { kind, messageId, link: bytes.readUInt16BE(HEADER_BYTES) } : { kind, messageId };
}

/**
 * A compact URL-safe token for tracking and unsubscribe URLs: the binary
 * payload (version, kind, message id, link index) followed by the first 128
 * bits of its HMAC-SHA256, base64url-encoded (48 characters for an open).
 * Throws RangeError on a malformed payload (a programming error).
 */
export function signTrackingToken(secret: string, payload: TrackingPayload): string {
  const body = encodePayload(payload);
  return Buffer.concat([body, mac(secret, body)]).toString('base64url');
}

/**
 * The payload of a token this secret signed, or null for anything else
 * (garbage, truncated, tampered, other secret). Never throws; the MAC is
 * compared in constant time.
 */
export function verifyTrackingToken(secret: string, token: unknown): TrackingPayload | null {
  if (typeof token !== 'string' || token.length === 0 || token.length > 128 || !BASE64URL.test(token)) return null;
  const bytes = Buffer.from(token, 'base64url');
  // Only the canonical encoding is accepted, so one payload has exactly one token.
  if (bytes.toString('base64url') !== token || bytes.length <= MAC_BYTES) return null;
  const body = bytes.subarray(0, bytes.length - MAC_BYTES);
  const given = bytes.subarray(bytes.length - MAC_BYTES);
  if (!timingSafeEqual(given, mac(secret, body))) return null;
  return decodePayload(body);
}
