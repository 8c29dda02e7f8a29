import type { MigrationInterface, QueryRunner } from 'typeorm';

/** template.preheader: an email's inbox preview line, a Handlebars source like its subject (issue 20). */
export class TemplatePreheader1766300000002 implements MigrationInterface {
  name = 'TemplatePreheader1766300000002';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE template ADD COLUMN preheader text NULL`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE template DROP COLUMN preheader`);
  }
}
