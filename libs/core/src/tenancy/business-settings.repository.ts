import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { Queryable } from '../database/sql';

/** The `business.settings` jsonb: only what the business set; defaults are filled in by resolveBusinessSettings. */
@Injectable()
export class BusinessSettingsRepository {
  constructor(private readonly dataSource: DataSource) {}

  /** The stored settings JSON, or undefined when the business does not exist. */
  async findStored(businessId: string, q: Queryable = this.dataSource): Promise<Record<string, unknown> | undefined> {
    const rows = await q.query<{ settings: Record<string, unknown> }[]>(`SELECT settings FROM business WHERE id = $1`, [businessId]);
    return rows[0]?.settings;
  }

  /** As findStored, holding the business row until the transaction ends, so concurrent patches merge one after the other. */
  async lockStored(q: Queryable, businessId: string): Promise<Record<string, unknown> | undefined> {
    const rows = await q.query<{ settings: Record<string, unknown> }[]>(`SELECT settings FROM business WHERE id = $1 FOR UPDATE`, [businessId]);
    return rows[0]?.settings;
  }

  async saveStored(q: Queryable, businessId: string, settings: Record<string, unknown>): Promise<void> {
    await q.query(`UPDATE business SET settings = $2::jsonb, updated_at = now() WHERE id = $1`, [businessId, JSON.stringify(settings)]);
  }
}
