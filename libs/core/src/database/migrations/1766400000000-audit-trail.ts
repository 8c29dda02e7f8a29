import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The audit trail (issue 21) records the role a change was made with (a key's
 * role cannot change, but a key may be revoked and its row kept: the role is
 * stored so a row reads alone); rows before this one get their key's role.
 *
 * Indexes for GET /v1/audit-log, newest first in (at, id) keyset pages:
 * the business's rows in time order (other filters applied along the scan),
 * one entity's rows, one key's rows, one action's rows (a rare action along
 * the time scan read all of a business's rows: 500 ms at 1M rows); and rows
 * by time alone for the retention job, which deletes across businesses.
 */
export class AuditTrail1766400000000 implements MigrationInterface {
  name = 'AuditTrail1766400000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE audit_log ADD COLUMN actor_role text NULL CHECK (actor_role IN ('owner', 'marketer', 'analyst'))`);
    await q.query(`UPDATE audit_log a SET actor_role = k.role FROM api_key k WHERE k.id = a.actor_key_id AND k.business_id = a.business_id`);
    await q.query(`DROP INDEX audit_log_business_idx`);
    await q.query(`DROP INDEX audit_log_entity_idx`);
    await q.query(`CREATE INDEX audit_log_business_at_idx ON audit_log (business_id, at, id)`);
    await q.query(`CREATE INDEX audit_log_entity_at_idx ON audit_log (business_id, entity, entity_id, at, id)`);
    await q.query(`CREATE INDEX audit_log_actor_at_idx ON audit_log (business_id, actor_key_id, at, id) WHERE actor_key_id IS NOT NULL`);
    await q.query(`CREATE INDEX audit_log_action_at_idx ON audit_log (business_id, action, at, id)`);
    await q.query(`CREATE INDEX audit_log_at_idx ON audit_log (at)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX audit_log_at_idx`);
    await q.query(`DROP INDEX audit_log_action_at_idx`);
    await q.query(`DROP INDEX audit_log_actor_at_idx`);
    await q.query(`DROP INDEX audit_log_entity_at_idx`);
    await q.query(`DROP INDEX audit_log_business_at_idx`);
    await q.query(`CREATE INDEX audit_log_entity_idx ON audit_log (business_id, entity, entity_id)`);
    await q.query(`CREATE INDEX audit_log_business_idx ON audit_log (business_id, at)`);
    await q.query(`ALTER TABLE audit_log DROP COLUMN actor_role`);
  }
}
