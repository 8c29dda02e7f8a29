import { signUpBusiness, startApi, bearer, type ApiHarness } from './support/api-harness';
import { clientFor, createKey, expectError, expectStatus, type Client } from './support/e2e-helpers';

interface Entry { id: string; at: string; actorKeyId: string | null; actorRole: string | null; action: string; entity: string; entityId: string | null; details: Record<string, unknown> }

/**
 * The audit trail over HTTP: one change of each kind made with a marketer's
 * and an owner's key, read back from GET /v1/audit-log (filters, pages,
 * roles, isolation), nothing recorded for a refused change, nothing personal
 * in any row.
 */
describe('audit log', () => {
  let api: ApiHarness;
  let owner: Client;
  let marketer: Client;
  let analyst: Client;
  let businessId: string;
  let ownerKeyId: string;
  let marketerKeyId: string;
  let other: Client;
  /** What the test did, in order: [action, entity, entityId (undefined = not checked), role]. */
  const done: [string, string, string | null | undefined, 'owner' | 'marketer'][] = [];
  const ids: Record<string, string> = {};
  let marketerSecret = '';
  const marketerKey = () => marketerSecret;

  // Personal data the changes carry; none of it may appear in an audit row.
  const PERSONAL = ['audit-anabelle@example.com', 'imported-zora@example.com', '+13125550142', '3125550142', 'Anabelle', 'Zweistein', 'Zoraida', 'gold-secret-tier', '742 Evergreen', 'Springfieldia'];

  const put = (key: string, path: string, body: unknown) => api.http().put(path).set(bearer(key)).send(body as object);
  const list = async (query = '', client: Client = owner): Promise<Entry[]> => {
    const res = await client.get(`/v1/audit-log?limit=500${query}`);
    expectStatus(res, 200);
    return res.body.items as Entry[];
  };

  beforeAll(async () => {
    api = await startApi();
    const signed = await signUpBusiness(api);
    businessId = signed.businessId;
    owner = clientFor(api, signed.apiKey);
    ownerKeyId = (await owner.get('/v1/me')).body.key.id;
    const m = await createKey(owner, 'marketer');
    marketerKeyId = m.id;
    marketer = clientFor(api, m.apiKey);
    marketerSecret = m.apiKey;
    done.push(['api_key.created', 'api_key', m.id, 'owner']);
    const a = await createKey(owner, 'analyst');
    analyst = clientFor(api, a.apiKey);
    done.push(['api_key.created', 'api_key', a.id, 'owner']);
    other = clientFor(api, (await signUpBusiness(api)).apiKey);
    await makeOneChangeOfEachKind();
  }, 120_000);
  afterAll(() => api.close());

  async function step(res: { status: number; body: unknown }, status: number, ...rows: [string, string, string | null | undefined, 'owner' | 'marketer'][]): Promise<void> {
    expectStatus(res as never, status);
    done.push(...rows);
  }

  async function makeOneChangeOfEachKind(): Promise<void> {
    const M = 'marketer' as const, O = 'owner' as const;
    // Stores, with opening hours.
    let res = await marketer.post('/v1/locations', { name: 'Elm Street', lat: 45.52, lng: -122.68 });
    ids.store = res.body.id;
    await step(res, 201, ['store.created', 'store', ids.store, M]);
    await step(await marketer.patch(`/v1/locations/${ids.store}`, { openingHours: { mon: [['08:00', '17:00']] } }), 200, ['store.updated', 'store', ids.store, M]);
    // Geofences.
    res = await marketer.post('/v1/geofences', { name: 'Elm fence', center: { lat: 45.52, lng: -122.68 }, radiusMeters: 150, storeId: ids.store });
    ids.geofence = res.body.id;
    await step(res, 201, ['geofence.created', 'geofence', ids.geofence, M]);
    await step(await marketer.patch(`/v1/geofences/${ids.geofence}`, { radiusMeters: 200 }), 200, ['geofence.updated', 'geofence', ids.geofence, M]);
    // Segments.
    res = await marketer.post('/v1/segments', { name: 'VIP', definition: { type: 'tag', tag: 'vip', present: true } });
    ids.segment = res.body.id;
    await step(res, 201, ['segment.created', 'segment', ids.segment, M]);
    await step(await marketer.patch(`/v1/segments/${ids.segment}`, { name: 'VIPs' }), 200, ['segment.updated', 'segment', ids.segment, M]);
    await step(await marketer.post(`/v1/segments/${ids.segment}/refresh`), 200, ['segment.refreshed', 'segment', ids.segment, M]);
    // Templates and partials.
    res = await marketer.post('/v1/templates', { name: 'Hello', channel: 'email', subject: 'Hello', html: '<p>Hello {{customer.firstName}}</p>' });
    ids.template = res.body.id;
    await step(res, 201, ['template.created', 'template', ids.template, M]);
    await step(await marketer.patch(`/v1/templates/${ids.template}`, { subject: 'Hello again' }), 200, ['template.updated', 'template', ids.template, M]);
    await step(await put(marketerKey(), '/v1/template-partials/footer', { source: '<small>{{business.name}}</small>' }), 200, ['template_partial.created', 'template_partial', 'footer', M]);
    await step(await put(marketerKey(), '/v1/template-partials/footer', { source: '<small>Bye</small>' }), 200, ['template_partial.updated', 'template_partial', 'footer', M]);
    await step(await marketer.delete('/v1/template-partials/footer'), 204, ['template_partial.deleted', 'template_partial', 'footer', M]);
    // Campaigns: the whole lifecycle.
    res = await marketer.post('/v1/campaigns', { name: 'Welcome', trigger: { type: 'customer_created' }, steps: [{ id: 'hi', type: 'email', templateId: ids.template }] });
    ids.campaign = res.body.id;
    await step(res, 201, ['campaign.created', 'campaign', ids.campaign, M]);
    await step(await marketer.patch(`/v1/campaigns/${ids.campaign}`, { name: 'Welcome!' }), 200, ['campaign.updated', 'campaign', ids.campaign, M]);
    await step(await marketer.post(`/v1/campaigns/${ids.campaign}/activate`), 200, ['campaign.activated', 'campaign', ids.campaign, M]);
    await step(await marketer.post(`/v1/campaigns/${ids.campaign}/pause`), 200, ['campaign.paused', 'campaign', ids.campaign, M]);
    await step(await owner.post(`/v1/campaigns/${ids.campaign}/archive`), 200, ['campaign.archived', 'campaign', ids.campaign, O]);
    res = await marketer.post(`/v1/campaigns/${ids.campaign}/clone`);
    ids.clone = res.body.id;
    await step(res, 201, ['campaign.cloned', 'campaign', ids.clone, M]);
    await step(await marketer.delete(`/v1/campaigns/${ids.clone}`), 204, ['campaign.deleted', 'campaign', ids.clone, M]);
    res = await marketer.post('/v1/campaigns/from-preset', { preset: 'welcome_series' });
    ids.preset = res.body.id;
    // Three emails: three templates copied into the business, then the draft.
    await step(res, 201, ['template.created', 'template', undefined, M], ['template.created', 'template', undefined, M], ['template.created', 'template', undefined, M],
      ['campaign.created_from_preset', 'campaign', ids.preset, M]);
    // Only an archived campaign uses it: it may go.
    await step(await owner.delete(`/v1/templates/${ids.template}`), 204, ['template.deleted', 'template', ids.template, O]);
    await step(await marketer.delete(`/v1/geofences/${ids.geofence}`), 204, ['geofence.deleted', 'geofence', ids.geofence, M]);
    await step(await marketer.delete(`/v1/segments/${ids.segment}`), 204, ['segment.deleted', 'segment', ids.segment, M]);
    // Customers and their consent.
    res = await marketer.post('/v1/customers', {
      email: 'audit-anabelle@example.com', phone: '+1 312 555 0142', firstName: 'Anabelle', lastName: 'Zweistein',
      address: { line1: '742 Evergreen Terrace', city: 'Springfieldia', postalCode: '62704', country: 'US' }, attributes: { tier: 'gold-secret-tier' },
      consent: { email: { status: 'granted' } },
    });
    ids.customer = res.body.id;
    await step(res, 201, ['customer.created', 'customer', ids.customer, M], ['customer.consent_changed', 'customer', ids.customer, M]);
    await step(await marketer.patch(`/v1/customers/${ids.customer}`, { lastName: 'Zweistein-Ocampo', consent: { email: { status: 'denied' }, sms: { status: 'granted', source: 'pos' } } }), 200,
      ['customer.updated', 'customer', ids.customer, M], ['customer.consent_changed', 'customer', ids.customer, M], ['customer.consent_changed', 'customer', ids.customer, M]);
    res = await api.http().post('/v1/customers/import').set(bearer(marketerKey())).set('content-type', 'text/csv')
      .send('email,first_name\nimported-zora@example.com,Zoraida\naudit-anabelle@example.com,Anabelle\nnot-an-email,Bad\n');
    await step(res, 200, ['customer.imported', 'customer_import', null, M]);
    // Owner-only changes.
    await step(await owner.patch('/v1/settings', { frequencyCap: { perDay: 3 } }), 200, ['business.settings_updated', 'business', businessId, O]);
    await step(await owner.patch('/v1/business', { name: 'Audited Bakery' }), 200, ['business.updated', 'business', businessId, O]);
    res = await owner.post('/v1/customers', { email: 'doomed@example.com' });
    ids.doomed = res.body.id;
    await step(res, 201, ['customer.created', 'customer', ids.doomed, O]);
    await step(await owner.delete(`/v1/customers/${ids.doomed}`), 204, ['customer.erased', 'customer', ids.doomed, O]);
  }

  it('lists one row per change, newest first, with the key and its role', async () => {
    const rows = await list();
    const expected = [...done].reverse();
    // Sign-up is recorded too, without a key.
    expect(rows.map((r) => [r.action, r.entity, r.actorRole])).toEqual([...expected.map(([a, e, , role]) => [a, e, role]), ['business.created', 'business', null]]);
    for (const [i, [, , entityId, role]] of expected.entries()) {
      if (entityId !== undefined) expect(rows[i].entityId).toBe(entityId);
      expect(rows[i].actorKeyId).toBe(role === 'owner' ? ownerKeyId : marketerKeyId);
    }
    expect(rows[rows.length - 1].actorKeyId).toBeNull();
  });

  it('says what changed without personal data: statuses, versions, definitions, consent channel/status/source, import counts', async () => {
    const rows = await list();
    const find = (action: string, entityId?: string) => rows.filter((r) => r.action === action && (entityId === undefined || r.entityId === entityId));
    expect(find('campaign.activated', ids.campaign)[0].details).toEqual({ from: 'draft', status: 'active', version: 1 });
    expect(find('campaign.archived', ids.campaign)[0].details).toEqual({ from: 'paused', status: 'archived', version: 1 });
    expect(find('campaign.updated', ids.campaign)[0].details).toEqual({ fields: ['name'], version: 1, previousVersion: 1, status: 'draft' });
    expect(find('campaign.cloned', ids.clone)[0].details).toEqual(expect.objectContaining({ clonedFrom: ids.campaign, status: 'draft' }));
    expect(find('campaign.deleted', ids.clone)[0].details).toEqual({ name: 'Welcome! (copy)', status: 'draft', outcome: 'deleted' });
    expect(find('segment.created', ids.segment)[0].details).toEqual({ name: 'VIP', definition: { type: 'tag', tag: 'vip', present: true } });
    expect(find('segment.updated', ids.segment)[0].details).toEqual({ fields: ['name'], name: 'VIPs' });
    expect(find('store.updated', ids.store)[0].details).toEqual({ fields: ['openingHours'], name: 'Elm Street', openingHours: { mon: [['08:00', '17:00']] } });
    expect(find('template_partial.deleted')[0].entityId).toBe('footer');
    // Newest first: the patch's sms grant and email withdrawal, then the creation's email grant.
    expect(find('customer.consent_changed', ids.customer).map((r) => r.details)).toEqual([
      { channel: 'sms', status: 'granted', source: 'pos' },
      { channel: 'email', status: 'denied', source: 'api' },
      { channel: 'email', status: 'granted', source: 'api' },
    ]);
    expect(find('customer.updated', ids.customer)[0].details).toEqual({ fields: ['lastName'] });
    expect(find('customer.created', ids.customer)[0].details).toEqual({ fields: ['email', 'phone', 'firstName', 'lastName', 'address', 'attributes'] });
    // One new customer, one updated (a first name), one row refused.
    expect(find('customer.imported')[0].details).toEqual({ format: 'csv', received: 3, inserted: 1, updated: 0, unchanged: 1, failed: 1 });
    // Erasure blanks what the rows about the person said.
    expect(find('customer.created', ids.doomed)[0].details).toEqual({});
  });

  it('no email, phone, name, address or attribute value the changes carried appears anywhere in the audit rows', async () => {
    const [{ text }] = await api.dataSource.query<{ text: string }[]>(
      `SELECT coalesce(string_agg(concat_ws(' ', action, entity, entity_id, actor_role, details::text), E'\n'), '') AS text FROM audit_log WHERE business_id = $1`, [businessId]);
    expect(text.length).toBeGreaterThan(1000);
    expect(PERSONAL.filter((value) => text.toLowerCase().includes(value.toLowerCase()))).toEqual([]);
  });

  it('filters by entity and id, action, key and time, each newest first', async () => {
    const campaign = await list(`&entity=campaign&entityId=${ids.campaign}`);
    expect(campaign.map((r) => r.action)).toEqual(['campaign.archived', 'campaign.paused', 'campaign.activated', 'campaign.updated', 'campaign.created']);
    const partials = await list('&entity=template_partial');
    expect(partials.map((r) => r.action)).toEqual(['template_partial.deleted', 'template_partial.updated', 'template_partial.created']);
    const consent = await list('&action=customer.consent_changed');
    expect(consent).toHaveLength(3);
    const byOwner = await list(`&actorKeyId=${ownerKeyId}`);
    expect(byOwner.map((r) => r.action)).toEqual(done.filter(([, , , role]) => role === 'owner').map(([a]) => a).reverse());
    const byMarketer = await list(`&actorKeyId=${marketerKeyId}`);
    expect(byMarketer).toHaveLength(done.filter(([, , , role]) => role === 'marketer').length);
    // A window: from the store's creation (inclusive) to the first segment change (exclusive).
    const all = await list();
    const at = (action: string) => all.find((r) => r.action === action)!.at;
    const window = await list(`&from=${encodeURIComponent(at('store.created'))}&to=${encodeURIComponent(at('segment.created'))}`);
    expect(window.every((r) => r.at >= at('store.created') && r.at < at('segment.created'))).toBe(true);
    expect(window.map((r) => r.action)).toEqual(expect.arrayContaining(['store.created', 'store.updated', 'geofence.created', 'geofence.updated']));
    expect(window.map((r) => r.action)).not.toContain('segment.created');
    expect(await list(`&entity=campaign&entityId=${ids.campaign}&action=campaign.paused`)).toHaveLength(1);
  });

  it('pages by cursor: every row once, in the same order as one page', async () => {
    const all = await list();
    const seen: Entry[] = [];
    let cursor: string | null = null;
    let pages = 0;
    do {
      const res = await owner.get(`/v1/audit-log?limit=7${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`);
      expectStatus(res, 200);
      expect(res.body.items.length).toBeLessThanOrEqual(7);
      seen.push(...res.body.items);
      cursor = res.body.nextCursor;
      pages++;
    } while (cursor !== null && pages < 100);
    expect(seen.map((r) => r.id)).toEqual(all.map((r) => r.id));
    expect(pages).toBe(Math.ceil(all.length / 7));
  });

  it('downloads the same rows as CSV', async () => {
    const res = await owner.get(`/v1/audit-log/export.csv?entity=campaign&entityId=${ids.campaign}`);
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toMatch(/text\/csv/);
    const lines = res.text.trim().split('\r\n');
    expect(lines[0]).toBe('at,id,actorKeyId,actorRole,action,entity,entityId,details');
    expect(lines.slice(1).map((l) => l.split(',')[4])).toEqual(['campaign.archived', 'campaign.paused', 'campaign.activated', 'campaign.updated', 'campaign.created']);
  });

  it('is for owners only, and never shows another business\'s rows', async () => {
    expectError(await marketer.get('/v1/audit-log'), 403);
    expectError(await analyst.get('/v1/audit-log'), 403);
    expectError(await marketer.get('/v1/audit-log/export.csv'), 403);
    const theirs = await list('', other);
    expect(theirs.map((r) => r.action)).toEqual(['business.created']);
    expect(await list(`&entity=campaign&entityId=${ids.campaign}`, other)).toEqual([]);
    expect(await list(`&actorKeyId=${marketerKeyId}`, other)).toEqual([]);
  });

  it('refuses bad filters with a 4xx naming the field', async () => {
    const cases: [string, string][] = [
      ['entity=campaigns', 'entity'], ['actorKeyId=not-a-key', 'actorKeyId'], ['from=yesterday', 'from'], ['to=2026-13-01T00:00:00Z', 'to'],
      ['action=DROP TABLE', 'action'], ['limit=0', 'limit'], ['limit=501', 'limit'], ['cursor=bm90LWEtY3Vyc29y', 'cursor'], [`entityId=${'x'.repeat(201)}`, 'entityId'],
      ['cursor=' + Buffer.from(JSON.stringify(['2026-01-01T00:00:00.000000Z', 'not-an-id'])).toString('base64url'), 'cursor'],
    ];
    for (const [query, field] of cases) expectError(await owner.get(`/v1/audit-log?${query}`), '4xx', [field]);
    expectError(await owner.get('/v1/audit-log/export.csv?from=yesterday'), '4xx', ['from']);
  });

  it('a refused change records nothing', async () => {
    const count = async () => (await api.dataSource.query<{ n: number }[]>(`SELECT count(*)::int AS n FROM audit_log WHERE business_id = $1`, [businessId]))[0].n;
    const before = await count();
    const draft = (await marketer.post('/v1/campaigns/from-preset', { preset: 'birthday_offer' })).body.id as string;
    const afterDraft = await count();
    // 422: a step naming a template that does not exist; 409: deleting an active campaign.
    expectError(await marketer.patch(`/v1/campaigns/${draft}`, { steps: [{ id: 'x', type: 'email', templateId: '00000000-0000-4000-8000-000000000000' }] }), 422);
    expectStatus(await marketer.post(`/v1/campaigns/${draft}/activate`), 200);
    const afterActivate = await count();
    expectError(await marketer.delete(`/v1/campaigns/${draft}`), 409);
    expectError(await marketer.post('/v1/segments', { name: 'Near nowhere', definition: { type: 'near', storeId: '00000000-0000-4000-8000-000000000000', radiusMeters: 100 } }), '4xx');
    expectError(await marketer.patch(`/v1/customers/${ids.customer}`, { email: 'not an email' }), '4xx', ['email']);
    expect(afterDraft).toBeGreaterThan(before);
    expect(afterActivate).toBe(afterDraft + 1);
    expect(await count()).toBe(afterActivate);
  });

  it('a change whose audit row cannot be written does not happen', async () => {
    // A fault in the audit insert only: the segment and its row share one transaction.
    await api.dataSource.query(`
      CREATE FUNCTION audit_fault() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RAISE EXCEPTION 'audit insert refused'; END $$;
      CREATE TRIGGER audit_fault BEFORE INSERT ON audit_log FOR EACH ROW WHEN (NEW.action = 'segment.created') EXECUTE FUNCTION audit_fault();`);
    try {
      const res = await marketer.post('/v1/segments', { name: 'Never saved', definition: { type: 'tag', tag: 'x', present: true } });
      expect(res.status).toBeGreaterThanOrEqual(500);
      const [{ n }] = await api.dataSource.query<{ n: number }[]>(`SELECT count(*)::int AS n FROM segment WHERE business_id = $1 AND name = 'Never saved'`, [businessId]);
      expect(n).toBe(0);
    } finally {
      await api.dataSource.query(`DROP TRIGGER audit_fault ON audit_log; DROP FUNCTION audit_fault()`);
    }
  });
});
