import { signUpBusiness, startApi, type ApiHarness } from './support/api-harness';
import { clientFor, expectError, expectStatus, seedKey, type Client } from './support/e2e-helpers';

/** Business settings over HTTP: defaults, deep-merged partial updates, validation, roles, isolation. */
describe('business settings', () => {
  let api: ApiHarness;

  // Written out by hand rather than imported, so a changed default is a visible change here.
  const DEFAULTS = {
    sender: { email: { fromName: null, fromAddress: null, replyTo: null, confirmation: null }, sms: { from: null } },
    quietHours: { email: null, sms: { start: '08:00', end: '21:00' } },
    frequencyCap: { perDay: 2, perWeek: 6 },
    costs: { email: 0.001, smsSegment: 0.0079 },
    attribution: { clickWindow: 'P7D', openWindow: 'P1D' },
    consent: { emailRequiresOptIn: false },
    contact: { phone: null, email: null, website: null },
    experiments: { metric: 'conversion_rate', confidence: 0.95, minSamplePerVariant: 100, minDuration: 'P7D' },
  };

  const storedSettings = async (businessId: string): Promise<unknown> =>
    (await api.dataSource.query<{ settings: unknown }[]>(`SELECT settings FROM business WHERE id = $1`, [businessId]))[0].settings;
  const auditRows = async (businessId: string): Promise<{ action: string; details: unknown }[]> =>
    api.dataSource.query(`SELECT action, details FROM audit_log WHERE business_id = $1 AND action = 'business.settings_updated' ORDER BY at, id`, [businessId]);

  const newBusiness = async (): Promise<{ owner: Client; businessId: string }> => {
    const signed = await signUpBusiness(api);
    return { owner: clientFor(api, signed.apiKey), businessId: signed.businessId };
  };

  beforeAll(async () => {
    api = await startApi();
  });
  afterAll(() => api.close());

  it('an SMS sender belongs to one business: another claiming it (number or messaging service, in any notation) is 409 SMS_SENDER_TAKEN, writing nothing', async () => {
    const a = await newBusiness();
    const b = await newBusiness();
    const sid = `MG${'a1'.repeat(16)}`;
    expectStatus(await a.owner.patch('/v1/settings', { sender: { sms: { from: '+13125550177' } } }), 200);
    const before = await storedSettings(b.businessId);
    for (const from of ['+13125550177', '(312) 555-0177']) {
      const res = await b.owner.patch('/v1/settings', { sender: { sms: { from } } });
      expectError(res, 409, ['sender.sms.from']);
      expect(res.body.code).toBe('SMS_SENDER_TAKEN');
    }
    expect(await storedSettings(b.businessId)).toEqual(before);
    // Each may hold its own; once A lets its number go, B may take it.
    expectStatus(await b.owner.patch('/v1/settings', { sender: { sms: { from: sid } } }), 200);
    expectError(await a.owner.patch('/v1/settings', { sender: { sms: { from: sid } } }), 409, ['sender.sms.from']);
    expectStatus(await a.owner.patch('/v1/settings', { sender: { sms: { from: null } } }), 200);
    expectStatus(await b.owner.patch('/v1/settings', { sender: { sms: { from: '+13125550177' } } }), 200);
  });

  it('returns the defaults for a business that set nothing', async () => {
    const { owner } = await newBusiness();
    const res = await owner.get('/v1/settings');
    expectStatus(res, 200);
    expect(res.body).toEqual(DEFAULTS);
  });

  it('merges partial updates into what was set before and shows them on the next request', async () => {
    const { owner, businessId } = await newBusiness();
    const first = await owner.patch('/v1/settings', {
      sender: { email: { fromName: 'Rosa', fromAddress: 'Hello@Rosa.Example.com' }, sms: { from: '(217) 555-0111' } },
      quietHours: { sms: null, email: { start: '21:30', end: '07:00' } },
    });
    expectStatus(first, 200);
    const second = await owner.patch('/v1/settings', { frequencyCap: { perWeek: null }, costs: { smsSegment: 0.0083 }, contact: { website: 'https://rosa.example.com/' } });
    expectStatus(second, 200);
    const expected = {
      ...DEFAULTS,
      sender: {
        // This harness has no SMTP server: the confirmation mail's failure is the confirmation's state, not an error of the PATCH.
        email: {
          fromName: 'Rosa', fromAddress: 'hello@rosa.example.com', replyTo: null,
          confirmation: expect.objectContaining({ status: 'pending', confirmedAt: null, sentAt: null, sendError: 'SMTP_NOT_CONFIGURED: SMTP_URL is not set' }),
        },
        sms: { from: '+12175550111' },
      },
      quietHours: { email: { start: '21:30', end: '07:00' }, sms: null },
      frequencyCap: { perDay: 2, perWeek: null },
      costs: { email: 0.001, smsSegment: 0.0083 },
      contact: { phone: null, email: null, website: 'https://rosa.example.com/' },
    };
    expect(second.body).toEqual(expected);
    expect((await owner.get('/v1/settings')).body).toEqual(expected);
    // Only what was set is stored; "off" is stored as null.
    expect(await storedSettings(businessId)).toEqual({
      sender: { email: { fromName: 'Rosa', fromAddress: 'hello@rosa.example.com' }, sms: { from: '+12175550111' } },
      quietHours: { email: { start: '21:30', end: '07:00' }, sms: null },
      frequencyCap: { perWeek: null },
      costs: { smsSegment: 0.0083 },
      contact: { website: 'https://rosa.example.com/' },
    });
    const audit = await auditRows(businessId);
    expect(audit).toHaveLength(2);
    expect(audit[1].details).toEqual({ changes: { frequencyCap: { perWeek: null }, costs: { smsSegment: 0.0083 }, contact: { website: 'https://rosa.example.com/' } } });

    // null resets a sender field to its default; the emptied group is dropped from storage.
    const reset = await owner.patch('/v1/settings', { sender: { sms: { from: null } }, contact: { website: null } });
    expect(reset.body.sender.sms).toEqual({ from: null });
    expect(await storedSettings(businessId)).toEqual({
      sender: { email: { fromName: 'Rosa', fromAddress: 'hello@rosa.example.com' } },
      quietHours: { email: { start: '21:30', end: '07:00' }, sms: null },
      frequencyCap: { perWeek: null },
      costs: { smsSegment: 0.0083 },
    });
  });

  it('rejects an invalid patch with every path and writes nothing', async () => {
    const { owner, businessId } = await newBusiness();
    expectStatus(await owner.patch('/v1/settings', { costs: { email: 0.002 } }), 200);
    const storedBefore = await storedSettings(businessId);
    const auditBefore = (await auditRows(businessId)).length;
    const res = await owner.patch('/v1/settings', {
      sender: { email: { fromAddress: 'not an email' }, sms: { from: 'MGnope' } },
      quietHours: { sms: { start: '25:00', end: '21:00' }, email: { start: '09:00', end: '09:00' } },
      frequencyCap: { perDay: 7 },
      costs: { smsSegment: 0.123456 },
      attribution: { clickWindow: 'P91D', openWindow: 'soon' },
      consent: { emailRequiresOptIn: 'true' },
      contact: { phone: '555', website: 'javascript:alert(1)' },
      // A valid field alongside the invalid ones is not saved either.
      theme: 'dark',
    });
    expectError(res, 422);
    expect(res.body.code).toBe('INVALID_SETTINGS');
    expect((res.body.details as { field: string }[]).map((d) => d.field).sort()).toEqual([
      'attribution.clickWindow', 'attribution.openWindow', 'consent.emailRequiresOptIn', 'contact.phone', 'contact.website', 'costs.smsSegment',
      'frequencyCap.perDay', 'quietHours.email.end', 'quietHours.sms.start', 'sender.email.fromAddress', 'sender.sms.from', 'theme',
    ]);
    const perDay = (res.body.details as { field: string; message: string }[]).find((d) => d.field === 'frequencyCap.perDay');
    expect(perDay?.message).toBe('must be at most perWeek (6)');

    const validWithInvalid = await owner.patch('/v1/settings', { costs: { email: 0.003 }, contact: { email: 'x' } });
    expectError(validWithInvalid, 422, ['contact.email']);
    expect(await storedSettings(businessId)).toEqual(storedBefore);
    expect((await auditRows(businessId)).length).toBe(auditBefore);
    expect((await owner.get('/v1/settings')).body.costs).toEqual({ email: 0.002, smsSegment: 0.0079 });
    expectError(await owner.patch('/v1/settings', ['not', 'an', 'object']), 422, ['body']);
  });

  it('lets marketers and analysts read but only owners change settings', async () => {
    const { businessId } = await newBusiness();
    const marketer = clientFor(api, (await seedKey(api, businessId, 'marketer')).apiKey);
    const analyst = clientFor(api, (await seedKey(api, businessId, 'analyst')).apiKey);
    expectStatus(await marketer.get('/v1/settings'), 200);
    expectStatus(await analyst.get('/v1/settings'), 200);
    const refused = await marketer.patch('/v1/settings', { consent: { emailRequiresOptIn: true } });
    expectError(refused, 403);
    expect(refused.body.code).toBe('FORBIDDEN_FOR_ROLE');
    expectError(await analyst.patch('/v1/settings', { consent: { emailRequiresOptIn: true } }), 403);
    expect(await storedSettings(businessId)).toEqual({});
    expectError(await api.http().get('/v1/settings'), 401);
  });

  it("changes only the caller's business", async () => {
    const a = await newBusiness();
    const b = await newBusiness();
    expectStatus(await a.owner.patch('/v1/settings', { consent: { emailRequiresOptIn: true } }), 200);
    const aBefore = (await a.owner.get('/v1/settings')).body;
    expectStatus(await b.owner.patch('/v1/settings', { consent: { emailRequiresOptIn: false }, frequencyCap: { perDay: 1 } }), 200);
    expect((await a.owner.get('/v1/settings')).body).toEqual(aBefore);
    expect((await b.owner.get('/v1/settings')).body).toMatchObject({ consent: { emailRequiresOptIn: false }, frequencyCap: { perDay: 1, perWeek: 6 } });
    expect(await storedSettings(a.businessId)).toEqual({ consent: { emailRequiresOptIn: true } });
  });
});
