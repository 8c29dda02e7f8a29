import type { DataSource } from 'typeorm';
import { SenderEmailConfirmation1766000000000 } from '../libs/core/src/database/migrations/1766000000000-sender-email-confirmation';
import { openTestDataSource } from './support/test-database';

/** From addresses set before issue 18 were never confirmed by anyone: the migration makes them pending, with no link yet. */
describe('migration SenderEmailConfirmation1766000000000', () => {
  let db: DataSource;
  beforeAll(async () => {
    ({ dataSource: db } = await openTestDataSource());
  });
  afterAll(() => db.destroy());

  const insertBusiness = async (name: string, settings: unknown): Promise<string> =>
    (await db.query(`INSERT INTO business (name, timezone, currency, country, address, settings) VALUES ($1, 'UTC', 'USD', 'US', '{}', $2) RETURNING id`, [name, JSON.stringify(settings)]))[0].id;

  it('starts every address set before as pending, claiming nothing; two businesses may hold the same one pending', async () => {
    const migration = new SenderEmailConfirmation1766000000000();
    const runner = db.createQueryRunner();
    try {
      await migration.down(runner);
      const a = await insertBusiness('A', { sender: { email: { fromName: 'A', fromAddress: 'hello@shared.example' } } });
      const b = await insertBusiness('B', { sender: { email: { fromAddress: 'hello@shared.example' } } });
      await insertBusiness('C', { sender: { sms: { from: '+13125550100' } } });
      await migration.up(runner);
      const rows = await db.query(
        `SELECT business_id, address, confirmed_at, claimed_domain, token_hash, token_expires_at, sent_at, requested_at IS NOT NULL AS has_requested_at
           FROM sender_email ORDER BY address, business_id`,
      );
      expect(rows).toEqual([a, b].sort().map((id) => ({
        business_id: id, address: 'hello@shared.example', confirmed_at: null, claimed_domain: null, token_hash: null, token_expires_at: null, sent_at: null, has_requested_at: true,
      })));
      // Only one of them can ever confirm it.
      await db.query(`UPDATE sender_email SET confirmed_at = now(), claimed_domain = 'shared.example' WHERE business_id = $1`, [a]);
      await expect(db.query(`UPDATE sender_email SET confirmed_at = now() WHERE business_id = $1`, [b])).rejects.toMatchObject({ constraint: 'sender_email_confirmed_address_idx' });
    } finally {
      await runner.release();
    }
  });
});
