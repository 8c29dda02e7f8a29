import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { Queryable } from '@localreach/core';

export interface StoredPartial {
  name: string;
  source: string;
  createdAt: Date;
  updatedAt: Date;
}

const COLUMNS = `name, source, created_at AS "createdAt", updated_at AS "updatedAt"`;

@Injectable()
export class TemplatePartialRepository {
  constructor(private readonly dataSource: DataSource) {}

  async list(businessId: string): Promise<StoredPartial[]> {
    return this.dataSource.query<StoredPartial[]>(`SELECT ${COLUMNS} FROM template_partial WHERE business_id = $1 ORDER BY name`, [businessId]);
  }

  async find(businessId: string, name: string): Promise<StoredPartial | undefined> {
    const rows = await this.dataSource.query<StoredPartial[]>(`SELECT ${COLUMNS} FROM template_partial WHERE business_id = $1 AND name = $2`, [businessId, name]);
    return rows[0];
  }

  async count(businessId: string): Promise<number> {
    const [row] = await this.dataSource.query<{ n: number }[]>(`SELECT count(*)::int AS n FROM template_partial WHERE business_id = $1`, [businessId]);
    return row.n;
  }

  /** `created`: whether the name was new. */
  async upsert(businessId: string, name: string, source: string, q: Queryable = this.dataSource): Promise<StoredPartial & { created: boolean }> {
    const rows = await q.query<(StoredPartial & { created: boolean })[]>(
      `INSERT INTO template_partial (business_id, name, source) VALUES ($1, $2, $3)
       ON CONFLICT (business_id, name) DO UPDATE SET source = EXCLUDED.source, updated_at = now() RETURNING ${COLUMNS}, (xmax = 0) AS created`,
      [businessId, name, source],
    );
    return rows[0];
  }

  async remove(businessId: string, name: string, q: Queryable = this.dataSource): Promise<boolean> {
    const [, count] = await q.query<[unknown[], number]>(`DELETE FROM template_partial WHERE business_id = $1 AND name = $2 RETURNING name`, [businessId, name]);
    return count > 0;
  }

  /** The sources of every business's partials in one read, by business id (sends render a batch across businesses). */
  async sourcesFor(businessIds: readonly string[], q: Queryable = this.dataSource): Promise<Map<string, Record<string, string>>> {
    const rows = await q.query<{ business_id: string; name: string; source: string }[]>(
      `SELECT business_id, name, source FROM template_partial WHERE business_id = ANY($1::uuid[])`,
      [[...new Set(businessIds)]],
    );
    const out = new Map<string, Record<string, string>>();
    for (const r of rows) out.set(r.business_id, { ...out.get(r.business_id), [r.name]: r.source });
    return out;
  }
}
