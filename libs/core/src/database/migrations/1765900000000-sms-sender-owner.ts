import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * An SMS sender (a number or a messaging service) belongs to one business at
 * most (issue 18): otherwise a business could text as another, and replies to
 * that number (STOP included) could reach either. A unique index on the
 * stored sender enforces it under concurrent PATCHes (it replaces the plain
 * index inbound routing used, which an equality lookup still finds). Where two businesses
 * already claimed one sender, the business that has it longest keeps it and
 * the others fall back to the platform's default sender (TWILIO_FROM).
 */
export class SmsSenderOwner1765900000000 implements MigrationInterface {
  name = 'SmsSenderOwner1765900000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      UPDATE business b SET settings = jsonb_set(b.settings, '{sender,sms,from}', 'null'::jsonb)
        FROM (SELECT id, row_number() OVER (PARTITION BY settings #>> '{sender,sms,from}' ORDER BY created_at, id) AS n
                FROM business WHERE settings #>> '{sender,sms,from}' IS NOT NULL) d
       WHERE b.id = d.id AND d.n > 1`);
    await q.query(`DROP INDEX business_sms_sender_idx`);
    await q.query(`CREATE UNIQUE INDEX business_sms_sender_idx ON business ((settings #>> '{sender,sms,from}')) WHERE settings #>> '{sender,sms,from}' IS NOT NULL`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX business_sms_sender_idx`);
    await q.query(`CREATE INDEX business_sms_sender_idx ON business ((settings #>> '{sender,sms,from}'))`);
  }
}
