import { mkdtempSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createLocalReachClient, type LocalReachClient, type paths } from '@localreach/api-client';
import { signUpBusiness, startApi, type ApiHarness } from './support/api-harness';
import { type OpenApiDocument } from './support/openapi-validator';
import { ResponseContract } from './support/response-contract';

type Method = 'get' | 'put' | 'post' | 'delete' | 'patch';
type MethodsOf<P extends keyof paths> = { [M in Method]: paths[P][M] extends undefined ? never : M }[Method];
interface Fixture {
  owner: LocalReachClient;
  anonymous: LocalReachClient;
  ids: { customer: string; store: string; segment: string; emailTemplate: string; geofence: string; campaign: string; order: string };
}
type Call = (f: Fixture) => Promise<{ response: Response; error?: unknown }>;
/** One call per operation of the document: the compiler fails when an operation is added without one. */
type EveryOperation = { [P in keyof paths]: { [M in MethodsOf<P>]: Call } };

const must = <T>(value: T | undefined, what: string): T => {
  if (value === undefined) throw new Error(`${what} returned no data`);
  return value;
};
const CSV = { bodySerializer: (body: unknown) => body as string, headers: { 'Content-Type': 'text/csv' } };
const FORM = { bodySerializer: (body: Record<string, string>) => new URLSearchParams(body).toString(), headers: { 'Content-Type': 'application/x-www-form-urlencoded' } };

const UNSIGNED = { 'X-Twilio-Signature': 'not-a-signature' };

const CALLS: EveryOperation = {
  '/v1/businesses': {
    post: ({ anonymous }) =>
      anonymous.POST('/v1/businesses', { body: { name: 'Client Co', timezone: 'UTC', currency: 'EUR', country: 'FR', address: { line1: '1 rue', city: 'Paris', postalCode: '75001', country: 'FR' } } }),
  },
  '/v1/me': { get: ({ owner }) => owner.GET('/v1/me') },
  '/v1/business': { patch: ({ owner }) => owner.PATCH('/v1/business', { body: { name: 'Client Co (renamed)', timezone: 'Europe/Paris' } }) },
  '/v1/api-keys': {
    get: ({ owner }) => owner.GET('/v1/api-keys'),
    post: ({ owner }) => owner.POST('/v1/api-keys', { body: { name: 'Reporting', role: 'analyst' } }),
  },
  '/v1/api-keys/{id}': {
    delete: async ({ owner }) => {
      const created = must((await owner.POST('/v1/api-keys', { body: { name: 'Temporary', role: 'marketer' } })).data, 'key');
      return owner.DELETE('/v1/api-keys/{id}', { params: { path: { id: created.key.id } } });
    },
  },
  '/v1/customers': {
    post: ({ owner }) => owner.POST('/v1/customers', { body: { email: 'typed@example.com', firstName: 'Typed', consent: { email: { status: 'granted' } } } }),
    get: ({ owner }) => owner.GET('/v1/customers', { params: { query: { limit: 10, tag: 'vip' } } }),
  },
  '/v1/customers/import': { post: ({ owner }) => owner.POST('/v1/customers/import', { body: 'email,first_name\nimported@example.com,Imp\n', ...CSV }) },
  '/v1/customers/{id}': {
    get: ({ owner, ids }) => owner.GET('/v1/customers/{id}', { params: { path: { id: ids.customer } } }),
    patch: ({ owner, ids }) => owner.PATCH('/v1/customers/{id}', { params: { path: { id: ids.customer } }, body: { lastName: 'Patched', tags: ['vip'] } }),
    delete: async ({ owner }) => {
      const doomed = must((await owner.POST('/v1/customers', { body: { email: 'doomed@example.com' } })).data, 'customer');
      return owner.DELETE('/v1/customers/{id}', { params: { path: { id: doomed.id } } });
    },
  },
  '/v1/customers/{id}/export': { get: ({ owner, ids }) => owner.GET('/v1/customers/{id}/export', { params: { path: { id: ids.customer } } }) },
  '/v1/events': {
    post: ({ owner, ids }) => owner.POST('/v1/events', { body: { type: 'store_visit', customer: { id: ids.customer }, properties: { minutes: 12 } } }),
    get: ({ owner, ids }) => owner.GET('/v1/events', { params: { query: { customerId: ids.customer, type: 'store_visit', limit: 10 } } }),
  },
  '/v1/audit-log': { get: ({ owner, ids }) => owner.GET('/v1/audit-log', { params: { query: { entity: 'campaign', entityId: ids.campaign, limit: 10 } } }) },
  '/v1/audit-log/export.csv': { get: ({ owner }) => owner.GET('/v1/audit-log/export.csv', { params: { query: { action: 'campaign.created' } }, parseAs: 'text' }) },
  '/v1/messages': { get: ({ owner, ids }) => owner.GET('/v1/messages', { params: { query: { campaignId: ids.campaign, channel: 'email', limit: 10 } } }) },
  '/v1/customers/export.csv': { get: ({ owner }) => owner.GET('/v1/customers/export.csv', { params: { query: { q: 'cli', sort: 'lastName', order: 'desc' } }, parseAs: 'text' }) },
  '/v1/customers/{id}/timeline': { get: ({ owner, ids }) => owner.GET('/v1/customers/{id}/timeline', { params: { path: { id: ids.customer }, query: { limit: 20 } } }) },
  '/v1/customers/{id}/consent-history': {
    get: ({ owner, ids }) => owner.GET('/v1/customers/{id}/consent-history', { params: { path: { id: ids.customer }, query: { channel: 'email' } } }),
  },
  '/v1/customers/{id}/journeys': { get: ({ owner, ids }) => owner.GET('/v1/customers/{id}/journeys', { params: { path: { id: ids.customer } } }) },
  '/v1/presets': { get: ({ owner }) => owner.GET('/v1/presets') },
  '/v1/shipped-templates': { get: ({ owner }) => owner.GET('/v1/shipped-templates') },
  '/v1/campaigns/{id}/clone': { post: ({ owner, ids }) => owner.POST('/v1/campaigns/{id}/clone', { params: { path: { id: ids.campaign } } }) },
  '/v1/campaigns/{id}/versions': { get: ({ owner, ids }) => owner.GET('/v1/campaigns/{id}/versions', { params: { path: { id: ids.campaign } } }) },
  '/v1/campaigns/{id}/audience': { get: ({ owner, ids }) => owner.GET('/v1/campaigns/{id}/audience', { params: { path: { id: ids.campaign } } }) },
  '/v1/campaigns/{id}/recipients': { get: ({ owner, ids }) => owner.GET('/v1/campaigns/{id}/recipients', { params: { path: { id: ids.campaign }, query: { limit: 10 } } }) },
  '/v1/campaigns/{id}/recipients/export.csv': {
    get: ({ owner, ids }) => owner.GET('/v1/campaigns/{id}/recipients/export.csv', { params: { path: { id: ids.campaign }, query: { outcome: 'clicked' } }, parseAs: 'text' }),
  },
  // The fixture's campaign is a draft nobody is enrolled in: the campaign's own id is no enrolment of it (200 in reports.e2e-spec).
  '/v1/campaigns/{id}/recipients/{enrollmentId}': {
    get: ({ owner, ids }) => owner.GET('/v1/campaigns/{id}/recipients/{enrollmentId}', { params: { path: { id: ids.campaign, enrollmentId: ids.campaign } } }),
  },
  '/v1/campaigns/{id}/test': {
    post: ({ owner, ids }) => owner.POST('/v1/campaigns/{id}/test', { params: { path: { id: ids.campaign } }, body: { stepId: 'hi', to: 'marketer@example.com', customerId: ids.customer } }),
  },
  '/v1/orders': {
    post: ({ owner, ids }) => owner.POST('/v1/orders', { body: { externalId: 'typed-2', customer: { id: ids.customer }, total: 9.5, currency: 'USD', channel: 'in_store', locationId: ids.store } }),
    get: ({ owner, ids }) => owner.GET('/v1/orders', { params: { query: { customerId: ids.customer } } }),
  },
  '/v1/orders/{id}': { get: ({ owner, ids }) => owner.GET('/v1/orders/{id}', { params: { path: { id: ids.order } } }) },
  '/v1/locations': {
    post: ({ owner }) => owner.POST('/v1/locations', { body: { name: 'Second store', lat: 39.8, lng: -89.6, openingHours: { mon: [['08:00', '17:00']] } } }),
    get: ({ owner }) => owner.GET('/v1/locations', { params: { query: { limit: 5 } } }),
  },
  '/v1/locations/{id}': {
    get: ({ owner, ids }) => owner.GET('/v1/locations/{id}', { params: { path: { id: ids.store } } }),
    patch: ({ owner, ids }) => owner.PATCH('/v1/locations/{id}', { params: { path: { id: ids.store } }, body: { phone: '+12175550100' } }),
    delete: async ({ owner }) => {
      const doomed = must((await owner.POST('/v1/locations', { body: { name: 'Pop-up' } })).data, 'store');
      return owner.DELETE('/v1/locations/{id}', { params: { path: { id: doomed.id } } });
    },
  },
  '/v1/segments': {
    post: ({ owner }) => owner.POST('/v1/segments', { body: { name: 'Opted in', definition: { type: 'consent', channel: 'email', status: 'granted' } } }),
    get: ({ owner }) => owner.GET('/v1/segments'),
  },
  '/v1/segments/preview': { post: ({ owner }) => owner.POST('/v1/segments/preview', { body: { definition: { any: [{ type: 'tag', tag: 'vip', present: true }] } } }) },
  '/v1/segments/{id}': {
    get: ({ owner, ids }) => owner.GET('/v1/segments/{id}', { params: { path: { id: ids.segment } } }),
    patch: ({ owner, ids }) => owner.PATCH('/v1/segments/{id}', { params: { path: { id: ids.segment } }, body: { description: 'Tagged vip' } }),
    delete: async ({ owner }) => {
      const doomed = must((await owner.POST('/v1/segments', { body: { name: 'Gone', definition: { type: 'tag', tag: 'x', present: true } } })).data, 'segment');
      return owner.DELETE('/v1/segments/{id}', { params: { path: { id: doomed.id } } });
    },
  },
  '/v1/segments/{id}/refresh': { post: ({ owner, ids }) => owner.POST('/v1/segments/{id}/refresh', { params: { path: { id: ids.segment } } }) },
  '/v1/segments/{id}/members': { get: ({ owner, ids }) => owner.GET('/v1/segments/{id}/members', { params: { path: { id: ids.segment }, query: { limit: 20 } } }) },
  '/v1/settings': {
    get: ({ owner }) => owner.GET('/v1/settings'),
    patch: ({ owner }) => owner.PATCH('/v1/settings', { body: { quietHours: { sms: { start: '09:00', end: '20:00' } }, frequencyCap: { perDay: 2 } } }),
  },
  '/v1/settings/sender/email/confirmation': {
    post: async ({ owner }) => {
      must((await owner.PATCH('/v1/settings', { body: { sender: { email: { fromAddress: 'hello@typed-client.example' } } } })).data, 'settings');
      return owner.POST('/v1/settings/sender/email/confirmation');
    },
  },
  '/sender-confirmation/{token}': {
    get: ({ anonymous }) => anonymous.GET('/sender-confirmation/{token}', { params: { path: { token: 'not-a-token' } }, parseAs: 'text' }),
    post: ({ anonymous }) => anonymous.POST('/sender-confirmation/{token}', { params: { path: { token: 'not-a-token' } }, body: { action: 'confirm' }, parseAs: 'text', ...FORM }),
  },
  '/health': { get: ({ anonymous }) => anonymous.GET('/health') },
  '/metrics': {
    get: async ({ anonymous }) => {
      // Open without METRICS_TOKEN outside production; Prometheus text, not JSON.
      const scraped = await anonymous.GET('/metrics', { parseAs: 'text' });
      if (!/^localreach_database_up 1$/m.test(String(scraped.data))) throw new Error(`/metrics: ${String(scraped.data).slice(0, 200)}`);
      return scraped;
    },
  },
  '/ready': {
    get: async ({ anonymous }) => {
      const ready = await anonymous.GET('/ready');
      if (ready.data?.status !== 'ok' || typeof ready.data.migrations !== 'number') throw new Error(`/ready: ${JSON.stringify(ready.data ?? ready.error)}`);
      return ready;
    },
  },
  '/webhooks/twilio/status': { post: ({ anonymous }) => anonymous.POST('/webhooks/twilio/status', { params: { header: UNSIGNED }, body: { MessageSid: 'SM0', MessageStatus: 'delivered' }, ...FORM }) },
  '/v1/demo/clock': { get: ({ owner }) => owner.GET('/v1/demo/clock') },
  '/v1/demo/clock/advance': { post: ({ owner }) => owner.POST('/v1/demo/clock/advance', { body: { by: 'PT1M' } }) },
  '/v1/dev/outbox/email': { get: ({ owner }) => owner.GET('/v1/dev/outbox/email', { params: { query: { limit: 5 } } }) },
  '/v1/dev/outbox/sms': { get: ({ owner }) => owner.GET('/v1/dev/outbox/sms', { params: { query: { limit: 5 } } }) },
  '/v1/geofences': {
    post: ({ owner, ids }) => owner.POST('/v1/geofences', { body: { name: 'Square', polygon: { type: 'Polygon', coordinates: [[[-89.652, 39.781], [-89.648, 39.781], [-89.648, 39.784], [-89.652, 39.781]]] }, storeId: ids.store } }),
    get: ({ owner }) => owner.GET('/v1/geofences'),
  },
  '/v1/geofences/{id}': {
    get: ({ owner, ids }) => owner.GET('/v1/geofences/{id}', { params: { path: { id: ids.geofence } } }),
    patch: ({ owner, ids }) => owner.PATCH('/v1/geofences/{id}', { params: { path: { id: ids.geofence } }, body: { dwellSeconds: 600 } }),
    delete: async ({ owner }) => {
      const doomed = must((await owner.POST('/v1/geofences', { body: { name: 'Gone', center: { lat: 10, lng: 10 }, radiusMeters: 100 } })).data, 'geofence');
      return owner.DELETE('/v1/geofences/{id}', { params: { path: { id: doomed.id } } });
    },
  },
  '/v1/location-pings': { post: ({ owner, ids }) => owner.POST('/v1/location-pings', { body: { pings: [{ customer: { id: ids.customer }, lat: 39.7817, lng: -89.6501, accuracy: 10 }] } }) },
  '/v1/campaigns': {
    post: ({ owner, ids }) => owner.POST('/v1/campaigns', { body: { name: 'Typed', trigger: { type: 'customer_created' }, steps: [{ id: 'hello', type: 'email', templateId: ids.emailTemplate }] } }),
    get: ({ owner }) => owner.GET('/v1/campaigns', { params: { query: { status: 'draft', include: 'stats' } } }),
  },
  '/v1/campaigns/from-preset': { post: ({ owner, ids }) => owner.POST('/v1/campaigns/from-preset', { body: { preset: 'nearby_offer', params: { geofenceId: ids.geofence } } }) },
  '/v1/campaigns/{id}': {
    get: ({ owner, ids }) => owner.GET('/v1/campaigns/{id}', { params: { path: { id: ids.campaign } } }),
    patch: ({ owner, ids }) => owner.PATCH('/v1/campaigns/{id}', { params: { path: { id: ids.campaign } }, body: { holdoutPercent: 5 } }),
    delete: async ({ owner, ids }) => {
      const draft = must((await owner.POST('/v1/campaigns/{id}/clone', { params: { path: { id: ids.campaign } } })).data, 'clone');
      return owner.DELETE('/v1/campaigns/{id}', { params: { path: { id: draft.id } } });
    },
  },
  '/v1/campaigns/{id}/activate': { post: ({ owner, ids }) => owner.POST('/v1/campaigns/{id}/activate', { params: { path: { id: ids.campaign } } }) },
  '/v1/campaigns/{id}/pause': { post: ({ owner, ids }) => owner.POST('/v1/campaigns/{id}/pause', { params: { path: { id: ids.campaign } } }) },
  '/v1/campaigns/{id}/archive': { post: ({ owner, ids }) => owner.POST('/v1/campaigns/{id}/archive', { params: { path: { id: ids.campaign } } }) },
  '/v1/templates': {
    post: ({ owner }) => owner.POST('/v1/templates', { body: { name: 'Short', channel: 'sms', body: 'See you at {{store.name}}' } }),
    get: ({ owner }) => owner.GET('/v1/templates', { params: { query: { channel: 'sms' } } }),
  },
  '/v1/template-partials': { get: ({ owner }) => owner.GET('/v1/template-partials') },
  '/v1/template-partials/{name}': {
    get: ({ owner }) => owner.GET('/v1/template-partials/{name}', { params: { path: { name: 'layout' } } }),
    put: ({ owner }) => owner.PUT('/v1/template-partials/{name}', { params: { path: { name: 'footer' } }, body: { source: '<small>{{business.name}}</small>' } }),
    delete: async ({ owner }) => {
      await owner.PUT('/v1/template-partials/{name}', { params: { path: { name: 'doomed' } }, body: { source: '<p>bye</p>' } });
      return owner.DELETE('/v1/template-partials/{name}', { params: { path: { name: 'doomed' } } });
    },
  },
  '/v1/templates/preview': {
    post: ({ owner }) => owner.POST('/v1/templates/preview', { body: { channel: 'sms', body: '{{event.type}}: {{event.properties.cartUrl}}', context: { event: { type: 'cart_abandoned', properties: { cartUrl: 'https://x.example/c' } } } } }),
  },
  '/v1/templates/{id}': {
    get: ({ owner, ids }) => owner.GET('/v1/templates/{id}', { params: { path: { id: ids.emailTemplate } } }),
    patch: ({ owner, ids }) => owner.PATCH('/v1/templates/{id}', { params: { path: { id: ids.emailTemplate } }, body: { subject: 'Welcome, {{customer.firstName}}' } }),
    delete: async ({ owner }) => {
      const doomed = must((await owner.POST('/v1/templates', { body: { name: 'Gone', channel: 'sms', body: 'Bye' } })).data, 'template');
      return owner.DELETE('/v1/templates/{id}', { params: { path: { id: doomed.id } } });
    },
  },
  '/v1/templates/{id}/preview': {
    post: ({ owner, ids }) => owner.POST('/v1/templates/{id}/preview', { params: { path: { id: ids.emailTemplate } }, body: { context: { offer: { couponCode: 'HELLO10' } } } }),
  },
  '/t/o/{token}': { get: ({ anonymous }) => anonymous.GET('/t/o/{token}', { params: { path: { token: 'not-a-token' } }, parseAs: 'arrayBuffer' }) },
  '/t/c/{token}': { get: ({ anonymous }) => anonymous.GET('/t/c/{token}', { params: { path: { token: 'not-a-token' } }, redirect: 'manual' }) },
  '/u/{token}': {
    get: ({ anonymous }) => anonymous.GET('/u/{token}', { params: { path: { token: 'not-a-token' } }, parseAs: 'text' }),
    post: ({ anonymous }) => anonymous.POST('/u/{token}', { params: { path: { token: 'not-a-token' } }, body: { 'List-Unsubscribe': 'One-Click' }, parseAs: 'text', ...FORM }),
  },
  '/webhooks/twilio/inbound': { post: ({ anonymous }) => anonymous.POST('/webhooks/twilio/inbound', { params: { header: UNSIGNED }, body: { From: '+13125550123', To: '+15035550100', Body: 'HELP' }, ...FORM }) },
  '/v1/reports/campaigns/{id}': {
    get: ({ owner, ids }) => owner.GET('/v1/reports/campaigns/{id}', { params: { path: { id: ids.campaign }, query: { format: 'csv', part: 'series' } }, parseAs: 'text' }),
  },
  '/v1/reports/campaigns/{id}/experiment': {
    get: ({ owner, ids }) => owner.GET('/v1/reports/campaigns/{id}/experiment', { params: { path: { id: ids.campaign }, query: { format: 'csv' } }, parseAs: 'text' }),
  },
  '/v1/reports/campaigns/{id}/geo-lift': {
    get: async ({ owner, ids }) => {
      const nearby = must((await owner.POST('/v1/campaigns', { body: {
        name: 'Around the store', trigger: { type: 'geofence', geofenceId: ids.geofence, on: 'entered' }, steps: [{ id: 'hi', type: 'email', templateId: ids.emailTemplate }],
      } })).data, 'area campaign');
      must((await owner.POST('/v1/campaigns/{id}/activate', { params: { path: { id: nearby.id } } })).data, 'activation');
      return owner.GET('/v1/reports/campaigns/{id}/geo-lift', { params: { path: { id: nearby.id }, query: { comparison: 'auto', preDays: 28, postDays: 14 } } });
    },
  },
  '/v1/reports/overview': { get: ({ owner }) => owner.GET('/v1/reports/overview', { params: { query: { from: '2026-01-01', to: '2026-12-31' } } }) },
  '/v1/reports/churn-risk': { get: ({ owner }) => owner.GET('/v1/reports/churn-risk', { params: { query: { limit: 10 } } }) },
  '/v1/reports/fairness': { get: ({ owner, ids }) => owner.GET('/v1/reports/fairness', { params: { query: { campaignId: ids.campaign, area: 'grid', cellSize: 500, minCustomers: 10 } } }) },
};

/** Public and provider routes answer these to an unsigned or unknown caller; every other call must succeed. */
const EXPECTED_REFUSALS: Record<string, number> = {
  'post /webhooks/twilio/status': 403, 'post /webhooks/twilio/inbound': 403,
  'get /t/o/{token}': 404, 'get /t/c/{token}': 404, 'get /u/{token}': 404, 'post /u/{token}': 404,
  'get /sender-confirmation/{token}': 404, 'get /v1/campaigns/{id}/recipients/{enrollmentId}': 404, 'post /sender-confirmation/{token}': 404,
};

describe('the generated TypeScript client against the running API', () => {
  let api: ApiHarness;
  let baseUrl: string;
  let contract: ResponseContract;
  beforeAll(async () => {
    api = await startApi({ DEMO_CLOCK: '1', DEV_OUTBOX_DIR: mkdtempSync(join(tmpdir(), 'lr-outbox-')) });
    await api.app.listen(0, '127.0.0.1');
    baseUrl = `http://127.0.0.1:${(api.app.getHttpServer().address() as AddressInfo).port}`;
    contract = new ResponseContract((await api.http().get('/docs-json')).body as OpenApiDocument);
  });
  afterAll(() => api.close());

  /** fetch that checks every JSON answer against the document, as the supertest harness does. */
  const checkedFetch = async (input: Request): Promise<Response> => {
    const response = await fetch(input);
    const text = await response.clone().text();
    const type = response.headers.get('content-type') ?? '';
    contract.check(input.method, input.url, { status: response.status, headers: { 'content-type': type }, body: type.includes('json') && text ? JSON.parse(text) : text });
    return response;
  };

  it('calls every operation of the document with typed parameters and bodies; each answers as documented', async () => {
    const { apiKey } = await signUpBusiness(api);
    const owner = createLocalReachClient({ baseUrl, apiKey, fetch: checkedFetch });
    const anonymous = createLocalReachClient({ baseUrl, fetch: checkedFetch });
    const customer = must((await owner.POST('/v1/customers', { body: { email: 'client@example.com', phone: '+13125550188', firstName: 'Cli', tags: ['vip'] } })).data, 'customer').id;
    const store = must((await owner.POST('/v1/locations', { body: { name: 'Elm Street', lat: 39.7817, lng: -89.6501 } })).data, 'store').id;
    const segment = must((await owner.POST('/v1/segments', { body: { name: 'VIP', definition: { type: 'tag', tag: 'vip', present: true } } })).data, 'segment').id;
    const emailTemplate = must((await owner.POST('/v1/templates', { body: { name: 'Hi', channel: 'email', subject: 'Hi', html: '<p>Hi</p>' } })).data, 'template').id;
    const geofence = must((await owner.POST('/v1/geofences', { body: { name: 'Store', center: { lat: 39.7817, lng: -89.6501 }, radiusMeters: 150, storeId: store } })).data, 'geofence').id;
    const campaign = must((await owner.POST('/v1/campaigns', { body: { name: 'Hi', trigger: { type: 'customer_created' }, steps: [{ id: 'hi', type: 'email', templateId: emailTemplate }] } })).data, 'campaign').id;
    const order = must((await owner.POST('/v1/orders', { body: { externalId: 'typed-1', customer: { id: customer }, total: 12, currency: 'USD', channel: 'online' } })).data, 'order').id;
    const fixture: Fixture = { owner, anonymous, ids: { customer, store, segment, emailTemplate, geofence, campaign, order } };

    const outcomes: string[] = [];
    for (const [path, methods] of Object.entries(CALLS)) {
      for (const [method, call] of Object.entries(methods as Record<string, Call>)) {
        const { response, error } = await call(fixture);
        const expected = EXPECTED_REFUSALS[`${method} ${path}`];
        const ok = expected ? response.status === expected : response.status >= 200 && response.status < 400;
        if (!ok) outcomes.push(`${method.toUpperCase()} ${path} → ${response.status} ${JSON.stringify(error ?? '')}`);
      }
    }
    expect(outcomes).toEqual([]);
  });

  it('covers exactly the operations of the committed snapshot', async () => {
    const snapshot = (await import('../libs/api-client/openapi.json')) as unknown as OpenApiDocument;
    const documented = Object.entries(snapshot.paths).flatMap(([path, item]) => Object.keys(item).filter((m) => ['get', 'put', 'post', 'delete', 'patch'].includes(m)).map((m) => `${m} ${path}`));
    const called = Object.entries(CALLS).flatMap(([path, methods]) => Object.keys(methods).map((m) => `${m} ${path}`));
    expect(called.sort()).toEqual(documented.sort());
  });
});
