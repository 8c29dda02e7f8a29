import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { Queryable } from '../database/sql';
import { CUSTOMER_CREATED_LISTENED } from '../ops/trigger-inbox.sql';
import type { ConsentChannel, ConsentRecord, Customer } from './customer.types';
import { CONSENT_CHANNELS } from './customer.types';
import { isUuid } from './customer-ref';
import type { CustomerMatch, CustomerOrdering, KeysetPosition } from './customer-search';
import { customerCountSql, customerEstimateSql, customerPageSql, type PageStrategy } from './customer-search.sql';

export const CUSTOMER_COLUMNS = `id, business_id, external_id, email, phone, first_name, last_name, to_char(birthday, 'YYYY-MM-DD') AS birthday,
  timezone, lat, lng, address, attributes, tags, consent_email, consent_email_at, consent_email_source, consent_sms, consent_sms_at,
  consent_sms_source, consent_location, consent_location_at, consent_location_source, created_at, updated_at`;

export interface CustomerRow {
  id: string;
  business_id: string;
  external_id: string | null;
  email: string | null;
  phone: string | null;
  first_name: string | null;
  last_name: string | null;
  birthday: string | null;
  timezone: string | null;
  lat: number | null;
  lng: number | null;
  address: Customer['address'];
  attributes: Record<string, unknown>;
  tags: string[];
  created_at: Date;
  updated_at: Date;
  [consent: `consent_${string}`]: unknown;
}

export function mapCustomerRow(row: CustomerRow): Customer {
  const consent: Customer['consent'] = {};
  for (const channel of CONSENT_CHANNELS) {
    const status = row[`consent_${channel}`] as ConsentRecord['status'] | null;
    if (status) {
      consent[channel] = {
        status,
        at: row[`consent_${channel}_at`] as Date,
        source: row[`consent_${channel}_source`] as ConsentRecord['source'],
      };
    }
  }
  return {
    id: row.id,
    businessId: row.business_id,
    externalId: row.external_id,
    email: row.email,
    phone: row.phone,
    firstName: row.first_name,
    lastName: row.last_name,
    birthday: row.birthday,
    timezone: row.timezone,
    lat: row.lat,
    lng: row.lng,
    address: row.address,
    attributes: row.attributes,
    tags: row.tags,
    consent,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

/** The writable state of a customer, in column order for INSERT/UPDATE. */
function writableValues(c: Customer): unknown[] {
  const consentValues = CONSENT_CHANNELS.flatMap((channel: ConsentChannel) => {
    const record = c.consent[channel];
    return [record?.status ?? null, record?.at ?? null, record?.source ?? null];
  });
  return [
    c.externalId, c.email, c.phone, c.firstName, c.lastName, c.birthday, c.timezone, c.lat, c.lng,
    c.address === null ? null : JSON.stringify(c.address), JSON.stringify(c.attributes), c.tags, ...consentValues,
  ];
}

const WRITABLE_COLUMNS = [
  'external_id', 'email', 'phone', 'first_name', 'last_name', 'birthday', 'timezone', 'lat', 'lng', 'address', 'attributes', 'tags',
  'consent_email', 'consent_email_at', 'consent_email_source', 'consent_sms', 'consent_sms_at', 'consent_sms_source',
  'consent_location', 'consent_location_at', 'consent_location_source',
];

export interface CustomerIdentity {
  externalId?: string | null;
  email?: string | null;
  phone?: string | null;
}

@Injectable()
export class CustomerRepository {
  constructor(private readonly dataSource: DataSource) {}

  async findById(businessId: string, id: string, q: Queryable = this.dataSource): Promise<Customer | undefined> {
    if (!isUuid(id)) return undefined;
    const rows = await q.query<CustomerRow[]>(
      `SELECT ${CUSTOMER_COLUMNS} FROM customer WHERE business_id = $1 AND id = $2 AND erased_at IS NULL`,
      [businessId, id],
    );
    return rows[0] ? mapCustomerRow(rows[0]) : undefined;
  }

  /** Which of `ids` are live customers of the business, in one statement (ids as PostgreSQL writes them: lower case). */
  async findLiveIds(q: Queryable, businessId: string, ids: readonly string[]): Promise<Set<string>> {
    const wanted = ids.filter(isUuid);
    if (wanted.length === 0) return new Set();
    const rows = await q.query<{ id: string }[]>(
      `SELECT id FROM customer WHERE business_id = $1 AND id = ANY($2::uuid[]) AND erased_at IS NULL`,
      [businessId, wanted],
    );
    return new Set(rows.map((r) => r.id));
  }

  /** Live customers by id, in the order of `ids` (unknown or erased ids are skipped). */
  async findByIds(businessId: string, ids: string[]): Promise<Customer[]> {
    if (ids.length === 0) return [];
    const rows = await this.dataSource.query<CustomerRow[]>(
      `SELECT ${CUSTOMER_COLUMNS} FROM customer WHERE business_id = $1 AND id = ANY($2::uuid[]) AND erased_at IS NULL`,
      [businessId, ids],
    );
    const byId = new Map(rows.map((r) => [r.id, mapCustomerRow(r)]));
    return ids.map((id) => byId.get(id)).filter((c): c is Customer => c !== undefined);
  }

  /** Live customers holding any of the given identifiers, locked for update. */
  async lockByIdentity(q: Queryable, businessId: string, identity: CustomerIdentity): Promise<Customer[]> {
    const rows = await q.query<CustomerRow[]>(
      `SELECT ${CUSTOMER_COLUMNS} FROM customer
        WHERE business_id = $1 AND erased_at IS NULL
          AND ((external_id = $2 AND $2 IS NOT NULL) OR (email = $3 AND $3 IS NOT NULL) OR (phone = $4 AND $4 IS NOT NULL))
        ORDER BY created_at FOR UPDATE`,
      [businessId, identity.externalId ?? null, identity.email ?? null, identity.phone ?? null],
    );
    return rows.map(mapCustomerRow);
  }

  async lockById(q: Queryable, businessId: string, id: string): Promise<Customer | undefined> {
    if (!isUuid(id)) return undefined;
    const rows = await q.query<CustomerRow[]>(
      `SELECT ${CUSTOMER_COLUMNS} FROM customer WHERE business_id = $1 AND id = $2 AND erased_at IS NULL FOR UPDATE`,
      [businessId, id],
    );
    return rows[0] ? mapCustomerRow(rows[0]) : undefined;
  }

  async insert(q: Queryable, businessId: string, customer: Customer): Promise<Customer> {
    const values = writableValues(customer);
    const placeholders = values.map((_, i) => `$${i + 2}`).join(', ');
    const rows = await q.query<CustomerRow[]>(
      `WITH inserted AS (
         INSERT INTO customer (business_id, ${WRITABLE_COLUMNS.join(', ')}, created_at, updated_at)
         VALUES ($1, ${placeholders}, $${values.length + 2}, $${values.length + 3}) RETURNING *),
       inbox AS (
         INSERT INTO trigger_inbox (business_id, customer_id, kind, occurred_at)
         SELECT $1, id, 'customer_created', created_at FROM inserted WHERE ${CUSTOMER_CREATED_LISTENED})
       SELECT ${CUSTOMER_COLUMNS} FROM inserted`,
      [businessId, ...values, customer.createdAt, customer.updatedAt],
    );
    return mapCustomerRow(rows[0]);
  }

  async update(q: Queryable, businessId: string, customer: Customer): Promise<Customer> {
    const values = writableValues(customer);
    const sets = WRITABLE_COLUMNS.map((column, i) => `${column} = $${i + 3}`).join(', ');
    // UPDATE … RETURNING comes back from TypeORM as [rows, affectedCount].
    const [rows] = await q.query<[CustomerRow[], number]>(
      `UPDATE customer SET ${sets}, updated_at = $${values.length + 3} WHERE business_id = $1 AND id = $2 RETURNING ${CUSTOMER_COLUMNS}`,
      [businessId, customer.id, ...values, customer.updatedAt],
    );
    return mapCustomerRow(rows[0]);
  }

  /** One page of matching customers in `ordering` after `after`; `sortKeys[i]` is row i's key for the next cursor. */
  async listPage(
    businessId: string,
    match: CustomerMatch,
    ordering: CustomerOrdering,
    after: KeysetPosition | undefined,
    limit: number,
    strategy?: PageStrategy,
  ): Promise<{ items: Customer[]; sortKeys: string[] }> {
    const { sql, params } = customerPageSql(businessId, match, ordering, after, limit, CUSTOMER_COLUMNS, strategy);
    const rows = await this.dataSource.query<(CustomerRow & { sort_key: string })[]>(sql, params);
    return { items: rows.map(mapCustomerRow), sortKeys: rows.map((r) => r.sort_key) };
  }

  /** How many customers match, counting no further than `cap`. */
  async countMatches(businessId: string, match: CustomerMatch, cap: number): Promise<number> {
    const { sql, params } = customerCountSql(businessId, match, cap);
    const rows = await this.dataSource.query<{ n: number }[]>(sql, params);
    return rows[0].n;
  }

  /** The planner's estimate of how many customers match, from table statistics (reads no rows). */
  async estimateMatches(businessId: string, match: CustomerMatch): Promise<number> {
    const { sql, params } = customerEstimateSql(businessId, match);
    const rows = await this.dataSource.query<{ 'QUERY PLAN': unknown }[]>(sql, params);
    const raw = rows[0]['QUERY PLAN'];
    const plan = (typeof raw === 'string' ? JSON.parse(raw) : raw) as { Plan: { 'Plan Rows': number } }[];
    return plan[0].Plan['Plan Rows'];
  }

  /** True when the business has this (not deleted) segment. */
  async segmentExists(businessId: string, segmentId: string): Promise<boolean> {
    if (!isUuid(segmentId)) return false;
    const rows = await this.dataSource.query<unknown[]>(`SELECT 1 FROM segment WHERE business_id = $1 AND id = $2 AND deleted_at IS NULL`, [businessId, segmentId]);
    return rows.length > 0;
  }
}
