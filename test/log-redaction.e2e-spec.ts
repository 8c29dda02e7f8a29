import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { findFreePort } from '../libs/core/src';
import { launch, LAUNCHER, waitForOutput } from './support/launcher';

/**
 * The whole product under `npm start` at the production default log level (info), driven
 * through a journey as a shop would (sign-up, a customer with email and
 * phone, searches by both, an email + SMS campaign, a click, the unsubscribe
 * page and its confirmation, a From address confirmed through its link):
 * afterwards nothing the API, the workers or the launcher wrote holds the new
 * API key, a tracking, unsubscribe or sender confirmation token, the
 * customer's email, phone or name.
 */
describe('logs of a full journey', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'localreach-logs-'));
  afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

  it('hold no API key, token, email address, phone number or name', async () => {
    if (!existsSync(LAUNCHER)) throw new Error('run `npm run build` first (npm test does)');
    const port = await findFreePort();
    const base = `http://localhost:${port}`;
    // info: the production default, where every request is logged (npm start itself defaults to warn).
    const product = launch({ DATA_DIR: dataDir, PORT: String(port), LOG_LEVEL: 'info' });
    try {
      await waitForOutput(product, /Demo API key lr_\S+/, 90_000);
      const call = async (key: string | null, method: string, path: string, body?: unknown) => {
        const res = await fetch(`${base}${path}`, {
          method, redirect: 'manual',
          headers: { ...(key ? { authorization: `Bearer ${key}` } : {}), ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
          body: body === undefined ? undefined : JSON.stringify(body),
        });
        const text = await res.text();
        return { status: res.status, body: text && res.headers.get('content-type')?.includes('json') ? JSON.parse(text) : text };
      };

      const signUp = await call(null, 'POST', '/v1/businesses', {
        name: 'Quiet Logs Bakery', timezone: 'UTC', currency: 'USD', country: 'US',
        address: { line1: '9 Hush Lane', city: 'Springfield', postalCode: '62701', country: 'US' },
      });
      expect(signUp.status).toBe(201);
      const key: string = signUp.body.apiKey;
      // Quiet hours off: the business is in UTC, so from 20:00 UTC the SMS would wait for the morning and the test for it.
      expect((await call(key, 'PATCH', '/v1/settings', { quietHours: { email: null, sms: null } })).status).toBe(200);
      const mail = (await call(key, 'POST', '/v1/templates', {
        name: 'Hello', channel: 'email', subject: 'Hello {{customer.firstName}}', html: '<p>Hi {{customer.firstName}}, <a href="https://bakery.example/offer">see the offer</a></p>',
      })).body.id;
      const text = (await call(key, 'POST', '/v1/templates', { name: 'Hi', channel: 'sms', body: 'Hi {{customer.firstName}}, fresh bread today' })).body.id;
      const campaign = await call(key, 'POST', '/v1/campaigns', {
        name: 'Hello', trigger: { type: 'customer_created' }, steps: [{ id: 'mail', type: 'email', templateId: mail, next: 'text' }, { id: 'text', type: 'sms', templateId: text }],
      });
      expect(campaign.status).toBe(201);
      expect((await call(key, 'POST', `/v1/campaigns/${campaign.body.id}/activate`)).status).toBe(200);

      const email = 'zelda.quimby@example.org';
      const phone = '+13125550187';
      const customer = await call(key, 'POST', '/v1/customers', {
        email, phone, firstName: 'Zelda', lastName: 'Quimby',
        consent: { email: { status: 'granted', source: 'form' }, sms: { status: 'granted', source: 'form' } },
      });
      expect(customer.status).toBe(201);
      for (const query of [`email=${encodeURIComponent(email)}`, `phone=${encodeURIComponent(phone)}`, 'q=Zelda%20Qu', 'q=%28312%29%20555-0187']) {
        expect((await call(key, 'GET', `/v1/customers?${query}`)).body.items).toHaveLength(1);
      }
      expect((await call(key, 'GET', `/v1/customers/${customer.body.id}/timeline`)).status).toBe(200);

      // The email arrives in the outbox; its click and unsubscribe links are followed like a reader would.
      const outbox = join(dataDir, 'outbox');
      const deadline = Date.now() + 30_000;
      let sent: string | undefined;
      while (!sent && Date.now() < deadline) {
        sent = existsSync(outbox) ? readdirSync(outbox).filter((f) => f.endsWith('.json')).map((f) => readFileSync(join(outbox, f), 'utf8')).find((m) => m.includes(email)) : undefined;
        if (!sent) await new Promise((r) => setTimeout(r, 250));
      }
      expect(sent).toBeDefined();
      const tokens = [...new Set([...(sent as string).matchAll(/\/(?:t\/[co]|u)\/([A-Za-z0-9_-]{16,})/g)].map((m) => m[1]))];
      const click = (sent as string).match(/\/t\/c\/[A-Za-z0-9_-]{16,}/)?.[0] ?? '';
      const unsubscribe = (sent as string).match(/\/u\/[A-Za-z0-9_-]{16,}/)?.[0] ?? '';
      expect(tokens.length).toBeGreaterThanOrEqual(3);
      expect((await call(null, 'GET', click)).status).toBe(302);
      expect((await call(null, 'GET', unsubscribe)).status).toBe(200);
      const confirmed = await fetch(`${base}${unsubscribe}`, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: 'action=unsubscribe' });
      expect(confirmed.status).toBe(200);
      await confirmed.text();
      // The SMS goes out too, and the stand-in's status callback marks it delivered.
      const smsDeadline = Date.now() + 30_000;
      let texts = 0;
      while (texts === 0 && Date.now() < smsDeadline) {
        const sms: { status: string }[] = (await call(key, 'GET', `/v1/messages?customerId=${customer.body.id}&channel=sms`)).body.items ?? [];
        texts = sms.filter((m) => m.status === 'sent' || m.status === 'delivered').length;
        if (texts === 0) await new Promise((r) => setTimeout(r, 250));
      }
      expect(texts).toBe(1);

      // A From address: its confirmation link arrives in the outbox and is followed (page, then the button).
      expect((await call(key, 'PATCH', '/v1/settings', { sender: { email: { fromAddress: 'owner@quiet-logs.example' } } })).status).toBe(200);
      const linkDeadline = Date.now() + 30_000;
      let link: string | undefined;
      while (!link && Date.now() < linkDeadline) {
        link = readdirSync(outbox).filter((f) => f.endsWith('.json')).map((f) => readFileSync(join(outbox, f), 'utf8'))
          .map((m) => m.match(/\/sender-confirmation\/[A-Za-z0-9_-]{64}/)?.[0]).find(Boolean);
        if (!link) await new Promise((r) => setTimeout(r, 250));
      }
      expect(link).toBeDefined();
      tokens.push((link as string).slice('/sender-confirmation/'.length));
      expect((await call(null, 'GET', link as string)).status).toBe(200);
      const senderConfirmed = await fetch(`${base}${link}`, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: 'action=confirm' });
      expect(senderConfirmed.status).toBe(200);
      await senderConfirmed.text();
      expect((await call(key, 'GET', '/v1/settings')).body.sender.email.confirmation.status).toBe('confirmed');

      // A refused request and an unknown path are logged too.
      expect((await call(key, 'POST', '/v1/customers', { email: 'not-an-address', phone })).status).toBe(422);
      expect((await call(key, 'GET', `/v1/customers/${encodeURIComponent(email)}`)).status).toBeGreaterThanOrEqual(400);

      product.child.kill('SIGTERM');
      expect(await product.exited).toBe(0);
      const logs = product.output();
      expect(logs).toContain('"url":"/v1/customers?email=[redacted]"');
      const secrets = [key, key.slice(3), ...tokens, email, encodeURIComponent(email), phone, encodeURIComponent(phone), '3125550187', '(312) 555-0187', 'Zelda', 'Quimby'];
      expect(secrets.filter((secret) => logs.includes(secret))).toEqual([]);
    } finally {
      if (product.child.exitCode === null) product.child.kill('SIGKILL');
    }
  }, 180_000);
});
