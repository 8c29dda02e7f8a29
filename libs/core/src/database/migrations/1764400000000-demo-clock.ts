import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The demo time machine's offset: one row for the whole installation (it is
 * a property of a demo install, not of a business), read only when
 * DEMO_CLOCK is on.
 */
export class DemoClock1764400000000 implements MigrationInterface {
  name = 'DemoClock1764400000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE demo_clock (id boolean PRIMARY KEY DEFAULT true CHECK (id), offset_ms bigint NOT NULL DEFAULT 0)`);
    await q.query(`INSERT INTO demo_clock (id, offset_ms) VALUES (true, 0)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE demo_clock`);
  }
}
