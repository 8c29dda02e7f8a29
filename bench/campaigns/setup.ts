/**
 * Fixtures for the campaign benchmarks, made the way a customer would make
 * them: sign-up, settings, template, segments and campaigns through the
 * built API; only the customers are bulk-loaded with COPY.
 */
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { Pool } from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import { BUSINESS_ADDRESS, NEWSLETTER, SENDER } from './content';

const FIRST = ['Ann', 'Bob', 'Chloe', 'David', 'Emma', 'Grace', 'Hugo', 'Isabel', 'James', 'Karim', 'Léa', 'Mia', 'Noah', 'Olivia'];
const LAST = ['Smith', 'Johnson', 'Martin', 'Garcia', 'Lee', 'Nguyen', 'Brown', 'Davis'];

export class ApiClient {
  constructor(readonly baseUrl: string, readonly apiKey: string | null = null) {}

  withKey(apiKey: string): ApiClient {
    return new ApiClient(this.baseUrl, apiKey);
  }

  async call<T>(method: string, path: string, body?: unknown, expect = [200, 201, 202]): Promise<T> {
    const res = await fetch(`${this.baseUrl}${path}`, {
      method,
      headers: { 'content-type': 'application/json', ...(this.apiKey ? { authorization: `Bearer ${this.apiKey}` } : {}) },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await res.text();
    if (!expect.includes(res.status)) throw new Error(`${method} ${path} → ${res.status} ${text.slice(0, 2000)}`);
    return (text ? JSON.parse(text) : undefined) as T;
  }
}

export interface BenchBusiness {
  id: string;
  api: ApiClient;
  templateId: string;
}

/**
 * Signs a business up, lifts the frequency cap (a benchmark sends to the same
 * people several times), keeps email quiet hours off (the default) and sets
 * the sender, then stores the newsletter template. The sender stays pending
 * (its confirmation mail reaches the sink before anything is measured): the
 * bench businesses share one address, which only one business may confirm,
 * so their mail goes from the platform's default sender.
 */
export async function signUp(api: ApiClient, name: string): Promise<BenchBusiness> {
  const signup = await api.call<{ business: { id: string }; apiKey: string }>('POST', '/v1/businesses', {
    name, timezone: 'America/Los_Angeles', currency: 'USD', country: 'US', address: BUSINESS_ADDRESS,
  });
  const client = api.withKey(signup.apiKey);
  await client.call('PATCH', '/v1/settings', {
    frequencyCap: { perDay: null, perWeek: null },
    quietHours: { email: null },
    sender: { email: { fromName: SENDER.name, fromAddress: SENDER.address } },
  });
  const template = await client.call<{ id: string }>('POST', '/v1/templates', { channel: 'email', ...NEWSLETTER });
  return { id: signup.business.id, api: client, templateId: template.id };
}

/** `count` customers with unique emails `<prefix><n>@<domain>`, tagged `tag`, email consent left unset (may be emailed). */
export async function copyCustomers(pool: Pool, businessId: string, count: number, prefix: string, domain: string, tag: string): Promise<void> {
  const client = await pool.connect();
  try {
    const lines = function* () {
      let chunk = '';
      for (let i = 0; i < count; i++) {
        chunk += `${businessId}\tB-${prefix}${i}\t${prefix}${i}@${domain}\t${FIRST[i % FIRST.length]}\t${LAST[(i * 7) % LAST.length]}\t{${tag}}\n`;
        if (chunk.length > 1 << 16) {
          yield chunk;
          chunk = '';
        }
      }
      if (chunk) yield chunk;
    };
    await pipeline(Readable.from(lines()), client.query(copyFrom('COPY customer (business_id, external_id, email, first_name, last_name, tags) FROM STDIN')));
    await client.query('ANALYZE customer');
  } finally {
    client.release();
  }
}

export async function createSegment(b: BenchBusiness, name: string, tag: string): Promise<string> {
  return (await b.api.call<{ id: string }>('POST', '/v1/segments', { name, definition: { type: 'tag', tag, present: true } })).id;
}

/** A one-step campaign: send the business's newsletter template by email. */
export async function createCampaign(b: BenchBusiness, name: string, trigger: Record<string, unknown>, stepId = 'news'): Promise<string> {
  const campaign = await b.api.call<{ id: string }>('POST', '/v1/campaigns', { name, trigger, steps: [{ id: stepId, type: 'email', templateId: b.templateId }] });
  return campaign.id;
}

export async function activate(b: BenchBusiness, campaignId: string): Promise<void> {
  await b.api.call('POST', `/v1/campaigns/${campaignId}/activate`);
}

/** Waits until the worker has refreshed every segment of the business (a new segment's first fill), so it does not run during a measurement. */
export async function segmentsSettled(pool: Pool, businessId: string, timeoutMs = 600_000): Promise<void> {
  const started = Date.now();
  for (;;) {
    const r = await pool.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM segment WHERE business_id = $1 AND deleted_at IS NULL
          AND (stale_since IS NOT NULL OR refreshed_at IS NULL OR refreshed_at < refresh_claimed_at)`,
      [businessId],
    );
    if (r.rows[0].n === 0) return;
    if (Date.now() - started > timeoutMs) throw new Error('segments were not refreshed in time');
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}
