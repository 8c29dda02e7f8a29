import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Erasure (GDPR art. 17, issue 18) keeps one thing of the person: a keyed
 * hash (HMAC-SHA256, see IdentityHashKey) of their email and phone, so a later
 * import or API call on the business's behalf cannot grant marketing consent
 * to them again, and a suppression they had (a bounce, a STOP) comes back if
 * their address does. The suppression list's own plain entries for them are
 * moved here (reason and source kept), since a plain address is what erasure
 * removes.
 *
 * Indexes for erasure and export reads by customer where none existed: audit
 * entries by entity, test sends by the customer they were rendered for.
 */
export class ErasedIdentity1766100000000 implements MigrationInterface {
  name = 'ErasedIdentity1766100000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE erased_identity (
        business_id uuid NOT NULL REFERENCES business(id) ON DELETE CASCADE,
        channel text NOT NULL CHECK (channel IN ('email', 'sms')),
        identity_hash text NOT NULL,
        erased_at timestamptz NOT NULL,
        suppression_reason text NULL,
        suppression_source text NULL,
        PRIMARY KEY (business_id, channel, identity_hash)
      )`);
    await q.query(`CREATE INDEX audit_log_entity_idx ON audit_log (business_id, entity, entity_id)`);
    await q.query(`CREATE INDEX campaign_test_send_customer_idx ON campaign_test_send (business_id, customer_id) WHERE customer_id IS NOT NULL`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX campaign_test_send_customer_idx`);
    await q.query(`DROP INDEX audit_log_entity_idx`);
    await q.query(`DROP TABLE erased_identity`);
  }
}
