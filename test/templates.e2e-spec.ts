import { signUpBusiness, startApi, type ApiHarness } from './support/api-harness';
import { clientFor, expectError, expectStatus, seedKey, type Client } from './support/e2e-helpers';

/** Templates over HTTP: CRUD with validation, paging, preview (real and sample customers, SMS segments), delete-in-use, roles, isolation. */
describe('templates', () => {
  let api: ApiHarness;
  let owner: Client;
  let businessId: string;
  let businessName: string;

  const templateRows = async (id = businessId): Promise<number> =>
    (await api.dataSource.query<{ n: number }[]>(`SELECT count(*)::int AS n FROM template WHERE business_id = $1`, [id]))[0].n;

  const createTemplate = async (client: Client, body: Record<string, unknown>): Promise<Record<string, unknown> & { id: string }> => {
    const res = await client.post('/v1/templates', body);
    expectStatus(res, 201);
    return res.body;
  };

  /** A campaign row and its current version whose steps use the template, written straight to the database. */
  const insertCampaign = async (owningBusiness: string, name: string, templateId: string, status: string): Promise<string> => {
    const [campaign] = await api.dataSource.query<{ id: string }[]>(
      `INSERT INTO campaign (business_id, name, status, version, trigger_type, trigger_key) VALUES ($1, $2, $3, 1, 'event', 'visit') RETURNING id`,
      [owningBusiness, name, status],
    );
    const definition = {
      name, trigger: { type: 'event', eventType: 'visit' },
      steps: [{ id: 'send', type: 'email', templateId, next: 'done' }, { id: 'done', type: 'exit' }],
    };
    await api.dataSource.query(`INSERT INTO campaign_version (campaign_id, version, business_id, definition) VALUES ($1, 1, $2, $3)`, [campaign.id, owningBusiness, JSON.stringify(definition)]);
    return campaign.id;
  };

  beforeAll(async () => {
    api = await startApi();
    const signed = await signUpBusiness(api, { name: 'Rosa & Sons Bakery' });
    businessId = signed.businessId;
    businessName = 'Rosa & Sons Bakery';
    owner = clientFor(api, signed.apiKey);
  });
  afterAll(() => api.close());

  it('creates an email and an SMS template and reads them back', async () => {
    const email = await createTemplate(owner, {
      name: '  Welcome email ', channel: 'email', subject: 'Welcome, {{customer.firstName}}', html: '{{#> layout}}<p>Hi {{customer.firstName}}</p>{{/layout}}',
    });
    expect(email).toEqual({
      id: expect.any(String), name: 'Welcome email', channel: 'email', subject: 'Welcome, {{customer.firstName}}',
      html: '{{#> layout}}<p>Hi {{customer.firstName}}</p>{{/layout}}', presetKey: null, createdAt: expect.any(String), updatedAt: expect.any(String),
    });
    const sms = await createTemplate(owner, { name: 'Nearby', channel: 'sms', body: '{{business.name}}: 10% off today' });
    expect(sms).toMatchObject({ name: 'Nearby', channel: 'sms', body: '{{business.name}}: 10% off today' });
    expect(sms).not.toHaveProperty('subject');
    const read = await owner.get(`/v1/templates/${email.id}`);
    expectStatus(read, 200);
    expect(read.body).toEqual(email);
  });

  it('rejects an invalid template with every problem, its field and line, and writes nothing', async () => {
    const before = await templateRows();
    const res = await owner.post('/v1/templates', {
      name: '',
      channel: 'email',
      subject: 'Hi {{customer.firstName}}\n',
      html: '<p>Hello</p>\n<p>{{customer.frist_name}}</p>\n<p>{{#if customer.firstName}}open block</p>',
      text: '{{shout customer.firstName}}',
      body: 'not for email',
      colour: 'red',
    });
    expectError(res, 422, ['name', 'subject', 'html', 'text', 'body', 'colour']);
    expect(res.body.code).toBe('INVALID_TEMPLATE');
    const byField = Object.fromEntries((res.body.details as { field: string; message: string }[]).map((d) => [d.field, d.message]));
    expect(byField).toEqual({
      name: 'must be a non-blank string of at most 200 characters',
      subject: 'must be a single line',
      html: expect.stringMatching(/^line 3: Parse error/),
      text: 'line 1: unknown helper "shout"',
      body: 'is not allowed in email templates',
      colour: 'is not a known field',
    });
    expect(await templateRows()).toBe(before);
  });

  it('names an unknown variable with its line', async () => {
    const res = await owner.post('/v1/templates', { name: 'Typo', channel: 'sms', body: 'Hi!\nSee you, {{customer.frist_name}}' });
    expectError(res, 422, ['body']);
    expect(res.body.details).toEqual([{ field: 'body', message: 'line 2: unknown variable "customer.frist_name"' }]);
  });

  it('pages through the list with a cursor', async () => {
    const signed = await signUpBusiness(api);
    const client = clientFor(api, signed.apiKey);
    const ids: string[] = [];
    for (const n of [1, 2, 3]) ids.push((await createTemplate(client, { name: `T${n}`, channel: 'sms', body: `Message ${n}` })).id);
    const first = await client.get('/v1/templates?limit=2');
    expectStatus(first, 200);
    expect(first.body.items.map((t: { id: string }) => t.id)).toEqual(ids.slice(0, 2));
    expect(first.body.nextCursor).toEqual(expect.any(String));
    const second = await client.get(`/v1/templates?limit=2&cursor=${first.body.nextCursor}`);
    expect(second.body).toEqual({ items: [expect.objectContaining({ id: ids[2], name: 'T3' })], nextCursor: null });
    expectError(await client.get('/v1/templates?cursor=bogus'), 422, ['cursor']);
    // Deleted templates leave the list.
    expectStatus(await client.delete(`/v1/templates/${ids[0]}`), 204);
    expect((await client.get('/v1/templates')).body.items.map((t: { id: string }) => t.id)).toEqual(ids.slice(1));
  });

  it('patches: given fields replace, the rest is kept, a channel change needs its fields, and every change is validated', async () => {
    const t = await createTemplate(owner, { name: 'Promo', channel: 'email', subject: 'Old subject', html: '<p>Body</p>', text: 'Plain body' });
    const renamed = await owner.patch(`/v1/templates/${t.id}`, { subject: 'New subject for {{customer.firstName}}' });
    expectStatus(renamed, 200);
    expect(renamed.body).toMatchObject({ name: 'Promo', channel: 'email', subject: 'New subject for {{customer.firstName}}', html: '<p>Body</p>', text: 'Plain body' });

    const noText = await owner.patch(`/v1/templates/${t.id}`, { text: null });
    expectStatus(noText, 200);
    expect(noText.body).not.toHaveProperty('text');

    const invalid = await owner.patch(`/v1/templates/${t.id}`, { html: '<p>{{customer.nope}}</p>', name: 'x'.repeat(201) });
    expectError(invalid, 422, ['html', 'name']);
    const switchBare = await owner.patch(`/v1/templates/${t.id}`, { channel: 'sms' });
    expectError(switchBare, 422, ['body']);
    expect(switchBare.body.details).toEqual([{ field: 'body', message: 'is required' }]);
    const switchWithEmailFields = await owner.patch(`/v1/templates/${t.id}`, { channel: 'sms', body: 'Hi', subject: 'Kept?' });
    expectError(switchWithEmailFields, 422, ['subject']);
    expect((await owner.get(`/v1/templates/${t.id}`)).body).toMatchObject({ channel: 'email', subject: 'New subject for {{customer.firstName}}', name: 'Promo' });

    const switched = await owner.patch(`/v1/templates/${t.id}`, { channel: 'sms', body: 'Now a text, {{customer.firstName}}' });
    expectStatus(switched, 200);
    expect(switched.body).toEqual(expect.objectContaining({ id: t.id, name: 'Promo', channel: 'sms', body: 'Now a text, {{customer.firstName}}' }));
    expect(switched.body).not.toHaveProperty('subject');
    const row = await api.dataSource.query(`SELECT subject, html, text, body FROM template WHERE id = $1`, [t.id]);
    expect(row).toEqual([{ subject: null, html: null, text: null, body: 'Now a text, {{customer.firstName}}' }]);
    expectError(await owner.patch('/v1/templates/00000000-0000-4000-8000-000000000000', { name: 'Ghost' }), 404);
  });

  it('previews an email for a real customer of the business', async () => {
    const customer = await owner.post('/v1/customers', {
      email: 'ana@example.com', firstName: 'Ana', lastName: "O'Neil & Co", attributes: { favouriteItem: 'rye loaf' }, tags: ['vip'],
    });
    expectStatus(customer, 201);
    const t = await createTemplate(owner, {
      name: 'Favourite',
      channel: 'email',
      subject: 'Your {{customer.attributes.favouriteItem}} awaits, {{customer.firstName}} {{customer.lastName}}',
      html: '{{#> layout}}<p>Dear {{customer.firstName}} {{customer.lastName}},</p>{{#each customer.tags}}<i>{{this}}</i>{{/each}}{{/layout}}',
      text: 'Dear {{customer.firstName}} {{customer.lastName}}, {{business.name}} saved a {{customer.attributes.favouriteItem}} for you.',
    });
    const res = await owner.post(`/v1/templates/${t.id}/preview`, { customerId: customer.body.id });
    expectStatus(res, 200);
    expect(Object.keys(res.body).sort()).toEqual(['html', 'subject', 'text']);
    // Subject and text are not html: nothing escaped there.
    expect(res.body.subject).toBe("Your rye loaf awaits, Ana O'Neil & Co");
    expect(res.body.text).toBe("Dear Ana O'Neil & Co, Rosa & Sons Bakery saved a rye loaf for you.");
    expect(res.body.html).toContain('<p>Dear Ana O&#x27;Neil &amp; Co,</p><i>vip</i>');
    // The layout shows the real business, not the sample bakery.
    expect(res.body.html).toContain('Rosa &amp; Sons Bakery &middot; 1 Main St, Springfield, 62701, US');
    expect(res.body.html).not.toContain('Maple');
  });

  it('previews with the sample customer, store and offer, with context overrides', async () => {
    const t = await createTemplate(owner, {
      name: 'Offer text', channel: 'sms', body: 'Hi {{customer.firstName}}! {{business.name}} at {{store.name}}: {{offer.couponCode}} {{money customer.attributes.loyaltyPoints}}',
    });
    const sample = await owner.post(`/v1/templates/${t.id}/preview`);
    expectStatus(sample, 200);
    expect(sample.body).toEqual({ body: `Hi Jamie! ${businessName} at Alder Street: WELCOME10 $120.00`, segments: 1, encoding: 'GSM-7' });
    const overridden = await owner.post(`/v1/templates/${t.id}/preview`, {
      context: { customer: { firstName: 'Sam', attributes: { loyaltyPoints: 7.5 } }, store: { name: 'Elm Street' }, offer: null },
    });
    expectStatus(overridden, 200);
    expect(overridden.body.body).toBe(`Hi Sam! ${businessName} at Elm Street:  $7.50`);
    const bad = await owner.post(`/v1/templates/${t.id}/preview`, {
      context: { offer: { code: 'X' }, business: { name: 'Other' }, customer: { tags: 'vip' } }, extra: true,
    });
    expectError(bad, 422, ['context.offer.code', 'context.business', 'context.customer.tags', 'extra']);
  });

  it('a preview over the render budget (nested loops over the customer\'s tags) is a quick 422 naming the field and the loop\'s line', async () => {
    const t = await createTemplate(owner, {
      name: 'Explosive', channel: 'sms', body: 'Tags:\n{{#each customer.tags}}{{#each @root.customer.tags}}{{#each @root.customer.tags}}x{{/each}}{{/each}}{{/each}}',
    });
    const started = Date.now();
    const res = await owner.post(`/v1/templates/${t.id}/preview`, { context: { customer: { tags: Array.from({ length: 100 }, (_, i) => `tag${i}`) } } });
    expectError(res, 422, ['body']);
    expect(res.body.details[0].message).toContain('(the {{#each}} on line 2)');
    expect(Date.now() - started).toBeLessThan(2000);
  });

  it('counts SMS segments and encoding', async () => {
    const cases: [string, { segments: number; encoding: string }][] = [
      ['a'.repeat(160), { segments: 1, encoding: 'GSM-7' }],
      ['a'.repeat(161), { segments: 2, encoding: 'GSM-7' }],
      // € is in the GSM extension table: two septets each, so 80 of them fill one segment and 81 need two.
      ['€'.repeat(81), { segments: 2, encoding: 'GSM-7' }],
      ['See you soon 😀', { segments: 1, encoding: 'UCS-2' }],
      // 70 UTF-16 units fit one UCS-2 segment; 71 need two (67 + 4).
      [`😀${'a'.repeat(69)}`, { segments: 2, encoding: 'UCS-2' }],
    ];
    for (const [body, expected] of cases) {
      const t = await createTemplate(owner, { name: 'Segments', channel: 'sms', body });
      const res = await owner.post(`/v1/templates/${t.id}/preview`, {});
      expectStatus(res, 200);
      expect({ body: res.body.body, segments: res.body.segments, encoding: res.body.encoding }).toEqual({ body, ...expected });
    }
  });

  it('refuses to delete a template a live campaign uses, naming it, and deletes it once archived', async () => {
    const t = await createTemplate(owner, { name: 'In use', channel: 'email', subject: 'S', html: '<p>H</p>' });
    const campaignId = await insertCampaign(businessId, 'Spring welcome', t.id, 'active');
    await insertCampaign(businessId, 'Old promo', t.id, 'archived');
    const before = await templateRows();
    const refused = await owner.delete(`/v1/templates/${t.id}`);
    expectError(refused, 409);
    expect(refused.body.code).toBe('TEMPLATE_IN_USE');
    expect(refused.body.message).toContain('"Spring welcome"');
    expect(refused.body.message).not.toContain('Old promo');
    expectStatus(await owner.get(`/v1/templates/${t.id}`), 200);
    await api.dataSource.query(`UPDATE campaign SET status = 'archived' WHERE id = $1`, [campaignId]);
    expectStatus(await owner.delete(`/v1/templates/${t.id}`), 204);
    expectError(await owner.get(`/v1/templates/${t.id}`), 404);
    expectError(await owner.delete(`/v1/templates/${t.id}`), 404);
    // Soft delete: the row stays for messages already queued with it.
    expect(await templateRows()).toBe(before);
  });

  it('lets analysts read and preview but not write; marketers write', async () => {
    const analyst = clientFor(api, (await seedKey(api, businessId, 'analyst')).apiKey);
    const marketer = clientFor(api, (await seedKey(api, businessId, 'marketer')).apiKey);
    const t = await createTemplate(marketer, { name: 'By marketer', channel: 'sms', body: 'Hi {{customer.firstName}}' });
    const before = await templateRows();
    expectError(await analyst.post('/v1/templates', { name: 'Nope', channel: 'sms', body: 'x' }), 403);
    expectError(await analyst.patch(`/v1/templates/${t.id}`, { name: 'Nope' }), 403);
    expectError(await analyst.delete(`/v1/templates/${t.id}`), 403);
    expect(await templateRows()).toBe(before);
    expectStatus(await analyst.get('/v1/templates'), 200);
    expectStatus(await analyst.get(`/v1/templates/${t.id}`), 200);
    const preview = await analyst.post(`/v1/templates/${t.id}/preview`, {});
    expectStatus(preview, 200);
    expect(preview.body.body).toBe('Hi Jamie');
    expectStatus(await marketer.patch(`/v1/templates/${t.id}`, { name: 'Renamed' }), 200);
  });

  it("keeps templates and customers per business: B gets 404 for A's template on every route and A's data is unchanged", async () => {
    const t = await createTemplate(owner, { name: 'A only', channel: 'email', subject: 'For {{customer.firstName}}', html: '<p>A</p>' });
    const aCustomer = await owner.post('/v1/customers', { email: 'only-a@example.com', firstName: 'Aria' });
    const signedB = await signUpBusiness(api);
    const b = clientFor(api, signedB.apiKey);
    const bTemplate = await createTemplate(b, { name: 'B own', channel: 'sms', body: 'Hi {{customer.firstName}}' });
    const aBefore = (await owner.get(`/v1/templates/${t.id}`)).body;

    expectError(await b.get(`/v1/templates/${t.id}`), 404);
    expectError(await b.patch(`/v1/templates/${t.id}`, { name: 'Hijacked' }), 404);
    expectError(await b.delete(`/v1/templates/${t.id}`), 404);
    expectError(await b.post(`/v1/templates/${t.id}/preview`, {}), 404);
    // B cannot render its template with A's customer either.
    const withACustomer = await b.post(`/v1/templates/${bTemplate.id}/preview`, { customerId: aCustomer.body.id });
    expectError(withACustomer, 404);
    expect(withACustomer.body.message).not.toContain('Aria');
    const bList = await b.get('/v1/templates');
    expect(bList.body.items.map((i: { id: string }) => i.id)).toEqual([bTemplate.id]);

    expect((await owner.get(`/v1/templates/${t.id}`)).body).toEqual(aBefore);
    expect(await templateRows(signedB.businessId)).toBe(1);
  });
});
