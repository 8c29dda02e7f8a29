import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { Queryable } from '@localreach/core';
import { templateReadsEvent, type Template, type TemplateChannel } from '../templates';

/** A stored template: the validated sources plus its name and bookkeeping. */
export type StoredTemplate = Template & {
  id: string;
  name: string;
  presetKey: string | null;
  createdAt: Date;
  updatedAt: Date;
};

interface TemplateRow {
  id: string;
  name: string;
  channel: TemplateChannel;
  subject: string | null;
  preheader: string | null;
  html: string | null;
  text: string | null;
  body: string | null;
  presetKey: string | null;
  createdAt: Date;
  updatedAt: Date;
  sortKey?: string;
}

const COLUMNS = `id, name, channel, subject, preheader, html, text, body, preset_key AS "presetKey", created_at AS "createdAt", updated_at AS "updatedAt"`;

function toTemplate(row: TemplateRow): StoredTemplate {
  const base = { id: row.id, name: row.name, presetKey: row.presetKey, createdAt: row.createdAt, updatedAt: row.updatedAt };
  if (row.channel === 'sms') return { ...base, channel: 'sms', body: row.body ?? '' };
  return {
    ...base, channel: 'email', subject: row.subject ?? '', html: row.html ?? '', ...(row.text !== null ? { text: row.text } : {}),
    ...(row.preheader !== null ? { preheader: row.preheader } : {}),
  };
}

function sourceValues(t: Template): (string | null)[] {
  return t.channel === 'sms' ? [null, null, null, t.body, null] : [t.subject, t.html, t.text ?? null, null, t.preheader ?? null];
}

@Injectable()
export class TemplateRepository {
  constructor(private readonly dataSource: DataSource) {}

  async insert(q: Queryable, businessId: string, name: string, template: Template, presetKey: string | null = null): Promise<StoredTemplate> {
    const rows = await q.query<TemplateRow[]>(
      `INSERT INTO template (business_id, name, channel, subject, html, text, body, preheader, preset_key, reads_event)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) RETURNING ${COLUMNS}`,
      [businessId, name, template.channel, ...sourceValues(template), presetKey, templateReadsEvent(template)],
    );
    return toTemplate(rows[0]);
  }

  async update(businessId: string, id: string, name: string, template: Template, q: Queryable = this.dataSource): Promise<StoredTemplate | undefined> {
    const [rows] = await q.query<[TemplateRow[], number]>(
      `UPDATE template SET name = $3, channel = $4, subject = $5, html = $6, text = $7, body = $8, preheader = $9, reads_event = $10, updated_at = now()
        WHERE business_id = $1 AND id = $2 AND deleted_at IS NULL RETURNING ${COLUMNS}`,
      [businessId, id, name, template.channel, ...sourceValues(template), templateReadsEvent(template)],
    );
    return rows[0] ? toTemplate(rows[0]) : undefined;
  }

  async findById(businessId: string, id: string, q: Queryable = this.dataSource): Promise<StoredTemplate | undefined> {
    const rows = await q.query<TemplateRow[]>(`SELECT ${COLUMNS} FROM template WHERE business_id = $1 AND id = $2 AND deleted_at IS NULL`, [businessId, id]);
    return rows[0] ? toTemplate(rows[0]) : undefined;
  }

  /** Templates by id, including deleted ones: messages already queued still render with them. */
  async findManyForSending(businessId: string, ids: string[]): Promise<Map<string, StoredTemplate>> {
    const rows = await this.dataSource.query<TemplateRow[]>(`SELECT ${COLUMNS} FROM template WHERE business_id = $1 AND id = ANY($2::uuid[])`, [businessId, ids]);
    return new Map(rows.map((r) => [r.id, toTemplate(r)]));
  }

  async list(businessId: string, limit: number, after?: [string, string], channel?: TemplateChannel): Promise<(StoredTemplate & { sortKey: string })[]> {
    const params: unknown[] = [businessId, limit, channel ?? null];
    const cursor = after ? 'AND (created_at, id) > ($4::timestamptz, $5::uuid)' : '';
    if (after) params.push(...after);
    const rows = await this.dataSource.query<TemplateRow[]>(
      `SELECT ${COLUMNS}, created_at::text AS "sortKey" FROM template
        WHERE business_id = $1 AND deleted_at IS NULL AND ($3::text IS NULL OR channel = $3) ${cursor} ORDER BY created_at, id LIMIT $2`,
      params,
    );
    return rows.map((r) => ({ ...toTemplate(r), sortKey: r.sortKey as string }));
  }

  async softDelete(businessId: string, id: string, q: Queryable = this.dataSource): Promise<boolean> {
    const [, count] = await q.query<[unknown[], number]>(
      `UPDATE template SET deleted_at = now() WHERE business_id = $1 AND id = $2 AND deleted_at IS NULL RETURNING id`,
      [businessId, id],
    );
    return count > 0;
  }

  /** Channel of every live template of the business, and whether it reads `event.…` (campaign validation). */
  async channels(q: Queryable, businessId: string): Promise<Map<string, { channel: TemplateChannel; readsEvent: boolean }>> {
    const rows = await q.query<{ id: string; channel: TemplateChannel; readsEvent: boolean }[]>(
      `SELECT id, channel, reads_event AS "readsEvent" FROM template WHERE business_id = $1 AND deleted_at IS NULL`,
      [businessId],
    );
    return new Map(rows.map((r) => [r.id, { channel: r.channel, readsEvent: r.readsEvent }]));
  }

  /** Live email templates with their html, for finding which use a partial. */
  async emailSources(businessId: string): Promise<{ id: string; name: string; html: string }[]> {
    return this.dataSource.query(`SELECT id, name, html FROM template WHERE business_id = $1 AND deleted_at IS NULL AND channel = 'email' ORDER BY name`, [businessId]);
  }

  /** Ids of live templates used by a campaign that is not archived (a template in use cannot be deleted). */
  async usedBy(businessId: string, templateId: string): Promise<string[]> {
    const rows = await this.dataSource.query<{ name: string }[]>(
      `SELECT DISTINCT k.name FROM campaign k JOIN campaign_version v ON v.campaign_id = k.id AND v.version = k.version
        WHERE k.business_id = $1 AND k.status <> 'archived'
          AND jsonb_path_exists(v.definition, '$.steps[*] ? (@.templateId == $id)', jsonb_build_object('id', $2::text))`,
      [businessId, templateId],
    );
    return rows.map((r) => r.name);
  }
}
