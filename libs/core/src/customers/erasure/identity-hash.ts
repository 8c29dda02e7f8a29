import { createHash, createHmac } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { APP_CONFIG, type AppConfig } from '../../config/app-config';

/** Separates these hashes from every other use of the tracking secret. */
const DOMAIN = 'localreach/erased-identity/v1\0';
const BLOCK = 64;

/**
 * The keyed hash (HMAC-SHA256) kept of an erased person's email and phone,
 * so they stay suppressed without their address being stored. PostgreSQL has
 * no HMAC without pgcrypto, so SQL computes it from its definition,
 * sha256((K ^ opad) || sha256((K ^ ipad) || m)), with the two padded keys
 * passed as parameters: erasure, upserts and imports hash set-based, and the
 * result equals Node's createHmac (see the spec).
 */
@Injectable()
export class IdentityHashKey {
  private readonly key: Buffer;
  /** K ^ ipad and K ^ opad, each one SHA-256 block long. */
  readonly inner: Buffer;
  readonly outer: Buffer;

  constructor(@Inject(APP_CONFIG) config: Pick<AppConfig, 'trackingSecret'>) {
    this.key = createHash('sha256').update(DOMAIN).update(config.trackingSecret).digest();
    const padded = Buffer.alloc(BLOCK);
    this.key.copy(padded);
    this.inner = Buffer.from(padded.map((b) => b ^ 0x36));
    this.outer = Buffer.from(padded.map((b) => b ^ 0x5c));
  }

  /** Hex HMAC of a stored (normalised) email or E.164 phone. */
  hash(address: string): string {
    return createHmac('sha256', this.key).update(address, 'utf8').digest('hex');
  }
}

/** SQL for the hex HMAC of a text expression, the padded keys being bytea parameters `$inner` and `$outer`. */
export function identityHashSql(value: string, inner: string, outer: string): string {
  return `encode(sha256(${outer}::bytea || sha256(${inner}::bytea || convert_to(${value}, 'UTF8'))), 'hex')`;
}
