import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Web Mercator metres of a latitude/longitude, latitude clamped to ±85°.
 * Kept as SQL text so every located table derives its point identically.
 */
export const MERCATOR_POINT_SQL = `CASE WHEN lat IS NULL OR lng IS NULL THEN NULL ELSE point(
  6378137.0 * radians(lng),
  6378137.0 * ln(tan(pi() / 4.0 + radians(least(greatest(lat, -85.0), 85.0)) / 2.0))
) END`;

export class InitialSchema1764000000000 implements MigrationInterface {
  name = 'InitialSchema1764000000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE business (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        name text NOT NULL,
        timezone text NOT NULL,
        currency char(3) NOT NULL,
        country char(2) NOT NULL,
        address jsonb NOT NULL,
        settings jsonb NOT NULL DEFAULT '{}'::jsonb,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`
      CREATE TABLE api_key (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        business_id uuid NOT NULL REFERENCES business(id) ON DELETE CASCADE,
        name text NOT NULL,
        role text NOT NULL CHECK (role IN ('owner', 'marketer', 'analyst')),
        prefix text NOT NULL UNIQUE,
        secret_hash text NOT NULL,
        created_by uuid NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        last_used_at timestamptz NULL,
        revoked_at timestamptz NULL
      )`);
    await q.query(`CREATE INDEX api_key_business_idx ON api_key (business_id, created_at)`);
    await q.query(`
      CREATE TABLE location (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        business_id uuid NOT NULL REFERENCES business(id) ON DELETE CASCADE,
        name text NOT NULL,
        address jsonb NULL,
        lat double precision NULL CHECK (lat BETWEEN -90 AND 90),
        lng double precision NULL CHECK (lng BETWEEN -180 AND 180),
        point point GENERATED ALWAYS AS (${MERCATOR_POINT_SQL}) STORED,
        timezone text NULL,
        phone text NULL,
        opening_hours jsonb NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        deleted_at timestamptz NULL
      )`);
    await q.query(`CREATE INDEX location_business_idx ON location (business_id, created_at, id)`);
    await q.query(`CREATE INDEX location_point_gist ON location USING gist (point)`);
    await q.query(`
      CREATE TABLE customer (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        business_id uuid NOT NULL REFERENCES business(id) ON DELETE CASCADE,
        external_id text NULL,
        email text NULL,
        phone text NULL,
        first_name text NULL,
        last_name text NULL,
        birthday date NULL,
        timezone text NULL,
        lat double precision NULL CHECK (lat BETWEEN -90 AND 90),
        lng double precision NULL CHECK (lng BETWEEN -180 AND 180),
        point point GENERATED ALWAYS AS (${MERCATOR_POINT_SQL}) STORED,
        address jsonb NULL,
        attributes jsonb NOT NULL DEFAULT '{}'::jsonb,
        tags text[] NOT NULL DEFAULT '{}',
        consent_email text NULL CHECK (consent_email IN ('granted', 'denied')),
        consent_email_at timestamptz NULL,
        consent_email_source text NULL,
        consent_sms text NULL CHECK (consent_sms IN ('granted', 'denied')),
        consent_sms_at timestamptz NULL,
        consent_sms_source text NULL,
        consent_location text NULL CHECK (consent_location IN ('granted', 'denied')),
        consent_location_at timestamptz NULL,
        consent_location_source text NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        erased_at timestamptz NULL
      )`);
    await q.query(`CREATE UNIQUE INDEX customer_external_id_uq ON customer (business_id, external_id) WHERE external_id IS NOT NULL`);
    await q.query(`CREATE UNIQUE INDEX customer_email_uq ON customer (business_id, email) WHERE email IS NOT NULL`);
    await q.query(`CREATE UNIQUE INDEX customer_phone_uq ON customer (business_id, phone) WHERE phone IS NOT NULL`);
    await q.query(`CREATE INDEX customer_business_updated_idx ON customer (business_id, updated_at, id)`);
    await q.query(`CREATE INDEX customer_point_gist ON customer USING gist (point)`);
    await q.query(`
      CREATE TABLE event (
        id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        business_id uuid NOT NULL REFERENCES business(id) ON DELETE CASCADE,
        customer_id uuid NOT NULL REFERENCES customer(id) ON DELETE CASCADE,
        type text NOT NULL,
        properties jsonb NOT NULL DEFAULT '{}'::jsonb,
        occurred_at timestamptz NOT NULL,
        received_at timestamptz NOT NULL DEFAULT now(),
        source text NOT NULL DEFAULT 'api',
        idempotency_key text NULL
      )`);
    await q.query(`CREATE UNIQUE INDEX event_idempotency_uq ON event (business_id, idempotency_key) WHERE idempotency_key IS NOT NULL`);
    await q.query(`CREATE INDEX event_customer_type_time_idx ON event (business_id, customer_id, type, occurred_at)`);
    await q.query(`CREATE INDEX event_business_type_time_idx ON event (business_id, type, occurred_at)`);
    await q.query(`
      CREATE TABLE orders (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        business_id uuid NOT NULL REFERENCES business(id) ON DELETE CASCADE,
        external_id text NOT NULL,
        customer_id uuid NOT NULL REFERENCES customer(id) ON DELETE CASCADE,
        total numeric(14, 2) NOT NULL CHECK (total >= 0),
        currency char(3) NOT NULL,
        items jsonb NOT NULL DEFAULT '[]'::jsonb,
        channel text NOT NULL CHECK (channel IN ('online', 'in_store')),
        location_id uuid NULL REFERENCES location(id),
        coupon_code text NULL,
        occurred_at timestamptz NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        UNIQUE (business_id, external_id)
      )`);
    await q.query(`CREATE INDEX orders_customer_time_idx ON orders (business_id, customer_id, occurred_at)`);
    await q.query(`CREATE INDEX orders_business_time_idx ON orders (business_id, occurred_at)`);
    await q.query(`CREATE INDEX orders_coupon_idx ON orders (business_id, coupon_code) WHERE coupon_code IS NOT NULL`);
    await q.query(`
      CREATE TABLE audit_log (
        id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        business_id uuid NOT NULL REFERENCES business(id) ON DELETE CASCADE,
        actor_key_id uuid NULL,
        action text NOT NULL,
        entity text NOT NULL,
        entity_id text NULL,
        details jsonb NOT NULL DEFAULT '{}'::jsonb,
        at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE INDEX audit_log_business_idx ON audit_log (business_id, at)`);
    await q.query(`
      CREATE TABLE worker_heartbeat (
        worker_id text PRIMARY KEY,
        hostname text NOT NULL,
        pid integer NOT NULL,
        started_at timestamptz NOT NULL,
        seen_at timestamptz NOT NULL
      )`);
  }

  async down(q: QueryRunner): Promise<void> {
    for (const table of ['worker_heartbeat', 'audit_log', 'orders', 'event', 'customer', 'location', 'api_key', 'business']) {
      await q.query(`DROP TABLE IF EXISTS ${table}`);
    }
  }
}
