import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * An email From address is used only once confirmed through a link mailed
 * to it (issue 18), and a confirmed address claims its domain for one
 * business. One row per business with a From address set: `address` equals
 * settings.sender.email.fromAddress; only the SHA-256 of the link's token is
 * kept. `claimed_domain` is set on confirmation, except for public mailbox
 * providers (gmail.com...), whose addresses are claimed one by one; the two
 * partial unique indexes make a second business's confirmation fail however
 * the requests interleave.
 *
 * Addresses set before this migration were never confirmed by anyone: they
 * start pending (no link sent yet; the owner re-sends one), and until then
 * those businesses send from the platform's default sender.
 */
export class SenderEmailConfirmation1766000000000 implements MigrationInterface {
  name = 'SenderEmailConfirmation1766000000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE sender_email (
        business_id uuid PRIMARY KEY REFERENCES business(id) ON DELETE CASCADE,
        address text NOT NULL,
        requested_at timestamptz NOT NULL,
        confirmed_at timestamptz,
        claimed_domain text,
        token_hash bytea,
        token_expires_at timestamptz,
        sent_at timestamptz,
        send_error text,
        CHECK (claimed_domain IS NULL OR confirmed_at IS NOT NULL)
      )`);
    await q.query(`CREATE UNIQUE INDEX sender_email_confirmed_address_idx ON sender_email (address) WHERE confirmed_at IS NOT NULL`);
    await q.query(`CREATE UNIQUE INDEX sender_email_claimed_domain_idx ON sender_email (claimed_domain) WHERE claimed_domain IS NOT NULL`);
    await q.query(`
      INSERT INTO sender_email (business_id, address, requested_at)
      SELECT id, settings #>> '{sender,email,fromAddress}', now() FROM business WHERE settings #>> '{sender,email,fromAddress}' IS NOT NULL`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE sender_email`);
  }
}
