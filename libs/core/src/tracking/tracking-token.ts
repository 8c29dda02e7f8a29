import { createHmac, hash, timingSafeEqual } from 'node:crypto';

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
const HEX_DIGITS = Buffer.from('0123456789abcdef', 'latin1');

/**
 * HMAC-SHA256 (RFC 2104) of DOMAIN followed by a payload, with the key's
 * padded blocks made once per secret: every open and click checks a MAC, and
 * two one-shot hashes cost less than an Hmac object and its key schedule.
 * Equal to `createHmac('sha256', secret).update(DOMAIN).update(payload)`,
 * which the tests check. The buffers are reused: hashing is synchronous.
 */
class TokenMac {
  private static readonly BLOCK = 64;
  private static readonly MAX_PAYLOAD = HEADER_BYTES + 2;
  private readonly inner: Buffer;
  private readonly outer: Buffer;

  constructor(private readonly secret: string) {
    const block = Buffer.alloc(TokenMac.BLOCK);
    const key = Buffer.from(secret, 'utf8');
    (key.length > TokenMac.BLOCK ? hash('sha256', key, 'buffer') : key).copy(block);
    this.inner = Buffer.alloc(TokenMac.BLOCK + DOMAIN.length + TokenMac.MAX_PAYLOAD);
    this.outer = Buffer.alloc(TokenMac.BLOCK + 32);
    for (let i = 0; i < TokenMac.BLOCK; i++) {
      this.inner[i] = block[i] ^ 0x36;
      this.outer[i] = block[i] ^ 0x5c;
    }
    DOMAIN.copy(this.inner, TokenMac.BLOCK);
  }

  /** The first MAC_BYTES of the MAC. */
  of(payload: Buffer): Buffer {
    if (payload.length > TokenMac.MAX_PAYLOAD) return createHmac('sha256', this.secret).update(DOMAIN).update(payload).digest().subarray(0, MAC_BYTES);
    const end = TokenMac.BLOCK + DOMAIN.length;
    payload.copy(this.inner, end);
    hash('sha256', this.inner.subarray(0, end + payload.length), 'buffer').copy(this.outer, TokenMac.BLOCK);
    return hash('sha256', this.outer, 'buffer').subarray(0, MAC_BYTES);
  }
}

const macs = new Map<string, TokenMac>();
function mac(secret: string, payload: Buffer): Buffer {
  let keyed = macs.get(secret);
  if (!keyed) {
    if (macs.size >= 16) macs.clear();
    keyed = new TokenMac(secret);
    macs.set(secret, keyed);
  }
  return keyed.of(payload);
}

// The message id in canonical form, written into this buffer and read as one flat string (it is kept in maps).
const uuidText = Buffer.alloc(36);
function uuidAt(bytes: Buffer, offset: number): string {
  let at = 0;
  for (let i = 0; i < UUID_BYTES; i++) {
    if (i === 4 || i === 6 || i === 8 || i === 10) uuidText[at++] = 0x2d;
    const byte = bytes[offset + i];
    uuidText[at++] = HEX_DIGITS[byte >> 4];
    uuidText[at++] = HEX_DIGITS[byte & 15];
  }
  return uuidText.toString('latin1');
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
