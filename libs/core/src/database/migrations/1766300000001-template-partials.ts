import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * template_partial: a business's shared email parts (issue 20), edited once
 * for all its templates: `layout` replaces the shipped layout that
 * `{{#> layout}}…{{/layout}}` wraps, any other name is used as `{{> name}}`.
 */
export class TemplatePartials1766300000001 implements MigrationInterface {
  name = 'TemplatePartials1766300000001';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE template_partial (
        business_id uuid NOT NULL REFERENCES business(id) ON DELETE CASCADE,
        name text NOT NULL,
        source text NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (business_id, name)
      )`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE template_partial`);
  }
}
