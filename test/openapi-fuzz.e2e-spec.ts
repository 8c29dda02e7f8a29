import fc from 'fast-check';
import { bearer, signUpBusiness, startApi, type ApiHarness } from './support/api-harness';
import { clientFor } from './support/e2e-helpers';
import { HOSTILE_STRINGS, HOSTILE_VALUES } from './support/hostile-values';
import type { OpenApiDocument } from './support/openapi-validator';

/**
 * Property-based fuzz driven by the OpenAPI document: every operation gets
 * its documented examples mutated (a leaf replaced by a hostile value, a key
 * dropped or added, a subtree nested deeper), hostile and unknown path ids and
 * query values. Never a 5xx; every 400/404/422 names a field with a code; a
 * refused request leaves every table as it was. Seeded (FUZZ_SEED) and
 * bounded (FUZZ_RUNS per operation).
 */
const SEED = Number(process.env.FUZZ_SEED ?? 17);
const RUNS = Number(process.env.FUZZ_RUNS ?? 25);
// api_key is read as (id, name, role, revoked_at): last_used_at moves with every authenticated request.
const TABLES = ['business', '(SELECT id, name, role, revoked_at FROM api_key)', 'customer', 'event', 'orders', 'location', 'segment', 'template', 'campaign', 'campaign_version', 'geofence', 'enrollment', 'message', 'location_ping', 'suppression'];

type Json = unknown;
type Mutation = { path: (string | number)[]; kind: 'replace' | 'drop' | 'add' | 'nest'; value: Json };

/** Every path to a value inside a JSON document (the root is []). */
function pathsOf(value: Json, prefix: (string | number)[] = []): (string | number)[][] {
  const here = [prefix];
  if (Array.isArray(value)) return here.concat(...value.map((item, i) => pathsOf(item, [...prefix, i])));
  if (value && typeof value === 'object') return here.concat(...Object.entries(value).map(([k, v]) => pathsOf(v, [...prefix, k])));
  return here;
}

function mutate(example: Json, { path, kind, value }: Mutation): Json {
  const copy = structuredClone(example) as Json;
  if (path.length === 0) return kind === 'nest' ? { wrapped: copy } : value;
  let parent = copy as Record<string | number, Json>;
  for (const key of path.slice(0, -1)) parent = parent[key] as Record<string | number, Json>;
  const last = path[path.length - 1];
  if (kind === 'replace') parent[last] = value;
  else if (kind === 'drop' && Array.isArray(parent)) parent.splice(Number(last), 1);
  else if (kind === 'drop') delete parent[last];
  else if (kind === 'add') Object.assign(parent[last] && typeof parent[last] === 'object' && !Array.isArray(parent[last]) ? (parent[last] as object) : parent, { unknownField: value });
  else parent[last] = Array.from({ length: 40 }).reduce<Json>((inner) => ({ not: inner }), parent[last]);
  return copy;
}

interface Operation { method: string; path: string; examples: Json[]; query: { name: string; enum?: unknown[] }[] }

function operationsOf(doc: OpenApiDocument): Operation[] {
  return Object.entries(doc.paths).flatMap(([path, item]) =>
    Object.entries(item)
      .filter(([method]) => ['get', 'post', 'patch', 'put', 'delete'].includes(method))
      .map(([method, op]) => {
        const media = op.requestBody?.content?.['application/json'];
        const examples = [...Object.values(media?.examples ?? {}).map((e) => e.value), ...(media?.example !== undefined ? [media.example] : [])];
        const parameters = (op as { parameters?: { name: string; in: string; schema?: { enum?: unknown[] } }[] }).parameters ?? [];
        return { method, path, examples, query: parameters.filter((p) => p.in === 'query').map((p) => ({ name: p.name, enum: p.schema?.enum })) };
      }),
  );
}

describe('OpenAPI-driven fuzz: no 5xx, refusals name a field, and change nothing', () => {
  let api: ApiHarness;
  let key: string;
  let ids: string[];
  let doc: OpenApiDocument;
  beforeAll(async () => {
    api = await startApi();
    doc = (await api.http().get('/docs-json')).body as OpenApiDocument;
    ({ apiKey: key } = await signUpBusiness(api));
    const owner = clientFor(api, key);
    const store = (await owner.post('/v1/locations', { name: 'Fuzz store', lat: 40, lng: -88 })).body.id as string;
    const customer = (await owner.post('/v1/customers', { email: 'fuzz@example.com', phone: '+13125550111' })).body.id as string;
    const template = (await owner.post('/v1/templates', { name: 'T', channel: 'email', subject: 'S', html: '<p>x</p>' })).body.id as string;
    const campaign = (await owner.post('/v1/campaigns', { name: 'C', trigger: { type: 'customer_created' }, steps: [{ id: 'a', type: 'email', templateId: template }] })).body.id as string;
    ids = [store, customer, template, campaign];
  });
  afterAll(() => api.close());

  /** One fingerprint of every table's rows: equal before and after means nothing was written. */
  const fingerprint = async (): Promise<string> => {
    const parts = TABLES.map((t) => `(SELECT md5(coalesce(string_agg(x::text, ',' ORDER BY x::text), '')) FROM ${t} x)`);
    const [row] = await api.dataSource.query<{ f: string }[]>(`SELECT concat_ws('|', ${parts.join(', ')}) AS f`);
    return row.f;
  };

  it('drives every documented operation with mutated examples, hostile ids and queries', async () => {
    const operations = operationsOf(doc);
    expect(operations.length).toBeGreaterThan(50);
    const failures: string[] = [];
    // A lone surrogate cannot be percent-encoded into a URL at all (the unsafe-input spec sends broken UTF-8 bytes instead).
    const urlSafe = HOSTILE_STRINGS.filter((s) => s.isWellFormed());
    for (const operation of operations) {
      const idArb = fc.oneof(fc.constantFrom(...ids), fc.uuid(), fc.constantFrom(...urlSafe.filter((s) => s !== '' && !s.includes('/'))));
      const bodyArb =
        operation.examples.length === 0
          ? fc.constant(undefined)
          : fc.constantFrom(...operation.examples).chain((example) =>
              fc.oneof(
                { weight: 1, arbitrary: fc.constant(example) },
                {
                  weight: 4,
                  arbitrary: fc
                    .record({ path: fc.constantFrom(...pathsOf(example)), kind: fc.constantFrom<Mutation['kind']>('replace', 'replace', 'drop', 'add', 'nest'), value: fc.constantFrom(...HOSTILE_VALUES) })
                    .map((m) => mutate(example, m)),
                },
              ),
            );
      const queryArb = fc.dictionary(
        fc.constantFrom(...operation.query.map((q) => q.name), 'unknownParam'),
        fc.oneof(fc.constantFrom(...urlSafe), fc.constantFrom(...operation.query.flatMap((q) => (q.enum ?? []).map(String)), '1', '10')),
        { maxKeys: 3 },
      );
      await fc.assert(
        fc.asyncProperty(idArb, bodyArb, queryArb, async (id, body, query) => {
          const path = operation.path.replace(/\{[^}]+\}/g, encodeURIComponent(id));
          const before = await fingerprint();
          const request = api.http()[operation.method as 'get'](path).query(query).set(bearer(key));
          let res;
          try {
            // Raw JSON text: superagent cannot send a bare number or boolean as a body.
            res = await (body === undefined ? request : request.set('Content-Type', 'application/json').send(JSON.stringify(body)));
          } catch (error) {
            // The harness checks every answer against the document.
            failures.push(`off the document: ${operation.method.toUpperCase()} ${path} ${JSON.stringify(body)?.slice(0, 200)}: ${(error as Error).message.slice(0, 400)}`);
            return true;
          }
          const where = `${operation.method.toUpperCase()} ${path} ${JSON.stringify(query)} ${JSON.stringify(body)?.slice(0, 300)} → ${res.status} ${JSON.stringify(res.body).slice(0, 300)}`;
          if (res.status >= 500) failures.push(`5xx: ${where}`);
          const mustNameField = res.status === 400 || res.status === 422 || (res.status === 404 && operation.path.includes('{'));
          if (mustNameField && operation.path.startsWith('/v1/')) {
            const details = (res.body as { details?: { field?: unknown }[] }).details;
            if (!Array.isArray(details) || details.length === 0 || details.some((d) => typeof d.field !== 'string' || d.field === '')) failures.push(`no field named: ${where}`);
          }
          if (res.status >= 400 && operation.path.startsWith('/v1/') && typeof (res.body as { code?: unknown }).code !== 'string') failures.push(`no code: ${where}`);
          if (res.status >= 400 && (await fingerprint()) !== before) failures.push(`refused but wrote: ${where}`);
          return true;
        }),
        { seed: SEED, numRuns: RUNS, endOnFailure: true },
      );
    }
    expect(failures.slice(0, 30)).toEqual([]);
  }, 180_000);
});
