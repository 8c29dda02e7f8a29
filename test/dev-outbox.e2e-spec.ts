import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { JourneyService, TriggerService } from '../libs/campaigns/src';
import { CLOCK, type Clock } from '../libs/core/src';
import { signUpBusiness, startApi } from './support/api-harness';
import { clientFor, createKey, expectError, expectStatus, type Client } from './support/e2e-helpers';
import { startDeliveryHarness, type DeliveryHarness } from './support/delivery-harness';

const START = '2026-03-02T15:00:00Z';

interface Listed { id: string; subject?: string; to: string; body?: string; html?: string }

/**
 * GET /v1/dev/outbox/{email,sms}: what the loopback SMTP server and Twilio
 * stand-in received, listed to the business whose sends they were (matched
 * by Message-ID / SID against its messages and test sends), newest first,
 * paged; owners and marketers; 404 without DEV_OUTBOX_DIR.
 */
describe('dev outbox', () => {
  let h: DeliveryHarness;
  let a: Client;
  let b: Client;

  async function runWorker(): Promise<void> {
    for (let round = 0; round < 10; round++) {
      const moved = (await h.api.app.get(TriggerService).drainInbox(500)) + (await h.api.app.get(JourneyService).runDue(500)) + (await h.delivery.runOnce(500)).claimed;
      if (moved === 0) return;
    }
  }

  async function campaignOf(client: Client, name: string): Promise<string> {
    const mail = await client.post('/v1/templates', { name, channel: 'email', subject: `${name} for {{customer.firstName}}`, html: `<p>Hello {{customer.firstName}} from ${name}</p>` });
    const sms = await client.post('/v1/templates', { name: `${name} SMS`, channel: 'sms', body: `${name}: hi {{customer.firstName}}` });
    const created = await client.post('/v1/campaigns', {
      name, trigger: { type: 'customer_created' },
      steps: [{ id: 'hello', type: 'email', templateId: mail.body.id, next: 'text' }, { id: 'text', type: 'sms', templateId: sms.body.id }],
    });
    expectStatus(created, 201);
    return created.body.id;
  }

  const list = async (client: Client, channel: 'email' | 'sms', query = ''): Promise<{ items: Listed[]; nextCursor: string | null }> => {
    const res = await client.get(`/v1/dev/outbox/${channel}${query}`);
    expectStatus(res, 200);
    return res.body;
  };

  beforeAll(async () => {
    h = await startDeliveryHarness(START, {}, { outboxDir: mkdtempSync(join(tmpdir(), 'lr-outbox-')) });
    h.api.app.get<Clock>(CLOCK).now = () => h.clock.now();
    a = clientFor(h.api, (await signUpBusiness(h.api, { name: 'Alpha Bakery' })).apiKey);
    b = clientFor(h.api, (await signUpBusiness(h.api, { name: 'Beta Bakery' })).apiKey);
    const alpha = await campaignOf(a, 'Alpha');
    const beta = await campaignOf(b, 'Beta');
    // A's campaign sends to a customer (message rows); then A and B each make a test send (to the sample customer, Jamie) to the same address.
    expectStatus(await a.post(`/v1/campaigns/${alpha}/activate`, {}), 200);
    expectStatus(await a.post('/v1/customers', { email: 'ada@example.com', phone: '+13125550101', firstName: 'Ada', consent: { sms: { status: 'granted' } } }), 201);
    await runWorker();
    h.clock.advance(1000);
    expectStatus(await a.post(`/v1/campaigns/${alpha}/test`, { stepId: 'hello', to: 'shared@example.com' }), 201);
    expectStatus(await a.post(`/v1/campaigns/${alpha}/test`, { stepId: 'text', to: '+13125550199' }), 201);
    expectStatus(await b.post(`/v1/campaigns/${beta}/test`, { stepId: 'hello', to: 'shared@example.com' }), 201);
    // A sender confirmation mail has no message row: it is A's by its link.
    expectStatus(await a.patch('/v1/settings', { sender: { email: { fromAddress: 'hello@alpha.example' } } }), 200);
  }, 30_000);
  afterAll(() => h?.close());

  it('lists a business\'s own emails, newest first, with subject and HTML; never another business\'s', async () => {
    expect(h.smtp.messages).toHaveLength(4);
    const mine = await list(a, 'email');
    expect(mine.items.map((m) => [m.to, m.subject])).toEqual([
      ['hello@alpha.example', 'Confirm hello@alpha.example as the sender of Alpha Bakery'],
      ['shared@example.com', '[TEST] Alpha for Jamie'],
      ['ada@example.com', 'Alpha for Ada'],
    ]);
    expect(mine.items[2].html).toContain('Hello Ada from Alpha');
    expect(mine.nextCursor).toBeNull();
    const theirs = await list(b, 'email');
    expect(theirs.items.map((m) => m.subject)).toEqual(['[TEST] Beta for Jamie']);
  });

  it('lists SMS the same way: the campaign\'s and the test send\'s, only to their business', async () => {
    const mine = await list(a, 'sms');
    expect(mine.items.map((s) => s.to)).toEqual(['+13125550199', '+13125550101']);
    expect(mine.items[0].body).toMatch(/^\[TEST\] Alpha: hi Jamie/);
    expect((await list(b, 'sms')).items).toEqual([]);
  });

  it('pages with a cursor, without repeating or skipping; a cursor that is not one is named', async () => {
    const first = await list(a, 'email', '?limit=2');
    expect(first.items).toHaveLength(2);
    expect(first.nextCursor).not.toBeNull();
    const second = await list(a, 'email', `?limit=2&cursor=${encodeURIComponent(first.nextCursor!)}`);
    expect([...first.items, ...second.items].map((m) => m.subject)).toEqual(['Confirm hello@alpha.example as the sender of Alpha Bakery', '[TEST] Alpha for Jamie', 'Alpha for Ada']);
    expect(second.nextCursor).toBeNull();
    expectError(await a.get('/v1/dev/outbox/email?cursor=../../etc/passwd'), 422, ['cursor']);
    expectError(await a.get('/v1/dev/outbox/email?limit=101'), 400, ['limit']);
  });

  it('owners and marketers read it; analysts are refused', async () => {
    const marketer = clientFor(h.api, (await createKey(a, 'marketer')).apiKey);
    expect((await list(marketer, 'email')).items).toHaveLength(3);
    const analyst = clientFor(h.api, (await createKey(a, 'analyst')).apiKey);
    expectError(await analyst.get('/v1/dev/outbox/email'), 403);
    expectError(await analyst.get('/v1/dev/outbox/sms'), 403);
  });

  it('answers 404 when the dev servers are not in use (no DEV_OUTBOX_DIR)', async () => {
    const plain = await startApi();
    try {
      const owner = clientFor(plain, (await signUpBusiness(plain)).apiKey);
      for (const channel of ['email', 'sms']) {
        const res = await owner.get(`/v1/dev/outbox/${channel}`);
        expectError(res, 404);
        expect(res.body.code).toBe('DEV_OUTBOX_DISABLED');
      }
    } finally {
      await plain.close();
    }
  });
});
