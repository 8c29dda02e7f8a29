/**
 * What the tracking bench requests: a business signed up through the API,
 * its customers (COPY) and one sent email per customer with three tracked
 * links, inserted with one INSERT … SELECT as the delivery worker would have
 * left them (status sent an hour ago, so no open counts as a prefetch), and
 * the signed open and click tokens of those messages.
 */
import type { Pool } from 'pg';
import { signTrackingToken } from '@localreach/core';
import { BENCH_TRACKING_SECRET } from '../campaigns/apps';
import { ApiClient, copyCustomers, createCampaign, createSegment, signUp } from '../campaigns/setup';

export const LINKS_PER_MESSAGE = 3;

export interface SentMessage {
  id: string;
  links: string[];
}

export interface TrackedBusiness {
  businessId: string;
  /** The owner key from sign-up, for benches that call the API as the business. */
  apiKey: string;
  /** The newsletter campaign the messages belong to (its report covers them). */
  campaignId: string;
  messages: SentMessage[];
}

/** One business with `count` sent emails (own customers, own campaign). */
export async function sentEmails(pool: Pool, api: ApiClient, name: string, prefix: string, count: number): Promise<TrackedBusiness> {
  const b = await signUp(api, name);
  await copyCustomers(pool, b.id, count, prefix, `${prefix}.bench.example`, 'newsletter');
  const segmentId = await createSegment(b, 'Newsletter subscribers', 'newsletter');
  const campaignId = await createCampaign(b, 'Newsletter', { type: 'broadcast', segmentId });
  const rows = await pool.query<{ id: string; links: string[] }>(
    `INSERT INTO message (business_id, customer_id, campaign_id, campaign_version, step_id, step_seq, channel, status, template_id, to_address, subject,
                          links, attempts, created_at, sent_at, updated_at)
     SELECT c.business_id, c.id, $2, 1, 'news', 0, 'email', 'sent', $3, c.email, 'This week at the bakery',
            jsonb_build_array('https://bakery.example/menu?c=' || c.external_id, 'https://bakery.example/order/' || c.external_id,
                              'https://bakery.example/visit?utm_source=email&utm_campaign=news&c=' || c.external_id),
            1, now() - interval '1 hour', now() - interval '1 hour', now() - interval '1 hour'
       FROM customer c WHERE c.business_id = $1
      ORDER BY c.external_id
     RETURNING id, links`,
    [b.id, campaignId, b.templateId],
  );
  await pool.query('ANALYZE message');
  return { businessId: b.id, apiKey: b.api.apiKey!, campaignId, messages: rows.rows };
}

export const openPath = (m: SentMessage) => `/t/o/${signTrackingToken(BENCH_TRACKING_SECRET, { kind: 'open', messageId: m.id })}`;

/**
 * A click on link `i % 3` of message `i`: the same link each time a message
 * comes round again, so the requests never look like a scanner walking the
 * links (a "click burst", which costs an extra UPDATE per message).
 */
export const clickPath = (m: SentMessage, i: number) =>
  `/t/c/${signTrackingToken(BENCH_TRACKING_SECRET, { kind: 'click', messageId: m.id, link: i % LINKS_PER_MESSAGE })}`;
