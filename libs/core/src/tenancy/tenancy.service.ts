import { Injectable } from '@nestjs/common';
import type { CountryCode } from 'libphonenumber-js';
import { DataSource } from 'typeorm';
import { AuditRepository } from '../audit/audit.repository';
import type { ApiKeyEntity, BusinessEntity, Role } from '../database/entities';
import { DomainError } from '../errors/domain-error';
import { addressOf } from '../validation/address.input';
import { generateApiKey, parseApiKey, secretMatches } from './api-key-secret';
import { TenancyRepository } from './tenancy.repository';
import type { BusinessPatchInput, CreateApiKeyInput, SignUpInput } from './tenancy.input';
import type { Tenant } from './tenant';

export interface IssuedKey {
  key: ApiKeyEntity;
  /** The full secret key: shown once, never stored. */
  apiKey: string;
}

export function tenantFrom(business: BusinessEntity, key: Pick<ApiKeyEntity, 'id' | 'role'> | null, role?: Role): Tenant {
  return {
    businessId: business.id,
    keyId: key?.id ?? null,
    role: role ?? key?.role ?? 'analyst',
    business: { name: business.name, timezone: business.timezone, currency: business.currency, country: business.country as CountryCode },
  };
}

/**
 * Resolved keys are remembered briefly so a busy integration does not pay two
 * queries per request. A revocation takes effect at once in the process that
 * revoked the key and within AUTH_CACHE_TTL_MS in the others.
 */
export const AUTH_CACHE_TTL_MS = 10_000;
const AUTH_CACHE_MAX = 10_000;
const TOUCH_EVERY_MS = 60_000;

@Injectable()
export class TenancyService {
  private readonly authCache = new Map<string, { tenant: Tenant; expiresAt: number }>();
  private readonly lastTouched = new Map<string, number>();

  constructor(
    private readonly dataSource: DataSource,
    private readonly tenancy: TenancyRepository,
    private readonly audit: AuditRepository,
  ) {}

  /** Creates a business and its first owner key, atomically. */
  async signUp(input: SignUpInput): Promise<{ business: BusinessEntity; issued: IssuedKey }> {
    const { timezone, currency, country } = input;
    return this.dataSource.transaction(async (tx) => {
      const business = await this.tenancy.insertBusiness(tx, {
        name: input.name.trim(), timezone, currency, country, address: addressOf(input.address), settings: {},
      });
      const generated = generateApiKey();
      const key = await this.tenancy.insertKey(tx, {
        businessId: business.id, name: 'Owner key', role: 'owner', prefix: generated.prefix, secretHash: generated.secretHash, createdBy: null,
      });
      await this.audit.record(tx, { businessId: business.id, actorKeyId: null, action: 'business.created', entity: 'business', entityId: business.id });
      return { business, issued: { key, apiKey: generated.key } };
    });
  }

  /**
   * Changes the business's profile (owners). The currency may change only while
   * no order is recorded: every stored amount is in it. Cached tenants of this
   * business are dropped so this process sees the change at once.
   */
  async updateBusiness(tenant: Tenant, input: BusinessPatchInput): Promise<BusinessEntity> {
    const business = await this.dataSource.transaction(async (tx) => {
      await tx.query(`SELECT 1 FROM business WHERE id = $1 FOR UPDATE`, [tenant.businessId]);
      const current = (await this.tenancy.findBusiness(tenant.businessId, tx))!;
      if (input.currency !== undefined && input.currency !== current.currency && (await this.tenancy.hasOrders(tx, tenant.businessId))) {
        throw DomainError.conflict('CURRENCY_IN_USE', `orders are recorded in ${current.currency}; the currency cannot change once an order exists`, [
          { field: 'currency', message: `orders are recorded in ${current.currency}; it cannot change once an order exists` },
        ]);
      }
      const fields = {
        name: input.name?.trim(), timezone: input.timezone, currency: input.currency, country: input.country,
        address: input.address === undefined ? undefined : addressOf(input.address),
      };
      const updated = await this.tenancy.updateBusiness(tx, tenant.businessId, fields);
      const changed = Object.entries(fields).filter(([, v]) => v !== undefined).map(([k]) => k);
      await this.audit.record(tx, { businessId: tenant.businessId, actorKeyId: tenant.keyId, actorRole: tenant.role, action: 'business.updated', entity: 'business', entityId: tenant.businessId, details: { fields: changed } });
      return updated;
    });
    for (const [key, entry] of this.authCache) if (entry.tenant.businessId === tenant.businessId) this.authCache.delete(key);
    return business;
  }

  /** Resolves a bearer key to its tenant, or undefined for unknown, malformed or revoked keys. */
  async authenticate(apiKey: string, now = Date.now()): Promise<Tenant | undefined> {
    const cached = this.authCache.get(apiKey);
    if (cached && cached.expiresAt > now) return cached.tenant;
    const parsed = parseApiKey(apiKey);
    if (!parsed) return undefined;
    const found = await this.tenancy.findActiveKeyByPrefix(parsed.prefix);
    if (!found || !secretMatches(parsed.secret, found.key.secretHash)) return undefined;
    const tenant = tenantFrom(found.business, found.key);
    if (this.authCache.size >= AUTH_CACHE_MAX) this.authCache.clear();
    this.authCache.set(apiKey, { tenant, expiresAt: now + AUTH_CACHE_TTL_MS });
    if ((this.lastTouched.get(found.key.id) ?? 0) + TOUCH_EVERY_MS < now) {
      this.lastTouched.set(found.key.id, now);
      await this.tenancy.touchKey(found.key.id);
    }
    return tenant;
  }

  async getBusiness(tenant: Tenant): Promise<BusinessEntity> {
    const business = await this.tenancy.findBusiness(tenant.businessId);
    if (!business) throw DomainError.notFound('business', tenant.businessId);
    return business;
  }

  async createKey(tenant: Tenant, input: CreateApiKeyInput): Promise<IssuedKey> {
    return this.dataSource.transaction(async (tx) => {
      const generated = generateApiKey();
      const key = await this.tenancy.insertKey(tx, {
        businessId: tenant.businessId, name: input.name.trim(), role: input.role, prefix: generated.prefix, secretHash: generated.secretHash,
        createdBy: tenant.keyId,
      });
      await this.audit.record(tx, { businessId: tenant.businessId, actorKeyId: tenant.keyId, actorRole: tenant.role, action: 'api_key.created', entity: 'api_key', entityId: key.id, details: { role: key.role } });
      return { key, apiKey: generated.key };
    });
  }

  /** The key behind the current request. */
  async currentKey(tenant: Tenant): Promise<ApiKeyEntity> {
    const key = tenant.keyId ? await this.tenancy.findKey(tenant.businessId, tenant.keyId) : undefined;
    if (!key) throw DomainError.notFound('api key', String(tenant.keyId));
    return key;
  }

  listKeys(tenant: Tenant): Promise<ApiKeyEntity[]> {
    return this.tenancy.listKeys(tenant.businessId);
  }

  async revokeKey(tenant: Tenant, keyId: string): Promise<void> {
    await this.dataSource.transaction(async (tx) => {
      const key = await this.tenancy.findKey(tenant.businessId, keyId, tx);
      if (!key) throw DomainError.notFound('api key', keyId);
      if (key.revokedAt) return;
      await tx.query('SELECT pg_advisory_xact_lock(hashtext($1))', [`owner-keys:${tenant.businessId}`]);
      if (key.role === 'owner' && (await this.tenancy.countActiveOwnerKeys(tx, tenant.businessId)) <= 1) {
        throw DomainError.conflict('LAST_OWNER_KEY', 'cannot revoke the last owner key; create another owner key first', [
          { field: 'id', message: 'is the last active owner key' },
        ]);
      }
      await this.tenancy.revokeKey(tx, tenant.businessId, keyId);
      for (const [secret, entry] of this.authCache) if (entry.tenant.keyId === keyId) this.authCache.delete(secret);
      await this.audit.record(tx, { businessId: tenant.businessId, actorKeyId: tenant.keyId, actorRole: tenant.role, action: 'api_key.revoked', entity: 'api_key', entityId: keyId });
    });
  }
}
