import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';

/**
 * API keys look like `lr_<prefix>_<secret>`. The prefix is stored in clear to
 * find the row; only a SHA-256 of the secret is stored. Secrets carry 192 bits
 * of randomness, so a fast hash is the right tool (no password stretching).
 */
export interface GeneratedKey {
  key: string;
  prefix: string;
  secretHash: string;
}

export function generateApiKey(): GeneratedKey {
  const prefix = randomBytes(6).toString('hex');
  const secret = randomBytes(24).toString('base64url');
  return { key: `lr_${prefix}_${secret}`, prefix, secretHash: hashSecret(secret) };
}

export function hashSecret(secret: string): string {
  return createHash('sha256').update(secret).digest('hex');
}

export function parseApiKey(key: string): { prefix: string; secret: string } | undefined {
  const m = /^lr_([0-9a-f]{12})_([A-Za-z0-9_-]{32})$/.exec(key);
  return m ? { prefix: m[1], secret: m[2] } : undefined;
}

export function secretMatches(secret: string, storedHash: string): boolean {
  const a = Buffer.from(hashSecret(secret), 'hex');
  const b = Buffer.from(storedHash, 'hex');
  return a.length === b.length && timingSafeEqual(a, b);
}
