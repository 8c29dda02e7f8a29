import { EXAMPLE_IDS } from '../apps/api/src/common/example-ids';
import { bearer, signUpBusiness, startApi, type ApiHarness } from './support/api-harness';
import { clientFor, expectStatus, type Client } from './support/e2e-helpers';
import { auditOpenApiDocument } from './support/openapi-audit';
import { OpenApiValidator, type OpenApiDocument } from './support/openapi-validator';

type Example = { method: string; path: string; name: string; value: unknown; schema: object };

/** Every documented request example, in document order. */
function documentedExamples(doc: OpenApiDocument): Example[] {
  const out: Example[] = [];
  for (const [path, item] of Object.entries(doc.paths)) {
    for (const [method, operation] of Object.entries(item)) {
      const media = operation.requestBody?.content?.['application/json'];
      if (!media?.schema) continue;
      for (const [name, example] of Object.entries(media.examples ?? {})) out.push({ method, path, name, value: example.value, schema: media.schema });
      if (media.example !== undefined) out.push({ method, path, name: 'example', value: media.example, schema: media.schema });
    }
  }
  return out;
}

/** Which fixture a path's {id} stands for. */
const PATH_KINDS: [RegExp, keyof typeof EXAMPLE_IDS][] = [
  [/^\/v1\/customers\//, 'customer'], [/^\/v1\/locations\//, 'store'], [/^\/v1\/segments\//, 'segment'], [/^\/v1\/templates\//, 'emailTemplate'],
  [/^\/v1\/geofences\//, 'geofence'], [/^\/v1\/campaigns\//, 'campaign'],
];

describe('OpenAPI contract: the document is exact and its examples work', () => {
  let api: ApiHarness;
  let doc: OpenApiDocument;
  let validator: OpenApiValidator;
  beforeAll(async () => {
    api = await startApi({ DEMO_CLOCK: '1' });
    doc = (await api.http().get('/docs-json')).body as OpenApiDocument;
    validator = new OpenApiValidator(doc);
  });
  afterAll(() => api.close());

  it('types every body, parameter and response: no untyped object, no dangling $ref, an example for every JSON body', () => {
    expect(auditOpenApiDocument(doc as Parameters<typeof auditOpenApiDocument>[0])).toEqual([]);
  });

  it('every documented request example fits its own schema', () => {
    const examples = documentedExamples(doc);
    expect(examples.length).toBeGreaterThan(25);
    const misfits = examples.map((e) => ({ at: `${e.method} ${e.path} ${e.name}`, problems: validator.problems(e.schema, e.value) })).filter((m) => m.problems.length > 0);
    expect(misfits).toEqual([]);
  });

  /** A business with one of everything the examples point at; returns the real ids. */
  async function fixtures(owner: Client): Promise<Record<keyof typeof EXAMPLE_IDS, string>> {
    const created = async (path: string, body: unknown) => {
      const res = await owner.post(path, body);
      expectStatus(res, 201);
      return res.body.id as string;
    };
    const store = await created('/v1/locations', { name: 'Elm Street', lat: 39.7817, lng: -89.6501 });
    const customer = await created('/v1/customers', { email: 'fixture@example.com', firstName: 'Fixture' });
    const segment = await created('/v1/segments', { name: 'VIP', definition: { type: 'tag', tag: 'vip', present: true } });
    const emailTemplate = await created('/v1/templates', { name: 'Hello', channel: 'email', subject: 'Hi', html: '<p>Hi {{customer.firstName}}</p>' });
    const smsTemplate = await created('/v1/templates', { name: 'Hello SMS', channel: 'sms', body: 'Hi {{customer.firstName}}' });
    const geofence = await created('/v1/geofences', { name: 'Around the store', center: { lat: 39.7817, lng: -89.6501 }, radiusMeters: 150, storeId: store });
    const campaign = await created('/v1/campaigns', { name: 'Hello', trigger: { type: 'customer_created' }, steps: [{ id: 'hello', type: 'email', templateId: emailTemplate }] });
    return { store, customer, segment, emailTemplate, smsTemplate, geofence, campaign };
  }

  it('every documented request example is accepted by the API (2xx) on a fresh business, ids put in place', async () => {
    const { apiKey } = await signUpBusiness(api);
    const owner = clientFor(api, apiKey);
    const ids = await fixtures(owner);
    const substitute = (text: string) =>
      Object.entries(EXAMPLE_IDS).reduce((out, [kind, placeholder]) => out.split(placeholder).join(ids[kind as keyof typeof EXAMPLE_IDS]), text);
    const refused: unknown[] = [];
    for (const example of documentedExamples(doc)) {
      const kind = PATH_KINDS.find(([pattern]) => pattern.test(example.path))?.[1];
      const path = example.path.replace(/\{[^}]+\}/g, () => (kind ? ids[kind] : 'missing'));
      const body = JSON.parse(substitute(JSON.stringify(example.value))) as object;
      const res = await api.http()[example.method as 'post' | 'patch'](path).set(bearer(apiKey)).send(body);
      if (res.status < 200 || res.status > 299) refused.push({ example: `${example.method} ${example.path} ${example.name}`, status: res.status, body: res.body });
    }
    expect(refused).toEqual([]);
  });

  it('every documented upload example (CSV, NDJSON) is accepted by the API', async () => {
    const { apiKey } = await signUpBusiness(api);
    const uploads = Object.entries(doc.paths).flatMap(([path, item]) =>
      Object.entries(item).flatMap(([method, operation]) =>
        Object.entries(operation.requestBody?.content ?? {})
          .filter(([type, media]) => type !== 'application/json' && typeof media.example === 'string')
          .map(([type, media]) => ({ method, path, type, example: media.example as string })),
      ),
    );
    expect(uploads.map((u) => u.type).sort()).toEqual(['application/x-ndjson', 'text/csv']);
    for (const upload of uploads) {
      const res = await api.http()[upload.method as 'post'](upload.path).set(bearer(apiKey)).set('Content-Type', upload.type).send(upload.example);
      expect({ upload: `${upload.type} ${upload.path}`, status: res.status, failed: res.body.failed }).toEqual({ upload: `${upload.type} ${upload.path}`, status: 200, failed: 0 });
    }
  });
});
