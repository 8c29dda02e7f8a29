import { createHash, createHmac } from 'node:crypto';
import { IdentityHashKey } from './identity-hash';

describe('IdentityHashKey', () => {
  const key = new IdentityHashKey({ trackingSecret: 'a-secret-of-at-least-16' });

  it('hashes like the HMAC definition the SQL follows: sha256(outer || sha256(inner || m))', () => {
    for (const address of ['ana@example.com', '+13125550123', 'zoë@exämple.com', '']) {
      const innerDigest = createHash('sha256').update(key.inner).update(address, 'utf8').digest();
      const byDefinition = createHash('sha256').update(key.outer).update(innerDigest).digest('hex');
      expect(key.hash(address)).toBe(byDefinition);
    }
  });

  it('is keyed: another secret gives another hash, and the hash is not the bare SHA-256 or an HMAC with the secret itself', () => {
    const other = new IdentityHashKey({ trackingSecret: 'another-secret-of-16+' });
    expect(other.hash('ana@example.com')).not.toBe(key.hash('ana@example.com'));
    expect(key.hash('ana@example.com')).not.toBe(createHash('sha256').update('ana@example.com').digest('hex'));
    expect(key.hash('ana@example.com')).not.toBe(createHmac('sha256', 'a-secret-of-at-least-16').update('ana@example.com').digest('hex'));
    expect(key.hash('ana@example.com')).toMatch(/^[0-9a-f]{64}$/);
  });
});
