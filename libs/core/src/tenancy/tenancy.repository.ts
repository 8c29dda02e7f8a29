import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { ApiKeyEntity, BusinessEntity, type Role } from '../database/entities';
import type { Queryable } from '../database/sql';
import { isUuid } from '../customers/customer-ref';

export interface KeyWithBusiness {
  key: ApiKeyEntity;
  business: BusinessEntity;
}

/** Businesses and their API keys. Key lookups by prefix are the only unscoped read: they establish the scope. */
@Injectable()
export class TenancyRepository {
  constructor(private readonly dataSource: DataSource) {}

  async findActiveKeyByPrefix(prefix: string): Promise<KeyWithBusiness | undefined> {
    const key = await this.dataSource.getRepository(ApiKeyEntity).findOne({ where: { prefix } });
    if (!key || key.revokedAt) return undefined;
    const business = await this.dataSource.getRepository(BusinessEntity).findOne({ where: { id: key.businessId } });
    return business ? { key, business } : undefined;
  }

  async touchKey(keyId: string): Promise<void> {
    // Only once a minute per key, so hot keys do not write on every request.
    await this.dataSource.query(
      `UPDATE api_key SET last_used_at = now() WHERE id = $1 AND (last_used_at IS NULL OR last_used_at < now() - interval '1 minute')`,
      [keyId],
    );
  }

  async insertBusiness(q: Queryable, business: Omit<BusinessEntity, 'id' | 'createdAt' | 'updatedAt'>): Promise<BusinessEntity> {
    const rows = await q.query<{ id: string }[]>(
      `INSERT INTO business (name, timezone, currency, country, address, settings) VALUES ($1, $2, $3, $4, $5, $6) RETURNING id`,
      [business.name, business.timezone, business.currency, business.country, JSON.stringify(business.address), JSON.stringify(business.settings)],
    );
    return (await this.findBusiness(rows[0].id, q))!;
  }

  /** Changes the given profile fields; returns the business as stored. */
  async updateBusiness(q: Queryable, businessId: string, fields: Partial<Pick<BusinessEntity, 'name' | 'timezone' | 'currency' | 'country' | 'address'>>): Promise<BusinessEntity> {
    const entries = Object.entries(fields).filter(([, v]) => v !== undefined);
    if (entries.length > 0) {
      const sets = entries.map(([k], i) => `${k} = $${i + 2}`).join(', ');
      await q.query(`UPDATE business SET ${sets}, updated_at = now() WHERE id = $1`, [businessId, ...entries.map(([k, v]) => (k === 'address' ? JSON.stringify(v) : v))]);
    }
    return (await this.findBusiness(businessId, q))!;
  }

  /** Whether the business has recorded any order (its amounts are in its currency). */
  async hasOrders(q: Queryable, businessId: string): Promise<boolean> {
    return (await q.query<unknown[]>(`SELECT 1 FROM orders WHERE business_id = $1 LIMIT 1`, [businessId])).length > 0;
  }

  async findBusiness(businessId: string, q: Queryable = this.dataSource): Promise<BusinessEntity | undefined> {
    const rows = await q.query<Record<string, unknown>[]>(`SELECT * FROM business WHERE id = $1`, [businessId]);
    const row = rows[0];
    if (!row) return undefined;
    return {
      id: row.id as string, name: row.name as string, timezone: row.timezone as string, currency: row.currency as string,
      country: row.country as string, address: row.address as BusinessEntity['address'], settings: row.settings as Record<string, unknown>,
      createdAt: row.created_at as Date, updatedAt: row.updated_at as Date,
    };
  }

  async insertKey(q: Queryable, key: { businessId: string; name: string; role: Role; prefix: string; secretHash: string; createdBy: string | null }): Promise<ApiKeyEntity> {
    const rows = await q.query<{ id: string }[]>(
      `INSERT INTO api_key (business_id, name, role, prefix, secret_hash, created_by) VALUES ($1, $2, $3, $4, $5, $6) RETURNING id`,
      [key.businessId, key.name, key.role, key.prefix, key.secretHash, key.createdBy],
    );
    return (await this.findKey(key.businessId, rows[0].id, q))!;
  }

  async findKey(businessId: string, keyId: string, q: Queryable = this.dataSource): Promise<ApiKeyEntity | undefined> {
    if (!isUuid(keyId)) return undefined;
    const rows = await q.query<ApiKeyEntity[]>(
      `SELECT id, business_id AS "businessId", name, role, prefix, secret_hash AS "secretHash", created_by AS "createdBy",
              created_at AS "createdAt", last_used_at AS "lastUsedAt", revoked_at AS "revokedAt"
         FROM api_key WHERE business_id = $1 AND id = $2`,
      [businessId, keyId],
    );
    return rows[0];
  }

  async listKeys(businessId: string): Promise<ApiKeyEntity[]> {
    return this.dataSource.getRepository(ApiKeyEntity).find({ where: { businessId }, order: { createdAt: 'ASC' } });
  }

  async countActiveOwnerKeys(q: Queryable, businessId: string): Promise<number> {
    const rows = await q.query<{ n: number }[]>(
      `SELECT count(*)::int AS n FROM api_key WHERE business_id = $1 AND role = 'owner' AND revoked_at IS NULL`,
      [businessId],
    );
    return rows[0].n;
  }

  async revokeKey(q: Queryable, businessId: string, keyId: string): Promise<void> {
    await q.query(`UPDATE api_key SET revoked_at = now() WHERE business_id = $1 AND id = $2 AND revoked_at IS NULL`, [businessId, keyId]);
  }
}
