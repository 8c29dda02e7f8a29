/**
 * What the report bench makes through the built API, as an owner would: the
 * business (sign-up, sender settings, newsletter template), its three stores,
 * the A, B, reminder and SMS templates, and its campaigns (an A/B split with a
 * 10 % holdout and an order goal), activated. The bulk rows come after, in SQL
 * (load.ts).
 */
import { ApiClient, signUp } from '../campaigns/setup';

/** The split step every bench campaign has (its variants A and B). */
export const SPLIT_STEP = 'ab';
export const HOLDOUT_PERCENT = 10;
/** The campaigns' order goal: an order within a week of enrolling. */
export const GOAL_WITHIN = 'P7D';

export interface ReportBusiness {
  id: string;
  api: ApiClient;
  /** Suffix of every bulk-loaded name and id of this business. */
  tag: string;
  campaignIds: string[];
  locationIds: string[];
  templates: { a: string; b: string; reminder: string; sms: string };
}

const STORES = [
  { name: 'Market Street', lat: 45.5202, lng: -122.6742, line1: '12 Market Street' },
  { name: 'Alberta', lat: 45.559, lng: -122.6443, line1: '1800 NE Alberta Street' },
  { name: 'Sellwood', lat: 45.4651, lng: -122.6538, line1: '8000 SE 13th Avenue' },
];

async function template(api: ApiClient, body: Record<string, unknown>): Promise<string> {
  return (await api.call<{ id: string }>('POST', '/v1/templates', body)).id;
}

async function templates(api: ApiClient): Promise<ReportBusiness['templates']> {
  const email = (name: string, subject: string) => template(api, {
    name, channel: 'email', subject,
    html: `<p>${subject}, {{customer.firstName}}.</p><p><a href="https://bench-bakery.example.com/menu">Menu</a> · ` +
      '<a href="https://bench-bakery.example.com/order">Order ahead</a> · <a href="https://bench-bakery.example.com/visit">Visit us</a></p>',
  });
  return {
    a: await email('Spring A', 'Fresh croissants this week'),
    b: await email('Spring B', 'Your Saturday cardamom bun is waiting'),
    reminder: await email('Spring reminder', 'Last days of the spring menu'),
    sms: await template(api, { name: 'Spring SMS', channel: 'sms', body: 'Bench Bakery: spring menu ends Sunday. Order: https://bench-bakery.example.com/order' }),
  };
}

/** Split A/B → email → 2 days → reminder email → 1 day → SMS; 10 % held out; goal an order within a week. */
function campaignBody(name: string, event: string, t: ReportBusiness['templates']): Record<string, unknown> {
  return {
    name,
    trigger: { type: 'event', eventType: event },
    steps: [
      { id: SPLIT_STEP, type: 'split', branches: [{ name: 'A', weight: 1, next: 'mail-a' }, { name: 'B', weight: 1, next: 'mail-b' }] },
      { id: 'mail-a', type: 'email', templateId: t.a, next: 'wait-1' },
      { id: 'mail-b', type: 'email', templateId: t.b, next: 'wait-1' },
      { id: 'wait-1', type: 'wait', duration: 'P2D', next: 'reminder' },
      { id: 'reminder', type: 'email', templateId: t.reminder, next: 'wait-2' },
      { id: 'wait-2', type: 'wait', duration: 'P1D', next: 'sms' },
      { id: 'sms', type: 'sms', templateId: t.sms },
    ],
    goal: { type: 'order', within: GOAL_WITHIN },
    holdoutPercent: HOLDOUT_PERCENT,
  };
}

/** Signs the business up and creates its stores, templates and `campaigns` activated campaigns. */
export async function reportBusiness(client: ApiClient, name: string, tag: string, campaigns: number): Promise<ReportBusiness> {
  const b = await signUp(client, name);
  const locationIds: string[] = [];
  for (const s of STORES) {
    const store = await b.api.call<{ id: string }>('POST', '/v1/locations', {
      name: s.name, lat: s.lat, lng: s.lng, timezone: 'America/Los_Angeles',
      address: { line1: s.line1, city: 'Portland', region: 'OR', postalCode: '97204', country: 'US' },
    });
    locationIds.push(store.id);
  }
  const t = await templates(b.api);
  const campaignIds: string[] = [];
  for (let k = 0; k < campaigns; k++) {
    const { id } = await b.api.call<{ id: string }>('POST', '/v1/campaigns', campaignBody(`Spring ${String(k + 1).padStart(2, '0')}`, `bench_spring_${k}`, t));
    await b.api.call('POST', `/v1/campaigns/${id}/activate`);
    campaignIds.push(id);
  }
  return { id: b.id, api: b.api, tag, campaignIds, locationIds, templates: t };
}
