import { createHmac } from 'node:crypto';
import fc from 'fast-check';
import { signTrackingToken, verifyTrackingToken, type TrackingPayload } from './tracking-token';

const SECRET = 'a-tracking-secret-for-the-tests-1234';
const MESSAGE_ID = '0f8fad5b-d9cb-469f-a165-70867728950e';

function flipBit(token: string, byte: number, bit: number): string {
  const bytes = Buffer.from(token, 'base64url');
  bytes[byte] ^= 1 << bit;
  return bytes.toString('base64url');
}

describe('tracking tokens', () => {
  it.each<TrackingPayload>([
    { kind: 'open', messageId: MESSAGE_ID },
    { kind: 'unsubscribe', messageId: MESSAGE_ID },
    { kind: 'click', messageId: MESSAGE_ID, link: 0 },
    { kind: 'click', messageId: MESSAGE_ID, link: 65535 },
  ])('round-trips %j', (payload) => {
    const token = signTrackingToken(SECRET, payload);
    expect(token).toMatch(/^[A-Za-z0-9_-]+$/);
    expect(verifyTrackingToken(SECRET, token)).toEqual(payload);
  });

  it('is compact: 46 characters for an open, 48 for a click', () => {
    expect(signTrackingToken(SECRET, { kind: 'open', messageId: MESSAGE_ID })).toHaveLength(46);
    expect(signTrackingToken(SECRET, { kind: 'click', messageId: MESSAGE_ID, link: 3 })).toHaveLength(48);
  });

  it('has the documented layout: version, kind, uuid bytes, link, then HMAC-SHA256 truncated to 16 bytes', () => {
    const token = signTrackingToken(SECRET, { kind: 'click', messageId: MESSAGE_ID, link: 258 });
    const bytes = Buffer.from(token, 'base64url');
    const body = Buffer.concat([Buffer.from([1, 1]), Buffer.from(MESSAGE_ID.replace(/-/g, ''), 'hex'), Buffer.from([1, 2])]);
    const expectedMac = createHmac('sha256', SECRET).update('localreach/tracking-token\0').update(body).digest().subarray(0, 16);
    expect(bytes).toEqual(Buffer.concat([body, expectedMac]));
  });

  it('normalises upper-case uuids to lower case', () => {
    const token = signTrackingToken(SECRET, { kind: 'open', messageId: MESSAGE_ID.toUpperCase() });
    expect(verifyTrackingToken(SECRET, token)).toEqual({ kind: 'open', messageId: MESSAGE_ID });
  });

  it('rejects every single-bit change of every byte', () => {
    const token = signTrackingToken(SECRET, { kind: 'click', messageId: MESSAGE_ID, link: 7 });
    const length = Buffer.from(token, 'base64url').length;
    for (let byte = 0; byte < length; byte++) {
      for (let bit = 0; bit < 8; bit++) {
        expect({ byte, bit, verified: verifyTrackingToken(SECRET, flipBit(token, byte, bit)) }).toEqual({ byte, bit, verified: null });
      }
    }
  });

  it('rejects a token signed with another secret', () => {
    const token = signTrackingToken('another-secret-entirely-123456', { kind: 'open', messageId: MESSAGE_ID });
    expect(verifyTrackingToken(SECRET, token)).toBeNull();
  });

  it('rejects every truncation and an extension', () => {
    const token = signTrackingToken(SECRET, { kind: 'unsubscribe', messageId: MESSAGE_ID });
    for (let length = 0; length < token.length; length++) {
      expect({ length, verified: verifyTrackingToken(SECRET, token.slice(0, length)) }).toEqual({ length, verified: null });
    }
    expect(verifyTrackingToken(SECRET, `${token}A`)).toBeNull();
  });

  it('rejects a click token re-labelled as an open (kind is signed)', () => {
    const click = Buffer.from(signTrackingToken(SECRET, { kind: 'click', messageId: MESSAGE_ID, link: 1 }), 'base64url');
    click[1] = 0;
    expect(verifyTrackingToken(SECRET, click.toString('base64url'))).toBeNull();
  });

  it('rejects padding, standard base64 and non-canonical spellings of the same bytes', () => {
    const token = signTrackingToken(SECRET, { kind: 'open', messageId: MESSAGE_ID });
    expect(verifyTrackingToken(SECRET, `${token}==`)).toBeNull();
    expect(verifyTrackingToken(SECRET, `${token.slice(0, -1)}+`)).toBeNull();
    // 34 bytes use 4 of the last character's 6 bits; changing the spare bits keeps the bytes but not the spelling.
    const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
    const last = alphabet.indexOf(token[token.length - 1]);
    const respelled = `${token.slice(0, -1)}${alphabet[last ^ 1]}`;
    expect(Buffer.from(respelled, 'base64url')).toEqual(Buffer.from(token, 'base64url'));
    expect(verifyTrackingToken(SECRET, respelled)).toBeNull();
  });

  it.each([
    ['undefined', undefined], ['null', null], ['a number', 42], ['an object', {}], ['empty', ''], ['punctuation', '!!!!'],
    ['a very long string', 'a'.repeat(500)], ['percent-encoding', '%00'], ['zero bytes', 'AAAA'], ['all-zero token length', 'A'.repeat(46)],
  ])('never throws on garbage: %s', (_label, garbage) => {
    expect(verifyTrackingToken(SECRET, garbage)).toBeNull();
  });

  it('never throws and never verifies random strings', () => {
    fc.assert(fc.property(fc.string({ maxLength: 80 }), (s) => verifyTrackingToken(SECRET, s) === null));
  });

  it('signs with HMAC-SHA256 as node:crypto computes it, for any secret (longer than a block too) and any uuid and link', () => {
    fc.assert(
      fc.property(fc.string({ minLength: 1, maxLength: 200 }), fc.uuid(), fc.option(fc.integer({ min: 0, max: 65535 }), { nil: undefined }), (secret, messageId, link) => {
        const payload: TrackingPayload = link === undefined ? { kind: 'open', messageId } : { kind: 'click', messageId, link };
        const bytes = Buffer.from(signTrackingToken(secret, payload), 'base64url');
        const body = bytes.subarray(0, bytes.length - 16);
        const expected = createHmac('sha256', secret).update('localreach/tracking-token\0').update(body).digest().subarray(0, 16);
        expect(bytes.subarray(bytes.length - 16)).toEqual(expected);
        expect(verifyTrackingToken(secret, bytes.toString('base64url'))).toEqual({ ...payload, messageId: messageId.toLowerCase() });
      }),
    );
  });

  it('refuses to sign malformed payloads', () => {
    expect(() => signTrackingToken(SECRET, { kind: 'open', messageId: 'not-a-uuid' })).toThrow(RangeError);
    expect(() => signTrackingToken(SECRET, { kind: 'click', messageId: MESSAGE_ID })).toThrow(RangeError);
    expect(() => signTrackingToken(SECRET, { kind: 'open', messageId: MESSAGE_ID, link: 1 })).toThrow(RangeError);
    expect(() => signTrackingToken(SECRET, { kind: 'click', messageId: MESSAGE_ID, link: 65536 })).toThrow(RangeError);
    expect(() => signTrackingToken(SECRET, { kind: 'click', messageId: MESSAGE_ID, link: 1.5 })).toThrow(RangeError);
  });
});
