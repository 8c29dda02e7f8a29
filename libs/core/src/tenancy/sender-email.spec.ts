import { createHash } from 'node:crypto';
import {
  claimedDomainOf, confirmationTokenState, confirmationView, confirmedFromAddress, hashConfirmationToken, newConfirmationToken, readConfirmationToken,
  senderDomainOf,
} from './sender-email';

const BUSINESS = '0f8fad5b-d9cb-469f-a165-70867728950e';
const at = (iso: string) => new Date(iso);

describe('sender email confirmation rules', () => {
  it.each([
    ['hello@Maple.Example.com', 'maple.example.com'],
    ['a@b.co', 'b.co'],
    // The last @ separates the domain (a quoted local part may hold one).
    ['"odd@local"@shop.example', 'shop.example'],
  ])('the domain of %s is %s', (address, domain) => {
    expect(senderDomainOf(address)).toBe(domain);
  });

  it('a business domain is claimed whole; a public mailbox provider never is', () => {
    expect(claimedDomainOf('news@maple.example.com')).toBe('maple.example.com');
    expect(claimedDomainOf('news@mail.maple.example.com')).toBe('mail.maple.example.com');
    for (const address of ['rosa@gmail.com', 'rosa@GMAIL.com', 'rosa@outlook.com', 'rosa@icloud.com', 'rosa@yahoo.co.uk']) {
      expect(claimedDomainOf(address)).toBeNull();
    }
  });

  it('a token names its business, carries 256 random bits, and is stored as its SHA-256 only', () => {
    const a = newConfirmationToken(BUSINESS);
    const b = newConfirmationToken(BUSINESS);
    expect(a.token).toMatch(/^[A-Za-z0-9_-]{64}$/);
    expect(a.token).not.toBe(b.token);
    expect(a.hash.equals(createHash('sha256').update(a.token).digest())).toBe(true);
    expect(a.hash.equals(hashConfirmationToken(a.token))).toBe(true);
    const read = readConfirmationToken(a.token);
    expect(read?.businessId).toBe(BUSINESS);
    expect(read?.hash.equals(a.hash)).toBe(true);
  });

  it('a token cut short, lengthened or of another alphabet is no token; an altered one is a different hash', () => {
    const { token, hash } = newConfirmationToken(BUSINESS);
    expect(readConfirmationToken(token.slice(0, 63))).toBeUndefined();
    expect(readConfirmationToken(`${token}A`)).toBeUndefined();
    expect(readConfirmationToken(`${token.slice(0, 63)}=`)).toBeUndefined();
    expect(readConfirmationToken('')).toBeUndefined();
    const altered = `${token.slice(0, 40)}${token[40] === 'A' ? 'B' : 'A'}${token.slice(41)}`;
    expect(readConfirmationToken(altered)?.hash.equals(hash)).toBe(false);
  });

  it('a link works until its expiry (exclusive) and never after it was used', () => {
    const expires = at('2026-03-03T15:00:00Z');
    expect(confirmationTokenState({ confirmedAt: null, tokenExpiresAt: expires }, at('2026-03-03T14:59:59.999Z'))).toBe('valid');
    expect(confirmationTokenState({ confirmedAt: null, tokenExpiresAt: expires }, expires)).toBe('expired');
    expect(confirmationTokenState({ confirmedAt: null, tokenExpiresAt: expires }, at('2026-03-10T00:00:00Z'))).toBe('expired');
    // Addresses pending since the migration have no link yet.
    expect(confirmationTokenState({ confirmedAt: null, tokenExpiresAt: null }, at('2026-03-01T00:00:00Z'))).toBe('expired');
    expect(confirmationTokenState({ confirmedAt: at('2026-03-02T16:00:00Z'), tokenExpiresAt: null }, at('2026-03-02T17:00:00Z'))).toBe('used');
  });

  it('shows pending since when set, confirmed at when confirmed', () => {
    const base = { address: 'a@b.example', requestedAt: at('2026-03-02T15:00:00Z'), tokenExpiresAt: at('2026-03-04T15:00:00Z'), sentAt: at('2026-03-02T15:00:01Z'), sendError: null };
    expect(confirmationView({ ...base, confirmedAt: null })).toEqual({
      status: 'pending', pendingSince: base.requestedAt, confirmedAt: null, sentAt: base.sentAt, expiresAt: base.tokenExpiresAt, sendError: null,
    });
    const confirmedAt = at('2026-03-02T16:00:00Z');
    expect(confirmationView({ ...base, confirmedAt, tokenExpiresAt: null })).toEqual({
      status: 'confirmed', pendingSince: null, confirmedAt, sentAt: base.sentAt, expiresAt: null, sendError: null,
    });
  });

  it('sends use the From address only when it is the confirmed one', () => {
    expect(confirmedFromAddress('hello@maple.example', 'hello@maple.example')).toBe('hello@maple.example');
    expect(confirmedFromAddress('hello@maple.example', null)).toBeNull();
    expect(confirmedFromAddress('news@maple.example', 'hello@maple.example')).toBeNull();
    expect(confirmedFromAddress(null, 'hello@maple.example')).toBeNull();
  });
});
