import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * template.reads_event: the template uses `event.…`, which only an
 * event-triggered journey fills (issue 20). Kept on save so validating a
 * campaign reads one flag per template rather than parsing every source.
 * Existing templates could not read `event` (it was an unknown variable), so
 * false is right for all of them.
 */
export class TemplateReadsEvent1766300000000 implements MigrationInterface {
  name = 'TemplateReadsEvent1766300000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE template ADD COLUMN reads_event boolean NOT NULL DEFAULT false`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE template DROP COLUMN reads_event`);
  }
}
