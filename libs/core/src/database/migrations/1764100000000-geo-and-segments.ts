import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Geofences, location pings and presence, geocoding cache, derived nearest
 * store, segments with materialised membership, and the message/engagement
 * ledger that engagement conditions read (campaigns fill it).
 */
export class GeoAndSegments1764100000000 implements MigrationInterface {
  name = 'GeoAndSegments1764100000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      ALTER TABLE customer
        ADD COLUMN nearest_location_id uuid NULL REFERENCES location(id),
        ADD COLUMN nearest_location_distance_m double precision NULL,
        ADD COLUMN geocoded_at timestamptz NULL`);
    await q.query(`ALTER TABLE location ADD COLUMN geocoded_at timestamptz NULL`);
    await q.query(`
      CREATE TABLE geofence (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        business_id uuid NOT NULL REFERENCES business(id) ON DELETE CASCADE,
        name text NOT NULL,
        kind text NOT NULL CHECK (kind IN ('circle', 'polygon')),
        center_lat double precision NULL,
        center_lng double precision NULL,
        radius_m double precision NULL,
        polygon jsonb NULL,
        area polygon NULL,
        bbox box NOT NULL,
        location_id uuid NULL REFERENCES location(id),
        dwell_seconds integer NULL CHECK (dwell_seconds > 0),
        cooldown_seconds integer NOT NULL DEFAULT 0 CHECK (cooldown_seconds >= 0),
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        deleted_at timestamptz NULL,
        CHECK ((kind = 'circle' AND center_lat IS NOT NULL AND center_lng IS NOT NULL AND radius_m IS NOT NULL)
            OR (kind = 'polygon' AND polygon IS NOT NULL AND area IS NOT NULL))
      )`);
    await q.query(`CREATE INDEX geofence_business_idx ON geofence (business_id, created_at, id)`);
    await q.query(`CREATE INDEX geofence_bbox_gist ON geofence USING gist (bbox)`);
    await q.query(`
      CREATE TABLE location_ping (
        id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        business_id uuid NOT NULL REFERENCES business(id) ON DELETE CASCADE,
        customer_id uuid NOT NULL REFERENCES customer(id) ON DELETE CASCADE,
        lat double precision NOT NULL,
        lng double precision NOT NULL,
        accuracy_m double precision NULL,
        occurred_at timestamptz NOT NULL,
        received_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE INDEX location_ping_customer_idx ON location_ping (business_id, customer_id, occurred_at)`);
    await q.query(`
      CREATE TABLE geofence_presence (
        business_id uuid NOT NULL REFERENCES business(id) ON DELETE CASCADE,
        geofence_id uuid NOT NULL REFERENCES geofence(id) ON DELETE CASCADE,
        customer_id uuid NOT NULL REFERENCES customer(id) ON DELETE CASCADE,
        inside boolean NOT NULL,
        entered_at timestamptz NULL,
        last_ping_at timestamptz NOT NULL,
        dwelled boolean NOT NULL DEFAULT false,
        last_entered_event_at timestamptz NULL,
        PRIMARY KEY (business_id, geofence_id, customer_id)
      )`);
    await q.query(`
      CREATE TABLE geocode_cache (
        business_id uuid NOT NULL REFERENCES business(id) ON DELETE CASCADE,
        query_hash text NOT NULL,
        query text NOT NULL,
        status text NOT NULL CHECK (status IN ('ok', 'not_found')),
        lat double precision NULL,
        lng double precision NULL,
        formatted_address text NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (business_id, query_hash)
      )`);
    await q.query(`
      CREATE TABLE segment (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        business_id uuid NOT NULL REFERENCES business(id) ON DELETE CASCADE,
        name text NOT NULL,
        description text NULL,
        definition jsonb NOT NULL,
        member_count integer NULL,
        refreshed_at timestamptz NULL,
        refresh_error text NULL,
        -- Set by ingest when data a segment may read has changed; the worker refreshes and clears it.
        stale_since timestamptz NULL,
        refresh_claimed_at timestamptz NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        deleted_at timestamptz NULL
      )`);
    await q.query(`CREATE INDEX segment_business_idx ON segment (business_id, created_at, id)`);
    await q.query(`CREATE INDEX segment_stale_idx ON segment (stale_since) WHERE stale_since IS NOT NULL AND deleted_at IS NULL`);
    await q.query(`
      CREATE TABLE segment_membership (
        business_id uuid NOT NULL REFERENCES business(id) ON DELETE CASCADE,
        segment_id uuid NOT NULL REFERENCES segment(id) ON DELETE CASCADE,
        customer_id uuid NOT NULL REFERENCES customer(id) ON DELETE CASCADE,
        entered_at timestamptz NOT NULL,
        PRIMARY KEY (business_id, segment_id, customer_id)
      )`);
    await q.query(`
      CREATE TABLE message (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        business_id uuid NOT NULL REFERENCES business(id) ON DELETE CASCADE,
        customer_id uuid NOT NULL REFERENCES customer(id) ON DELETE CASCADE,
        campaign_id uuid NULL,
        channel text NOT NULL CHECK (channel IN ('email', 'sms')),
        status text NOT NULL DEFAULT 'queued',
        created_at timestamptz NOT NULL DEFAULT now(),
        sent_at timestamptz NULL
      )`);
    await q.query(`CREATE INDEX message_customer_idx ON message (business_id, customer_id, sent_at)`);
    await q.query(`
      CREATE TABLE engagement (
        id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        business_id uuid NOT NULL REFERENCES business(id) ON DELETE CASCADE,
        message_id uuid NOT NULL REFERENCES message(id) ON DELETE CASCADE,
        customer_id uuid NOT NULL REFERENCES customer(id) ON DELETE CASCADE,
        campaign_id uuid NULL,
        type text NOT NULL,
        occurred_at timestamptz NOT NULL
      )`);
    await q.query(`CREATE INDEX engagement_customer_type_idx ON engagement (business_id, customer_id, type, occurred_at)`);
  }

  async down(q: QueryRunner): Promise<void> {
    for (const table of ['engagement', 'message', 'segment_membership', 'segment', 'geocode_cache', 'geofence_presence', 'location_ping', 'geofence']) {
      await q.query(`DROP TABLE IF EXISTS ${table}`);
    }
    await q.query(`ALTER TABLE location DROP COLUMN geocoded_at`);
    await q.query(`ALTER TABLE customer DROP COLUMN nearest_location_id, DROP COLUMN nearest_location_distance_m, DROP COLUMN geocoded_at`);
  }
}
